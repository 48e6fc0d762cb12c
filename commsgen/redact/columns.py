"""Matches made or moved a column at a time (a line of one name repeated holds 60,000): the same
matches as one at a time, at C speed (``tests/test_bulk_paths.py``)."""

from __future__ import annotations

from itertools import repeat
from operator import add
from typing import Any

from commsgen.redact.resolve import Match

_new = tuple.__new__  # what a named tuple's constructor calls, without its Python frame


def rebased(hit: tuple[Match, ...], base: int) -> list[Match]:
    """``hit`` moved by ``base`` (a memoised line's matches, to where the line starts)."""
    rule, kind, s, e, text, ms, me = zip(*hit)
    if ms.count(None) != len(hit) or me.count(None) != len(hit):
        return [Match(r, k, a + base, b + base, t, _at(x, base), _at(y, base)) for r, k, a, b, t, x, y in hit]
    moved = zip(rule, kind, map(add, s, repeat(base)), map(add, e, repeat(base)), text, ms, me)
    return list(map(_new, repeat(Match), moved))


def matches_of(line: str, kept: list[Any]) -> list[Match]:
    """The matches of ``kept`` (found tuples: order, rule, kind, start, end, mask start, mask end) on
    ``line``, at offsets into it."""
    _order, rid, kind, s, e, ms, me = zip(*kept)
    return list(map(_new, repeat(Match), zip(rid, kind, s, e, map(line.__getitem__, map(slice, s, e)), ms, me)))


def _at(offset: int | None, base: int) -> int | None:
    return None if offset is None else offset + base
