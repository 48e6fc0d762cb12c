"""`commsgen check` over many files: the paths as batch takes them (files, folders searched
recursively, globs) and a per-file summary under the findings.

Text: the findings, then ``N file(s) checked: B blocking, W warning(s), V waived`` and, for more
than one file, ``per file: C clean, W with warnings, B blocked, I invalid``. JSON stays the
contract ``{"findings": [...]}`` (README): each finding names its file.
"""

from __future__ import annotations

from commsgen.config import Config
from commsgen.errors import InputError, Problem
from commsgen.findings import Finding

STATUSES = ("clean", "warnings", "blocked", "invalid")


def expand(paths: tuple[str, ...] | list[str]) -> list[str]:
    """Files, folders (recursively: *.yaml, *.yml, *.json) and globs, in batch's order, once each.
    A named file that does not exist stays in the list (the loader reports it, exit 2)."""
    from commsgen.batch import collect

    files = [str(p) for p in collect(paths)]
    if not files:
        raise InputError(
            Problem("no postmortem files (*.yaml, *.yml, *.json) found in " + ", ".join(paths), rule="input.missing")
        )
    return files


def check_all(paths: list[str], config: Config) -> tuple[list[Finding], set[str]]:
    """Every finding of every file, and the files that could not be read or validated."""
    from commsgen import pipeline

    findings: list[Finding] = []
    invalid: set[str] = set()
    for f in paths:
        loaded, found = pipeline.check_path(f, config)
        if loaded is None:
            invalid.add(f)
        findings.extend(found)
    return findings, invalid


def statuses(findings: list[Finding], paths: list[str], invalid: set[str]) -> dict[str, str]:
    out = {p: "clean" for p in paths}
    for f in findings:
        if f.file not in out or out[f.file] in ("invalid", "blocked"):
            continue
        if f.blocking:
            out[f.file] = "blocked"
        elif f.severity == "warn" and not f.waived:
            out[f.file] = "warnings"
    for p in invalid:
        out[p] = "invalid"
    return out


def summarise(findings: list[Finding], fmt: str, paths: list[str], invalid: set[str]) -> str:
    from commsgen.report import format_findings

    per = statuses(findings, paths, invalid)
    counts = {s: sum(v == s for v in per.values()) for s in STATUSES}
    if fmt == "json":  # the contract: {"findings": [...]} and nothing else (each finding names its file)
        return format_findings(findings, "json", files=paths)
    text = format_findings(findings, "text", files=paths)
    if len(paths) > 1:
        text += (
            f"\nper file: {counts['clean']} clean, {counts['warnings']} with warnings, "
            f"{counts['blocked']} blocked, {counts['invalid']} invalid"
        )
    return text
