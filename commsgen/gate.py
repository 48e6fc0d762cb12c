"""The redaction gate: the last step before anything is written.

It scans the final text of an output (for a PDF: the text read back from the PDF bytes), masks
secrets in every version, and refuses an output with blocking findings unless each one is
waived, or masked on request (``--redact``). Each finding names the source field it came from
(``timeline[3].public_text``) when the text can be traced to one.
"""
from __future__ import annotations

import bisect
import re

from commsgen.findings import Finding
from commsgen.model.loader import Loaded
from commsgen.views.common import Sources


def scan_context(loaded: Loaded, config):
    """The scan context of one postmortem under one configuration (memoised on the Loaded)."""
    from commsgen.redact.context import context_for

    cache = loaded.__dict__.setdefault("_scan_ctx", {})
    key = id(config)
    if key not in cache:
        cache[key] = (config, context_for(loaded.postmortem, config))
    return cache[key][1]


ENGINEERING_KINDS = frozenset({"secret"})
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(field: str) -> tuple:
    """``timeline[3].public_text`` -> ("timeline", 3, "public_text")."""
    return tuple(int(i) if i else name for name, i in _PATH_PART.findall(field))


class _Lines:
    """Line starts of one output, computed once: finding positions <-> offsets in the text."""

    def __init__(self, text: str):
        self.text = text
        starts, find, i = [0], text.find, text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def matched(self, f: Finding) -> str:
        """The text a finding points at (on its first line)."""
        if not f.line or f.line > len(self.starts):
            return ""
        start = self.starts[f.line - 1]
        end = self.text.find("\n", start)
        line = self.text[start:] if end < 0 else self.text[start:end]
        return line[(f.column or 1) - 1:(f.end_column or len(line) + 1) - 1]


def gate(text: str, audience: str, loaded: Loaded, config, sources: Sources | None, *,
         redact: bool = False) -> tuple[str, list[Finding]]:
    """Scan ``text`` as the ``audience`` version. Returns the text to publish (secrets masked; with
    ``redact`` every blocking finding masked) and the findings, located in the output (``line``)
    and traced to their source field (``field``)."""
    from commsgen.redact import findings_for
    from commsgen.redact.mask import mask_text
    from commsgen.redact.policy import always_masked
    from commsgen.redact.scanner import scan

    ctx = scan_context(loaded, config)
    # engineering blocks nothing: only what is masked in every version (secrets) is looked for there
    matches = scan(text, ctx, kinds=ENGINEERING_KINDS if audience == "engineering" else None)
    if not matches:
        return text, []
    findings = findings_for(text, audience, ctx, file=loaded.path, matches=matches)
    lines = _Lines(text)
    for f in findings:
        if sources is not None:
            f.field = sources.field_for(lines.matched(f))
        f.extra = dict(f.extra or {}, output_line=f.line)
        _source_position(f, loaded, lines)
    to_mask = [m for m in matches if always_masked(m.kind)]
    if redact:
        blocking = {(f.line, f.column) for f in findings if f.blocking}
        to_mask += [m for m in matches if lines.position(m.start) in blocking]
        for f in findings:
            if f.blocking:
                f.severity = "info"
                f.extra["masked"] = True
                f.message = "masked: " + f.message
    if to_mask:
        text = mask_text(text, to_mask)
    return text, findings


def lint_context(loaded: Loaded, config):
    from commsgen.lint import context_for

    cache = loaded.__dict__.setdefault("_lint_ctx", {})
    key = id(config)
    if key not in cache:
        cache[key] = (config, context_for(loaded.postmortem, config, file=loaded.path))
    return cache[key][1]


def lint_output(text: str, audience: str, loaded: Loaded, config, sources: Sources | None) -> list[Finding]:
    """Writing checks on an output's final text, traced to source fields like redaction findings."""
    from commsgen.lint import lint_text

    findings = lint_text(text, audience, lint_context(loaded, config))
    lines = _Lines(text) if findings and sources is not None else None
    for f in findings:
        f.file = loaded.path
        f.audience = audience
        if sources is not None and f.field is None and f.end_column:
            f.field = sources.field_for(lines.matched(f))
        f.extra = dict(f.extra or {}, output_line=f.line)
        if lines is not None and f.end_column:
            _source_position(f, loaded, lines)
    return findings


def _source_position(f: Finding, loaded: Loaded, lines: _Lines) -> None:
    """Where the offending text sits in the source (inside its field's value, not at the key):
    ``extra["source_position"]`` = [line, column, end column]; ``pipeline`` moves it to the finding."""
    if f.field:
        pos = loaded.locator.locate_text(parse_path(f.field), lines.matched(f))
        if pos is not None:
            f.extra["source_position"] = list(pos)


def refusal_reason(findings: list[Finding]) -> str | None:
    blocking = [f for f in findings if f.blocking]
    if not blocking:
        return None
    kinds = sorted({f.kind for f in blocking})
    first = blocking[0]
    where = f" at `{first.field}`" if first.field else f" on output line {first.line}"
    shown = f" ({first.excerpt})" if first.excerpt else ""
    return (f"{len(blocking)} blocking finding(s) ({', '.join(kinds)}), first: {first.rule}{where}{shown}; "
            "fix the source, waive a redaction finding in `redaction.allow` with a reason, or use --redact")
