"""``commsgen scan --lint``: the redaction scan of ``commsgen scan`` plus the customer writing checks
(``lang.``, ``legal.``, ``blame.``, ``placeholder.marker``) on plain text or Markdown files, read as
if they were the customer version. One report, in the scan's formats (text, json, sarif); the exit
code is the scan's: 0 nothing blocking, 1 blocking findings, 2 a file is missing or unreadable.

Writing findings warn unless ``lint.severity`` (of ``--config``) raises them to ``block``, as in
``check``; placeholders block by default, as they refuse a customer version.
"""

from __future__ import annotations

from collections.abc import Callable

from commsgen.config import Config
from commsgen.findings import Finding


def text_findings(text: str, file: str, config: Config) -> list[Finding]:
    """Customer writing findings for one plain text, located in it (line, column)."""
    from commsgen.lint.api import lint_sources, lint_text
    from commsgen.lint.context import context_for
    from commsgen.lint.text import Doc

    ctx = context_for(None, config, file=file)
    found = lint_text(text, "customer", ctx)
    doc = Doc.of(text)
    found += lint_sources([(None, text)], "customer", ctx, lambda _f, _t, off: doc.position(off))
    for f in found:
        f.file = file
    return found


def run_scan_lint(files: list[str], fmt: str, config_path: str | None, echo: Callable[..., None]) -> int:
    """``commsgen scan --lint``: ``run_scan`` with the writing findings of each file in the report."""
    from commsgen.config import Config as _Config
    from commsgen.redact.command import run_scan

    def extra(text: str, file: str, config: Config | None) -> list[Finding]:
        return text_findings(text, file, config if config is not None else _Config.default())

    return run_scan(files, fmt, config_path, echo, extra=extra)
