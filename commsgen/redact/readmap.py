"""Where the characters of a reading (``readings.Reading``) came from in the output it reads.

A reading's block stands for ``source[b.lo:b.hi]``; ``block_map`` says, for each character of its
text, which characters of the source produced it. Kept apart from ``readings`` (which builds the
readings) because this is the part a hostile text makes hot: a megabyte line of one repeated name
is traced back once per finding.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from itertools import repeat
from operator import add, itemgetter, lt
from typing import Any

WINDOW = 512  # how far ahead alignment looks for the source of one character
ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")
Runs = tuple[list[int], list[int], list[int], list[int]]  # ras, res, sas, ses (``block_map``)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def block_map(source: str, text: str, b: Any) -> Runs:
    """Where each character of block ``b`` of the reading ``text`` came from in ``source``, as runs:
    four lists ``ras, res, sas, ses``; the reading's ``text[ras[k]:res[k]]`` came from
    ``source[sas[k]:ses[k]]``, character for character when both have the same length, else (an
    escape, an entity, a line break read as a space) one character from the whole of it. Characters in no run came from nothing (separators,
    or not found). The runs are in increasing order on both sides.

    Each character is looked for from where the previous one was found (``cursor``), at most
    ``WINDOW`` characters ahead: as itself, a whitespace for a space, a backslash escape of it, an
    entity for it. Where the reading and the source agree for a stretch, the stretch is one run,
    found at C speed (``agree``): a megabyte of plain text is a few runs, not a million tuples."""
    if b._map is not None:
        kept: Runs = b._map
        return kept
    src = source
    ras: list[int] = []
    res: list[int] = []
    sas: list[int] = []
    ses: list[int] = []

    def add(ra: int, re_: int, sa: int, se: int) -> None:
        if ras and res[-1] == ra and ses[-1] == sa and re_ - ra == se - sa and res[-1] - ras[-1] == ses[-1] - sas[-1]:
            res[-1], ses[-1] = re_, se  # one exact run continues the other
        else:
            ras.append(ra)
            res.append(re_)
            sas.append(sa)
            ses.append(se)

    cursor = b.lo
    hi = b.hi
    for a, e, aligned in b.pieces:
        if not aligned:
            continue
        i = a
        while i < e:
            k = agree(text, i, e, src, cursor, hi)
            if k:
                add(i, i + k, cursor, cursor + k)
                i += k
                cursor += k
                continue
            ch = text[i]
            found = None
            j, limit = cursor, min(hi, cursor + WINDOW)
            while j < limit:
                c = src[j]
                if c == ch or (ch == " " and c in "\t\n\r"):
                    found = (j, j + 1)
                    break
                if c == "\\" and j + 1 < hi and src[j + 1] == ch:
                    found = (j, j + 2)
                    break
                if c == "&":
                    m = ENTITY.match(src, j)
                    if m is not None and html.unescape(m.group()) == ch:
                        found = (j, m.end())
                        break
                j += 1
            if found is not None:
                add(i, i + 1, *found)
                cursor = found[1]
            i += 1
    runs = b._map = (ras, res, sas, ses)
    return runs


def agree(text: str, i: int, e: int, src: str, j: int, hi: int) -> int:
    """How many characters ``text[i:e]`` and ``src[j:hi]`` have in common from their starts:
    doubling, then halving, lengths compared at C speed (a stretch of ``k`` costs ``O(k log k)``
    character comparisons and ``O(log k)`` steps)."""
    n = min(e - i, hi - j)
    if n <= 0 or text[i] != src[j]:
        return 0
    good, step = 1, 2
    while step <= n and src.startswith(text[i : i + step], j):
        good, step = step, step * 2
    bad = min(step, n + 1)
    while bad - good > 1:
        mid = (good + bad) // 2
        if src.startswith(text[i : i + mid], j):
            good = mid
        else:
            bad = mid
    return good


def traced(runs: Runs, a: int, e: int) -> tuple[int, int] | None:
    """The source span from the first to the last character of ``text[a:e]`` that ``runs`` (one
    block's ``block_map``) trace back, or None when none is (or ``e <= a``). The runs come from
    increasing places of the source, so the first and last traced characters say it."""
    if e <= a:
        return None
    ras, res, sas, ses = runs
    k = bisect_right(res, a)  # the first run that ends after ``a``
    if k == len(ras) or ras[k] >= e:
        return None
    m = k if res[k] >= e else bisect_left(ras, e) - 1  # the last run that starts before ``e``
    s0 = sas[k] + max(0, a - ras[k]) if res[k] - ras[k] == ses[k] - sas[k] else sas[k]
    e0 = sas[m] + (min(e, res[m]) - ras[m]) if res[m] - ras[m] == ses[m] - sas[m] else ses[m]
    return s0, e0


def traced_many(runs: Runs, spans: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """``[traced(runs, a, e) for a, e in spans]``, the binary searches mapped at C speed and the rest
    in one comprehension (a reading with a hundred thousand findings in one block)."""
    ras, res, sas, ses = runs
    n = len(ras)
    if not n:
        return [None] * len(spans)
    shifted = _in_one_exact_run(runs, spans)
    if shifted is not None:
        return shifted
    exact = [r - a == e - s for a, r, s, e in zip(ras, res, sas, ses)]  # a run copied character for character
    firsts = map(bisect_right, repeat(res), [a for a, _ in spans])  # the first run ending after a
    lasts = map(bisect_left, repeat(ras), [e for _, e in spans])  # 1 + the last run starting before e
    return [
        None
        if e <= a or k == n or ras[k] >= e
        else (
            sas[k] + max(0, a - ras[k]) if exact[k] else sas[k],
            # the last run starting before e (the condition is evaluated first: it names m)
            sas[m] + (min(e, res[m]) - ras[m]) if exact[(m := k if res[k] >= e else last - 1)] else ses[m],
        )
        for (a, e), k, last in zip(spans, firsts, lasts)
    ]


def _in_one_exact_run(runs: Runs, spans: list[tuple[int, int]]) -> list[tuple[int, int] | None] | None:
    """``traced_many(runs, spans)`` when every span is non-empty and inside one run copied character
    for character (a long paragraph read as it is written): each span moved by that run's shift, at C
    speed; else None. (The run is the one ``traced`` finds for each: the first ending after its start,
    which also holds its end.)"""
    if not spans:
        return None
    ras, res, sas, ses = runs
    starts, ends = list(map(_FIRST, spans)), list(map(_SECOND, spans))
    lo, hi = min(starts), max(ends)
    k = bisect_right(res, lo)
    if k == len(ras) or ras[k] > lo or hi > res[k] or res[k] - ras[k] != ses[k] - sas[k]:
        return None
    if not all(map(lt, starts, ends)):
        return None
    d = sas[k] - ras[k]
    return list(zip(map(add, starts, repeat(d)), map(add, ends, repeat(d))))
