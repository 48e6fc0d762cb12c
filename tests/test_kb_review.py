"""commsgen review on the fixed corpus of benchmarks/kb_corpus.py: every figure against its value
computed by hand (the arithmetic is written next to it), through the real CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli_inproc, run_cli
from kb_helpers import index
from kb_corpus import write_fixed

ARGS = ("--period", "2026Q4", "--as-of", "2026-12-15")


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fixed")
    write_fixed(folder)
    assert index(folder).returncode == 0
    return folder


@pytest.fixture(scope="module")
def data(fixed):
    r = run_cli("review", *ARGS, "-f", "json", cwd=fixed)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_counts_and_exclusions(data):
    # F-01..F-10 (SEV2) + G-1..G-3 (SEV1) in 2026Q4; D-1 (drill) and D-2 (draft) left out
    assert data["period"] == {"label": "2026Q4", "start": "2026-10-01", "end": "2026-12-31"}
    assert data["postmortems"] == 13
    assert data["excluded"]["total"] == 2
    assert data["excluded"]["exclude_from_metrics"] == 1 and data["excluded"]["draft"] == 1
    assert [(x["id"], x["reason"]) for x in data["excluded"]["items"]] == [
        ("D-1", "exclude_from_metrics"),
        ("D-2", "draft"),
    ]
    assert {s: d["count"] for s, d in data["by_severity"].items()} == {
        "SEV1": 3,
        "SEV2": 10,
        "SEV3": 0,
        "SEV4": 0,
        "SEV5": 0,
    }
    # October: F-01..F-04; November: F-05..F-08, G-1..G-3; December: F-09, F-10 (D-2 is a draft)
    assert data["by_month"] == {"2026-10": {"count": 4}, "2026-11": {"count": 7}, "2026-12": {"count": 2}}
    # api: all 13; db: F-02, F-04, F-06, F-08, F-10; edge: G-1..G-3
    assert {s: d["count"] for s, d in data["by_service"].items()} == {"api": 13, "db": 5, "edge": 3}
    assert data["by_trigger_kind"] == {"binary-push": 3, "capacity": 5, "config-push": 5}
    assert data["by_event_type"] == {"outage": 13}


def test_previous_periods(data):
    prev = {p["period"]["label"]: p for p in data["previous"]}
    assert list(prev) == ["2026Q3", "2026Q2", "2026Q1", "2025Q4"]
    assert prev["2026Q3"]["postmortems"] == 4 and prev["2026Q3"]["by_severity"]["SEV3"] == 2
    assert prev["2026Q2"]["postmortems"] == 1 and prev["2026Q2"]["by_severity"]["SEV4"] == 1
    assert prev["2026Q3"]["by_month"] == {"2026-07": {"count": 0}, "2026-08": {"count": 2}, "2026-09": {"count": 2}}
    # P-1 config-push on api; P-2 dependency on queue; P-3, P-4 other on queue
    assert prev["2026Q3"]["by_trigger_kind"] == {"config-push": 1, "dependency": 1, "other": 2}
    assert prev["2026Q3"]["by_service"] == {"api": 1, "queue": 3}
    assert prev["2026Q3"]["by_event_type"] == {"outage": 4}


def test_impact_minutes_by_service(data):
    s = data["by_service"]
    # api: all 13 (see test_customer_impact_and_detection): median 60, p90 120
    assert s["api"]["impact_minutes"] == {"median_minutes": 60, "p90_minutes": 120, "n": 13, "too_few": False}
    # db: F-02, F-04, ..., F-10 -> 20 40 60 80 100: median 60, p90 rank ceil(4.5) = 5 -> 100
    assert s["db"]["impact_minutes"] == {"median_minutes": 60, "p90_minutes": 100, "n": 5, "too_few": True}
    # edge: G-1..G-3 -> 60 120 600
    assert s["edge"]["impact_minutes"] == {"median_minutes": 120, "p90_minutes": 600, "n": 3, "too_few": True}


def test_sev2_figures_ten_values_each(data):
    sev2 = data["by_severity"]["SEV2"]
    # detect i = 1..10: median (5 + 6) / 2 = 5.5; p90 rank ceil(0.9 x 10) = 9 -> 9
    assert sev2["time_to_detect"] == {"median_minutes": 5.5, "p90_minutes": 9, "n": 10, "too_few": False}
    # acknowledge i + 1 = 2..11 (from started): median 6.5, p90 10
    assert sev2["time_to_acknowledge"] == {"median_minutes": 6.5, "p90_minutes": 10, "n": 10, "too_few": False}
    # mitigate 5i: median (25 + 30) / 2 = 27.5, p90 45
    assert sev2["time_to_mitigate"] == {"median_minutes": 27.5, "p90_minutes": 45, "n": 10, "too_few": False}
    # resolve 10i: median 55, p90 90
    assert sev2["time_to_resolve"] == {"median_minutes": 55, "p90_minutes": 90, "n": 10, "too_few": False}
    # no postmortem has `identified`: n = 0 and no value
    assert sev2["time_to_identify"] == {"median_minutes": None, "p90_minutes": None, "n": 0, "too_few": True}


def test_sev1_figures_too_few_and_a_missing_key_time(data):
    sev1 = data["by_severity"]["SEV1"]
    # detect 2, 4, 30: median 4; p90 rank ceil(2.7) = 3 -> 30; n = 3 < 10
    assert sev1["time_to_detect"] == {"median_minutes": 4, "p90_minutes": 30, "n": 3, "too_few": True}
    # G-3 has no `acknowledged`: left out of that figure's n; 3 and 6 -> median 4.5, p90 rank 2 -> 6
    assert sev1["time_to_acknowledge"] == {"median_minutes": 4.5, "p90_minutes": 6, "n": 2, "too_few": True}
    assert sev1["time_to_resolve"] == {"median_minutes": 120, "p90_minutes": 600, "n": 3, "too_few": True}


def test_customer_impact_and_detection(data):
    ci = data["customer_impact"]
    # 10 x (1 + ... + 10) = 550 for SEV2, 60 + 120 + 600 = 780 for SEV1
    assert ci["minutes_total"] == 1330
    # sorted 10 20 30 40 50 60 60 70 80 90 100 120 600: median the 7th = 60, p90 rank ceil(11.7) = 12 -> 120
    assert ci["minutes"] == {"median_minutes": 60, "p90_minutes": 120, "n": 13, "too_few": False}
    # SEV1 all breached; F-01..F-05 not breached; F-06..F-10 do not say
    assert ci["slo_breached"] == {"yes": 3, "no": 5, "unknown": 5}
    # monitoring F-01..F-08; customer F-09, F-10, G-1; synthetic G-3; G-2 does not say
    assert data["detection"]["by_source"] == {"customer": 3, "monitoring": 8, "synthetic": 1, "unknown": 1}
    assert data["detection"]["customer_first"] == {"count": 3, "of": 12, "share": 0.25}


def test_follow_through(data):
    a = data["actions"]
    # F-01: done on time (Done 10-15, due 10-20), done late (10-25 > 10-20), done without a date, open and due
    # 12-01 (overdue on 12-15), in progress due 12-31 (not overdue), won't do; G-1: open, due 11-30 (overdue)
    assert {
        k: a[k]
        for k in (
            "total",
            "done",
            "done_on_time",
            "done_late",
            "done_date_unknown",
            "overdue",
            "wont_do",
            "open",
            "in_progress",
        )
    } == {
        "total": 7,
        "done": 3,
        "done_on_time": 1,
        "done_late": 1,
        "done_date_unknown": 1,
        "overdue": 2,
        "wont_do": 1,
        "open": 2,
        "in_progress": 1,
    }
    # open ages: F-01 closed 2026-10-02 -> 74 days (twice), G-1 closed 2026-11-03 -> 42 days; median 74
    assert a["median_open_age_days"] == 74 and a["open_age_n"] == 3
    # closed within 48 h of resolved: F-01..F-07 (24 h) and G-1..G-3 (24 h); F-08, F-09 after 72 h; F-10 never
    assert data["completed_within_48h"] == {"count": 10, "of": 13, "share": 0.769}


def test_themes(data):
    got = [
        (
            [i["id"] for i in t["incidents"]],
            t["in_period"],
            t["earlier_prevent_actions"]["total"],
            t["earlier_prevent_actions"]["done"],
            t["fix_never_done"],
        )
        for t in data["themes"]
    ]
    assert got == [
        # config-push on api: P-1 (2026Q3) and the odd F's; the drill D-1 (config-push, api) is left out;
        # earlier prevent actions: P-1's (open) and F-01's two (done)
        (["P-1", "F-01", "F-03", "F-05", "F-07", "F-09"], 5, 3, 2, False),
        (["F-02", "F-04", "F-06", "F-08", "F-10"], 5, 0, 0, False),  # capacity on api
        (["G-1", "G-2", "G-3"], 3, 1, 0, True),  # binary-push on api and edge
    ]


def test_service_filter(fixed):
    r = run_cli_inproc("review", *ARGS, "--service", "edge", "-f", "json", cwd=fixed)
    d = json.loads(r.stdout)
    assert d["postmortems"] == 3 and d["by_severity"]["SEV1"]["count"] == 3 and d["service"] == "edge"


def test_paths_without_index_give_the_same_review(fixed, data, tmp_path):
    r = run_cli_inproc("review", str(fixed), *ARGS, "-f", "json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    got = json.loads(r.stdout)
    for d in (got, data):  # file names are relative to the index's folder, or as given
        d = d["excluded"]["items"]
        for x in d:
            x.pop("file")
    assert got == data


def test_csv_holds_the_same_figures(fixed):
    r = run_cli_inproc("review", *ARGS, "-f", "csv", cwd=fixed)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    got = {(x["section"], x["group"], x["metric"]): x["value"] for x in rows}
    assert got[("by_severity", "SEV2", "time_to_detect.median_minutes")] == "5.5"
    assert got[("by_severity", "SEV2", "time_to_detect.p90_minutes")] == "9"
    assert got[("actions", "", "overdue")] == "2"
    assert got[("excluded", "", "draft")] == "1"


def test_markdown_prints_definitions_and_exclusions(fixed):
    r = run_cli_inproc("review", *ARGS, "-f", "md", cwd=fixed)
    md = r.stdout
    assert "Left out: 2" in md and "D-1 (exclude_from_metrics), D-2 (draft)" in md
    assert "5.5 / 9 (n=10)" in md and "4 / 30 (n=3, too few to compare)" in md
    assert "nearest rank" in md and "ceil(0.9 x n)" in md and "Means are never shown" in md


@pytest.mark.parametrize("period", ["2026q5", "2026-13", "2026-12..2026-10", "last quarter"])
def test_bad_period_is_a_user_error(fixed, period):
    # the program for the first form; the period parser's other forms in process
    run = run_cli if period == "2026q5" else run_cli_inproc
    r = run("review", "--period", period, cwd=fixed)
    assert r.returncode == 2 and "is not a period" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "period, months",
    [
        ("2026Q4", ["2026-10", "2026-11", "2026-12"]),
        ("2026-10..2026-12", ["2026-10", "2026-11", "2026-12"]),
        ("2026-11", ["2026-11"]),
    ],
)
def test_period_forms(fixed, period, months):
    r = run_cli_inproc("review", "--period", period, "--as-of", "2026-12-15", "-f", "json", cwd=fixed)
    assert list(json.loads(r.stdout)["by_month"]) == months
