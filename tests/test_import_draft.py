"""``commsgen new --from``: a draft pre-filled from each source's export, which ``commsgen check``
accepts (exit 0, warnings only) as it stands and after one more import; while a skeleton whose
placeholders a writer left (by hand, or by uncommenting the draft's examples) is still refused."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
import yaml

from commsgen.importers.draft import draft_text
from commsgen.model.loader import loads
from commsgen.skeleton import skeleton_text
from conftest import DATA, run_cli, run_cli_inproc

IMP = DATA / "import"
EXPORTS = {
    "slack": IMP / "slack/export/inc-2026-0142-checkout",
    "pagerduty": IMP / "pagerduty/pages",
    "opsgenie": IMP / "opsgenie/alert-logs.json",
    "alertmanager": IMP / "alertmanager/webhooks.jsonl",
    "grafana": IMP / "grafana/alert.json",
    "datadog": IMP / "datadog/webhooks.json",
    "statuspage": IMP / "statuspage/incident.json",
}
SKELETON_VALUES = {"INC-YYYY-NNNN", "Short internal title naming what failed and why", "My Service", "Your Team"}


def draft(*sources: str) -> tuple[str, dict]:
    text, _ = draft_text([f"{s}:{EXPORTS[s]}" for s in sources])
    loads(text, "draft.yaml")  # validates
    return text, yaml.safe_load(text)


def blocking(ck) -> list[dict]:
    return [f for f in json.loads(ck.stdout)["findings"] if f["severity"] == "block"]


# ------------------------------------------------------------------------------ in process
@pytest.mark.parametrize("source", sorted(EXPORTS))
def test_each_source_fills_what_public_versions_show(source):
    """No skeleton example is left where a public version would show it: the id, title and public
    service names are the imports' or made from them; the public examples are commented out."""
    text, d = draft(source)
    assert d["id"] not in SKELETON_VALUES and d["title"] not in SKELETON_VALUES
    assert all(s.get("public_name") != "My Service" for s in d["services"])
    assert "action_items" not in d and "customer" not in d
    assert "\n# action_items:" in text and "\n# customer:" in text  # still in view for the writer
    assert d["status"] == "draft" and d["timeline"] and d["times"]["started"]
    # what only the writer knows keeps its TODO: check warns about it until it is written
    assert d["summary"].startswith("TODO") and d["impact"]["description"].startswith("TODO")
    assert "# Who took part." in text and "# CUSTOMER (plain words" in text  # the guidance stays


def test_pagerduty_gives_the_incident_number_title_service_and_lead():
    text, d = draft("pagerduty")
    assert d["id"] == "PD-4121" and d["title"] == "checkout_5xx_ratio > 5% on payments-api"
    assert [s["id"] for s in d["services"]] == ["payments-api"]
    assert d["people"][0] == {"name": "Dana Whitfield", "role": "lead", "email": "dana.whitfield@acme.com"}
    assert "role: lead                    # acknowledged first: check" in text
    t = d["times"]
    assert (t["started"], t["detected"]) == (datetime(2026, 11, 20, 14, 9, 12, tzinfo=timezone.utc),) * 2
    assert t["resolved"] == datetime(2026, 11, 20, 15, 20, 30, tzinfo=timezone.utc)
    assert "first alert at 14:09 UTC on 2026-11-20" in d["summary"] and "resolved at 15:20 UTC" in d["summary"]


def test_slack_channel_gives_id_severity_and_title():
    text, d = draft("slack")
    assert d["id"] == "INC-2026-0142" and d["severity"] == "SEV2" and d["title"] == "checkout failures"
    assert "severity: SEV2                    # named in the imports" in text
    assert [s["id"] for s in d["services"]] == ["my-service"]  # chat names no service: the writer's
    assert "services:                         # not in the imports" in text


def test_statuspage_gives_times_components_impact_and_posts():
    text, d = draft("statuspage")
    utc = timezone.utc
    t = d["times"]
    assert t["started"] == datetime(2026, 11, 20, 14, 2, tzinfo=utc)  # the incident's started_at
    assert t["identified"] == datetime(2026, 11, 20, 14, 34, tzinfo=utc)
    assert t["mitigated"] == datetime(2026, 11, 20, 14, 50, tzinfo=utc)  # monitoring_at
    assert t["resolved"] == datetime(2026, 11, 20, 15, 25, tzinfo=utc)
    assert d["services"] == [{"id": "payments", "public_name": "Payments"}]
    sp = d["status_page"]
    assert sp["impact"] == "major" and sp["components"] == ["Payments"] and len(sp["updates"]) == 4
    assert [e["kind"] for e in d["timeline"]] == ["communication"] * 4  # when customers were told
    assert d["timeline"][0]["text"].startswith("Status page update posted (investigating): ")


def test_alerts_without_incident_id_or_people():
    text, d = draft("grafana")
    assert d["id"] == "INC-20261120-1410"  # made from the start time, and said so
    assert "# made from the start time (no id in the imports)" in text
    assert d["title"] == "Checkout p99 latency firing: p99 checkout latency above 2 s (service checkout-web)"
    assert "https://" not in d["title"]  # the dashboard links stay in the timeline
    assert d["people"][0]["name"] == "Your Name"  # nobody acted in an alert: the writer's, warned
    assert "people:                           # nobody named in the imports" in text


def test_two_exports_merge_and_the_first_title_wins():
    _, d = draft("pagerduty", "statuspage")
    assert d["id"] == "PD-4121" and d["title"] == "checkout_5xx_ratio > 5% on payments-api"
    assert d["times"]["resolved"] == datetime(2026, 11, 20, 15, 20, 30, tzinfo=timezone.utc)  # the pager's
    assert d["status_page"]["components"] == ["Payments"]


def test_secrets_in_titles_are_masked(tmp_path):
    f = tmp_path / "inc.json"
    f.write_text(
        json.dumps(
            {
                "incident": {
                    "name": "Key AKIAIOSFODNN7EXAMPLE leaked in logs",
                    "incident_updates": [
                        {
                            "id": "u1",
                            "status": "investigating",
                            "body": "Looking.",
                            "created_at": "2026-11-20T14:00:00Z",
                        }
                    ],
                }
            }
        )
    )
    text, _ = draft_text([f"statuspage:{f}"])
    assert "AKIAIOSFODNN7EXAMPLE" not in text


# ------------------------------------------------------------------------------ as a user
OTHER = {s: ("slack" if s == "pagerduty" else "pagerduty") for s in EXPORTS}


@pytest.mark.parametrize(
    "source", [pytest.param(s, marks=pytest.mark.slow) if s == "pagerduty" else s for s in sorted(EXPORTS)]
)
def test_new_from_plus_one_import_passes_check(tmp_path, source):
    """PagerDuty's draft runs the program (a subprocess per command); every other source's the same
    command lines in process (``run_cli_inproc``): what differs between sources is the importer, not
    the command line."""
    cli = run_cli if source == "pagerduty" else run_cli_inproc
    d = tmp_path / "draft.yaml"
    r = cli("new", "--from", f"{source}:{EXPORTS[source]}", "-o", d)
    assert r.returncode == 0, r.stderr
    assert f"commsgen check {d}" in r.stderr
    ck = cli("check", "--format", "json", d)
    assert ck.returncode == 0 and not blocking(ck), ck.stdout + ck.stderr
    again = cli("import", source, EXPORTS[source], "--into", d, "--format", "json")  # the draft holds them
    assert again.returncode == 0 and json.loads(again.stdout)["events"] == [], again.stdout
    other = OTHER[source]
    r = cli("import", other, EXPORTS[other], "--into", d)
    assert r.returncode == 0, r.stderr
    ck = cli("check", "--format", "json", d)
    assert ck.returncode == 0 and not blocking(ck), ck.stdout + ck.stderr
    warned = {(f["rule"], f["field"]) for f in json.loads(ck.stdout)["findings"]}
    # the writer is told what is left: the internal summary and impact still hold their TODO
    assert {("placeholder.marker", "summary"), ("placeholder.marker", "impact.description")} <= warned


@pytest.mark.slow
def test_placeholders_a_writer_leaves_still_block(cli, tmp_path):
    """The rule is not weakened: a skeleton filled in by hand but for its placeholders, and a draft
    whose commented-out customer example is uncommented as it is, are refused (exit 1)."""
    hand = tmp_path / "hand.yaml"
    text = skeleton_text().replace("id: INC-YYYY-NNNN", "id: INC-2026-0300", 1)
    hand.write_text(text.replace("Short internal title naming what failed and why", "Checkout 503s", 1))
    assert run_cli_inproc("import", "pagerduty", EXPORTS["pagerduty"], "--into", hand).returncode == 0
    ck = cli("check", "--format", "json", hand)
    assert ck.returncode == 1, ck.stdout + ck.stderr
    rules = {f["rule"].split(".")[0] for f in blocking(ck)}
    assert rules == {"placeholder"}, blocking(ck)

    d = tmp_path / "draft.yaml"
    assert run_cli_inproc("new", "--from", f"alertmanager:{EXPORTS['alertmanager']}", "-o", d).returncode == 0
    lines, out, inside = d.read_text().split("\n"), [], False
    for ln in lines:  # uncomment the customer example as it stands
        inside = ln.startswith("# customer:") or (inside and ln.startswith("#   "))
        out.append(ln[2:] if inside and "# apology" not in ln else ln)
    d.write_text("\n".join(out))
    assert "\ncustomer:" in d.read_text()
    ck = run_cli_inproc("check", "--format", "json", d)
    assert ck.returncode == 1
    assert {f["field"] for f in blocking(ck)} >= {"customer.title", "customer.summary"}


def test_an_export_with_nothing_to_take_says_so(tmp_path):
    ch = tmp_path / "inc-quiet"
    ch.mkdir()
    (ch / "2026-11-20.json").write_text(json.dumps([{"type": "message", "ts": "1795183800.000100", "text": "hi"}]))
    text, warnings = draft_text([f"slack:{ch}"])
    assert text == skeleton_text()
    assert any("no event to import" in w and ":stopwatch:" in w for w in warnings)
