"""Matches made or moved a column at a time (a line of one name repeated holds 60,000): the same
matches as one at a time, at C speed (``tests/test_bulk_paths.py``)."""

from __future__ import annotations

from itertools import repeat
from operator import add
from typing import Any

from commsgen.redact.resolve import Match

_new = tuple.__new__  # what a named tuple's constructor calls, without its Python frame


class Made(list[Match]):
    """Matches made by ``matches_of``, with their columns (rule, kind, start, end, text, mask start,
    mask end): ``rebased`` moves them without taking the matches apart again."""

    __slots__ = ("columns",)
    columns: tuple[Any, ...]


def rebased(hit: tuple[Match, ...], base: int, cols: tuple[Any, ...] | None = None) -> list[Match]:
    """``hit`` moved by ``base`` (a memoised line's matches, to where the line starts). ``cols``: the
    columns of ``hit`` when the caller kept them (``Made.columns``)."""
    rule, kind, s, e, text, ms, me = zip(*hit) if cols is None else cols
    if ms.count(None) != len(hit) or me.count(None) != len(hit):
        return [Match(r, k, a + base, b + base, t, _at(x, base), _at(y, base)) for r, k, a, b, t, x, y in hit]
    moved = zip(rule, kind, map(add, s, repeat(base)), map(add, e, repeat(base)), text, ms, me)
    return list(map(_new, repeat(Match), moved))


def matches_of(line: str, kept: list[Any]) -> list[Match]:
    """The matches of ``kept`` (found tuples: order, rule, kind, start, end, mask start, mask end) on
    ``line``, at offsets into it."""
    _order, rid, kind, s, e, ms, me = zip(*kept)
    texts = list(map(line.__getitem__, map(slice, s, e)))
    made = Made(map(_new, repeat(Match), zip(rid, kind, s, e, texts, ms, me)))
    made.columns = (rid, kind, s, e, texts, ms, me)
    return made


def _at(offset: int | None, base: int) -> int | None:
    return None if offset is None else offset + base
