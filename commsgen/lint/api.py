"""The writing checks as the pipeline, the CLI and the TUI call them.

``lint_text`` reads one audience's rendered output; ``lint_model`` reads the postmortem itself.
Both return ``Finding`` objects (kind = the rule's family), with the severity set by
``lint.severity`` (block | warn | off; default warn). Rules switched off are not run.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from commsgen.config import Config
from commsgen.findings import Finding
from commsgen.lint.context import LintContext, context_for
from commsgen.lint.rules import MODEL_RULES, TEXT_RULES, level_for
from commsgen.lint.text import Doc
from commsgen.model.loader import Loaded, format_path
from commsgen.outputs import AUDIENCES


def lint_text(text: str, audience: str, ctx: LintContext) -> list[Finding]:
    """Writing findings for one audience's rendered text; line/column are positions in ``text``."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience `{audience}` (one of {', '.join(AUDIENCES)})")
    doc = Doc.of(text)
    out: list[Finding] = []
    for rule in TEXT_RULES:
        if audience not in rule.audiences:
            continue
        level = level_for(rule.id, ctx.severity)
        if level == "off":
            continue
        for issue in rule.check(doc, ctx):
            line = col = end_col = None
            if issue.start is not None:
                line, col = doc.position(issue.start)
                if issue.end is not None:
                    end_line, end = doc.position(issue.end)
                    end_col = end if end_line == line else None
            out.append(Finding(kind=rule.kind, rule=rule.id, severity=level, message=issue.message,
                               file=ctx.file, audience=audience, line=line, column=col, end_column=end_col,
                               excerpt=issue.excerpt, suggestion=issue.suggestion))
    return out


def lint_model(loaded: Loaded, config: Config, *, today: date | None = None,
               ctx: LintContext | None = None) -> list[Finding]:
    """Completeness and root-cause findings on the model, located in the source file."""
    pm = loaded.postmortem
    ctx = ctx or context_for(pm, config, file=loaded.path)
    today = today or datetime.now(timezone.utc).date()
    out: list[Finding] = []
    for rule in MODEL_RULES:
        level = level_for(rule.id, ctx.severity)
        if level == "off":
            continue
        for issue in rule.check(pm, ctx, today):
            line, col = loaded.locator.locate(issue.path)
            out.append(Finding(kind=rule.kind, rule=rule.id, severity=level, message=issue.message,
                               file=loaded.path, audience=rule.audiences[0], field=format_path(issue.path),
                               line=line, column=col, suggestion=issue.suggestion))
    return out
