"""Findings as text (for people) or JSON (for machines)."""

from __future__ import annotations

import json

from commsgen.findings import Finding, sort_key


def format_findings(findings: list[Finding], fmt: str = "text", *, files: list[str] | None = None) -> str:
    findings = sorted(findings, key=sort_key)
    if fmt == "json":
        return json.dumps({"findings": [f.to_dict() for f in findings]}, indent=2, default=str)
    lines = []
    for f in findings:
        tag = "BLOCK" if f.blocking else ("waived" if f.waived else f.severity)
        aud = f" [{f.audience}]" if f.audience else ""
        lines.append(f"{f.location()}: {tag}{aud} {f.rule}: {f.message}")
        if f.excerpt:
            lines.append(f"    excerpt: {f.excerpt}")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
        if f.waived:
            lines.append(f"    waived: {f.waived}")
    blocking = sum(f.blocking for f in findings)
    warns = sum(1 for f in findings if f.severity == "warn" and not f.waived)
    waived = sum(1 for f in findings if f.waived)
    n = len(files) if files is not None else len({f.file for f in findings})
    lines.append(f"{n} file(s) checked: {blocking} blocking, {warns} warning(s), {waived} waived")
    return "\n".join(lines)
