"""The bundled samples: each loads, validates and passes `check`; together they use every field of
the format (walked from the pydantic model, so a new field fails this test until a sample uses it);
and their public text carries none of their internal details."""

from __future__ import annotations

import json
import re
import typing
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import BaseModel

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.model.derived import durations, overdue_actions
from commsgen.model.loader import load
from commsgen.model.schema import Postmortem
from conftest import SAMPLES, run_cli

FILES = sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json"))
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def test_there_are_at_least_four_samples_in_both_formats():
    names = {p.name for p in FILES}
    assert {
        "outage-checkout-failover.yaml",
        "security-token-leak.yaml",
        "degradation-search-latency.json",
        "long-incident-platform-wide.yaml",
    } <= names


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_sample_loads_and_has_no_findings(path):
    loaded = load(path)
    config = load_config(SAMPLES / "commsgen.toml")
    findings = pipeline.check(loaded, config, now=NOW)
    assert [f for f in findings if f.severity != "info"] == [], [f.message for f in findings]


def test_check_command_passes_on_all_samples():
    r = run_cli("--config", SAMPLES / "commsgen.toml", "check", *FILES)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{len(FILES)} file(s) checked: 0 blocking" in r.stdout


# ------------------------------------------------------------------------ field coverage
def _parts(annotation) -> tuple[bool, list[type[BaseModel]]]:
    """(is a list, the models inside) of a field annotation."""
    is_list, models = False, []

    def walk(tp, depth=0):
        nonlocal is_list
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            models.append(tp)
            return
        if origin is list and depth < 3:
            is_list = True
        for arg in typing.get_args(tp):
            walk(arg, depth + 1)

    walk(annotation)
    return is_list, models


def model_paths(model: type[BaseModel], prefix: str = "") -> set[str]:
    out = set()
    for name, field in model.model_fields.items():
        is_list, models = _parts(field.annotation)
        path = f"{prefix}{name}" + ("[]" if is_list else "")
        out.add(path)
        for sub in models:
            out |= model_paths(sub, path + ".")
    return out


def used_paths(value, prefix: str = "") -> set[str]:
    out = set()
    if isinstance(value, BaseModel):
        for name in value.model_fields_set:
            v = getattr(value, name)
            if v is None or (isinstance(v, (list, dict)) and not v):
                continue
            if isinstance(v, list):
                out.add(f"{prefix}{name}[]")
                for item in v:
                    out |= used_paths(item, f"{prefix}{name}[].")
            else:
                out.add(f"{prefix}{name}")
                out |= used_paths(v, f"{prefix}{name}.")
    return out


def test_coverage_walker_sees_nested_and_union_fields():
    paths = model_paths(Postmortem)
    for p in (
        "times.acknowledged",
        "timeline[].public_text",
        "security.disclosure.approved_by",
        "redaction.deny[].regex",
        "redaction.allow[].rule",
        "status_page.updates[].body",
        "lessons.got_lucky[]",
        "action_items[].note",
        "extra",
    ):
        assert p in paths, p
    assert len(paths) > 100


def test_samples_together_use_every_field_of_the_format():
    used = set()
    for path in FILES:
        used |= used_paths(load(path).postmortem)
    missing = sorted(model_paths(Postmortem) - used)
    assert missing == [], f"no sample sets: {missing}"


def test_samples_use_every_value_of_the_small_vocabularies():
    pms = [load(p).postmortem for p in FILES]
    events = [e for pm in pms for e in pm.timeline]
    actions = [a for pm in pms for a in pm.action_items]
    assert {e.kind for e in events} == {
        "alert",
        "observation",
        "action",
        "decision",
        "communication",
        "mitigation",
        "resolution",
    }
    assert {a for e in events for a in e.audience} == {"engineering", "executive", "customer"}
    assert {p.role for pm in pms for p in pm.people} == {"lead", "reporter", "responder", "comms", "scribe", "reviewer"}
    assert {f.kind for pm in pms for f in pm.contributing_factors} == {"technical", "human", "external", "process"}
    assert {a.status for a in actions} == {"open", "in-progress", "done", "wont-do"}
    assert {a.type for a in actions} == {"prevent", "mitigate", "detect", "process"}
    assert {a.priority for a in actions} == {"P1", "P2", "P3", "P4"}
    assert {l.kind for pm in pms for l in pm.links} == {"chat", "dashboard", "ticket", "runbook", "doc", "other"}
    assert {u.status for pm in pms if pm.status_page for u in pm.status_page.updates} == {
        "investigating",
        "identified",
        "monitoring",
        "resolved",
    }
    assert {pm.status.value for pm in pms} >= {"final", "in-review"}
    deny = [d for pm in pms if pm.redaction for d in pm.redaction.deny]
    assert any(isinstance(d, str) for d in deny) and any(not isinstance(d, str) for d in deny)


# ------------------------------------------------------------------------ what each sample shows
def test_checkout_outage_matches_its_brief():
    pm = load(SAMPLES / "outage-checkout-failover.yaml").postmortem
    assert (pm.severity.value, pm.event_type.value) == ("SEV2", "outage")
    assert 14 <= len(pm.timeline) <= 20 and 4 <= len(pm.five_whys) <= 5 and len(pm.action_items) >= 6
    assert durations(pm).duration_of_impact == timedelta(minutes=78)
    today = NOW.date()
    late = overdue_actions(pm, today)
    assert len(late) == 1 and pm.action_items[late[0]].note
    assert [u.status for u in pm.status_page.updates] == ["investigating", "identified", "monitoring", "resolved"]
    assert {l.kind for l in pm.links} >= {"chat", "dashboard", "ticket", "runbook"}
    assert "```" in pm.technical_analysis
    assert len(pm.redaction.allow) == 1 and pm.redaction.allow[0].reason
    assert sum("customer" in e.audience for e in pm.timeline) >= 3


def test_security_sample_matches_its_brief():
    loaded = load(SAMPLES / "security-token-leak.yaml")
    pm = loaded.postmortem
    assert (pm.severity.value, pm.event_type.value, pm.timezone) == ("SEV1", "security", "Europe/Berlin")
    d = pm.security.disclosure
    assert d.decision == "approved" and set(d.notified) == {"customers", "regulator"} and d.approved_by
    assert pm.security.cves and all(re.fullmatch(r"CVE-\d{4}-\d{4,}", c) for c in pm.security.cves)
    # naive times in the file are Berlin time (UTC+1 in November), explicit offsets are kept
    assert "started: 2026-11-22T23:47:00 " in loaded.text
    assert pm.times.started.astimezone(timezone.utc) == datetime(2026, 11, 22, 22, 47, tzinfo=timezone.utc)
    assert pm.times.detected.utcoffset() == timedelta(0)


def test_search_degradation_is_json_without_status_updates():
    path = SAMPLES / "degradation-search-latency.json"
    raw = json.loads(path.read_text())
    pm = load(path).postmortem
    assert (pm.severity.value, pm.event_type.value) == ("SEV3", "degradation")
    assert "updates" not in raw.get("status_page", {}) and pm.status_page.impact is None  # composed and derived
    assert durations(pm).duration_of_impact > timedelta(days=7)
    assert "latency" in pm.impact.description or "p95" in pm.impact.description


def test_long_sample_is_long():
    pm = load(SAMPLES / "long-incident-platform-wide.yaml").postmortem
    assert (pm.severity.value, pm.event_type.value) == ("SEV1", "outage")
    assert len(pm.action_items) == 25 and len(pm.timeline) >= 40 and len(pm.impact.regions) == 10
    assert sum(len(s.public_name or "") >= 75 for s in pm.services) >= 4


# ------------------------------------------------------------------------ public text is clean
INTERNAL = [
    re.compile(r"\b10\.\d+\.\d+\.\d+\b"),
    re.compile(r"\b185\.220\.\d+\.\d+\b"),
    re.compile(r"(?i)\b[\w.-]+\.(acme\.internal|corp\.acme\.com)\b"),
    re.compile(r"(?i)slack|grafana|jira|kibana|pagerduty|patroni|pgbouncer|vault\b"),
    re.compile(r"@\w"),
    re.compile(r"\b(CHG|DBP|PAY|OBS|SEC|SRCH|PLAT)-\d+\b"),
]
JARGON = re.compile(r"(?i)\b(dns|failover|latency|deploy\w*|pods?|5xx|50[0-9]|http|tls|x509|sidecar|shard\w*)\b")
LEGAL = re.compile(r"(?i)\b(breach\w*|unauthori[sz]ed|leak\w*|negligen\w*|liab\w*)\b")


def public_texts(pm: Postmortem) -> list[tuple[str, str]]:
    out = []
    if pm.customer:
        out += [(f"customer.{k}", v) for k, v in pm.customer.model_dump().items() if v]
    if pm.status_page:
        out += [(f"status_page.updates[{i}]", u.body) for i, u in enumerate(pm.status_page.updates)]
        out += [("status_page.components", c) for c in pm.status_page.components]
    out += [(f"timeline[{i}].public_text", e.public_text) for i, e in enumerate(pm.timeline) if e.public_text]
    return out


def executive_texts(pm: Postmortem) -> list[tuple[str, str]]:
    if not pm.executive:
        return []
    out = []
    for k, v in pm.executive.model_dump().items():
        for x in v if isinstance(v, list) else [v] if v else []:
            out.append((f"executive.{k}", x))
    return out


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_public_fields_hold_no_internal_detail(path):
    pm = load(path).postmortem
    people = [t for p in pm.people for t in (p.name, *p.name.split(), p.handle, p.email) if t and len(t) > 2]
    ids = [s.id for s in pm.services if s.id != s.public_name]
    for field, text in public_texts(pm) + executive_texts(pm):
        for pat in INTERNAL:
            assert not pat.search(text), (field, pat.pattern, text)
        for term in people:
            assert not re.search(rf"\b{re.escape(term)}\b", text), (field, term)
        for sid in ids:
            assert sid not in text, (field, sid)
    for field, text in public_texts(pm):
        assert not JARGON.search(text), (field, JARGON.search(text).group(0))
        if pm.disclosure_decision != "approved":
            assert not LEGAL.search(text), (field, text)
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            assert len(sentence.split()) < 30, (field, sentence)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_customer_text_states_impact_window_and_action(path):
    c = load(path).postmortem.customer
    text = " ".join(v for v in c.model_dump().values() if v)
    assert "UTC" in text and re.search(r"\b(November|December) \d{1,2}\b", text)
    assert c.summary and c.what_happened and c.what_we_are_doing
    assert re.search(r"(?i)\bwe (are|now|will|made|fixed|rebuilt|changed|turned)\b", c.what_we_are_doing)


def test_events_for_customers_have_public_text():
    for path in FILES:
        for i, e in enumerate(load(path).postmortem.timeline):
            if "customer" in e.audience:
                assert e.public_text, (path.name, i)
