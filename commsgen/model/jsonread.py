"""JSON to Python values, with duplicate keys refused (the second would silently replace the first)
and syntax errors located by line and column, trailing commas named."""

from __future__ import annotations

import json
import re
from typing import Any

from commsgen.errors import InputError, Problem


def parse_json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise _JsonDup(k)
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        msg = e.msg
        before = text[: e.pos].rstrip()
        if before.endswith(",") and text[e.pos : e.pos + 1] in ("]", "}"):
            msg += f"; a comma before `{text[e.pos]}` (JSON allows no trailing comma)"
        raise InputError(
            Problem(f"JSON syntax error: {msg}", file=name, line=e.lineno, column=e.colno, rule="input.syntax")
        ) from None
    except _JsonDup as e:
        first, second = _find_duplicate_key(text, e.key)
        where = f" (first at line {first[0]})" if first[0] else ""
        raise InputError(
            Problem(
                f"duplicate key `{e.key}`{where}; the second would silently replace the first",
                file=name,
                line=second[0],
                column=second[1],
                rule="input.duplicate-key",
            )
        ) from None


class _JsonDup(Exception):
    def __init__(self, key: str):
        self.key = key


_JSON_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|[{}\[\]]')


def _line_col(text: str, idx: int) -> tuple[int, int]:
    return text.count("\n", 0, idx) + 1, idx - (text.rfind("\n", 0, idx) + 1) + 1


def _find_duplicate_key(text: str, key: str) -> tuple[tuple[int | None, int | None], tuple[int | None, int | None]]:
    """Positions of the first and second ``key`` inside the same JSON object.

    The text is valid JSON apart from the duplicate, so a token scan (strings and brackets) is
    exact: a string followed by ``:`` is a key of the innermost open object.
    """
    stack: list[dict[str, int] | None] = []
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group(0)
        if tok == "{":
            stack.append({})
        elif tok == "[":
            stack.append(None)
        elif tok in "}]":
            if stack:
                stack.pop()
        elif m.group(2) and stack and stack[-1] is not None:
            try:
                k = json.loads(m.group(1))
            except ValueError:  # pragma: no cover - the text parsed already
                continue
            if k == key and k in stack[-1]:
                return _line_col(text, stack[-1][k]), _line_col(text, m.start())
            stack[-1][k] = m.start()
    return (None, None), (None, None)
