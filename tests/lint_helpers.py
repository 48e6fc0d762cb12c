"""Shared helpers for the writing-check tests (tests/test_lint_*.py)."""

from __future__ import annotations

from pathlib import Path

import yaml

from commsgen.config import parse_config
from commsgen.lint import context_for, lint_text
from commsgen.model.loader import loads

COMPLETE = Path(__file__).resolve().parent / "data" / "lint" / "complete.yaml"


def config(**sections):
    """A Config from keyword sections, e.g. config(lint={"max_grade": 6}, glossary={...})."""
    return parse_config(sections, "test-commsgen.toml")


def postmortem_text(**changes) -> str:
    """complete.yaml with top-level keys replaced (value None deletes the key)."""
    data = yaml.safe_load(COMPLETE.read_text(encoding="utf-8"))
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return yaml.safe_dump(data, sort_keys=False)


def loaded(**changes):
    return loads(postmortem_text(**changes), "pm.yaml")


def ctx(cfg=None, **changes):
    return context_for(loaded(**changes).postmortem, cfg or config())


def rules(text: str, audience: str = "customer", c=None) -> list[str]:
    return [f.rule for f in lint_text(text, audience, c or ctx())]


def hits(text: str, rule: str, audience: str = "customer", c=None):
    return [f for f in lint_text(text, audience, c or ctx()) if f.rule == rule]
