"""The text of a new postmortem: the ``commsgen new`` skeleton (templates/skeleton.yaml), or, when
that template is not installed, a minimal valid postmortem embedded here."""
from __future__ import annotations

FALLBACK = """\
# A new postmortem. Fill in every field; `commsgen check` lists what is missing.
format: commsgen/postmortem/v1
id: INC-YYYY-NNNN
title: Short internal title
status: draft
event_type: outage          # outage | degradation | security | data-loss | performance | other
severity: SEV3              # SEV1 is the worst
services:
  - id: internal-service-name
    public_name: Public name customers know
people:
  - {name: Your Name, role: lead}
times:
  started: 2026-01-01T00:00:00Z
summary: |
  What happened, for engineers.
impact:
  description: Who was affected and how.
timeline:
  - at: 2026-01-01T00:00:00Z
    text: Impact begins.
    kind: observation
"""


def skeleton_text() -> str:
    try:
        from commsgen.resources import builtin_templates

        path = builtin_templates() / "skeleton.yaml"
        return path.read_text(encoding="utf-8")
    except (OSError, RuntimeError):
        return FALLBACK
