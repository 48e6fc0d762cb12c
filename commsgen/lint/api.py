"""The writing checks as the pipeline, the CLI and the TUI call them.

``lint_text`` reads one audience's rendered output; ``lint_sources`` reads the source fields an
output is made of; ``lint_model`` reads the postmortem itself. All return ``Finding`` objects
(kind = the rule's family), with the severity set by ``lint.severity`` (block | warn | off) or the
rule's default. Rules switched off are not run; ``blocking_only`` runs only rules that block.
"""

from __future__ import annotations

from commsgen import clock

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, cast

from commsgen.config import Config
from commsgen.findings import Finding, Severity
from commsgen.lint.context import LintContext, context_for
from commsgen.lint.ids import level_for
from commsgen.lint.rules import MODEL_RULES, SOURCE_RULES, TEXT_RULES
from commsgen.lint.rules_text import LISTED, More
from commsgen.lint.text import Doc
from commsgen.model.loader import Loaded, format_path
from commsgen.outputs import AUDIENCES


def _check_audience(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience `{audience}` (one of {', '.join(AUDIENCES)})")


def _levels(rules, audience: str, ctx: LintContext, blocking_only: bool):
    for rule in rules:
        if audience not in rule.audiences:
            continue
        level = level_for(rule.id, ctx.severity, audience)
        if level == "off" or (blocking_only and level != "block"):
            continue
        yield rule, level


def lint_text(text: str, audience: str, ctx: LintContext, *, blocking_only: bool = False) -> list[Finding]:
    """Writing findings for one audience's rendered text; line/column are positions in ``text``."""
    _check_audience(audience)
    doc = Doc.of(text)
    out: list[Finding] = []
    for rule, level in _levels(TEXT_RULES, audience, ctx, blocking_only):
        kept = more = 0
        for issue in rule.check(doc, ctx):
            if isinstance(issue, More):  # a check that counts what it does not make
                more += issue.n
                continue
            if kept >= MAX_FINDINGS_PER_RULE:
                more += 1  # counted, not listed
                continue
            line = col = end_col = None
            if issue.start is not None:
                line, col = doc.position(issue.start)
                if issue.end is not None:
                    end_line, end = doc.position(issue.end)
                    end_col = end if end_line == line else None
            out.append(_finding(rule, level, issue, ctx, audience, line=line, column=col, end_column=end_col))
            kept += 1
        if more:
            last = out[-1]
            last.message += f" ({more} more of this rule in this output are not listed)"
            last.extra = dict(last.extra or {}, not_listed=more)
    return out


# findings of one writing check listed per output: a hostile text can hold a hundred thousand (a
# jargon word repeated over a megabyte line); the last one listed says how many more there are
# (``extra["not_listed"]``), as the redaction gate's findings do (``gate.MAX_FINDINGS_PER_RULE``)
MAX_FINDINGS_PER_RULE = LISTED


def _finding(rule: Any, level: str, issue: Any, ctx: LintContext, audience: str, **where: Any) -> Finding:
    """A writing check's issue as a finding (``where``: field, line, column, end column)."""
    return Finding(
        kind=rule.kind,
        rule=rule.id,
        severity=cast(Severity, level),  # block or warn: level_for's "off" is skipped
        message=issue.message,
        file=ctx.file,
        audience=audience,
        excerpt=issue.excerpt,
        suggestion=issue.suggestion,
        **where,
    )


# where a (field, offset in its text) is: (line, column) in the file, or (None, None)
Locate = Callable[[str | None, str, int], tuple[int | None, int | None]]


def lint_sources(
    items: Iterable[tuple[str | None, str]],
    audience: str,
    ctx: LintContext,
    locate: Locate | None = None,
    *,
    blocking_only: bool = False,
) -> list[Finding]:
    """Findings on the source fields ``items`` ((field path, text) pairs) an audience's output is made
    of; ``locate`` places an offset of a field's text in the file. One finding per field and rule."""
    _check_audience(audience)
    items = [(f, t) for f, t in items if isinstance(t, str) and t.strip()]
    out: list[Finding] = []
    for rule, level in _levels(SOURCE_RULES, audience, ctx, blocking_only):
        seen: set[str | None] = set()
        for field, text in items:
            if field is not None and field in seen:
                continue
            for issue in rule.check(field, text, ctx):
                seen.add(field)
                line = col = None
                if locate is not None:
                    line, col = locate(field, text, issue.start or 0)
                out.append(_finding(rule, level, issue, ctx, audience, field=field, line=line, column=col))
                break  # the first hit names the field; the writer will see the rest there
    return out


def lint_model(
    loaded: Loaded, config: Config, *, today: date | None = None, ctx: LintContext | None = None
) -> list[Finding]:
    """Completeness, time and root-cause findings on the model, located in the source file."""
    pm = loaded.postmortem
    ctx = ctx or context_for(pm, config, file=loaded.path)
    today = today or clock.today()
    out: list[Finding] = []
    refine = None
    for rule in MODEL_RULES:
        level = level_for(rule.id, ctx.severity, rule.audiences[0])
        if level == "off":
            continue
        for issue in rule.check(pm, ctx, today):
            line, col = loaded.locator.locate(issue.path)
            if issue.excerpt and isinstance(_value_at(pm, issue.path), str):  # the words, lines into a block
                refine = refine or source_locator(loaded)
                line, col = refine(format_path(issue.path), issue.excerpt, 0)
            out.append(
                Finding(
                    kind=rule.kind,
                    rule=rule.id,
                    severity=cast(Severity, level),  # block or warn: level_for's "off" is skipped
                    message=issue.message,
                    file=loaded.path,
                    audience=rule.audiences[0],
                    field=format_path(issue.path),
                    line=line,
                    column=col,
                    suggestion=issue.suggestion,
                    excerpt=issue.excerpt,
                )
            )
    return out


def source_locator(loaded: Loaded) -> Locate:
    """(line, column) in ``loaded``'s file of an offset in a field's text: the field's value is
    located from the node tree, then the words at the offset are looked for from there on (a
    block scalar starts a line below its key; a hit may be lines further down)."""
    import bisect
    import re

    from commsgen.gate import parse_path

    text = loaded.text
    starts: list[int] = []

    def locate(field: str | None, value: str, offset: int) -> tuple[int | None, int | None]:
        if field is None:
            return None, None
        if not starts:  # line starts, on the first finding only
            starts.extend([0] + [m.end() for m in re.finditer("\n", text)])
        line, col = loaded.locator.locate(parse_path(field))
        if line is None or line > len(starts):
            return line, col
        base = starts[line - 1] + (col or 1) - 1
        needle = value[offset : offset + 24].split("\n", 1)[0].strip()
        at = text.find(needle, base, base + 2 * len(value) + 400) if needle else -1
        if at < 0:
            return line, col
        i = bisect.bisect_right(starts, at) - 1
        return i + 1, at - starts[i] + 1

    return locate


def lint_fields(
    loaded: Loaded,
    audience: str,
    ctx: LintContext,
    items: Iterable[tuple[str | None, str]],
    *,
    blocking_only: bool = False,
) -> list[Finding]:
    """``lint_sources`` on the fields an audience's output is made of (``items``: its ``Sources``
    items) and the names and ids it shows, located in ``loaded``'s file."""
    from commsgen.lint.rules_placeholder import structural_fields

    every = list(items) + [(f, v) for f, v in structural_fields(loaded.postmortem, audience) if v]
    found = lint_sources(every, audience, ctx, source_locator(loaded), blocking_only=blocking_only)
    for f in found:
        f.file = loaded.path
        f.extra["source_line"] = True  # already a line of the postmortem, not of the output
    return found


def _value_at(obj, path: tuple):
    for part in path:
        obj = obj[part] if isinstance(part, int) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj
