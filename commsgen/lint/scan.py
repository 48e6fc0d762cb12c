"""``commsgen scan --lint``: the redaction scan of ``commsgen scan`` plus the customer writing checks
(``lang.``, ``legal.``, ``blame.``, ``placeholder.marker``) on plain text or Markdown files, read as
if they were the customer version. One report, in the scan's formats (text, json, sarif); the exit
code is the scan's: 0 nothing blocking, 1 blocking findings, 2 a file is missing or unreadable.

Writing findings warn unless ``lint.severity`` (of ``--config``) raises them to ``block``, as in
``check``; placeholders block by default, as they refuse a customer version.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from commsgen.config import Config
from commsgen.errors import EXIT_BLOCKED, EXIT_INVALID, EXIT_OK, UserError
from commsgen.findings import Finding, sort_key


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
    from commsgen.config import load_config
    from commsgen.redact import context_for, findings_for
    from commsgen.redact.files import read_text
    from commsgen.redact.settings import scan_config

    sctx = context_for(None, scan_config(config_path))
    config = load_config(config_path)
    findings: list[Finding] = []
    invalid = False
    for f in files:
        try:
            text = read_text(f)
        except UserError as e:
            echo(f"commsgen: {e.render()}", err=True)
            invalid = True
            continue
        findings.extend(findings_for(text, "customer", sctx, file=f))
        findings.extend(text_findings(text, f, config))
    findings.sort(key=sort_key)
    if fmt == "sarif":
        from commsgen.redact.sarif import to_sarif
        echo(to_sarif(findings))
    elif fmt == "json":
        from commsgen.redact.api import finding_dict
        echo(json.dumps({"findings": [finding_dict(f) for f in findings]}, ensure_ascii=False))
    else:
        from commsgen.report import format_findings
        echo(format_findings(findings, "text", files=list(files)))
    if invalid:
        return EXIT_INVALID
    return EXIT_BLOCKED if any(f.blocking for f in findings) else EXIT_OK
