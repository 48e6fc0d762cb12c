"""Timeline graphic geometry and the two-sentence lead: pure functions, no PDF needed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from commsgen.model.derived import fmt_elapsed
from commsgen.views.brief import split_lead
from commsgen.views.timeline_graphic import GAP, PAD, place_row, timeline_graphic

T0 = datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)


def times(**offsets_min: float) -> list[dict]:
    out = []
    for key, m in offsets_min.items():
        t = T0 + timedelta(minutes=m)
        out.append({"key": key, "iso": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "elapsed": fmt_elapsed(t - T0)})
    return out


def boxes(g: dict) -> list[tuple[int, bool, float, float]]:
    return [(m["row"], m["above"], m["cx"] - m["width"] / 2, m["cx"] + m["width"] / 2) for m in g["marks"]]


def assert_readable(g: dict) -> None:
    """No two labels of one row overlap, every label is inside the drawing, and leaders of one row
    keep the order of their marks (so they never cross)."""
    by_row: dict[int, list] = {}
    for m in g["marks"]:
        left, right = m["cx"] - m["width"] / 2, m["cx"] + m["width"] / 2
        assert left >= PAD - 0.01 and right <= g["width"] - PAD + 0.01, m  # centres are rounded to 0.01
        assert 0 <= m["name_y"] - 12 and m["detail_y"] <= g["height"], m
        by_row.setdefault(m["row"], []).append(m)
    for row in by_row.values():
        row.sort(key=lambda m: m["x"])
        for a, b in zip(row, row[1:]):
            assert a["cx"] + a["width"] / 2 + GAP - 0.02 <= b["cx"] - b["width"] / 2, (a, b)
            assert a["cx"] < b["cx"]
    # labels above and below the bar sit on their side of it
    for m in g["marks"]:
        if m["above"]:
            assert m["detail_y"] < g["bar"]["y"]
        else:
            assert m["name_y"] - 12 > g["bar"]["y"] + g["bar"]["h"]


def test_spread_out_marks_sit_right_under_their_moments():
    g = timeline_graphic(times(started=0, detected=20, identified=40, mitigated=60, resolved=80))
    assert_readable(g)
    for m in g["marks"]:
        assert abs(m["cx"] - m["x"]) < 1e-6
    names = [m["name"] for m in g["marks"]]
    assert names == ["Impact began", "Detected", "Cause identified", "Mitigated", "Resolved"]
    assert [m["detail"] for m in g["marks"]] == [
        "14:02 UTC",
        "14:22 UTC · +20m",
        "14:42 UTC · +40m",
        "15:02 UTC · +1h 0m",
        "15:22 UTC · +1h 20m",
    ]
    bar = g["bar"]
    assert bar["x"] == pytest.approx(g["marks"][0]["x"], abs=0.01)
    assert bar["x"] + bar["w"] == pytest.approx(g["marks"][-1]["x"], abs=0.02)
    assert bar["reduced_x"] == pytest.approx(g["marks"][3]["x"], abs=0.01)


def test_marks_a_minute_apart_are_grouped_under_one_label_not_stacked():
    g = timeline_graphic(times(started=0, detected=1, identified=2, mitigated=3, resolved=600))
    assert_readable(g)
    assert [m["name"] for m in g["marks"]] == ["Impact began / Detected / Cause identified / Mitigated", "Resolved"]
    assert g["marks"][0]["detail"] == "14:02–14:05 UTC"
    xs = [p["x"] for p in g["points"]]
    assert len(xs) == 5 and xs[3] - xs[0] < 10  # every moment keeps its own point on the axis
    assert {m["row"] for m in g["marks"]} == {0, 1} and len(g["marks"]) == 2


def test_all_moments_at_the_two_ends():
    g = timeline_graphic(times(started=0, detected=0.5, identified=1, mitigated=299, resolved=300))
    assert_readable(g)


def test_same_instant_moments_share_one_label():
    g = timeline_graphic(times(started=0, detected=5, mitigated=30, resolved=30))
    assert [m["name"] for m in g["marks"]] == ["Impact began", "Detected", "Mitigated / Resolved"]
    assert g["bar"]["reduced_x"] is None or g["bar"]["reduced_x"] >= g["bar"]["x"] + g["bar"]["w"] - 0.01
    assert_readable(g)


def test_ongoing_incident_has_an_open_bar():
    g = timeline_graphic(times(started=0, detected=4), state="ongoing")
    assert g["bar"]["ongoing"] is True
    assert g["bar"]["open_to"] > g["bar"]["x"] + g["bar"]["w"]
    assert timeline_graphic(times(started=0, resolved=9))["bar"]["open_to"] is None
    assert_readable(g)


def test_detected_before_impact_and_multi_day_incidents():
    g = timeline_graphic(times(detected=-3, started=0, identified=1500, resolved=3000))
    assert_readable(g)
    # detected 3 minutes before impact: close together, one label; later days carry their date
    assert g["marks"][0]["name"] == "Detected / Impact began" and g["marks"][0]["detail"].startswith("13:59–14:02 UTC")
    assert g["marks"][-1]["detail"] == "Nov 22 16:02 UTC · +2d 2h 0m"


def test_only_started():
    g = timeline_graphic(times(started=0))
    assert [m["name"] for m in g["marks"]] == ["Impact began"]
    assert_readable(g)
    assert timeline_graphic([]) is None


@pytest.mark.parametrize("seed", range(60))
def test_random_moments_always_readable(seed):
    rnd = random.Random(seed)
    span = rnd.choice([3, 30, 300, 3000])
    picks = sorted(rnd.uniform(0, span) for _ in range(4))
    keys = ["detected", "identified", "mitigated", "resolved"]
    g = timeline_graphic(times(started=0, **{k: round(v, 2) for k, v in zip(keys, picks) if rnd.random() < 0.85}))
    assert_readable(g)


def test_place_row_least_squares_and_bounds():
    assert place_row([100, 300], [50, 50], 0, 660) == [100, 300]
    c = place_row([100, 101], [50, 50], 0, 660)
    assert c[1] - c[0] == pytest.approx(50 + GAP) and (c[0] + c[1]) / 2 == pytest.approx(100.5)
    c = place_row([0, 1], [50, 50], 0, 660)  # pushed off the left edge, then apart
    assert c[0] == pytest.approx(25) and c[1] == pytest.approx(25 + 50 + GAP)
    assert place_row([10, 20, 30], [300, 300, 300], 0, 660) is None


# ------------------------------------------------------------------------------ lead
@pytest.mark.parametrize(
    "text, lead, rest",
    [
        ("One. Two. Three.", "One. Two.", "Three."),
        ("One. Two.", "One. Two.", ""),
        ("Only one sentence", "Only one sentence", ""),
        (
            "On Nov. 20 checkout failed. About 31% (e.g. Visa) failed. We fixed v2.1 fast.",
            "On Nov. 20 checkout failed. About 31% (e.g. Visa) failed.",
            "We fixed v2.1 fast.",
        ),
        ("First line\n\nsecond paragraph. Third bit.", "First line\n\nsecond paragraph.", "Third bit."),
        ("Did it fail? Yes! It did.", "Did it fail? Yes!", "It did."),
        ("- a list. Of things.\n- more", "- a list. Of things.\n- more", ""),
        ("", "", ""),
    ],
)
def test_split_lead(text, lead, rest):
    assert split_lead(text) == (lead, rest)
