"""``commsgen import`` as a user runs it (a subprocess; in process where only the importer differs), for every source: the contract's JSON shape,
re-import adds nothing, lines outside the inserted region stay byte for byte, --dry-run writes
nothing, zones end in UTC, a malformed export is one paragraph and exit 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, SAMPLES, run_cli, run_cli_inproc

IMP = DATA / "import"
TARGET = SAMPLES / "outage-checkout-failover.yaml"
EXPORTS = {  # source -> (export, new events into the outage sample)
    "slack": (IMP / "slack/export/inc-2026-0142-checkout", 10),
    "pagerduty": (IMP / "pagerduty/pages", 7),
    "opsgenie": (IMP / "opsgenie/alert-logs.json", 5),
    "alertmanager": (IMP / "alertmanager/webhooks.jsonl", 4),
    "grafana": (IMP / "grafana/alert.json", 2),
    "datadog": (IMP / "datadog/webhooks.json", 3),
    "statuspage": (IMP / "statuspage/incident.json", 2),
}
MALFORMED = {
    "pagerduty": (IMP / "pagerduty/bad-created-at.json", "$.log_entries[1].created_at"),
    "opsgenie": (IMP / "opsgenie/bad-no-data.json", "`$`"),
    "alertmanager": (IMP / "alertmanager/bad-starts.json", "$.alerts[0].startsAt"),
    "datadog": (IMP / "datadog/bad-date.json", "$[0].date"),
    "statuspage": (IMP / "statuspage/bad-status.json", "$.incident.incident_updates[0].status"),
}


@pytest.fixture
def target(tmp_path: Path) -> Path:
    p = tmp_path / "incident.yaml"
    shutil.copyfile(TARGET, p)
    return p


def outside_inserted(old: str, new: str) -> bool:
    """Every old line is still there, in order, unchanged: the new text only adds lines."""
    import difflib

    ops = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True), autojunk=False).get_opcodes()
    return all(tag in ("equal", "insert") for tag, *_ in ops)


@pytest.mark.parametrize(
    "source", [pytest.param(s, marks=pytest.mark.slow) if s == "pagerduty" else s for s in sorted(EXPORTS)]
)
def test_import_each_source_then_reimport_changes_nothing(target, source):
    """PagerDuty's import runs the program; every other source's the same command lines in process
    (``run_cli_inproc``): what differs between sources is the importer, not the command line."""
    cli = run_cli if source == "pagerduty" else run_cli_inproc
    export, n = EXPORTS[source]
    before = target.read_bytes()
    r = cli("import", source, export, "--into", target, "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"events", "suggested_times", "warnings"}
    assert len(out["events"]) == n
    for e in out["events"]:
        assert set(e) >= {"at", "text", "kind", "source", "external_id", "actor"}
        assert e["at"].endswith("Z") and e["source"] == source and e["external_id"]
    after = target.read_bytes()
    assert after != before and outside_inserted(before.decode(), after.decode())
    ck = cli("check", target)
    assert ck.returncode == 0, ck.stdout + ck.stderr
    again = cli("import", source, export, "--into", target, "--format", "json")
    assert again.returncode == 0 and json.loads(again.stdout)["events"] == []
    assert target.read_bytes() == after


def test_dry_run_writes_nothing_and_shows_a_diff(cli, target):
    before = target.read_bytes()
    mtime = target.stat().st_mtime_ns
    r = cli("import", "pagerduty", EXPORTS["pagerduty"][0], "--into", target, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert target.read_bytes() == before and target.stat().st_mtime_ns == mtime
    assert r.stdout.startswith("---") and "+    external_id: R1RESO0000008" in r.stdout
    assert "dry run" in r.stderr and "not written" in r.stderr
    assert not list(target.parent.glob(".*.tmp"))


def test_imported_events_carry_the_contract_fields(cli_inproc, target):
    cli = cli_inproc  # what is imported: in process (the face: the tests around)
    cli("import", "pagerduty", EXPORTS["pagerduty"][0], "--into", target)
    from commsgen.model.loader import load

    pm = load(target).postmortem
    imported = [e for e in pm.timeline if e.source == "pagerduty" and e.external_id.startswith("R1")]
    kinds = {e.external_id: e.kind for e in imported}
    assert kinds == {
        "R1TRIG0000001": "alert",
        "R1ACKN0000003": "action",
        "R1ANNO0000004": "observation",
        "R1ESCA0000005": "communication",
        "R1ASSG0000006": "communication",
        "R1ACKN0000007": "action",
        "R1RESO0000008": "resolution",
    }  # notify skipped
    assert all(e.audience == ["engineering"] for e in imported)
    assert {e.actor for e in imported} == {None, "Dana Whitfield", "Omar Haddad", "Lars Eriksen"}


def test_key_times_are_suggested_never_overwritten(cli_inproc, target):
    cli = cli_inproc  # what is imported: in process (the face: the tests around)
    target.write_text(
        target.read_text().replace("  acknowledged: 2026-11-20T14:11:00Z", "  acknowledged: 2026-11-20T14:15:00Z")
    )
    times_before = [ln for ln in target.read_text().splitlines() if ln.startswith("  ") and "2026-11-20T1" in ln][:7]
    r = cli("import", "pagerduty", EXPORTS["pagerduty"][0], "--into", target, "--format", "json")
    out = json.loads(r.stdout)
    assert out["suggested_times"] == {
        "detected": "2026-11-20T14:09:12Z",
        "acknowledged": "2026-11-20T14:11:02Z",
        "mitigated": None,
        "resolved": "2026-11-20T15:20:30Z",
    }
    assert any("times.acknowledged is 2026-11-20T14:15:00Z in the file" in w for w in out["warnings"])
    # the file's 14:09:00 and 15:20:00 agree with the pager's 14:09:12 and 15:20:30 (within a minute)
    assert not any("times.detected" in w or "times.resolved" in w for w in out["warnings"])
    text = target.read_text()
    assert all(ln in text for ln in times_before)
    assert "  acknowledged: 2026-11-20T14:15:00Z\n" in text


def test_zones_end_in_utc(target):
    """PagerDuty +01:00 and -05:00, Opsgenie +01:00 with milliseconds, Alertmanager -05:00, Grafana
    +01:00, Statuspage -06:00, Slack epoch seconds, Datadog epoch milliseconds: all UTC (the
    library in this process: the CLI prints what it returns)."""
    from commsgen.importers.plan import plan

    got = {}
    for source, (export, _n) in EXPORTS.items():
        got[source] = {e["external_id"]: e["at"] for e in plan(source, export, target).as_json()["events"]}
    assert got["pagerduty"]["R1ACKN0000003"] == "2026-11-20T14:11:02Z"  # 15:11:02+01:00
    assert got["pagerduty"]["R1ANNO0000004"] == "2026-11-20T14:14:40Z"  # 09:14:40-05:00
    assert got["opsgenie"]["1795183865880_1795183865880000000"] == "2026-11-20T14:11:05Z"
    assert got["alertmanager"]["c47a9e2f01b8d6e3@2026-11-20T14:09:00Z/resolved"] == "2026-11-20T14:48:30Z"
    assert got["grafana"]["5a1f0c9e7b2d4e61@2026-11-20T14:10:00Z"] == "2026-11-20T14:10:00Z"
    assert got["slack"]["C07INC0142/1795183771.001900"] == "2026-11-20T14:09:31Z"
    assert got["datadog"]["7598123456789019999"] == "2026-11-20T14:48:00Z"
    assert sorted(got["statuspage"].values()) == ["2026-11-20T14:34:00Z", "2026-11-20T15:25:00Z"]  # 15:34+01:00


@pytest.mark.parametrize("source", sorted(MALFORMED))
def test_malformed_export_is_one_paragraph_and_exit_2(cli, target, source):
    """The program itself on the first source; what the others' importers say, in process."""
    export, path = MALFORMED[source]
    before = target.read_bytes()
    r = (cli if source == min(MALFORMED) else run_cli_inproc)("import", source, export, "--into", target)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and r.stdout == ""
    msg = r.stderr.strip()
    assert msg.startswith("commsgen: ") and str(export) in msg and path in msg and "expected" in msg
    assert "\n\n" not in msg
    assert target.read_bytes() == before


@pytest.mark.slow
def test_wrong_source_for_a_file_and_an_invalid_target_exit_2(cli, target, tmp_path):
    r = cli("import", "pagerduty", IMP / "opsgenie/alert-logs.json", "--into", target)
    assert r.returncode == 2 and "log_entries" in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: commsgen/postmortem/v1\nid: X\n", encoding="utf-8")
    r = run_cli_inproc("import", "pagerduty", EXPORTS["pagerduty"][0], "--into", bad)
    assert r.returncode == 2 and "bad.yaml" in r.stderr and "Traceback" not in r.stderr
    r = run_cli_inproc("import", "slack", tmp_path / "nowhere", "--into", target)
    assert r.returncode == 2 and "not found" in r.stderr
    r = run_cli_inproc("import", "slack", IMP / "slack/export", "--into", target, "--until", "tomorrow")
    assert r.returncode == 2 and "--until" in r.stderr and "tomorrow" in r.stderr


@pytest.mark.slow
def test_since_until_window_and_json_target(cli_inproc, tmp_path):
    cli = cli_inproc  # which events are taken and where they are written: in process
    target = tmp_path / "search.json"
    shutil.copyfile(SAMPLES / "degradation-search-latency.json", target)
    before = target.read_text()
    r = cli(
        "import",
        "pagerduty",
        EXPORTS["pagerduty"][0],
        "--into",
        target,
        "--since",
        "2026-11-20T15:15:00+01:00",
        "--until",
        "2026-11-20T14:21:00Z",
        "--format",
        "json",
    )
    assert r.returncode == 0, r.stderr
    ids = [e["external_id"] for e in json.loads(r.stdout)["events"]]
    assert ids == ["R1ESCA0000005"]
    after = target.read_text()
    assert outside_inserted(before, after)
    json.loads(after)
    assert '"external_id": "R1ESCA0000005"' in after
    assert cli("check", target).returncode == 0


def test_slack_all_takes_every_message(cli_inproc, target):
    cli = cli_inproc  # which messages are taken: in process
    r = cli("import", "slack", EXPORTS["slack"][0], "--into", target, "--all", "--dry-run", "--format", "json")
    texts = [e["text"] for e in json.loads(r.stdout)["events"]]
    assert "anyone have the bouncer config handy?" in texts
    assert "[reminders] Reminder: update the status page" in texts
    assert not any("has joined" in t or "set the channel topic" in t for t in texts)


def test_new_from_bad_spec_exits_2(cli, tmp_path):
    r = cli("new", "--from", "jira:x.json", "-o", tmp_path / "d.yaml")
    assert r.returncode == 2 and "SOURCE:PATH" in r.stderr
