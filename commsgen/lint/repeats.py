"""Sentences of a block told once per distinct piece: a hostile line of one unit repeated (``1. 1.
1.``: 300,000 sentences in a megabyte) holds a handful of distinct pieces between its candidate
sentence ends, so what each piece says (does the word before the end end a sentence; the piece
stripped; does it hold a word) is worked out once per distinct piece and looked up for the others,
at C speed. The results are those of the piece-by-piece path, which a block with many distinct
pieces (ordinary prose) keeps (``tests/test_adversarial_costs.py`` holds both equal over generated
blocks).
"""

from __future__ import annotations

from collections.abc import Callable
from collections import Counter
from itertools import chain, compress, count, islice
from operator import add
from typing import Any

from commsgen.lint.readability import fk_grade

MANY = 1_024  # pieces in a block before its distinct pieces are counted
FEW = 8  # at most one distinct piece per this many pieces


def few_distinct(items: list[str]) -> set[str] | None:
    """The distinct ``items`` when there are few of them (one per ``FEW`` at most) and ``items``
    are ``MANY`` or more; else None."""
    if len(items) < MANY:
        return None
    distinct = set(items)
    return distinct if len(distinct) * FEW <= len(items) else None


def ends_by_gap(
    m: str,
    bstart: int,
    split: list[str],
    ees: list[int],
    not_an_end: Callable[[str], bool],
    last_space: Callable[[str, int, int], int],
) -> list[int] | None:
    """The candidate ends ``ees`` that end a sentence, or None to take the general path.

    ``split`` is the block ``m[bstart:...]`` split at its candidate ends (gap, end, gap, ..., gap):
    gap ``i`` ends where candidate ``i`` starts. The word before candidate ``i`` is what follows
    the last space or newline before it; for ``i >= 1`` that space lies in gap ``i`` when gap ``i``
    holds one, and then the word is gap ``i`` past it, whichever earlier candidates ended a
    sentence: so each distinct gap is looked at once. A gap without a space or newline (a tab after
    an end) means the word may reach back past the previous end: None (the general path)."""
    n = len(ees)
    gaps = split[0 : 2 * n : 2]
    distinct = few_distinct(gaps[1:])
    if distinct is None:
        return None
    ends: dict[str, bool] = {}
    for g in distinct:
        cut = max(g.rfind(" "), g.rfind("\n"))
        if cut < 0:
            return None
        ends[g] = not not_an_end(g[cut + 1 :].strip("(\"'"))
    e0 = bstart + len(gaps[0])
    first = not not_an_end(m[last_space(m, bstart, e0) + 1 : e0].strip("(\"'"))
    return list(compress(ees, chain((first,), map(ends.__getitem__, islice(gaps, 1, None)))))


def parts_by_piece(
    cuts: list[int], pieces: list[str], holds_word: Callable[[str], Any]
) -> tuple[list[int], list[int], list[str], list[bool]] | None:
    """(starts, ends, texts, keep) of ``pieces`` (``pieces[i]`` starts at ``cuts[i]``): each piece
    stripped, where it starts once its leading whitespace is left out, where it ends, and whether
    it holds a word (``holds_word`` of the stripped piece); None when the pieces are not few."""
    distinct = few_distinct(pieces)
    if distinct is None:
        return None
    stripped = {p: p.strip() for p in distinct}
    lead = {p: len(p) - len(p.lstrip()) for p in distinct}
    word = {p: bool(holds_word(stripped[p])) for p in distinct}
    texts = list(map(stripped.__getitem__, pieces))
    starts = list(map(add, cuts, map(lead.__getitem__, pieces)))
    ends = list(map(add, starts, map(len, texts)))
    return starts, ends, texts, list(map(word.__getitem__, pieces))


def grade_of_few(
    prose: Any, words_of: Callable[[str], list[str]], syllables: Callable[[list[str]], int]
) -> tuple[int, int, int, Any] | None:
    """``lang.grade``'s sums over the sentences ``prose`` (a ``lint.prose.Prose``): (words, syllables, sentences with a word
    (``words_of`` their text), the first sentence of the highest grade), each distinct text read
    once, when the texts are few (a line of one unit repeated); else None. What the sentence by
    sentence sum gives: sums of whole numbers, and the worst sentence is the first whose grade is
    above every grade before it."""
    texts = prose.texts
    distinct = few_distinct(texts)
    if distinct is None:
        return None
    per: dict[str, tuple[int, int, float]] = {}
    for t in distinct:
        toks = words_of(t)
        if toks:
            n = syllables(toks)
            per[t] = (len(toks), n, fk_grade(len(toks), 1, n))
    times = Counter(texts)
    words = sum(times[t] * w for t, (w, _n, _g) in per.items())
    syl = sum(times[t] * n for t, (_w, n, _g) in per.items())
    counted = sum(map(times.__getitem__, per))
    top = max((g for _w, _n, g in per.values()), default=-99.0)
    if top <= -99.0:
        return words, syl, counted, None
    hardest = {t for t, (_w, _n, g) in per.items() if g == top}
    return words, syl, counted, prose[next(compress(count(), map(hardest.__contains__, texts)))]
