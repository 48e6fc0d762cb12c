"""google-re2 below its Python wrapper: byte searches that return a start offset, and a set match.

The wrapper's ``search`` builds a generator and a match object per call, and ``Set.Match`` turns an
empty result into None. The scan asks RE2 for "the next line where any trigger matches" thousands
of times per megabyte (``locate.matching_line_starts``, ``locate.re2_locator``), so it calls the
extension's compiled regexp (``_Regexp._regexp.Match``, with ``re2._Anchor.UNANCHORED``) and the
set's ``_set.Match`` directly: the scan's throughput target (docs/PERFORMANCE.md) depends on it.

These are private names of google-re2, so the version is pinned exactly in pyproject.toml, and
tests/test_adapters_re2set.py checks every function here against the wrapper's public results.
Nothing else in commsgen touches re2's private names.
"""

from __future__ import annotations

from collections.abc import Callable

import re2

_UNANCHORED = re2._Anchor.UNANCHORED


def options(*, max_mem: int | None = None) -> re2.Options:
    """RE2 options for a pattern that only answers "where": no capture groups."""
    opts = re2.Options()
    if max_mem is not None:
        opts.max_mem = max_mem
    opts.never_capture = True
    return opts


class Finder:
    """A compiled RE2 pattern over bytes: ``first(data, pos, end)`` is the start of the leftmost
    match in ``data[pos:end]`` (an offset into ``data``), or -1. Equal to
    ``re2.compile(pattern).search(data, pos, end).start()`` (-1 for None)."""

    __slots__ = ("_match",)

    def __init__(self, pattern: str, opts: re2.Options | None = None):
        self._match = re2.compile(pattern, opts or options())._regexp.Match

    def first(self, data: bytes, pos: int = 0, end: int | None = None) -> int:
        n = len(data) if end is None else end
        if pos > n:
            return -1
        start: int = self._match(_UNANCHORED, data, pos, n)[0][0]
        return start

    def line_starts(self, data: bytes, start: int = 0, end: int | None = None) -> list[int]:
        """Starts of the lines of ``data[start:end]`` (``start`` a line start, ``end`` a line start
        or the end) in which the pattern matches, increasing: one search per such line, from the end
        of the line before (``locate.matching_line_starts``, which says why a match on a newline
        belongs to the next line). The same as asking ``first`` line by line; it is this module's
        because it calls RE2 below the wrapper once per candidate line, tens of thousands of times
        in a large text."""
        n = len(data) if end is None else end
        match, find, rfind = self._match, data.find, data.rfind
        starts: list[int] = []
        append = starts.append
        pos = start - 1 if start > 0 else 0
        while pos < n:
            s: int = match(_UNANCHORED, data, pos, n)[0][0]
            if s < 0:
                break
            ls = s + 1 if data[s] == 10 else (rfind(b"\n", start, s) + 1 or start)
            if ls >= n:
                break
            append(ls)
            le = find(b"\n", ls, n)
            pos = n if le < 0 else le
        return starts

    def found(self, data: bytes) -> bool:
        start: int = self._match(_UNANCHORED, data, 0, len(data))[0][0]
        return start >= 0


def set_matcher(patterns: list[str], opts: re2.Options | None = None) -> Callable[[bytes], list[int]]:
    """A search set of ``patterns``: returns a function ``bytes -> list of the indexes of the patterns
    that match somewhere`` (empty, never None). Equal to ``re2.Set.SearchSet(opts)``'s ``Match``
    (``or []``)."""
    s = re2.Set.SearchSet(opts or options())
    for p in patterns:
        s.Add(p)
    s.Compile()
    match: Callable[[bytes], list[int]] = s._set.Match
    return match
