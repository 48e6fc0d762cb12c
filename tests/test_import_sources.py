"""Each source's parser on its fixture export (tests/data/import/<source>/), as pure functions:
mappings, filters, threads, edits, bots, duplicates, paging, zones and malformed fields."""

from __future__ import annotations

import json

import pytest

from commsgen.importers import SOURCES, parse_source
from commsgen.importers.base import ExportError
from commsgen.importers.plan import stamp
from conftest import DATA

IMP = DATA / "import"
SLACK = IMP / "slack/export"


def by_id(parsed):
    return {e.external_id: e for e in parsed.events}


def test_slack_takes_pinned_and_stopwatch_messages_only():
    p = parse_source("slack", SLACK / "inc-2026-0142-checkout")
    texts = [e.text for e in p.events]
    assert texts[0] == "[PagerDuty] Triggered #4121: checkout_5xx_ratio > 5% (payments-api)"  # bot, &gt; unescaped
    assert "@Dana Whitfield I'm on it, looking at the payments dashboard" in texts  # pinned_to; <@U..>, <url|label>
    assert any(t.startswith("(in thread) PgBouncer") for t in texts)  # a reply, :stopwatch:
    assert "Support has 40 tickets about failed payments so far" in texts  # stopwatch with a skin tone
    assert any(t.startswith("Cause found") for t in texts)  # pinned through channels.json
    assert "Error rate back under 1% after the pod restart (edited: was 2%)" in texts  # the edit wins
    assert "Backlog replayed, all pending payments settled. Resolving. cc @here & #general" in texts
    assert "Drafting the postmortem: omar.haddad@acme.com collects notes" in texts
    assert not any("bouncer config handy" in t or "has joined" in t or "topic" in t for t in texts)
    assert all(e.source == "slack" and e.external_id.startswith("C07INC0142/") for e in p.events)
    bots = [e for e in p.events if e.text.startswith("[PagerDuty]")]
    assert bots[0].actor is None
    assert p.ids == ["inc-2026-0142-checkout"]


def test_slack_ts_is_utc_across_midnight_and_days():
    p = parse_source("slack", SLACK / "inc-2026-0142-checkout")
    e = by_id(p)
    assert stamp(e["C07INC0142/1795219199.999999"].at) == "2026-11-20T23:59:59Z"
    assert e["C07INC0142/1795219199.999999"].at.microsecond == 999999
    assert stamp(e["C07INC0142/1795219200.000001"].at) == "2026-11-21T00:00:00Z"


def test_slack_whole_export_a_day_file_and_all():
    whole = parse_source("slack", SLACK)
    assert {e.external_id.split("/")[0] for e in whole.events} == {"C07INC0142", "C01GENERAL"}
    day = parse_source("slack", SLACK / "inc-2026-0142-checkout/2026-11-21.json")
    assert [e.text for e in day.events] == ["Postmortem review booked for Monday"]
    assert day.events[0].actor == "Dana Whitfield"  # users.json found two folders up
    every = parse_source("slack", SLACK / "inc-2026-0142-checkout", take_all=True)
    assert len(every.events) == len(parse_source("slack", SLACK / "inc-2026-0142-checkout").events) + 2


def test_pagerduty_mapping_paging_and_duplicates():
    pages = parse_source("pagerduty", IMP / "pagerduty/pages")
    one = parse_source("pagerduty", IMP / "pagerduty/incident-log.json")
    assert [e.external_id for e in pages.events] == [e.external_id for e in one.events]  # overlap dropped
    got = {e.external_id: (e.kind, e.suggests) for e in one.events}
    assert got == {
        "R1TRIG0000001": ("alert", "detected"),
        "R1ACKN0000003": ("action", "acknowledged"),
        "R1ANNO0000004": ("observation", None),
        "R1ESCA0000005": ("communication", None),
        "R1ASSG0000006": ("communication", None),
        "R1ACKN0000007": ("action", "acknowledged"),
        "R1RESO0000008": ("resolution", "resolved"),
    }
    assert by_id(one)["R1ANNO0000004"].text == "Note: Write errors only; reads fine. Suspect CHG-5521 (db switchover)."
    assert not pages.warnings


def test_pagerduty_more_pages_warning(tmp_path):
    src = json.loads((IMP / "pagerduty/pages/log_entries-page1.json").read_text())
    (tmp_path / "p1.json").write_text(json.dumps(src))
    p = parse_source("pagerduty", tmp_path / "p1.json")
    assert any("more: true" in w for w in p.warnings)


def test_opsgenie_kinds_and_skipped_notifications():
    p = parse_source("opsgenie", IMP / "opsgenie/alert-logs.json")
    assert [(e.kind, e.suggests) for e in p.events] == [
        ("alert", "detected"),
        ("action", "acknowledged"),
        ("communication", None),
        ("observation", None),
        ("resolution", "resolved"),
    ]
    assert p.events[1].actor == "dana.whitfield@acme.com" and p.events[2].actor is None  # "System"


def test_alertmanager_dedupes_repeats_and_resolves_at_ends_at():
    p = parse_source("alertmanager", IMP / "alertmanager/webhooks.jsonl")
    assert [(e.kind, stamp(e.at), e.service) for e in p.events] == [
        ("alert", "2026-11-20T14:08:45Z", "payments-api"),
        ("alert", "2026-11-20T14:09:00Z", "payments-db"),
        ("resolution", "2026-11-20T14:47:45Z", "payments-api"),
        ("resolution", "2026-11-20T14:48:30Z", "payments-db"),
    ]
    other = parse_source("alertmanager", IMP / "alertmanager/webhooks.jsonl", service_label="region")
    assert {e.service for e in other.events} == {"eu-west-1"}


def test_alertmanager_still_firing_has_no_resolution(tmp_path):
    first = (IMP / "alertmanager/webhooks.jsonl").read_text().splitlines()[0]
    (tmp_path / "fire.json").write_text(first)
    p = parse_source("alertmanager", tmp_path / "fire.json")
    assert [e.kind for e in p.events] == ["alert", "alert"]


def test_grafana_dashboard_becomes_a_link():
    p = parse_source("grafana", IMP / "grafana/alert.json")
    assert p.events[0].text.startswith(
        "Checkout p99 latency firing: p99 checkout latency above 2 s (service checkout-web)"
    )
    assert "[dashboard](https://grafana.corp.acme.com/d/checkout-slo?orgId=1)" in p.events[0].text
    assert [e.source for e in p.events] == ["grafana", "grafana"]


def test_datadog_epoch_ms_transitions_and_duplicates():
    p = parse_source("datadog", IMP / "datadog/webhooks.json")
    assert [(stamp(e.at), e.kind) for e in p.events] == [
        ("2026-11-20T14:09:00Z", "alert"),
        ("2026-11-20T14:15:00Z", "alert"),
        ("2026-11-20T14:48:00Z", "resolution"),
    ]
    assert {e.service for e in p.events} == {"payments-api"}


def test_statuspage_updates_target_the_status_page():
    p = parse_source("statuspage", IMP / "statuspage/incident.json")
    assert [(stamp(e.at), e.status) for e in p.events] == [
        ("2026-11-20T14:16:00Z", "investigating"),
        ("2026-11-20T14:34:00Z", "identified"),
        ("2026-11-20T14:50:00Z", "monitoring"),
        ("2026-11-20T15:25:00Z", "resolved"),
    ]
    assert all(e.target == "status_page.updates" for e in p.events)
    assert p.titles == ["Payments failing at checkout"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_source_refuses_a_wrong_shape_naming_file_and_path(source, tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"unexpected": true}')
    if source == "slack":
        with pytest.raises(ExportError, match="neither a Slack export"):
            parse_source(source, tmp_path)
        return
    with pytest.raises(ExportError) as e:
        parse_source(source, f)
    p = e.value.problems[0]
    assert p.file == str(f) and p.field and p.field.startswith("$") and "expected" in p.message


@pytest.mark.parametrize(
    "content,needle", [("{not json", "is not JSON"), ("\xff\xfe", "not UTF-8"), ("[1, 2]", "expected")]
)
def test_unreadable_exports(tmp_path, content, needle):
    f = tmp_path / "x.json"
    f.write_bytes(content.encode("latin-1"))
    with pytest.raises(ExportError, match=needle):
        parse_source("pagerduty", f)


def test_naive_times_are_refused_not_guessed(tmp_path):
    f = tmp_path / "x.json"
    f.write_text(
        json.dumps({"log_entries": [{"id": "R1", "type": "trigger_log_entry", "created_at": "2026-11-20T14:09:12"}]})
    )
    with pytest.raises(ExportError, match="has none, so its zone is unknown"):
        parse_source("pagerduty", f)


def test_slack_private_channels_from_groups_json(tmp_path):
    import shutil

    shutil.copytree(SLACK, tmp_path / "export")
    root = tmp_path / "export"
    (root / "groups.json").write_text(json.dumps([{"id": "G0SECRET", "name": "sec-incident", "pins": []}]))
    (root / "sec-incident").mkdir()
    (root / "sec-incident/2026-11-20.json").write_text(
        json.dumps(
            [
                {
                    "type": "message",
                    "ts": "1795183900.000100",
                    "user": "U02DWHIT",
                    "text": "private note",
                    "pinned_to": ["G0SECRET"],
                }
            ]
        )
    )
    ids = {e.external_id.split("/")[0] for e in parse_source("slack", root).events}
    assert ids == {"C07INC0142", "C01GENERAL", "G0SECRET"}


def test_datadog_seconds_are_refused_as_not_milliseconds(tmp_path):
    f = tmp_path / "dd.json"
    f.write_text(json.dumps({"id": "1", "title": "[Triggered] x", "date": "1795183740"}))
    with pytest.raises(ExportError, match="looks like seconds"):
        parse_source("datadog", f)
