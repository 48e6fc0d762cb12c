"""Acting on a finding in the source text: mask the offending characters, or waive the finding
with a reason (a ``redaction.allow`` entry). Headless (no textual): any editor face calls these.

Both work on the text as typed. YAML is edited line by line (comments, key order and blank lines
stay); JSON has no comments, so a waiver is added by re-writing the document with two-space
indents, keys in their order.
"""

from __future__ import annotations

import json
import re

from commsgen.findings import Finding


class FixError(ValueError):
    """The fix cannot be made safely on this text (the message says why, in the writer's terms)."""


def span(text: str, f: Finding) -> tuple[int, int]:
    """The offsets in ``text`` of the characters ``f`` points at (its line, column and end column)."""
    if not (f.line and f.column and f.end_column and f.end_column > f.column):
        raise FixError(
            "this finding has no exact position in the source (it comes from a generated part "
            "of the output); edit the source by hand"
        )
    lines = text.split("\n")
    if f.line > len(lines) or f.end_column - 1 > len(lines[f.line - 1]):
        raise FixError("the source changed since this finding was made; wait for the check to catch up")
    start = sum(len(ln) + 1 for ln in lines[: f.line - 1]) + f.column - 1
    return start, start + f.end_column - f.column


def masked(value: str, kind: str) -> str:
    """The masked form the redaction gate gives ``value`` (secrets and card numbers keep a few
    characters, everything else becomes a placeholder)."""
    from commsgen.redact.mask import PARTIAL_KINDS, PLACEHOLDER, mask_value

    return mask_value(value) if kind in PARTIAL_KINDS else PLACEHOLDER


def mask(text: str, f: Finding, *, is_json: bool = False) -> tuple[str, tuple[int, int]]:
    """``text`` with the characters ``f`` points at replaced by their masked form. Returns the new
    text and the (start, end) offsets of the replacement. In YAML, a value that would start with
    the placeholder's ``[`` (a flow list) gets the placeholder without brackets."""
    start, end = span(text, f)
    new = masked(text[start:end], f.kind)
    if is_json:
        new = json.dumps(new, ensure_ascii=False)[1:-1]
    elif new.startswith("[") and _starts_plain_value(text, start):
        new = new.strip("[]")
    return text[:start] + new + text[end:], (start, start + len(new))


def _starts_plain_value(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    before = text[line_start:offset]
    return bool(re.fullmatch(r"\s*(?:-\s+)*(?:[^\s#:][^:]*:\s+)?(?:-\s+)*", before))


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def waiver(match: str, audience: str | None, reason: str, rule: str | None) -> dict:
    w = {"match": match}
    if audience:
        w["audience"] = audience
    w["reason"] = reason
    if rule:
        w["rule"] = rule
    return w


def waive(text: str, f: Finding, reason: str, *, is_json: bool = False) -> str:
    """``text`` with a ``redaction.allow`` entry accepting ``f`` (its exact text, its audience and
    rule) for ``reason``."""
    reason = " ".join(reason.split())
    if not reason:
        raise FixError("a waiver needs a reason (who accepted it and why)")
    start, end = span(text, f)
    entry = waiver(text[start:end], f.audience, reason, f.rule)
    return _waive_json(text, entry) if is_json else _waive_yaml(text, entry)


def _waive_json(text: str, entry: dict) -> str:
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise FixError(f"the JSON does not parse ({e}); fix it first") from None
    if not isinstance(doc, dict):
        raise FixError("the document is not a JSON object")
    red = doc.setdefault("redaction", {})
    if not isinstance(red, dict):
        raise FixError("`redaction` is not an object")
    red.setdefault("allow", []).append(entry)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


_TOP = re.compile(r"^redaction\s*:(.*)$")


def _waive_yaml(text: str, entry: dict) -> str:
    lines = text.split("\n")

    def item(ind: str) -> list[str]:
        return [
            f"{ind}- {k}: {_yaml_str(v)}" if i == 0 else f"{ind}  {k}: {_yaml_str(v)}"
            for i, (k, v) in enumerate(entry.items())
        ]

    top = next((i for i, ln in enumerate(lines) if _TOP.match(ln)), None)
    if top is None:
        head = lines[:-1] if lines and lines[-1] == "" else lines
        return "\n".join(head + ["redaction:", "  allow:", *item("    "), ""])
    found = _TOP.match(lines[top])
    assert found is not None  # ``top`` is the line _TOP matched
    if found.group(1).split("#", 1)[0].strip():
        raise FixError(
            "`redaction:` is written in flow style (`{...}`) on one line: write it as a block to add a waiver"
        )
    end = top + 1  # the end of the redaction block: the next line at indent 0 that is not a comment
    while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t", "#")):
        end += 1
    allow = next((i for i in range(top + 1, end) if re.match(r"^\s+allow\s*:", lines[i])), None)
    if allow is None:
        return "\n".join(lines[: top + 1] + ["  allow:", *item("    ")] + lines[top + 1 :])
    rest = lines[allow].split(":", 1)[1].split("#", 1)[0].strip()
    if rest and rest != "[]":
        raise FixError("`redaction.allow` is written in flow style (`[...]`): write it as a block list to add a waiver")
    key_indent = len(lines[allow]) - len(lines[allow].lstrip())
    last, item_indent = allow, None
    for i in range(allow + 1, end):
        ln = lines[i]
        if not ln.strip() or ln.lstrip().startswith("#"):
            continue
        indent = len(ln) - len(ln.lstrip())
        if indent < key_indent or (indent == key_indent and not ln.lstrip().startswith("-")):
            break
        if item_indent is None and ln.lstrip().startswith("-"):
            item_indent = indent
        last = i
    ind = " " * (item_indent if item_indent is not None else key_indent + 2)
    head = lines[:allow] + [lines[allow].split(":", 1)[0] + ":"] if rest == "[]" else lines[: last + 1]
    return "\n".join(head + item(ind) + lines[last + 1 :])
