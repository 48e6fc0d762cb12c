"""Line edits of the skeleton's text for ``commsgen new --from``: set a top-level value, replace a
top-level block, comment a block out, replace a commented-out example. The skeleton's guiding
comments around each edit stay where they are."""

from __future__ import annotations

import re

from commsgen.importers.merge import yaml_value

COMMENT_COL = 33  # where the skeleton's end-of-line comments start


def with_comment(line: str, comment: str) -> str:
    return f"{line:<{COMMENT_COL}} {comment}" if comment else line


def set_line(text: str, key: str, value: str, comment: str) -> str:
    """``key: value  # comment`` in place of the top-level ``key:`` line."""
    rx = re.compile(rf"^{key}:.*$", re.M)
    line = with_comment(f"{key}: {yaml_value(value)}", comment)
    return rx.sub(lambda _m: line, text, count=1)


def set_comment(text: str, key: str, comment: str) -> str:
    """``key:  # comment`` in place of a top-level ``key:`` line that holds no value."""
    rx = re.compile(rf"^{key}:[ \t]*$", re.M)
    return rx.sub(lambda _m: with_comment(f"{key}:", comment), text, count=1)


def _block(lines: list[str], key: str) -> tuple[int, int]:
    """(first, last) line of the top-level ``key:`` block: its line and the indented or ``- `` lines
    under it (blank lines inside it included, trailing ones not)."""
    start = next(i for i, ln in enumerate(lines) if re.match(rf"^{key}\s*:", ln))
    end = start
    for j in range(start + 1, len(lines)):
        ln = lines[j]
        if not ln.strip():
            continue
        if ln[0] in " -":
            end = j
            continue
        break
    return start, end


def replace_block(text: str, key: str, new: list[str]) -> str:
    """Replace the top-level ``key:`` block with ``new`` lines."""
    lines = text.split("\n")
    start, end = _block(lines, key)
    return "\n".join(lines[:start] + new + lines[end + 1 :])


def comment_block(text: str, key: str, note: str) -> str:
    """Comment the top-level ``key:`` block out (``# `` before each line), ``note`` on its first line:
    the example stays in view for the writer and is no part of the document."""
    lines = text.split("\n")
    start, end = _block(lines, key)
    body = [("# " + ln if ln.strip() else ln) for ln in lines[start : end + 1]]
    body[0] = with_comment(f"# {key}:", note)
    return "\n".join(lines[:start] + body + lines[end + 1 :])


def replace_commented(text: str, key: str, new: list[str]) -> str:
    """Replace the commented-out example ``# key:`` (and the ``#   `` lines under it) with ``new``;
    when there is none, append ``new`` at the end."""
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^# {key}:", ln)), None)
    if start is None:
        tail = "" if text.endswith("\n") else "\n"
        return text + tail + "\n".join(new) + "\n"
    end = start
    while end + 1 < len(lines) and lines[end + 1].startswith("#   "):
        end += 1
    return "\n".join(lines[:start] + new + lines[end + 1 :])
