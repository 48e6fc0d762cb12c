"""SARIF 2.1.0 output, so code-scanning tools (GitHub code scanning, IDEs) show the findings."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from pathlib import Path

from commsgen import __version__
from commsgen.findings import Finding
from commsgen.redact.ruledocs import all_rule_docs

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"block": "error", "warn": "warning", "info": "note"}


def _uri(file: str | None) -> str:
    if not file:
        return "stdin"
    p = Path(file)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def to_sarif(findings: list[Finding]) -> str:
    docs = {rid: (kind, summary, leaves) for rid, kind, summary, leaves in all_rule_docs()}
    used = sorted({f.rule for f in findings})
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rid in used:
        kind, summary, leaves = docs.get(rid, ("", rid, ""))
        index[rid] = len(rules)
        text = summary + (f". Leaves alone: {leaves}." if leaves else "")
        rules.append(
            {
                "id": rid,
                "name": rid.replace(".", "/"),
                "shortDescription": {"text": summary[:200]},
                "fullDescription": {"text": text},
                "helpUri": "https://example.invalid/commsgen/docs/REDACTION.md#" + rid.replace(".", "-"),
                "defaultConfiguration": {"level": "error"},
                "properties": {"kind": kind, "tags": ["redaction", kind]},
            }
        )
    results = []
    for f in findings:
        region: dict[str, Any] = {"startLine": f.line or 1, "startColumn": f.column or 1}
        if f.end_column:
            region["endColumn"] = f.end_column
        if f.excerpt:
            region["snippet"] = {"text": f.excerpt}
        fp = hashlib.sha256(f"{f.rule}\0{f.excerpt}".encode()).hexdigest()[:32]
        res = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _LEVEL.get(f.severity, "warning"),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.file)}, "region": region}}],
            "partialFingerprints": {"commsgenFinding/v1": fp},
            "properties": {"kind": f.kind},
        }
        if f.waived:
            res["suppressions"] = [{"kind": "external", "justification": f.waived}]
        results.append(res)
    run = {
        "tool": {
            "driver": {
                "name": "commsgen",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://example.invalid/commsgen",
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, indent=2)
