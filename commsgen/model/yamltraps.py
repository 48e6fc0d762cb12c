"""Two YAML traps a writer falls into, explained where the file is read (check, render, batch, TUI).

- ``yaml.comment-in-text`` (a warning): in unquoted text, `` #`` starts a comment, so
  ``text: opens #inc-2026-0142`` silently becomes ``opens``. Found on the composed node tree: a
  plain (unquoted) scalar followed on its line by `` #`` and a non-space character. A comment
  written as ``# words`` (with a space) is taken as meant and left alone.
- ``input.syntax`` "mapping values are not allowed here" (an error): a colon and a space inside
  unquoted text start a new key. The message points at that colon and shows the value quoted and
  as a folded block (``>-``).
"""

from __future__ import annotations

import re

import yaml

from commsgen.errors import Problem

_CUT = re.compile(r"[ \t]+(#[^\s#][^\n]*)")
_HASH = re.compile(r"#[^\s#]")  # the `#word` of a cut; found fast (a literal first character)


def may_cut(text: str) -> bool:
    """Whether ``text`` holds a `` #word`` anywhere (``_CUT``'s search, about 30 times faster)."""
    return any(m.start() and text[m.start() - 1] in " \t" for m in _HASH.finditer(text))


def comment_traps(text: str, root: yaml.Node | None, name: str) -> list[Problem]:
    """Plain scalars cut short by `` #word`` (one warning each, at the ``#``)."""
    if root is None or not may_cut(text):  # most files: no ` #word` anywhere, no walk
        return []
    out: list[Problem] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            stack.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and not node.style and node.value:  # plain: None or ""
            end = node.end_mark.index
            m = _CUT.match(text, end)
            if m:
                line = node.end_mark.line + 1
                col = node.end_mark.column + (m.start(1) - end) + 1
                dropped = m.group(1).strip()
                out.append(
                    Problem(
                        f"`{dropped[:40]}` is read as a YAML comment and dropped from the value (which ends at "
                        f"\"{node.value[-30:]}\"): a ` #` ends an unquoted value; put the whole value in quotes "
                        "or write it as a block (`>-`)",
                        file=name,
                        line=line,
                        column=col,
                        rule="yaml.comment-in-text",
                    )
                )
    out.sort(key=lambda p: (p.line or 0, p.column or 0))
    return out


_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(.*?)\s*$")


def colon_hint(text: str, line: int, column: int) -> str | None:
    """For "mapping values are not allowed here" at 0-based ``line``/``column`` (the colon): which
    colon, and the value rewritten quoted and as a folded block; None when the line is not
    ``key: text: more text``."""
    lines = text.splitlines()
    if line >= len(lines):
        return None
    src = lines[line]
    m = _KEY_VALUE.match(src)
    if not m or column >= len(src) or src[column] != ":":
        return None
    indent, key, value = m.groups()
    before = src[:column].rstrip().split()[-1] if src[:column].strip() else ""
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        f"the `:` after `{before}` (column {column + 1}) is inside unquoted text, where a colon and a "
        f"space start a new key. Quote the whole value (`{key}: {quoted}`), or write it as a folded "
        f"block: `{key}: >-` on this line and the text on the next line, indented by "
        f"{len(indent) + 2} spaces"
    )
