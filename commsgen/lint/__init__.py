"""Writing checks: customer language (``lang.``), legal wording (``legal.``), blameless wording
(``blame.``), completeness (``complete.``), times that agree (``time.``) and text left from the
skeleton (``placeholder.``). Rule ids: commsgen/lint/ids.py; docs/WRITING-CHECKS.md.

    ctx = context_for(postmortem, config)          # once per postmortem + config
    lint_text(rendered_text, "customer", ctx)      # per audience output, cheap (< 10 ms on 20 KB)
    lint_sources(items, "customer", ctx, locate)   # the source fields an output is made of
    lint_model(loaded, config, today=None)         # on the model, located in the source file

The names are imported on first use (PEP 562), so ``commsgen.lint.ids`` stays a leaf that the
configuration imports without importing the checks.
"""

from __future__ import annotations

from typing import Any

_WHERE = {
    "lint_text": "commsgen.lint.api",
    "lint_model": "commsgen.lint.api",
    "lint_sources": "commsgen.lint.api",
    "context_for": "commsgen.lint.context",
    "LintContext": "commsgen.lint.context",
    "RULES": "commsgen.lint.rules",
    "RULE_IDS": "commsgen.lint.ids",
    "level_for": "commsgen.lint.ids",
}

__all__ = list(_WHERE)


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'commsgen.lint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value
