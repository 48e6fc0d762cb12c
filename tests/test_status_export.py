"""Status outputs: text and --short, Statuspage (validated by a JSON Schema of the API), Cachet 3,
cState, Gatus; severity tables and their config overrides; component mapping."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from commsgen.config import Config, parse_config
from commsgen.errors import UserError
from commsgen.export.status import STATUS_FILENAMES, render_status
from commsgen.model.loader import load, loads
from commsgen.views.status import STATUS_TABLES, status_view

TESTS = Path(__file__).parent
DATA = TESTS / "data" / "status"
RENDERABLE = [
    "full.yaml",
    "no-updates.yaml",
    "bare.yaml",
    "ongoing.yaml",
    "security-approved.yaml",
    "security-not-required.yaml",
]
MAPPING = {
    "mrk-payments-api": "pay123",
    "mrk-fraud-engine": {"id": "fraud9"},
    "search-query": "srch1",
    "webhook-dispatcher": "wh1",
    "api-gateway": {"id": "api1", "name": "API"},
    "edge-lb": "7",
    "ci-runner": "12",
}
CONFIGS = {
    "plain": {},
    "mapped": {"components": MAPPING, "status": {"url": "https://status.acme.example"}},
    "backfill": {"components": MAPPING, "status": {"backfill": True, "deliver_notifications": False}},
    "overrides": {
        "components": MAPPING,
        "status": {
            "statuspage": {"SEV1": "major", "SEV2": "minor", "SEV3": "none"},
            "component_status": {"SEV1": "partial_outage", "SEV2": "under_maintenance"},
            "cachet": {"SEV1": 3, "SEV2": 2},
            "cstate": {"SEV1": "notice", "SEV2": "down", "SEV3": "notice"},
            "gatus": {"SEV1": "warning", "SEV2": "information"},
        },
    },
}


def schema(name: str) -> jsonschema.Draft202012Validator:
    s = json.loads((TESTS / "data" / name).read_text())
    return jsonschema.Draft202012Validator(s)


STATUSPAGE = schema("statuspage-incident.schema.json")
CACHET = schema("cachet-incident.schema.json")


def cfg(data: dict) -> Config:
    return parse_config(data, "test-commsgen.toml")


def view(name: str, config: Config | None = None, text: str | None = None):
    config = config or Config()
    p = load(DATA / name).postmortem if text is None else loads(text, name).postmortem
    return status_view(p, config)


def out(name: str, fmt: str, config: Config | None = None, **kw) -> str:
    config = config or Config()
    return render_status(view(name, config), fmt, config=config, **kw)


# ------------------------------------------------------------------------------- JSON Schema level
@pytest.mark.parametrize("cname", CONFIGS)
@pytest.mark.parametrize("name", RENDERABLE)
def test_every_statuspage_payload_validates_against_the_api_schema(name, cname):
    doc = json.loads(out(name, "json", cfg(CONFIGS[cname])))
    STATUSPAGE.validate(doc)


@pytest.mark.parametrize("cname", CONFIGS)
@pytest.mark.parametrize("name", RENDERABLE)
def test_every_cachet_payload_validates(name, cname):
    CACHET.validate(json.loads(out(name, "cachet", cfg(CONFIGS[cname]))))


@pytest.mark.parametrize(
    "bad",
    [
        {"incident": {"name": "x", "status": "fixed"}},  # Cachet word, not Statuspage
        {"incident": {"name": "x", "impact": "major"}},  # read-only field, not create
        {"incident": {"name": "x", "components": {"a": "down"}}},
        {"incident": {"name": "x", "backfilled": True, "component_ids": ["a"]}},
        {"incident": {"name": "x" * 256}},
        {"name": "x"},
    ],
)
def test_the_statuspage_schema_rejects_what_the_api_rejects(bad):
    assert list(STATUSPAGE.iter_errors(bad))


def test_statuspage_payload_fields():
    inc = json.loads(out("full.yaml", "json", cfg(CONFIGS["mapped"])))["incident"]
    assert list(inc) == ["name", "status", "impact_override", "body", "components", "component_ids"]
    assert inc["name"] == "Payment failures on November 20"
    assert inc["status"] == "resolved" and inc["impact_override"] == "major"
    # resolved: affected components are set back to operational
    assert inc["components"] == {"pay123": "operational", "fraud9": "operational"}
    assert inc["component_ids"] == ["pay123", "fraud9"]
    assert inc["body"].startswith("Payments have been working normally since 15:20 UTC.")
    assert "We are sorry for the trouble this caused." in inc["body"]


def test_statuspage_open_incident_components_take_the_severity_table():
    inc = json.loads(out("ongoing.yaml", "json", cfg(CONFIGS["mapped"])))["incident"]
    assert inc["status"] == "identified" and inc["impact_override"] == "major"
    assert inc["components"] == {"wh1": "partial_outage", "api1": "partial_outage"}


def test_statuspage_backfill_has_no_components_and_a_backfill_date():
    inc = json.loads(out("full.yaml", "json", cfg(CONFIGS["backfill"])))["incident"]
    assert inc["backfilled"] is True and inc["backfill_date"] == "2026-11-20T14:02:00Z"
    assert "components" not in inc and "component_ids" not in inc
    assert inc["deliver_notifications"] is False
    # an open incident is never backfilled
    assert "backfilled" not in json.loads(out("ongoing.yaml", "json", cfg(CONFIGS["backfill"])))["incident"]


def test_json_is_stable_utf8_two_space_indent_with_trailing_newline():
    text = (DATA / "ongoing.yaml").read_text().replace("title: Delayed webhooks", "title: Webhooks retardés – été")
    a = render_status(view("x.yaml", text=text), "json", config=Config())
    b = render_status(view("x.yaml", text=text), "json", config=Config())
    assert a == b and a.endswith("}\n") and not a.endswith("\n\n")
    assert "retardés – été" in a  # not \u-escaped
    assert a.splitlines()[1] == '  "incident": {'


# ------------------------------------------------------------------------------- Cachet
def test_cachet_payload_fields_and_ids():
    doc = json.loads(out("bare.yaml", "cachet", cfg(CONFIGS["mapped"])))
    assert list(doc) == ["name", "status", "message", "visible", "occurred_at", "components"]
    assert doc["status"] == 1 and doc["visible"] is True
    assert doc["occurred_at"] == "2026-05-10 14:50:00"  # UTC, from 23:50+09:00
    assert doc["components"] == [{"component_id": 7, "component_status": 4}]  # numeric id -> int


@pytest.mark.parametrize("status,code", [("investigating", 1), ("identified", 2), ("monitoring", 3), ("resolved", 4)])
def test_cachet_status_codes(status, code):
    text = (DATA / "ongoing.yaml").read_text().replace("status: identified", f"status: {status}")
    assert json.loads(render_status(view("x.yaml", text=text), "cachet", config=Config()))["status"] == code


# ------------------------------------------------------------------------------- severity tables
@pytest.mark.parametrize("sev", ["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"])
def test_builtin_tables_for_an_open_incident(sev):
    c = cfg({"components": MAPPING})
    text = (DATA / "ongoing.yaml").read_text().replace("severity: SEV2", f"severity: {sev}")
    v = view("x.yaml", c, text)
    sp = json.loads(render_status(v, "json", config=c))["incident"]
    assert sp["impact_override"] == STATUS_TABLES["statuspage"][sev]
    assert set(sp["components"].values()) == {STATUS_TABLES["component_status"][sev]}
    ca = json.loads(render_status(v, "cachet", config=c))
    assert {x["component_status"] for x in ca["components"]} == {STATUS_TABLES["cachet"][sev]}
    front = yaml.safe_load(render_status(v, "cstate", config=c).split("---\n")[1])
    assert front["severity"] == STATUS_TABLES["cstate"][sev]
    ann = yaml.safe_load(render_status(v, "gatus", config=c))["announcements"]
    assert {a["type"] for a in ann} == {STATUS_TABLES["gatus"][sev]}


def test_config_overrides_every_table():
    c = cfg(CONFIGS["overrides"])
    v = view("ongoing.yaml", c)  # SEV2, open
    sp = json.loads(render_status(v, "json", config=c))["incident"]
    assert sp["impact_override"] == "minor"
    assert set(sp["components"].values()) == {"under_maintenance"}
    assert {x["component_status"] for x in json.loads(render_status(v, "cachet", config=c))["components"]} == {2}
    assert yaml.safe_load(render_status(v, "cstate", config=c).split("---\n")[1])["severity"] == "down"
    assert {a["type"] for a in yaml.safe_load(render_status(v, "gatus", config=c))["announcements"]} == {"information"}
    # keys not overridden keep the built-in value
    v4 = view("x.yaml", c, (DATA / "ongoing.yaml").read_text().replace("severity: SEV2", "severity: SEV4"))
    assert json.loads(render_status(v4, "json", config=c))["incident"]["impact_override"] == "minor"
    assert set(json.loads(render_status(v4, "json", config=c))["incident"]["components"].values()) == {
        "degraded_performance"
    }


@pytest.mark.parametrize(
    "table,bad",
    [
        ("cstate", {"SEV1": "major"}),
        ("cachet", {"SEV1": 5}),
        ("gatus", {"sev1": "outage"}),
        ("component_status", {"SEV2": "down"}),
        ("statuspage", {"SEV1": "severe"}),
    ],
)
def test_config_table_values_are_checked(table, bad):
    with pytest.raises(UserError) as e:
        cfg({"status": {table: bad}})
    assert f"status.{table}" in e.value.render()


# ------------------------------------------------------------------------------- cState and Gatus
def test_cstate_front_matter_and_updates_newest_first():
    text = out("full.yaml", "cstate", cfg(CONFIGS["mapped"]))
    _, front_text, body = text.split("---\n", 2)
    front = yaml.safe_load(front_text)
    assert list(front) == ["title", "date", "resolved", "resolvedWhen", "severity", "affected", "section"]
    assert front["resolved"] is True and front["section"] == "issue" and front["severity"] == "disrupted"
    assert front["affected"] == ["Payments", "Search"]
    assert "date: 2026-11-20T14:02:00Z" in front_text and "resolvedWhen: 2026-11-20T15:20:00Z" in front_text
    lines = [ln for ln in body.splitlines() if ln]
    assert [ln.split(" - ")[0] for ln in lines] == ["*Resolved*", "*Monitoring*", "*Identified*", "*Investigating*"]
    assert lines[-1].endswith('{{< track "2026-11-20 14:15:00" >}}')


def test_cstate_open_incident_has_no_resolved_when_and_user_text_cannot_call_shortcodes():
    text = out("ongoing.yaml", "cstate")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["resolved"] is False and "resolvedWhen" not in front
    assert "{{< shortcode" not in text and "{ {< shortcode >}}" in text


def test_gatus_announcements_are_safe_yaml_with_rfc3339_timestamps():
    text = out("full.yaml", "gatus")
    ann = yaml.safe_load(text)["announcements"]
    assert [a["type"] for a in ann] == ["operational", "outage", "outage", "outage"]
    assert "archived" not in ann[0] and all(a["archived"] is True for a in ann[1:])
    assert "- timestamp: 2026-11-20T15:20:00Z\n" in text  # plain, as Gatus' README writes it
    assert ann[0]["message"].startswith("Payment failures on November 20 - Resolved: ")
    # a message that looks like YAML stays a string
    t = (
        (DATA / "ongoing.yaml")
        .read_text()
        .replace("body: Webhook deliveries are delayed. We are investigating.", "body: \"key: [1, 2] #x\"")
    )
    ann = yaml.safe_load(render_status(view("x.yaml", text=t), "gatus", config=Config()))["announcements"]
    assert ann[1]["message"].endswith("Investigating: key: [1, 2] #x")


# ------------------------------------------------------------------------------- text
def test_txt_with_updates_blocks_newest_first_then_summary():
    text = out("full.yaml", "txt", cfg(CONFIGS["mapped"]))
    heads = [ln for ln in text.splitlines() if ln.endswith(" UTC") and " - 2026-" in ln]
    assert heads == [
        "Resolved - 2026-11-20 15:20 UTC",
        "Monitoring - 2026-11-20 14:48 UTC",
        "Identified - 2026-11-20 14:35 UTC",
        "Investigating - 2026-11-20 14:15 UTC",
    ]
    assert text.startswith("Payment failures on November 20\n===")
    assert "Affected: Payments, Search\n" in text
    assert text.index("Investigating - ") < text.index("Summary\n") < text.index("We are sorry")
    assert "Follow updates at https://status.acme.example" in text
    assert text.endswith("\n") and "\n\n\n" not in text


def test_txt_without_updates_has_one_resolved_block_and_no_repeated_summary():
    text = out("no-updates.yaml", "txt")
    assert text.count("Resolved - 2026-03-02 14:40 UTC") == 1
    assert text.count("Search was slow for about 90 minutes on March 2.") == 1
    assert "We now run the rebuild on separate machines." in text


def test_user_template_overrides_status_txt(tmp_path):
    (tmp_path / "status.txt.j2").write_text('{% extends "builtin/status.txt.j2" %}', encoding="utf-8")
    assert out("full.yaml", "txt", cfg({"templates": str(tmp_path)})) == out("full.yaml", "txt")
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "status.txt.j2").write_text("CUSTOM {{ title }} {{ status_word }}\n", encoding="utf-8")
    assert (
        out("full.yaml", "txt", cfg({"templates": str(custom)})) == "CUSTOM Payment failures on November 20 Resolved\n"
    )


# ------------------------------------------------------------------------------- --short
def test_short_fits_and_is_not_marked_when_nothing_was_cut():
    s = out("full.yaml", "txt", short=True)
    assert len(s) <= 280
    assert s == (
        "Payment failures on November 20 — Resolved (2026-11-20 15:20 UTC): Payments have been "
        "working normally since 15:20 UTC. This incident is resolved.\n"
    )
    assert "…" not in s


LONG = "Deliveries are delayed because one of the queues is backed up " * 10


def long_view(config: Config):
    text = (
        (DATA / "ongoing.yaml")
        .read_text()
        .replace("body: Webhook deliveries are delayed. We are investigating.", "body: x")
        .replace('body: "We found the cause {{< shortcode >}} and are deploying a fix."', f"body: {LONG.strip()}")
    )
    return view("x.yaml", config, text)


def test_short_cut_ends_with_status_url_when_configured():
    c = cfg({"status": {"url": "https://status.acme.example/incidents/abc"}})
    s = render_status(long_view(c), "txt", short=True, config=c)
    assert len(s) <= 280
    assert s.endswith("… Full update: https://status.acme.example/incidents/abc\n")
    assert s.startswith("Delayed webhooks — Identified (2026-06-01 10:45 UTC): Deliveries are delayed")
    assert " …" not in s  # cut at a word, no dangling space


def test_short_cut_without_url_ends_with_marker():
    s = render_status(long_view(Config()), "txt", short=True, config=Config())
    assert len(s) <= 280 and s.endswith("… [shortened]\n")


def test_short_with_a_very_long_title_still_fits():
    text = (DATA / "ongoing.yaml").read_text().replace("title: Delayed webhooks", "title: " + "Very long title " * 30)
    s = render_status(view("x.yaml", text=text), "txt", short=True, config=Config())
    assert len(s) <= 280 and "Identified (2026-06-01 10:45 UTC)" in s


# ------------------------------------------------------------------------------- API contract
def test_filenames_contract():
    assert STATUS_FILENAMES == {
        "txt": "status.txt",
        "json": "statuspage.json",
        "cachet": "cachet.json",
        "cstate": "cstate.md",
        "gatus": "gatus.yaml",
    }


def test_unknown_format_and_short_with_payload_are_user_errors():
    v = view("full.yaml")
    with pytest.raises(UserError, match="unknown status format `xml`"):
        render_status(v, "xml", config=Config())
    with pytest.raises(UserError, match="--short applies to --format txt only"):
        render_status(v, "json", short=True, config=Config())
