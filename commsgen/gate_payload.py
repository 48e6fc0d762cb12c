"""The gate for machine payloads (``statuspage.json``, ``cachet.json``, ``gatus.yaml``); ``gate.gate``
hands them here.

A program that posts a payload reads its decoded string values, not its bytes: in JSON a line break
inside a value is the two characters ``\\n``, so a token at the start of a line follows the letter
``n`` in the bytes, and YAML may write a character as an escape (``\\U0001D422``). So each string
value is decoded and scanned on its own, as it is and as the Markdown text a status page shows
(``readings``), besides the bytes as written. With ``--redact`` the values are masked and the
payload is encoded again by the writer that made it (``export.status.encode_payload``), then the
new bytes and values are scanned again: anything left keeps blocking (fail closed).
"""

from __future__ import annotations

from typing import Any

from commsgen.findings import Finding
from commsgen.gate import _findings, _to_mask, find_all, mask_and_verify


def _strings(data: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, value) of every string in ``data``, keys excluded, in document order."""
    out: list[tuple[str, str]] = []
    if isinstance(data, str):
        out.append((path, data))
    elif isinstance(data, dict):
        for k, v in data.items():
            out += _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _strings(v, f"{path}[{i}]")
    return out


def _replace(data: Any, new: dict[str, str], path: str = "") -> Any:
    if isinstance(data, str):
        return new.get(path, data)
    if isinstance(data, dict):
        return {k: _replace(v, new, f"{path}.{k}" if path else str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace(v, new, f"{path}[{i}]") for i, v in enumerate(data)]
    return data


def _value_line(text: str, value: str) -> int | None:
    """The output line where ``value`` is written (its first 40 characters, as JSON writes them)."""
    import json

    for probe in (json.dumps(value[:40], ensure_ascii=False)[1:-1], value[:40]):
        at = text.find(probe) if probe else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def gate_payload(
    text: str, fmt: str, audience: str, loaded, config, sources, ctx, kinds, *, redact: bool = False
) -> tuple[str, list[Finding]]:
    from commsgen.export.status import decode_payload, encode_payload
    from commsgen.redact.mask import mask_text

    def scan_all(t: str) -> tuple[list, list[tuple[str, str, list]]]:
        raw = find_all(t, None, ctx, kinds, audience)
        try:
            data = decode_payload(fmt, t)
        except ValueError:
            data = None
        values = [(p, v, find_all(v, "md", ctx, kinds, audience)) for p, v in _strings(data)]
        return raw, [x for x in values if x[2]]

    raw, values = scan_all(text)
    findings = _findings(text, audience, ctx, loaded, sources, raw) if raw else []
    seen = {(f.rule, f.excerpt) for f in findings}
    for path, value, ms in values:
        for f in _findings(value, audience, ctx, loaded, sources, ms):
            if (f.rule, f.excerpt) in seen:
                continue
            seen.add((f.rule, f.excerpt))
            f.line = _value_line(text, value)
            f.column = f.end_column = None
            f.extra = dict(f.extra or {}, output_line=f.line, scanned=f"{fmt} value `{path}`")
            findings.append(f)
    if not findings:
        return text, []
    published = text
    todo_values = {
        p: mask_text(v, _to_mask(ms, audience, ctx, redact))
        for p, v, ms in values
        if _to_mask(ms, audience, ctx, redact)
    }
    if todo_values:
        published = encode_payload(fmt, _replace(decode_payload(fmt, text), todo_values))
    published, residual = mask_and_verify(
        published,
        find_all(published, None, ctx, kinds, audience),
        audience,
        ctx,
        redact,
        lambda t: find_all(t, None, ctx, kinds, audience),
    )
    try:  # a mask on the bytes must leave a payload a program can still read
        decode_payload(fmt, published)
    except Exception:  # JSON's ValueError or YAML's YAMLError: unreadable either way
        return text, findings  # not masked: the findings keep blocking (fail closed)
    _, left_values = scan_all(published)
    residual += [m for _, _, ms in left_values for m in _to_mask(ms, audience, ctx, redact)]
    if redact and not residual:
        for f in findings:
            if f.blocking:
                f.severity = "info"
                f.extra["masked"] = True
                f.message = "masked: " + f.message
    return published, findings
