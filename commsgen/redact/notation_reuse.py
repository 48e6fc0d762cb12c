"""The notations of a long line that holds most of a long line listed before (``obfuscation``):
``check`` reads one field's megabyte line three ways (as written, with a trailing space; as a
viewer shows it, without; and joined to the "Summary" line above it in the plain reading), and
listing its notations (``1. 1. 1.`` holds 300,000) is most of what reading each of them costs.

The notations of a line are what one left-to-right search of the table (``obfuscation._ALL``)
finds, a check (``_word_at``) then turning some down. The search tries the positions in turn from
where it stands; the attempt at a position q fails, or finds a notation [q, e) and the search goes
on from e. What an attempt finds depends only on the characters it reads: the ``BEHIND`` before q
(each pattern's look-behind: two for a letter-spaced run's space, ``l e d``) and, from q on, at most ``READ`` characters that are not spaces or tabs,
with the runs of spaces and tabs among them (every pattern is short literals and classes joined by
possessive runs of spaces and tabs). A check reads ``BEFORE`` characters before its notation and
``AFTER`` after it.

So where a line M holds the middle X of a kept line L (``M.find``): once M's search tries a position
p of X whose twin in L was tried by L's search too (not strictly inside one of L's notations), with
every character p's attempt and its check read inside X, M's search does there what L's did, and
so at every position after it (position by position, it tries the twins of the positions L tried)
as long as what it reads stays inside X: up to a position t, tried by L, with ``READ`` characters
that are not spaces or tabs and ``AFTER`` characters between t and X's end. M's notations are those
its own search finds up to p, L's between p and t (moved, with their checks), and those its own
search finds from t on: a few hundred characters are searched instead of a megabyte. The result is
that of searching M whole (``tests/test_adversarial_costs.py`` holds it equal over generated lines).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from operator import add
from typing import Any, NamedTuple

LONG = 32_768  # a line this long is kept, a few at a time (``KEPT``), for the next line holding it
EDGE = 1_024  # the kept line's middle looked for: all of it but this many characters at each end
READ = 16  # characters other than spaces and tabs one attempt reads at most (11 in the table)
BEHIND = 2  # characters before its position one attempt reads at most
BEFORE, AFTER = 64, 200  # what ``obfuscation._word_at`` reads before and after its notation
Listing = tuple[list[int], list[int], list[str], list[bool] | None]
KEPT: dict[str, Listing] = {}


class Table(NamedTuple):
    """What ``obfuscation`` gives to read a line with (it imports this module, not the reverse)."""

    search: Any  # ``obfuscation._ALL``: the table's notations, one group each
    notations: Sequence[Any]  # ``obfuscation.NOTATIONS``
    every_notation: Callable[[str], Listing]  # ``obfuscation.every_notation``


def listed(line: str, table: Table) -> Listing:
    """``table.every_notation(line)``: from a kept line ``line`` holds most of, or searched."""
    if len(line) < LONG:
        return table.every_notation(line)
    for kept, listing in list(KEPT.items()):
        got = _reused(line, kept, listing, table)
        if got is not None:
            _keep(line, got)
            return got
    got = table.every_notation(line)
    _keep(line, got)
    return got


def _keep(line: str, listing: Listing) -> None:
    KEPT.pop(line, None)
    if len(KEPT) >= 2:
        KEPT.pop(next(iter(KEPT)))
    KEPT[line] = listing


def _tried(a_s: list[int], b_s: list[int], q: int) -> bool:
    """Whether a search with notations (a_s, b_s) tried position ``q``: not strictly inside one."""
    k = bisect.bisect_right(a_s, q) - 1
    return k < 0 or not (a_s[k] < q < b_s[k])


def _reused(line: str, kept: str, listing: Listing, table: Table) -> Listing | None:
    if len(kept) < 4 * EDGE:
        return None
    lo, hi = EDGE, len(kept) - EDGE  # X: kept[lo:hi]
    at = line.find(kept[lo:hi])
    if at < 0:
        return None
    shift = at - lo  # a position q of X in ``kept`` is q + shift in ``line``
    a_s, b_s, plains, ok = listing
    # t: the last position L tried with READ characters other than spaces and tabs, and AFTER
    # characters, between it and X's end
    t = hi - AFTER - 1
    if len(kept[t:hi].replace(" ", "").replace("\t", "")) < READ:
        return None
    if not _tried(a_s, b_s, t):
        t = a_s[bisect.bisect_right(a_s, t) - 1]  # the start of the notation holding it: tried
    head = _head(line, table, lo + max(BEFORE, BEHIND) + 1 + shift, t + shift, a_s, b_s, shift)
    if head is None:
        return None
    p, h_a, h_b, h_plain, h_ok = head
    i, j = bisect.bisect_left(a_s, p - shift), bisect.bisect_left(a_s, t)
    t_a, t_b, t_plain, t_ok = _found(line, table, table.search.finditer(line, t + shift))
    middle_ok = [True] * (j - i) if ok is None else ok[i:j]
    return (
        h_a + list(map(add, a_s[i:j], repeat(shift))) + t_a,
        h_b + list(map(add, b_s[i:j], repeat(shift))) + t_b,
        h_plain + plains[i:j] + t_plain,
        h_ok + middle_ok + t_ok,
    )


def _head(
    line: str, table: Table, first: int, limit: int, a_s: list[int], b_s: list[int], shift: int
) -> tuple[int, list[int], list[int], list[str], list[bool]] | None:
    """The table's search of ``line`` from its start, one position at a time (``match`` there is the
    search's attempt there), up to the first position p it tries from ``first`` on whose twin
    ``p - shift`` the kept line's search tried too: (p, and the notations before p as ``_found``
    gives them); None if there is none up to ``limit``."""
    rx = table.search
    found: list[re.Match[str]] = []
    q = 0
    while q <= limit:
        if q >= first and _tried(a_s, b_s, q - shift):
            return (q, *_found(line, table, found))
        m = rx.match(line, q)
        if m is None:
            q += 1
        else:
            found.append(m)
            q = m.end()
    return None


def _found(
    line: str, table: Table, matches: Iterable[re.Match[str]]
) -> tuple[list[int], list[int], list[str], list[bool]]:
    """(starts, ends, plain texts, whether its check accepts it) of the table's ``matches``."""
    a_s: list[int] = []
    b_s: list[int] = []
    plains: list[str] = []
    ok: list[bool] = []
    for m in matches:
        notation = table.notations[(m.lastindex or 0) - 1]  # each notation is one group: the one that matched
        a_s.append(m.start())
        b_s.append(m.end())
        plains.append(notation.plain if isinstance(notation.plain, str) else notation.plain(m.group()))
        ok.append(notation.check is None or notation.check(line, m))
    return a_s, b_s, plains, ok
