"""The work of ``commsgen scan``, shared by the click command (``commsgen.cli``) and the fast entry
point (``commsgen.entry``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commsgen.findings import Finding
    from commsgen.redact.context import ScanContext

FORMATS = ("text", "json", "sarif")


def run_scan(
    files: list[str],
    fmt: str,
    config_path: str | None,
    echo: Callable[..., None],
    *,
    extra: Callable[[str, str, Any], list[Finding]] | None = None,
) -> int:
    """Scan ``files`` as customer-facing text, print the report with ``echo(text, err=False)``, and
    return the exit code: 0 nothing found, 1 findings, 2 a file is missing, unreadable or not UTF-8.
    A configuration mistake raises ``UserError`` (the caller prints it, exit 2). ``extra(text, file,
    config)`` adds findings of other checks to the same report (``scan --lint``)."""
    # the JSON report of distinct files takes the fast path (``_scan_json``), whose first file is
    # read while the learning round's modules are imported; a large one then starts learning from its
    # bytes (``looselearn.learn_ahead``), and the configuration is read and the scanner's modules
    # imported while it learns
    fast = fmt == "json" and extra is None and len(set(files)) == len(files)
    first = None
    if fast and files:
        from commsgen.redact.files import prefetch

        ahead = prefetch(files[0])
        from commsgen.redact import looselearn

        first = ahead()
        if first is not None:
            looselearn.learn_ahead(first)
    try:
        from commsgen.errors import UserError
        from commsgen.redact import context_for, findings_for
        from commsgen.redact.files import read_text
        from commsgen.redact.settings import scan_config

        config = scan_config(config_path)
        sctx = context_for(None, config)
    except BaseException:
        if first is not None:
            looselearn.drop_ahead()
        raise
    if fast:
        return _scan_json(files, sctx, echo, first)
    findings, invalid = [], False
    for f in files:
        try:
            text = read_text(f)
        except UserError as e:
            echo(f"commsgen: {e.render()}", err=True)
            invalid = True
            continue
        findings.extend(findings_for(text, "customer", sctx, file=f))
        if extra is not None:
            findings.extend(extra(text, f, config))
    if fmt == "sarif":
        from commsgen.redact.sarif import to_sarif

        echo(to_sarif(findings))
    elif fmt == "json":
        import json

        from commsgen.findings import sort_key

        findings.sort(key=sort_key)
        echo(json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False))
    else:
        from commsgen.report import format_findings

        echo(format_findings(findings, fmt, files=list(files)))
    from commsgen.errors import exit_code

    return exit_code(invalid=invalid, blocked=any(f.blocking for f in findings))


def _scan_json(files: list[str], sctx: ScanContext, echo: Callable[..., None], first: bytes | None = None) -> int:
    """``run_scan`` for ``--format json`` and distinct file names: each file's findings come sorted
    and encoded from ``findings_json`` (large files in parallel parts); the report orders the
    files by name as ``findings.sort_key`` does, so the output is the one the general path writes."""
    import gc

    from commsgen.errors import UserError, exit_code
    from commsgen.redact import looselearn
    from commsgen.redact.api import findings_json_parts
    from commsgen.redact.files import decode, read_bytes

    bodies, invalid, blocked = [], False, False
    # thousands of findings make no reference cycles: the collector's passes over them are wasted,
    # the report included (a full pass over them, were it let run before the report is printed,
    # costs 10 ms on the 20 MB benchmark file: docs/PERFORMANCE.md)
    collecting = gc.isenabled()
    gc.disable()
    try:
        for i, f in enumerate(files):
            try:
                data = read_bytes(f, first if i == 0 else None)
                # a large file's learning round starts from its bytes, while they are decoded
                looselearn.learn_ahead(data)
                text = decode(f, data)
            except UserError as e:
                echo(f"commsgen: {e.render()}", err=True)
                invalid = True
                continue
            parts, blocks = findings_json_parts(text, "customer", sctx, file=f, data=data)
            blocked = blocked or blocks
            if parts:
                bodies.append((f, parts))
        bodies.sort(key=lambda fb: fb[0])
        # one join of every piece: the report (megabytes for a large file) is copied once
        pieces = ['{"findings": [']
        for _, parts in bodies:
            for body in parts:
                pieces += (body, ", ")
        if bodies:
            pieces.pop()
        pieces.append("]}")
        echo("".join(pieces))
    finally:
        if collecting:
            gc.enable()
    return exit_code(invalid=invalid, blocked=blocked)
