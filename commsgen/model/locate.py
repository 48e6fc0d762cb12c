"""Where a field is in the source: a field path (('timeline', 2, 'at')) to a 1-based (line, column),
from the node tree the YAML reader composed (or composed on first need, for JSON: JSON is YAML)."""

from __future__ import annotations

import itertools
import re
from typing import Any

import yaml

from commsgen.model.yamlread import BaseLoader


class Locator:
    """Maps a field path (('timeline', 2, 'at')) to a 1-based (line, column) in the source."""

    def __init__(self, text: str, root: yaml.Node | None = None):
        self._text = text
        # the node tree the loader composed anyway (YAML), else composed on first need (JSON)
        self._root: yaml.Node | None | bool = root if root is not None else False
        self._starts: list[int] | None = None  # offsets of line starts, made on first need

    def _node(self) -> yaml.Node | None:
        if self._root is False:
            try:
                self._root = yaml.compose(self._text, Loader=BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root  # type: ignore[return-value]

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._starts

    def locate_text(self, path: tuple[Any, ...], needle: str) -> tuple[int, int, int] | None:
        """``_locate_text`` memoised per (path, needle): a hostile field can hold a hundred thousand
        findings of the same word, each located by reading the whole field."""
        memo: dict[tuple[tuple[Any, ...], str], tuple[int, int, int] | None] = self.__dict__.setdefault("_memo", {})
        key = (path, needle)
        if key not in memo:
            memo[key] = self._locate_text(path, needle)
        return memo[key]

    def _locate_text(self, path: tuple[Any, ...], needle: str) -> tuple[int, int, int] | None:
        """Where ``needle`` (text an output showed, e.g. a leaked host) sits inside the value at
        ``path``: (line, column, end column), 1-based, end exclusive, on the line where it starts.
        Looks in the value's source text as written, so a match inside a block scalar (``|``, ``>``)
        or folded plain text is found on its own line, not at the key; words the folding split over
        lines are matched across the line break. None when the value is not found or does not
        hold the text as written (escapes in a quoted string), or ``needle`` is blank."""
        words = needle.split()
        node = self._value_node(path)
        if not words or node is None:
            return None
        starts = self._line_starts()
        lo = starts[node.start_mark.line] + node.start_mark.column
        hi = starts[node.end_mark.line] + node.end_mark.column if node.end_mark.line < len(starts) else len(self._text)
        found = _find_words(self._text, max(lo, 0), max(lo, hi), words, self._region(max(lo, 0), max(lo, hi)))
        if found is None:
            return None
        start, stop = found
        row = node.start_mark.line + self._text.count("\n", lo, start)
        col = start - starts[row]
        nl = self._text.find("\n", start, stop)
        end = (nl if nl >= 0 else stop) - starts[row]
        return row + 1, col + 1, end + 1

    def _region(self, lo: int, hi: int) -> tuple[str, str]:
        """``_prepared(self._text, lo, hi)``, kept for the last few regions: findings in one field
        are located in its value one needle after another (a megabyte field, a pass each)."""
        memo: dict[tuple[int, int], tuple[str, str]] = self.__dict__.setdefault("_regions", {})
        got = memo.get((lo, hi))
        if got is None:
            if len(memo) >= 4:
                memo.pop(next(iter(memo)))
            got = memo[(lo, hi)] = _prepared(self._text, lo, hi)
        return got

    def _value_node(self, path: tuple[Any, ...]) -> yaml.Node | None:
        node = self._node()
        for part in path:
            if node is None:
                return None
            nxt = None
            if isinstance(node, yaml.MappingNode):
                nxt = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)), None)
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                nxt = node.value[part]
            node = nxt
        return node

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None]:
        node = self._node()
        if node is None:
            return None, None
        mark_node = node
        for part in path:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        nxt, mark_node = v, k
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                nxt = node.value[part]
                mark_node = nxt
            if nxt is None:
                break
            node = nxt
        else:
            if not key:
                mark_node = node
        m = mark_node.start_mark
        return m.line + 1, m.column + 1


_NON_SPACE = re.compile(r"\S+")


def _prepared(text: str, lo: int, hi: int) -> tuple[str, str]:
    """``text[lo:hi]``, and its words joined by one space each, lower-cased (``_find_words``); the
    second is "" when lower-casing changes its length."""
    region = text[lo:hi]
    plain = " ".join(region.split())
    low = plain.lower()
    return region, low if len(low) == len(plain) else ""


def _find_words(
    text: str, lo: int, hi: int, words: list[str], prepared: tuple[str, str] | None = None
) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the first place in ``text[lo:hi]`` where ``words`` appear in
    order with any run of whitespace between them, in any case; the first word may end a longer
    run of non-space characters and the last may start one. Linear in the size of the region: a
    value can be a megabyte of hostile text, so no pattern is built from it. ``prepared``:
    ``_prepared(text, lo, hi)`` when the caller has it."""
    region, low = prepared if prepared is not None else _prepared(text, lo, hi)
    needle = " ".join(words)
    low_needle = needle.lower()
    if (not low and region.strip()) or len(low_needle) != len(needle):
        return None  # lower-casing changed a length: offsets would not map back
    at = low.find(low_needle)
    if at < 0:
        return None
    index = low.count(" ", 0, at)  # the word of the region the match starts in
    inner = at - (low.rfind(" ", 0, at) + 1)
    spans = _NON_SPACE.finditer(region)
    first = next(itertools.islice(spans, index, None))
    start = lo + first.start() + inner
    if len(words) == 1:
        return start, start + len(needle)
    last = next(itertools.islice(spans, len(words) - 2, None))
    return start, lo + last.start() + len(words[-1])


def format_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
