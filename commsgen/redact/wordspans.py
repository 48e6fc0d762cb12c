"""Where the surname rule matches in a long ASCII line, found at C speed.

A megabyte line of one surname repeated (``Whitfield, ``) holds ~89,000 matches of ``people.surname``
(``names._bounded`` words, any case) in each scan of the line. Python's ``re`` tries that
alternation at every character (its leading look-behind leaves it no literal prefix to skip to),
~0.1 s a megabyte; RE2 called once per match costs as much. Here each word is looked for by
``str.split`` of the line's lower-case copy, and the boundaries are read from a table of the line's
bytes, a column at a time.

``bounded_spans(words, text)`` is ``[m.span() for m in rx.finditer(text)]`` for ``rx`` =
``re.compile("|".join(names._bounded(re.escape(w)) for w in words), re.I)``, when the text and the
words are ASCII and the words are letters and digits only (else None: the caller searches with the
pattern). Then an occurrence that starts inside another one (of any word: ``split`` does not give
it) follows a letter or digit, which the look-behind refuses; two words bounded at one place are
the same word (a longer one continues the shorter with a letter or digit). So the matches are every
bounded occurrence, sorted. ``tests/test_adversarial_costs.py`` holds it equal to the pattern's
``finditer`` over generated texts and words, and the scan of long lines equal with and without it.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate, chain, compress, repeat
from operator import add, gt, itemgetter, not_, or_, sub

_ALNUM = bytes(1 if chr(i).isalnum() else 0 for i in range(128)) + bytes(128)  # [^\W_] on ASCII
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


def _occurrences(hay: str, word: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the occurrences of ``word`` in ``hay`` that ``hay.split(word)`` cuts at
    (from the left, none overlapping)."""
    parts = hay.split(word)
    if len(parts) == 1:
        return [], []
    n = len(word)
    ends = list(accumulate(map(add, map(len, parts[:-1]), repeat(n))))
    return list(map(sub, ends, repeat(n))), ends


def bounded_spans(words: tuple[str, ...], text: str) -> list[tuple[int, int]] | None:
    """The spans of ``re.compile("|".join(_bounded(re.escape(w)) for w in words), re.I)`` in
    ``text``, or None when this cannot tell (see the module's docstring)."""
    got = bounded_columns(words, text)
    return None if got is None else list(zip(*got))


def bounded_columns(words: tuple[str, ...], text: str) -> tuple[list[int], list[int]] | None:
    """``bounded_spans`` as (starts, ends)."""
    if not words or not text.isascii() or not all(w.isascii() and w.isalnum() for w in words):
        return None
    hay = text.lower()
    flags = b"\0" + text.encode("ascii").translate(_ALNUM) + b"\0"  # flags[i + 1]: text[i] is a letter or digit
    columns = []
    for word in dict.fromkeys(w.lower() for w in words):
        s, e = _occurrences(hay, word)
        if not s:
            continue
        # bounded: no letter or digit before (flags[s]) or after (flags[e + 1])
        clash = list(map(or_, map(flags.__getitem__, s), map(flags.__getitem__, map(add, e, repeat(1)))))
        if any(clash):
            keep = list(map(not_, clash))
            s, e = list(compress(s, keep)), list(compress(e, keep))
        columns.append((s, e))
    if not columns:
        return [], []
    if len(columns) == 1:
        return columns[0]
    spans = sorted(zip(chain.from_iterable(s for s, _ in columns), chain.from_iterable(e for _, e in columns)))
    return list(map(_FIRST, spans)), list(map(_SECOND, spans))


def outside(columns: tuple[list[int], list[int]], spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """``columns`` (starts, ends) less those that overlap one of ``spans`` (sorted, none overlapping
    another), told at C speed: a surname alone outside the full names found."""
    starts, ends = columns
    if not spans or not starts:
        return columns
    span_starts = list(map(_FIRST, spans))
    before_end = [-1, *map(_SECOND, spans)].__getitem__  # the end of the last span starting before ``e``
    clash = list(map(gt, map(before_end, map(bisect_left, repeat(span_starts), ends)), starts))
    if not any(clash):
        return columns
    keep = list(map(not_, clash))
    return list(compress(starts, keep)), list(compress(ends, keep))
