"""The v1.1 additions of the spec: optional, validated like every other field, and v1 files stay valid."""

import pytest

from commsgen.errors import UserError
from commsgen.model.loader import loads

BASE = """\
format: commsgen/postmortem/v1
id: INC-1
title: t
status: draft
event_type: outage
severity: SEV3
services: [{id: api}]
people: [{name: A B, role: lead}]
times: {started: 2026-11-20T14:02:00Z}
summary: s
impact: {description: d}
timeline: [{at: 2026-11-20T14:02:00Z, text: x}]
"""


def _load(extra: str):
    return loads(BASE + extra, "pm.yaml")


def test_v1_file_without_additions_is_valid_and_slo_unknown():
    pm = _load("").postmortem
    assert pm.tags == [] and pm.trigger_kind is None and pm.detection_source is None
    assert pm.related == [] and pm.exclude_from_metrics is False
    assert pm.impact.slo_breached is None  # absent means unknown


def test_additions_are_read():
    pm = _load(
        "tags: [area:checkout, db]\ntrigger_kind: config-push\ndetection_source: customer\n"
        "related: [{id: INC-0, relation: similar}]\nexclude_from_metrics: true\n"
        "executive: {title: Headline}\n"
    ).postmortem
    assert pm.tags == ["area:checkout", "db"] and pm.trigger_kind == "config-push"
    assert pm.detection_source == "customer" and pm.related[0].relation == "similar"
    assert pm.exclude_from_metrics is True and pm.executive.title == "Headline"


def test_event_external_id():
    text = BASE.replace("text: x}", "text: x, external_id: Q1}")
    assert loads(text, "pm.yaml").postmortem.timeline[0].external_id == "Q1"


@pytest.mark.parametrize(
    "extra",
    [
        "trigger_kind: deploy\n",
        "detection_source: pager\n",
        "related: [{id: X, relation: sibling}]\n",
        "related: [{relation: similar}]\n",
    ],
)
def test_bad_additions_are_located_errors(extra):
    with pytest.raises(UserError) as e:
        _load(extra)
    assert "pm.yaml" in str(e.value)
