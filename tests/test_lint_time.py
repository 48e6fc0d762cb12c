"""time.* rules: key times, the event window, public windows and durations, status updates, actions
due before the incident. Classes of input: skews from minutes to weeks, phrasings of the same window
and duration, zones, orders of updates. Key times of tests/data/lint/complete.yaml: started 14:02,
mitigated 14:48 (46 min), resolved 15:20 UTC (78 min) on 2026-11-20."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from commsgen.lint import lint_model
from commsgen.lint.prosetime import durations, points, windows
from conftest import run_cli, run_cli_inproc
from lint_helpers import COMPLETE, config, loaded, postmortem_text

TODAY = date(2026, 11, 27)
STARTED = datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)
RESOLVED = datetime(2026, 11, 20, 15, 20, tzinfo=timezone.utc)
BASE_TIMES = {
    "started": "2026-11-20T14:02:00Z",
    "detected": "2026-11-20T14:09:00Z",
    "acknowledged": "2026-11-20T14:12:00Z",
    "identified": "2026-11-20T14:31:00Z",
    "mitigated": "2026-11-20T14:48:00Z",
    "resolved": "2026-11-20T15:20:00Z",
}


def found(rule: str, cfg=None, **changes):
    return [f for f in lint_model(loaded(**changes), cfg or config(), today=TODAY) if f.rule == rule]


def customer(summary: str) -> dict:
    return {
        "summary": summary,
        "what_happened": "A maintenance step did not complete as planned.",
        "what_we_are_doing": "We are changing the procedure.",
    }


def hm(dt: datetime) -> str:
    return dt.strftime("%H:%M")


# ------------------------------------------------------------------------------ key order
@pytest.mark.parametrize("key", ["detected", "acknowledged", "identified", "mitigated"])
@pytest.mark.parametrize("minutes", [1, 30, 60 * 24, 60 * 24 * 30])
def test_a_key_time_before_its_predecessor_is_flagged_at_that_key(key, minutes):
    times = dict(BASE_TIMES, **{key: (STARTED - timedelta(minutes=minutes)).isoformat()})
    fs = found("time.key-order", times=times)
    assert fs and all(f.field.startswith("times.") for f in fs)
    assert any(f.field == f"times.{key}" for f in fs) and fs[0].severity == "warn"


def test_key_times_in_order_are_clean():
    assert found("time.key-order") == []


# ------------------------------------------------------------------------------ event window
def _timeline(at: str, **extra) -> list[dict]:
    first = {"at": "2026-11-20T14:09:00Z", "text": "Alert fires.", "kind": "alert"}
    return [first, {"at": at, "text": "The change that set it up.", "kind": "action", **extra}]


@pytest.mark.parametrize("hours", [-48 * 30, -25 * 24, -72, -49, 50, 24 * 8, 24 * 60])
def test_events_far_outside_the_incident_are_flagged(hours):
    at = (STARTED + timedelta(hours=hours) if hours < 0 else RESOLVED + timedelta(hours=hours)).isoformat()
    (f,) = found("time.event-window", timeline=_timeline(at))
    assert f.field == "timeline[1].at" and "context: true" in f.suggestion


@pytest.mark.parametrize("hours", [-47, -12, -1, 0, 1, 30, 47])
def test_events_near_the_incident_are_clean(hours):
    at = (STARTED + timedelta(hours=hours) if hours <= 0 else RESOLVED + timedelta(hours=hours)).isoformat()
    assert found("time.event-window", timeline=_timeline(at)) == []


@pytest.mark.parametrize("days", [3, 25, 400])
def test_an_event_marked_context_is_left_alone_and_the_window_is_configurable(days):
    at = (STARTED - timedelta(days=days)).isoformat()
    assert found("time.event-window", timeline=_timeline(at, context=True)) == []
    wide = config(lint={"event_window_hours": days * 24 + 1})
    assert found("time.event-window", wide, timeline=_timeline(at)) == []


# ------------------------------------------------------------------------------ public windows
WINDOW_FORMS = [
    "On November 20, 2026, from {a} to {b} UTC, some payments failed.",
    "Some payments failed between {a} and {b} UTC on November 20.",
    "Some payments failed from {a} UTC to {b} UTC.",
    "Payments failed {a}-{b} UTC on 20 November 2026.",
    "From {a} UTC on November 20 until {b} UTC on November 20, some payments failed.",
    "Some payments failed on 2026-11-20 from {a} to {b} UTC.",
]


@pytest.mark.parametrize("form", WINDOW_FORMS)
@pytest.mark.parametrize("skew", [0, 5, -10, 15, -15])
def test_a_window_within_the_tolerance_is_clean(form, skew):
    a, b = STARTED + timedelta(minutes=skew), RESOLVED - timedelta(minutes=skew)
    assert found("time.public-window", customer=customer(form.format(a=hm(a), b=hm(b)))) == []


@pytest.mark.parametrize("form", WINDOW_FORMS)
@pytest.mark.parametrize("skew", [20, -45, 60 * 7, -60 * 7, 60 * 3])
def test_a_window_off_the_key_times_is_flagged(form, skew):
    a, b = STARTED + timedelta(minutes=skew), RESOLVED + timedelta(minutes=skew)
    (f,) = found("time.public-window", customer=customer(form.format(a=hm(a), b=hm(b))))
    assert f.field == "customer.summary" and f.audience == "customer" and f.line
    assert "times.started" in f.message and hm(a) in f.excerpt


@pytest.mark.parametrize("end", ["14:48", "15:20"])
def test_the_window_may_end_at_mitigation_or_resolution(end):
    assert found("time.public-window", customer=customer(f"From 14:02 to {end} UTC some payments failed.")) == []


@pytest.mark.parametrize(
    "a,b,zone",
    [
        ("15:02", "16:20", "CET"),
        ("9:02 am", "10:20 am", "EST"),
        ("2:02 pm", "3:20 pm", "UTC"),
        ("06:02", "07:20", "PST"),
        ("15:02", "16:20", "UTC+1"),
        ("9:02", "10:20", "GMT-05:00"),
    ],
)
def test_zones_and_twelve_hour_clocks_are_read(a, b, zone):
    assert (
        found("time.public-window", customer=customer(f"From {a} to {b} {zone} on November 20, some payments failed."))
        == []
    )


def test_local_time_written_as_utc_is_caught_with_a_hint():
    (f,) = found("time.public-window", customer=customer("From 15:02 to 16:20 on November 20, payments failed."))
    assert "read as UTC" in f.message


def test_a_time_of_day_in_a_many_day_incident_is_not_guessed():
    times = dict(BASE_TIMES, resolved="2026-11-25T15:20:00Z", mitigated="2026-11-24T10:00:00Z")
    text = "From November 20 to November 25, 2026, search was slow, mostly between 14:00 and 20:00 UTC."
    assert found("time.public-window", times=times, customer=customer(text)) == []
    bad = "From November 18 to November 25, 2026, search was slow."
    assert len(found("time.public-window", times=times, customer=customer(bad))) == 1


def test_status_update_bodies_and_public_events_are_read():
    sp = {
        "updates": [
            {
                "at": "2026-11-20T15:24:00Z",
                "status": "resolved",
                "body": "Payments have worked since 15:20 UTC. From 07:02 to 08:20 UTC, payments failed.",
            }
        ]
    }
    (f,) = found("time.public-window", status_page=sp)
    assert f.field == "status_page.updates[0].body"


# ------------------------------------------------------------------------------ durations
DURATION_OK = [
    "for 78 minutes",
    "for about 80 minutes",
    "for 1 hour and 18 minutes",
    "for 1h 18m",
    "for about an hour and a half",
    "for nearly 80 minutes",
    "for just over an hour",
    "for 46 minutes",
    "for about 45 minutes",
    "for more than an hour",
    "for 1.3 hours",
    "a 78-minute outage",
]
DURATION_BAD = [
    "for about 27 minutes",
    "for 3 hours",
    "for two days",
    "for about 10 minutes",
    "for less than 20 minutes",
    "for more than three hours",
    "for 4 hours and 40 minutes",
    "a 5-minute outage",
    "for about two weeks",
]


@pytest.mark.parametrize("phrase", DURATION_OK)
def test_durations_that_match_the_key_times(phrase):
    assert found("time.public-duration", customer=customer(f"Some payments failed {phrase} on November 20.")) == []


@pytest.mark.parametrize("phrase", DURATION_BAD)
def test_durations_that_contradict_the_key_times(phrase):
    (f,) = found("time.public-duration", customer=customer(f"Some payments failed {phrase} on November 20."))
    assert f.field == "customer.summary" and "times.resolved" in f.message


@pytest.mark.parametrize(
    "text",
    [
        "We will post again within 30 minutes.",
        "Some searches took more than five seconds.",
        "Please wait for 10 minutes and try again.",
        "Try again in a few minutes.",
    ],
)
def test_other_durations_are_not_the_incident(text):
    assert found("time.public-duration", customer=customer(text)) == []


def test_an_update_while_it_was_going_on_is_measured_at_its_own_time():
    sp = {
        "updates": [
            {
                "at": "2026-11-20T14:32:00Z",
                "status": "identified",
                "body": "Payments have failed for about 30 minutes. We found the cause.",
            }
        ]
    }
    assert found("time.public-duration", status_page=sp) == []


@pytest.mark.parametrize("minutes", [5, 30, 78, 90, 240, 60 * 26])
def test_the_parser_reads_durations_as_minutes(minutes):
    h, m = divmod(minutes, 60)
    for text in (f"for {minutes} minutes", f"for {h} hours and {m} minutes" if h else f"for {m} minutes"):
        (d,) = durations(f"It failed {text}.")
        assert d.minutes == minutes


def test_the_parser_joins_a_time_and_its_date():
    pts = points("from 22:47 UTC on November 22 to 02:58 UTC on November 23, 2026")
    assert [(p.day.month, p.day.day, p.minutes) for p in pts] == [(11, 22, 22 * 60 + 47), (11, 23, 2 * 60 + 58)]
    assert len(windows("from 22:47 UTC on November 22 to 02:58 UTC on November 23, 2026")) == 1


# ------------------------------------------------------------------------------ status updates
def _updates(*pairs):
    return {"updates": [{"at": at, "status": st, "body": "Update about payments."} for at, st in pairs]}


@pytest.mark.parametrize("after", [16, 60, 60 * 24])
def test_investigating_after_resolved_is_flagged(after):
    late = (RESOLVED + timedelta(minutes=after)).isoformat()
    (f,) = found(
        "time.status-after-resolved",
        status_page=_updates(("2026-11-20T14:16:00Z", "investigating"), (late, "investigating")),
    )
    assert f.field == "status_page.updates[1].status"


def test_an_update_after_a_resolved_update_is_flagged_even_before_the_key_time():
    sp = _updates(
        ("2026-11-20T14:16:00Z", "investigating"),
        ("2026-11-20T15:00:00Z", "resolved"),
        ("2026-11-20T15:10:00Z", "monitoring"),
    )
    assert [f.field for f in found("time.status-after-resolved", status_page=sp)] == ["status_page.updates[2].status"]


@pytest.mark.parametrize("early", [20, 60, 60 * 5])
def test_a_resolved_update_before_times_resolved_is_flagged(early):
    at = (RESOLVED - timedelta(minutes=early)).isoformat()
    (f,) = found("time.status-resolved-early", status_page=_updates((at, "resolved")))
    assert f.field == "status_page.updates[0].at"


def test_updates_listed_out_of_order_and_before_the_start():
    sp = _updates(("2026-11-20T14:40:00Z", "identified"), ("2026-11-20T14:16:00Z", "investigating"))
    assert [f.field for f in found("time.status-order", status_page=sp)] == ["status_page.updates[1].at"]
    sp = _updates(("2026-11-19T14:16:00Z", "investigating"), ("2026-11-20T15:25:00Z", "resolved"))
    assert [f.field for f in found("time.status-before-start", status_page=sp)] == ["status_page.updates[0].at"]


def test_a_clean_sequence_of_updates_passes_every_status_rule():
    sp = _updates(
        ("2026-11-20T14:16:00Z", "investigating"),
        ("2026-11-20T14:33:00Z", "identified"),
        ("2026-11-20T14:50:00Z", "monitoring"),
        ("2026-11-20T15:24:00Z", "resolved"),
    )
    fs = [f for f in lint_model(loaded(status_page=sp), config(), today=TODAY) if f.rule.startswith("time.status")]
    assert fs == []


# ------------------------------------------------------------------------------ actions
@pytest.mark.parametrize(
    "due,flagged",
    [("2026-11-19", True), ("2025-12-15", True), ("2026-01-01", True), ("2026-11-20", False), ("2026-12-15", False)],
)
def test_actions_due_before_the_incident(due, flagged):
    actions = [
        {
            "title": "Make the pool follow the writer",
            "type": "prevent",
            "owner": "Payments SRE",
            "due": due,
            "status": "done",
        }
    ]
    fs = found("time.action-due-before", action_items=actions)
    assert bool(fs) == flagged and all(f.field == "action_items[0].due" for f in fs)


# ------------------------------------------------------------------------------ end to end
def test_check_reports_time_rules_from_a_file_with_lines(tmp_path):
    """The issue's three examples in one file, through the CLI: an event 25 days early, a customer
    window 7 hours off, an `investigating` update after resolution."""
    text = postmortem_text(
        timeline=[
            {"at": "2026-10-26T14:02:00Z", "text": "Config change merged.", "kind": "action"},
            {"at": "2026-11-20T14:09:00Z", "text": "Alert fires.", "kind": "alert"},
        ],
        customer=customer("On November 20, 2026, from 21:02 to 22:20 UTC, some payments failed."),
        status_page=_updates(("2026-11-20T14:16:00Z", "investigating"), ("2026-11-20T16:00:00Z", "investigating")),
    )
    p = tmp_path / "pm.yaml"
    p.write_text(text)
    r = run_cli("check", p, "--format", "json")
    got = {f["rule"]: f for f in json.loads(r.stdout)["findings"] if f["rule"].startswith("time.")}
    assert {"time.event-window", "time.public-window", "time.status-after-resolved"} <= set(got)
    lines = text.splitlines()
    assert "2026-10-26" in lines[got["time.event-window"]["line"] - 1]
    assert "21:02" in lines[got["time.public-window"]["line"] - 1]
    r = run_cli_inproc("check", p, "--format", "json", "--config", _strict_time(tmp_path))
    assert r.returncode == 1


def _strict_time(tmp_path):
    c = tmp_path / "commsgen.toml"
    c.write_text('[lint.severity]\n"time" = "block"\n')
    return c


def test_complete_fixture_is_clean_of_time_findings():
    assert COMPLETE.exists()
    assert [f for f in lint_model(loaded(), config(), today=TODAY) if f.rule.startswith("time.")] == []
