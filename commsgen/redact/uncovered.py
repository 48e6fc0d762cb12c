"""Learnt-term occurrences outside the spans already found, without making those inside them.

``extras._occurrences`` looks for the learnt terms (``_terms_rx``: whole words, any case, longest
first) and drops every occurrence that overlaps a match already found. A line of one name repeated
holds a hundred thousand occurrences, all inside the names already found: each was made as a match
object, then tested and dropped.

Here the search runs on a copy of the text whose found spans are blanked inside (NUL characters,
their first and last two characters kept: what the pattern's look-arounds read next to an
occurrence outside them), so the occurrences inside them are not made; each occurrence the copy
gives is then matched again on the text itself. The same occurrences as searching the text, when
no occurrence of a term can start inside another's (``independent``): then the search's matches
are the places where the pattern matches, one by one; a match that overlaps no found span reads
the same characters in both texts, and where the text holds a longer alternative at the same
place, that one runs into a found span (dropped in both ways). Otherwise, or beyond ASCII, or with
found spans that overlap, ``outside`` says None and the caller searches the text as before.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import add, itemgetter, le, lt, sub

from commsgen.redact.locate import literal_matches

MIN_SPANS = 256  # fewer found spans: the text is searched as it is
_KEEP = 2  # characters the pattern reads before and after an occurrence (``(?<![a-z]/)``, ``\.[A-Za-z0-9]``)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_CONTINUES = re.compile(r"[\w.@-]")  # a character after which no learnt term starts (``manyterms.BEHIND``)
LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # one after which no name starts (``names._bounded``)


@lru_cache(maxsize=64)
def independent(alts: tuple[str, ...], continues: re.Pattern[str] = _CONTINUES) -> bool:
    """Whether no occurrence of one of ``alts`` (case-insensitive) can start inside an occurrence of
    another: an occurrence starts only after a character ``continues`` does not match (for the learnt
    terms: not a word character, ``.``, ``@`` or ``-``); inside a term that is only after such a
    character of the term, and from there no term may agree with the rest of it (characters beyond
    ASCII: taken to agree)."""
    if any("\0" in a for a in alts):
        return False
    for a in alts:
        for i in range(1, len(a)):
            if continues.match(a[i - 1]):
                continue
            rest = a[i:]
            if any(all(_may_equal(x, y) for x, y in zip(b, rest)) for b in alts):
                return False
    return True


def _may_equal(x: str, y: str) -> bool:
    if x.isascii() and y.isascii():
        return x.lower() == y.lower()
    return True


def outside(
    rx: re.Pattern[str],
    alts: tuple[str, ...],
    text: str,
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    continues: re.Pattern[str] = _CONTINUES,
) -> list[re.Match[str]] | None:
    """The matches of ``rx`` (``_terms_rx(alts)``) in ``text[start:end]`` that overlap none of
    ``spans`` (sorted (start, end) of what was found), as ``rx.finditer`` gives them; None when this
    cannot be told from a blanked copy (see the module's docstring): the caller searches ``text``.
    Also for any case-insensitive ``rx`` that is ``alts`` (any of them, as literals) between
    look-arounds reading at most ``_KEEP`` characters, with no match starting right after a character
    ``continues`` matches (``surnames.py``: a surname alone, ``continues`` ``LETTER_OR_DIGIT``)."""
    if len(spans) < MIN_SPANS or not independent(alts, continues):
        return None
    starts = list(map(_FIRST, spans))
    ends = list(map(_SECOND, spans))
    if not all(map(le, ends[:-1], starts[1:])):  # found spans that overlap: not blanked
        return None
    # the inside of each span longer than 2 * _KEEP characters, blanked
    cut_a = list(map(add, starts, repeat(_KEEP)))
    cut_b = list(map(sub, ends, repeat(_KEEP)))
    longer = list(map(lt, cut_a, cut_b))
    if not all(longer):
        cut_a, cut_b = list(compress(cut_a, longer)), list(compress(cut_b, longer))
        if not cut_a:
            return None
    kept = map(text.__getitem__, map(slice, [0, *cut_b], cut_a))
    sizes = list(map(sub, cut_b, cut_a))
    blank = {n: "\0" * n for n in set(sizes)}  # one string per size (a line repeats one name)
    blanks = map(blank.__getitem__, sizes)
    copy = "".join(chain.from_iterable(zip(kept, blanks))) + text[cut_b[-1] :]
    out = []
    for cand in literal_matches(rx, list(alts), copy, start, end):
        m = rx.match(text, cand.start(), end)
        if m is not None and not _overlaps(m.start(), m.end(), starts, ends):
            out.append(m)
    return out


def _overlaps(s: int, e: int, starts: list[int], ends: list[int]) -> bool:
    i = bisect.bisect_left(starts, e)  # spans starting before our end; they do not overlap each other
    return i > 0 and ends[i - 1] > s
