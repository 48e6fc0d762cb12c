"""Insert entries into a list of a postmortem's TEXT (``timeline``, ``status_page.updates``), in
time order, with the list's own indentation and style. Nothing is re-dumped: every other byte of
the file (comments, key order, quoting, blank lines) stays as it was.

Handled: block lists (``- at: ...`` items, at any indentation, block or one-line ``{...}`` items),
flow lists (``[...]``, JSON arrays) and, for ``status_page.updates``, a missing list or section.
Anything else is refused with ``MergeError`` saying why; the caller re-validates the result.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from datetime import datetime
from typing import Any

import yaml

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader


class MergeError(ValueError):
    """The list cannot be edited safely in this text (the message says why)."""


Entry = tuple[datetime, dict[str, Any]]


def insert(
    text: str, path: tuple[str, ...], existing: list[datetime], entries: list[Entry], *, is_json: bool = False
) -> str:
    """``text`` with ``entries`` (time, ordered fields) added to the list at ``path``. ``existing``
    holds the times of the list's items, in file order (from the validated model)."""
    if not entries:
        return text
    entries = sorted(entries, key=lambda e: e[0])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as e:  # pragma: no cover - the text was validated just before
        raise MergeError(f"the file does not parse: {e}") from None
    if not isinstance(root, yaml.MappingNode):
        raise MergeError("the top level is not a mapping")
    nl = "\r\n" if "\r\n" in text else "\n"
    parent, node = root, None
    for i, key in enumerate(path):
        node = _value(parent, key)
        if node is None:
            return _add_missing(text, root, path, i, parent, entries, nl, is_json)
        if i < len(path) - 1:
            if not isinstance(node, yaml.MappingNode):
                raise MergeError(f"`{'.'.join(path[: i + 1])}` is not a mapping")
            parent = node
    if not isinstance(node, yaml.SequenceNode):
        raise MergeError(f"`{'.'.join(path)}` is not a list")
    if len(node.value) != len(existing):  # pragma: no cover - the model and the text disagree
        raise MergeError(f"`{'.'.join(path)}` has {len(node.value)} items in the text but {len(existing)} in the model")
    if node.flow_style or is_json:
        return _insert_flow(text, node, existing, entries, nl, is_json)
    return _insert_block(text, node, existing, entries, nl)


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def groups(existing: list[datetime], entries: list[Entry]) -> dict[int, list[Entry]]:
    """Entries by the index of the existing item they go before (len(existing): at the end), each
    group in time order."""
    entries = sorted(entries, key=lambda e: e[0])
    out: dict[int, list[Entry]] = {}
    ordered = all(a <= b for a, b in zip(existing, existing[1:]))
    for e in entries:  # a sorted list: binary search; an unsorted one: the first later item
        pos = (
            bisect.bisect_right(existing, e[0])
            if ordered
            else next((i for i, t in enumerate(existing) if t > e[0]), len(existing))
        )
        out.setdefault(pos, []).append(e)
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    return starts


def _splice(text: str, inserts: list[tuple[int, str]]) -> str:
    for off, s in sorted(inserts, key=lambda x: x[0], reverse=True):
        text = text[:off] + s + text[off:]
    return text


# ------------------------------------------------------------------------------------ block lists
def _insert_block(text: str, seq: yaml.SequenceNode, existing: list[datetime], entries: list[Entry], nl: str) -> str:
    lines = text.split("\n")
    starts = _line_starts(text)
    first = seq.value[0]
    dash_line = first.start_mark.line
    dash = lines[dash_line]
    dash_col = len(dash) - len(dash.lstrip(" "))
    if not dash.lstrip(" ").startswith("-") or "\t" in dash[:dash_col]:
        raise MergeError("the list's first item does not start with `- ` on its own line")
    flow_items = all(isinstance(v, yaml.MappingNode) and v.flow_style for v in seq.value)
    key_col = first.start_mark.column if isinstance(first, yaml.MappingNode) and not first.flow_style else dash_col + 2
    if key_col <= dash_col:
        key_col = dash_col + 2
    inserts = []
    for pos, group in groups(existing, entries).items():
        block = "".join(ln + nl for e in group for ln in block_item(e[1], dash_col, key_col, flow_items))
        if pos == 0:
            line = seq.value[0].start_mark.line
            inserts.append((starts[line], block))
            continue
        last = _item_end(lines, seq.value[pos - 1], dash_col)
        if last + 1 < len(starts):
            inserts.append((starts[last + 1], block))
        else:  # the file's last line, without a newline
            inserts.append((len(text), nl + block.removesuffix(nl)))
    return _splice(text, inserts)


def _item_end(lines: list[str], item: yaml.Node, dash_col: int) -> int:
    """The last line of an item: its last value, then comment lines indented under it (commented
    keys belong to the item they sit in)."""
    node = item
    while not getattr(node, "flow_style", True) and node.value:  # block collections end at their last value
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark
    last = end.line - 1 if end.column == 0 else end.line
    last = min(max(last, item.start_mark.line), len(lines) - 1)
    while last > item.start_mark.line and not lines[last].strip():
        last -= 1
    j = last + 1
    while j < len(lines):
        ln = lines[j]
        s = ln.strip()
        if not s:
            j += 1
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        if s.startswith("#") and indent > dash_col:
            last = j
            j += 1
            continue
        break
    return last


def block_item(fields: dict[str, Any], dash_col: int, key_col: int, flow: bool) -> list[str]:
    ind = " " * dash_col
    if flow:
        return [f"{ind}- {{" + ", ".join(f"{k}: {yaml_value(v, flow=True)}" for k, v in fields.items()) + "}"]
    lead, rest = f"{ind}- " + " " * (key_col - dash_col - 2), " " * key_col
    out = []
    for k, v in fields.items():
        # kinds, sources, actors and statuses repeat from item to item: their form is remembered
        val = _block_scalar(v) if k in _REPEATING and type(v) is str else yaml_value(v)
        out.append(f"{lead}{k}: {val}")
        lead = rest
    return out


_REPEATING = frozenset({"kind", "source", "actor", "status"})


@functools.lru_cache(maxsize=512)
def _block_scalar(s: str) -> str:
    return _scalar(s, False)


# A plain scalar is written only when YAML reads it back as the same string: it starts with a
# letter or "(", holds no control or line-break character, no ": " and no " #", does not end with
# a space or ":", and is not a word YAML 1.1 reads as a boolean or null. In flow context (``[..]``,
# ``{..}``) it holds no ",[]{}" and no ":" either. Anything else is a JSON-style double-quoted string.
_BAD = "\\x00-\\x1f\\x7f\\x85\\u2028\\u2029\\ufeff"
_PLAIN_BLOCK = re.compile(
    rf"(?!(?:y|n|yes|no|on|off|true|false|null)\Z)[A-Za-z(](?:[^{_BAD}:#]|:(?! )|(?<! )#)*(?<![ :])\Z", re.I
)
_PLAIN_FLOW = re.compile(
    rf"(?!(?:y|n|yes|no|on|off|true|false|null)\Z)[A-Za-z(](?:[^{_BAD}:#,\[\]{{}}]|(?<! )#)*(?<! )\Z", re.I
)
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\Z")


def yaml_value(v: Any, flow: bool = False) -> str:
    if type(v) is list:
        return _list_value(tuple(v))
    return _scalar(str(v), flow)


@functools.lru_cache(maxsize=256)
def _list_value(items: tuple) -> str:
    return "[" + ", ".join(_scalar(str(x), True) for x in items) + "]"


def _scalar(s: str, flow: bool) -> str:
    if (_PLAIN_FLOW.match(s) if flow else plain_block(s)) or _TIME.match(s):
        return s
    return _dq(s)


_BAD_CHAR = re.compile(f"[{_BAD}]")
_RESERVED = frozenset("y n yes no on off true false null".split())


def plain_block(s: str) -> bool:
    """``_PLAIN_BLOCK.match(s)``, in string operations that run in C (the pattern steps through a
    long text one character at a time: a tenth of a second for 10,000 imported texts)."""
    return (
        s[:1].isascii()
        and (s[:1].isalpha() or s[:1] == "(")
        and ": " not in s
        and " #" not in s
        and not s.endswith((" ", ":"))
        and s.lower() not in _RESERVED
        and _BAD_CHAR.search(s) is None
    )


def _dq(s: str) -> str:
    """A double-quoted scalar both YAML and JSON read the same way (YAML folds U+0085, U+2028 and
    U+2029 as line breaks inside quotes: they are escaped)."""
    return (
        json.dumps(s, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("\u0085", "\\u0085")
        .replace("\ufeff", "\\ufeff")
    )


# ------------------------------------------------------------------------------------ flow lists / JSON
def _insert_flow(
    text: str, seq: yaml.SequenceNode, existing: list[datetime], entries: list[Entry], nl: str, is_json: bool
) -> str:
    starts = _line_starts(text)

    def off(mark) -> int:
        return starts[mark.line] + mark.column

    lines = text.split("\n")
    if not seq.value:
        item_col = len(lines[seq.start_mark.line]) - len(lines[seq.start_mark.line].lstrip(" ")) + 2
        items = [_flow_item(e[1], item_col, 2 if is_json else None, is_json) for e in entries]
        pos = off(seq.start_mark) + 1
        return text[:pos] + ", ".join(items) + text[pos:]
    first = seq.value[0]
    multiline = first.start_mark.line != seq.start_mark.line or len({v.start_mark.line for v in seq.value}) > 1
    item_col = first.start_mark.column
    unit = None
    if (
        multiline
        and isinstance(first, yaml.MappingNode)
        and first.value
        and first.value[0][0].start_mark.line != first.start_mark.line
    ):
        unit = max(1, first.value[0][0].start_mark.column - item_col)
    sep = ("," + nl + " " * item_col) if multiline else ", "
    inserts = []
    for pos, group in groups(existing, entries).items():
        items = [_flow_item(e[1], item_col, unit, is_json, nl) for e in group]
        if pos == 0:
            after = "," + (nl + " " * item_col if multiline else " ")
            inserts.append((off(first.start_mark), sep.join(items) + after))
        else:
            inserts.append((off(seq.value[pos - 1].end_mark), sep + sep.join(items)))
    return _splice(text, inserts)


def _flow_item(fields: dict[str, Any], col: int, unit: int | None, is_json: bool, nl: str = "\n") -> str:
    if is_json:
        s = json.dumps(fields, ensure_ascii=False, indent=unit)
        s = s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return s.replace("\n", nl + " " * col) if unit else s
    return "{" + ", ".join(f"{k}: {yaml_value(v, flow=True)}" for k, v in fields.items()) + "}"


# ------------------------------------------------------------------------------------ a missing list
def _add_missing(
    text: str,
    root: yaml.MappingNode,
    path: tuple[str, ...],
    depth: int,
    parent: yaml.MappingNode,
    entries: list[Entry],
    nl: str,
    is_json: bool,
) -> str:
    where = ".".join(path[: depth + 1])
    if is_json and parent.value:
        return _add_json_key(text, parent, path[depth:], entries, nl)
    if is_json or parent.flow_style:
        raise MergeError(
            f"there is no `{where}` to add to, and it cannot be added to a "
            f"{'JSON file' if is_json else 'flow-style mapping'} safely: add "
            f"`{path[depth]}: []` under `{'.'.join(path[:depth]) or 'the top level'}` first"
        )
    lines = text.split("\n")
    if parent is root:
        col = 0
    else:
        col = parent.value[0][0].start_mark.column if parent.value else 2
    body: list[str] = []
    ind = col
    for key in path[depth:]:
        body.append(" " * ind + f"{key}:")
        ind += 2
    for e in entries:
        body += block_item(e[1], ind, ind + 2, False)
    block = "".join(ln + nl for ln in body)
    if parent is root:  # a new top-level section at the end, after a blank line
        sep = "" if text.endswith("\n") or not text else nl
        blank = "" if not text.strip() or text.endswith(nl + nl) or not text.endswith("\n") and sep == "" else nl
        return text + sep + blank + block
    last = _item_end(lines, parent, col - 1)
    starts = _line_starts(text)
    if last + 1 < len(starts):
        return _splice(text, [(starts[last + 1], block)])
    return text + nl + block.removesuffix(nl)


def _add_json_key(text: str, parent: yaml.MappingNode, keys: tuple[str, ...], entries: list[Entry], nl: str) -> str:
    """A missing key of a JSON object (``"status_page": {"updates": [...]}``), after its last member,
    indented like its first member."""
    starts = _line_starts(text)
    first_key, last_value = parent.value[0][0], parent.value[-1][1]
    same_line = first_key.start_mark.line == parent.start_mark.line
    col = first_key.start_mark.column
    unit = max(1, col - _indent(text.split("\n")[parent.start_mark.line])) if not same_line else None
    value: Any = [e[1] for e in entries]
    for key in reversed(keys[1:]):
        value = {key: value}
    body = json.dumps(value, ensure_ascii=False, indent=unit).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if unit:
        body = body.replace("\n", nl + " " * col)
        member = "," + nl + " " * col + json.dumps(keys[0]) + ": " + body
    else:
        member = ", " + json.dumps(keys[0]) + ": " + body
    end = last_value.end_mark
    return _splice(text, [(starts[end.line] + end.column, member)])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
