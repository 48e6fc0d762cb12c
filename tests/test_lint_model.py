"""complete.*: the engineering record is complete (on the model, located in the source file),
and lint_model is part of `commsgen check`."""

from __future__ import annotations

import json
from datetime import date

from commsgen import pipeline
from commsgen.lint import lint_model
from lint_helpers import COMPLETE, config, loaded, postmortem_text

TODAY = date(2026, 11, 22)


def found(lp, today=TODAY, cfg=None):
    return [f for f in lint_model(lp, cfg or config(), today=today) if f.rule.startswith("complete.")]


def ids(lp, **kw):
    return sorted(f.rule for f in found(lp, **kw))


def test_complete_postmortem_has_no_completeness_findings():
    assert found(loaded()) == []


def _times(**changes):
    t = {
        "started": "2026-11-20T14:02:00Z",
        "detected": "2026-11-20T14:09:00Z",
        "acknowledged": "2026-11-20T14:12:00Z",
        "identified": "2026-11-20T14:31:00Z",
        "mitigated": "2026-11-20T14:48:00Z",
        "resolved": "2026-11-20T15:20:00Z",
    }
    t.update(changes)
    return {k: v for k, v in t.items() if v is not None}


def test_each_missing_key_time_is_a_finding_on_its_field():
    fs = found(loaded(times=_times(acknowledged=None, identified=None)))
    assert [(f.rule, f.field) for f in fs] == [
        ("complete.key-time", "times.acknowledged"),
        ("complete.key-time", "times.identified"),
    ]
    assert all(f.line is not None and f.audience == "engineering" for f in fs)


def test_final_postmortem_needs_a_closed_time_but_a_draft_does_not():
    assert [f.field for f in found(loaded(status="final"))] == ["times.closed"]
    assert found(loaded(status="final", times=_times(closed="2026-11-21T10:00:00Z"))) == []
    assert found(loaded(status="draft")) == []


def test_out_of_order_and_48h_are_reported_once():
    from commsgen.pipeline import model_findings

    lp = loaded(times=_times(detected="2026-11-20T13:00:00Z"), status="final")
    rules = [f.rule for f in lint_model(lp, config(), today=TODAY)]
    assert rules.count("time.key-order") == 1 and not any("48" in r for r in rules)
    assert not any("order" in f.rule for f in model_findings(lp))


def test_timeline_needs_a_detection_event():
    tl = [{"at": "2026-11-20T14:02:00Z", "text": "Failover starts.", "kind": "action"}]
    assert ids(loaded(timeline=tl)) == ["complete.detection-event"]
    # an observation at times.detected counts (a customer report, not an alert)
    tl.append({"at": "2026-11-20T14:09:00Z", "text": "Support reports failures."})
    assert ids(loaded(timeline=tl)) == []


def test_contributing_factors_present_and_varied_for_sev1_2():
    assert ids(loaded(contributing_factors=None)) == ["complete.factors-missing"]
    one_kind = [{"kind": "technical", "description": "a"}, {"kind": "technical", "description": "b"}]
    assert ids(loaded(contributing_factors=one_kind)) == ["complete.factors-one-kind"]
    assert ids(loaded(contributing_factors=one_kind, severity="SEV3")) == []


def test_five_whys_three_deep_for_sev1_2():
    two = [{"why": "a?", "because": "b."}, {"why": "c?", "because": "d."}]
    assert ids(loaded(five_whys=two)) == ["complete.whys-shallow"]
    assert ids(loaded(five_whys=None, severity="SEV1")) == ["complete.whys-shallow"]
    assert ids(loaded(five_whys=two, severity="SEV3")) == []
    assert ids(loaded(five_whys=two), cfg=config(lint={"min_whys": 2})) == []


def test_root_cause_mitigators_lessons_present():
    assert ids(loaded(root_cause=None)) == ["complete.root-cause-missing"]
    assert ids(loaded(mitigators=None)) == ["complete.mitigators"]
    assert ids(loaded(lessons=None)) == ["complete.lessons"]
    assert ids(loaded(lessons={"went_well": [], "went_wrong": []})) == ["complete.lessons"]
    assert ids(loaded(lessons={"got_lucky": ["Quiet hour."]})) == []


def test_actions_need_owner_due_type_and_a_note_when_late():
    acts = [
        {"title": "A", "status": "open"},
        {"title": "B", "type": "prevent", "owner": "SRE", "due": "2026-11-01"},
        {"title": "C", "type": "prevent", "owner": "SRE", "due": "2026-11-01", "note": "blocked on vendor"},
        {"title": "D", "status": "done"},
        {"title": "E", "status": "wont-do", "due": "2026-01-01"},
    ]
    got = [(f.rule, f.field) for f in found(loaded(action_items=acts))]
    assert got == [
        ("complete.action-owner", "action_items[0].owner"),
        ("complete.action-due", "action_items[0].due"),
        ("complete.action-type", "action_items[0].type"),
        ("complete.action-overdue", "action_items[1].due"),
    ]


def test_overdue_depends_on_today():
    acts = [{"title": "B", "type": "prevent", "owner": "SRE", "due": "2026-12-01"}]
    assert ids(loaded(action_items=acts), today=date(2026, 12, 1)) == []
    assert ids(loaded(action_items=acts), today=date(2026, 12, 2)) == ["complete.action-overdue"]


def test_sev1_to_3_need_actions():
    assert ids(loaded(action_items=None)) == ["complete.actions-missing"]
    assert ids(loaded(action_items=None, severity="SEV4")) == []


def test_security_event_needs_a_full_security_review():
    sec = {"vulnerability_exposed": True, "data_at_risk": "names"}
    fs = found(loaded(event_type="security", security=sec))
    assert [f.field for f in fs] == [
        "security.access_control_gaps",
        "security.detected_by_monitoring",
        "security.disclosure",
    ]
    full = {**sec, "access_control_gaps": "none", "detected_by_monitoring": True, "disclosure": {"decision": "pending"}}
    assert found(loaded(event_type="security", security=full)) == []


def test_findings_point_at_the_source_line():
    lp = loaded(action_items=[{"title": "Add a check", "type": "prevent", "owner": "SRE"}])
    (f,) = found(lp)
    # `due` is absent: the finding points at the action it belongs to
    assert f.field == "action_items[0].due"
    assert lp.text.splitlines()[f.line - 1] == "- title: Add a check"


def test_pipeline_check_includes_writing_findings(tmp_path):
    p = tmp_path / "pm.yaml"
    p.write_text(postmortem_text(mitigators=None), encoding="utf-8")
    _, fs = pipeline.check_path(p, config())
    assert "complete.mitigators" in {f.rule for f in fs}
    _, fs = pipeline.check_path(COMPLETE, config())
    assert not [f for f in fs if f.kind in ("lang", "legal", "blame", "complete")]


# ------------------------------------------------------------------------------ CLI
def _write(tmp_path, **changes):
    p = tmp_path / "pm.yaml"
    p.write_text(postmortem_text(**changes), encoding="utf-8")
    return p


def test_check_reports_writing_warnings_with_exit_0(cli, tmp_path):
    r = cli("check", "--format", "json", _write(tmp_path, mitigators=None))
    assert r.returncode == 0, r.stderr
    (f,) = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "complete.mitigators"]
    assert f["severity"] == "warn" and f["kind"] == "complete" and f["field"] == "mitigators"


def test_check_strict_turns_writing_warnings_into_blocking(cli_inproc, tmp_path):
    cli = cli_inproc  # which findings block: in process (check exiting 1 runs the program in test_import_draft.py)
    p = _write(tmp_path, mitigators=None)
    r = cli("check", "--strict", p)
    assert r.returncode == 1
    assert "BLOCK" in r.stdout and "complete.mitigators" in r.stdout


def test_check_strict_passes_a_complete_postmortem(cli_inproc):
    cli = cli_inproc  # what --strict finds: in process
    r = cli("check", "--strict", COMPLETE)
    assert r.returncode == 0, r.stdout + r.stderr


def test_severity_config_blocks_or_switches_off(cli_inproc, tmp_path):
    cli = cli_inproc  # what the severities change: in process
    p = _write(tmp_path, mitigators=None, lessons=None)
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('[lint.severity]\n"complete.mitigators" = "block"\n"complete.lessons" = "off"\n', encoding="utf-8")
    r = cli("--config", cfg, "check", "--format", "json", p)
    assert r.returncode == 1
    rules = {f["rule"]: f["severity"] for f in json.loads(r.stdout)["findings"]}
    assert rules["complete.mitigators"] == "block" and "complete.lessons" not in rules


def test_unknown_severity_key_is_a_config_error(cli, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('[lint.severity]\n"complete.mitigator" = "block"\n', encoding="utf-8")
    r = cli("--config", cfg, "check", COMPLETE)
    assert r.returncode == 2
    assert "complete.mitigator" in r.stderr and "did you mean `complete.mitigators`" in r.stderr
    assert "Traceback" not in r.stderr
