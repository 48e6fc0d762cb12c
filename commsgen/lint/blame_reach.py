"""Where a name can be followed by a failure or fault word (``blame.person-subject``).

The rule's ``after`` pattern (``rules_text._person_patterns``) matches right after a name: an optional
``'s``, whitespace, at most two filler words each followed by whitespace, then a failure word; or ``'s``,
whitespace, at most one word and whitespace, then a fault word. So from each place where such a word
can start, the name's end is at most three whitespace runs back (and two characters more for the
``'s``). ``reach`` lists those ends, read backwards from each failure or fault word found by RE2: a
megabyte of names with no such word near them is then not tried one by one (a superset: the pattern
still decides at each end listed).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

# from a word's start, backwards: whitespace, other characters, whitespace, other, whitespace
_BACK = re.compile(r"(\s*)(\S*)(\s*)(\S*)(\s*)")
WINDOW = 512  # characters read back from each word: runs longer than that and the caller tries every name
MAX_WORDS = 4_096  # more failure words than this: the caller tries every name


def reach(text: str, hits: Iterable[tuple[int, int]]) -> set[int] | None:
    """The ends of a name from which ``after`` can reach one of the words ``hits`` ((start, end) of
    each RE2 match of a failure or fault word in ``text``, or in its ``fold_for_re`` copy: same
    offsets); None when that cannot be told cheaply (too many words, or runs longer than ``WINDOW``).

    ``after``'s word starts where a hit starts or, when the hit swallowed it (RE2 reports matches that
    do not overlap: ``made a mistake`` holds ``mistake``), after whitespace inside a hit."""
    ends: set[int] = set()
    starts: list[int] = []
    for a, b in hits:
        starts.append(a)
        starts += [i for i in range(a + 1, b) if text[i - 1].isspace()]
        if len(starts) > MAX_WORDS:
            return None
    for q in starts:
        lo = max(0, q - WINDOW)
        back = text[lo:q][::-1]
        m = _BACK.match(back)
        assert m is not None  # every group may be empty
        if lo and m.end() == len(back):
            return None  # the runs may go on before the window
        g = [len(x) for x in m.groups()]
        j0 = q - g[0]
        j1 = j0 - g[1] - g[2]
        j2 = j1 - g[3] - g[4]
        ends.update((j0, j0 - 2, j1, j1 - 2, j2, j2 - 2))
    return ends


QUOTES = frozenset("'’")
MAX_HINTS = 4_096  # more name ends and phrases than this: the caller tells each name at C speed


def blamable(
    text: str, starts: list[int], ends: list[int], ends_reached: set[int], by_starts: list[int], by_ends: list[int]
) -> list[int] | None:
    """The indexes (increasing) of the names (``starts``, ``ends``: sorted, none overlapping) that
    ``after`` can follow (the name's end in ``ends_reached``, ``reach``'s answer, and an apostrophe or
    whitespace right after it) or a "caused by" phrase (``by_starts``, ``by_ends``: RE2's matches, in
    order) can precede (a phrase that starts before the name and ends after 40 characters before
    it); None when the places to look at are too many (the caller tells each name). Found from
    each place rather than tested at each name: a megabyte of names near a few failure words."""
    if len(ends_reached) + len(by_starts) > MAX_HINTS:
        return None
    picked: set[int] = set()
    n = len(ends)
    for r in ends_reached:
        i = bisect.bisect_left(ends, r)
        if i < n and ends[i] == r:
            nxt = text[r : r + 1]
            if nxt in QUOTES or nxt.isspace():
                picked.add(i)
    for a, b in zip(by_starts, by_ends):  # names starting after a and before b + 40
        if b > 0:
            picked.update(range(bisect.bisect_right(starts, a), bisect.bisect_left(starts, b + 40)))
    return sorted(picked)
