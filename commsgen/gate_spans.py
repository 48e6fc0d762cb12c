"""The spans the gate has found in an output, indexed for the question "which overlap this one?"."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress
from operator import itemgetter


class Taken:
    """(kind, start, end) spans found so far, indexed by kind and by blocks of ``_BLOCK`` characters:
    the spans overlapping a new one are found among those near it (a list scanned for each new span
    made a hostile text with thousands of findings quadratic)."""

    _BLOCK = 512

    def __init__(self, spans: Iterable[tuple[str, int, int]] = ()):
        self._at: dict[tuple[str, int], list[tuple[int, tuple[str, int, int]]]] = {}
        self._n = 0
        for t in spans:
            self.add(t)

    def _blocks(self, start: int, end: int) -> range:
        return range(start // self._BLOCK, max(start, end - 1) // self._BLOCK + 1)

    def add(self, t: tuple[str, int, int]) -> None:
        entry = (self._n, t)
        self._n += 1
        for b in self._blocks(t[1], t[2]):
            self._at.setdefault((t[0], b), []).append(entry)

    def overlapping(self, kind: str, s: int, e: int) -> dict[int, tuple[str, int, int]]:
        """The spans of ``kind`` with ``start < e`` and ``s < end`` (each by its entry number)."""
        found: dict[int, tuple[str, int, int]] = {}
        for b in self._blocks(s, e):
            for n, t in self._at.get((kind, b), ()):
                if t[1] < e and s < t[2]:
                    found[n] = t
        return found

    def remove(self, entries: dict[int, tuple[str, int, int]]) -> None:
        for n, t in entries.items():
            for b in self._blocks(t[1], t[2]):
                at = self._at[(t[0], b)]
                at[:] = [x for x in at if x[0] != n]


_KIND, _START, _END = itemgetter(1), itemgetter(2), itemgetter(3)  # a Match's


def traced_as_found(matches: list, read: list, starts: list[int], ends: list[int]) -> bool:
    """Whether the matches ``read`` of a reading, traced to ``starts``/``ends`` on the output's text,
    are each a match of the text of the same kind and span (then the reading adds nothing): the
    text's matches of the kinds ``read`` holds are, in order, exactly these. Told by comparing
    columns at C speed (a line of one name: 89,000 of each); False says only that it was not told
    this way."""
    kinds = list(map(_KIND, read))
    if len(matches) < len(read):
        return False
    theirs = list(map(_KIND, matches))
    keep = list(map(set(kinds).__contains__, theirs))
    if all(keep):
        return theirs == kinds and list(map(_START, matches)) == starts and list(map(_END, matches)) == ends
    held = list(compress(matches, keep))
    return list(map(_KIND, held)) == kinds and list(map(_START, held)) == starts and list(map(_END, held)) == ends
