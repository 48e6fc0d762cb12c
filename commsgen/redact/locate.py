"""Where a rule can match, found by RE2, so the Python pattern runs only there.

A Python pattern with a look-behind and a long alternation is tried at every position of a line;
on a megabyte-long line that is slow even when nothing matches. A *locator* names the positions
where a rule's match can start (a superset); ``matches`` tries the pattern only at those, with
exactly ``finditer``'s results: the first match at or after the current position, then on from its
end.

A locator takes a line and returns ``next_start(pos) -> int`` (the first candidate start >= pos,
or -1), or None to try every position (plain ``finditer``; used for non-ASCII lines, where RE2's
byte offsets are not character offsets).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import re2

from commsgen.adapters.re2set import Finder
from commsgen.redact.lazyre import LazyPattern

Locator = Callable[[str], "Callable[[int], int] | None"]


def re2_locator(pattern: str) -> Locator:
    """Candidates: the positions where the RE2 ``pattern`` matches."""
    compiled: list[Finder] = []

    def locate(line: str) -> Callable[[int], int] | None:
        if not line.isascii():
            return None
        if not compiled:
            compiled.append(Finder(pattern))
        first, data, n = compiled[0].first, line.encode("ascii"), len(line)
        return lambda pos: first(data, pos, n)

    return locate


def matches(rx: re.Pattern[str] | LazyPattern, locator: Locator | None, line: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(line)``, trying ``rx`` only where ``locator`` says a match can start."""
    next_start = locator(line) if locator is not None else None
    if next_start is None:
        yield from rx.finditer(line)
        return
    pos = 0
    while True:
        s = next_start(pos)
        if s < 0:
            return
        m = rx.match(line, s)
        if m is None:
            pos = s + 1
        else:
            yield m
            pos = max(m.end(), s + 1)


def matching_line_starts(rx: Finder, data: bytes, start: int = 0, end: int | None = None) -> list[int]:
    """Starts of the lines of ``data[start:end]`` (``start`` a line start, ``end`` a line start or the
    end) in which ``rx`` (a ``Finder``) matches, increasing. A trigger may begin with the character
    before a token, and a line's first token has the newline before it: a match that starts on a
    newline is the next line's, and the search for the next line (or of a range) starts on the
    newline before it (``Finder.line_starts``)."""
    return rx.line_starts(data, start, end)


def merge_starts(a: list[int], b: list[int]) -> list[int]:
    """The union of two increasing lists of line starts, increasing."""
    if not b:
        return a
    if not a:
        return b
    both = a + b
    both.sort()  # two sorted runs: one merge
    out = [both[0]]
    for x in both:
        if x != out[-1]:
            out.append(x)
    return out


# ``literal_matches`` hands the rest of the text to Python's own scan once it has tried more than
# DENSE_TRIED candidates at less than DENSE_GAP characters apart on average
DENSE_TRIED, DENSE_GAP = 256, 32


def literal_matches(
    rx: re.Pattern[str],
    literals: list[str],
    text: str,
    start: int = 0,
    end: int | None = None,
    data: bytes | None = None,
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text, start, end)`` for a case-insensitive ``rx`` whose every match starts with
    one of ``literals`` (any case): one RE2 search of the literals over the text finds where a match
    can start, and ``rx`` is tried only there (a Python alternation of many words, tried at every
    position of a long text, is slow). ``data``: ``text``'s UTF-8 when the caller has it.

    A text beyond ASCII is searched case-folded (``fold_for_re``: every character ``re.I`` takes for
    an ASCII letter is that letter, offsets kept) and RE2's byte offsets are turned into character
    offsets as the search moves on (one pass over the text in all). Non-ASCII literals (case folding
    beyond ASCII): plain ``finditer``."""
    end = len(text) if end is None else end
    if not literals or not all(x.isascii() for x in literals):
        yield from rx.finditer(text, start, end)
        return
    first = Finder("(?i:" + "|".join(re2.escape(x) for x in literals) + ")").first
    if text.isascii():
        if data is None or len(data) != len(text):
            data = text.encode("ascii")
        pos = start
        tried = 0
        while pos < end:
            s = first(data, pos, end)
            if s < 0:
                return
            tried += 1
            if tried > DENSE_TRIED and s - start < tried * DENSE_GAP:
                # candidates everywhere (a line of one term repeated): Python's own scan of the
                # rest is quicker than entering it at each candidate, with the same matches
                yield from rx.finditer(text, s, end)
                return
            m = rx.match(text, s, end)
            if m is None:
                pos = s + 1
            else:
                yield m
                pos = max(m.end(), s + 1)
        return
    folded = fold_for_re(text)
    try:
        fdata = folded.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        yield from rx.finditer(text, start, end)
        return
    pos, bpos = start, len(folded[:start].encode("utf-8"))
    bend = bpos + len(folded[start:end].encode("utf-8"))
    tried = 0
    while pos < end:
        sb = first(fdata, bpos, bend)
        if sb < 0:
            return
        s = pos + len(fdata[bpos:sb].decode("utf-8"))
        tried += 1
        if tried > DENSE_TRIED and s - start < tried * DENSE_GAP:  # as above
            yield from rx.finditer(text, s, end)
            return
        m = rx.match(text, s, end)
        nxt = s + 1 if m is None else max(m.end(), s + 1)
        if m is not None:
            yield m
        bpos = sb + len(folded[s:nxt].encode("utf-8"))
        pos = nxt


# the characters beyond ASCII that ``re.I`` takes for an ASCII letter and ``str.lower`` does not
# turn into it (the Kelvin sign lower-cases to ``k``); ``İ`` would lower-case to two characters
_TO_ASCII = {0x17F: "s", 0x131: "i", 0x130: "i"}
_FOLDED: list[Any] = [None, ""]


def fold_for_re(text: str) -> str:
    """``text`` lower-cased, character for character (offsets kept), every character ``re.I``
    matches to an ASCII letter made that letter (memoised for the last text)."""
    if _FOLDED[0] is not text:
        odd = not text.isascii() and any(chr(c) in text for c in _TO_ASCII)
        _FOLDED[:] = [text, (text.translate(_TO_ASCII) if odd else text).lower()]
    folded: str = _FOLDED[1]
    return folded
