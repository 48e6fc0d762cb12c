"""Occurrences of many learnt terms at once (``extras._occurrences``), without trying an alternation
of all of them at every candidate.

A text that teaches a different term on every line (a log of thousands of hosts) gives thousands of
terms. As one Python alternation (``extras._terms_rx``), each try at a place where no term matches
walks every term (35 ms with 9,500 terms), and such places are on every line (a word that starts
like a term): minutes for 400 kB; and telling which terms the text can hold costs a search of the
text per term. Above ``MANY`` terms, all of them ASCII, ``extras`` asks this module for the same
matches:

- the terms the text can hold: each ASCII run of letters and digits of a term is a whole run of
  the folded text when the term matches (its own separators and the pattern's look-arounds end
  those runs), so one set of the text's runs answers for every term (``held``);
- where a term can start: one RE2 search of their literals, as ``locate.literal_matches``;
- which term matches there: the pattern's look-behinds are tried once, then the terms of each
  length, longest first (the alternation's order), by a dictionary of their lower-cased forms,
  each with the pattern's look-ahead, compared with the text as ``re.I`` reads it for ASCII terms
  (``locate.fold_for_re``: every character it takes for an ASCII letter is that letter).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import re2

from commsgen.adapters.re2set import Finder, options
from commsgen.redact.locate import fold_for_re

MANY = 64

# what a learnt term's occurrence may not follow and may not be followed by (``extras._terms_rx``
# puts its alternation between them; here they are tried apart), and a run of letters and digits
BEHIND = r"(?<![\w.@-])(?<![a-z]/)"
AHEAD = r"(?![\w@-]|\.[A-Za-z0-9])"
RUN = re.compile(r"[^\W_]+")
_BEHIND = re.compile(BEHIND, re.IGNORECASE)
_AHEAD = re.compile(AHEAD, re.IGNORECASE)


class Hit:
    """A term's occurrence, with what ``extras`` asks of a ``re.Match`` of ``_terms_rx``: its span,
    its text and the number of the alternative (``lastindex``)."""

    __slots__ = ("_start", "_end", "_text", "lastindex")

    def __init__(self, start: int, end: int, text: str, lastindex: int):
        self._start, self._end, self._text, self.lastindex = start, end, text, lastindex

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, n: int = 0) -> str:
        return self._text


def applies(alts: Iterable[str], text: str) -> bool:
    """Whether this module answers for the terms ``alts`` in ``text``."""
    alts = list(alts)
    return len(alts) > MANY and all(a.isascii() for a in alts)


def held(folded: str, forms: Iterable[str], runs_of: Callable[[str], tuple[str, ...]]) -> list[str]:
    """The ``forms`` whose every ASCII run (``runs_of``) is a whole run of letters and digits of
    ``folded`` (the text, lower-cased): the terms it can hold."""
    runs = set(RUN.findall(folded))
    return [f for f in forms if all(r in runs for r in runs_of(f))]


def matches(alts: tuple[str, ...], text: str, start: int, end: int) -> list[Hit] | None:
    """``list(_terms_rx(alts).finditer(text, start, end))`` for ASCII terms ``alts`` (lower-cased,
    longest first then in order, as ``extras`` sorts them); None for a text with a lone surrogate
    (its UTF-8 cannot be searched: the caller tries the alternation)."""
    by_len: dict[int, dict[str, int]] = {}
    for i, a in enumerate(alts, 1):
        by_len.setdefault(len(a), {}).setdefault(a, i)
    lengths = sorted(by_len, reverse=True)
    # the text as ``re.I`` reads it for ASCII terms: lower-cased, every character it takes for an
    # ASCII letter made that letter, character for character (``locate.fold_for_re``)
    folded = text.lower() if text.isascii() else fold_for_re(text)
    try:
        fdata = folded.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the caller tries the alternation
        return None
    ascii_text = len(fdata) == len(folded)
    first = Finder("(?i:" + "|".join(re2.escape(a) for a in alts) + ")", options(max_mem=256 << 20)).first
    behind, ahead = _BEHIND.match, _AHEAD.match
    out: list[Hit] = []
    pos = start
    bpos = pos if ascii_text else len(folded[:pos].encode("utf-8"))
    bend = end if ascii_text else bpos + len(folded[pos:end].encode("utf-8"))
    while pos < end:
        sb = first(fdata, bpos, bend)
        if sb < 0:
            break
        s = sb if ascii_text else pos + len(fdata[bpos:sb].decode("utf-8"))
        nxt = s + 1
        if behind(text, s) is not None:
            for n in lengths:
                e = s + n
                if e > end:
                    continue
                k = by_len[n].get(folded[s:e])
                if k is not None and ahead(text, e, end) is not None:
                    out.append(Hit(s, e, text[s:e], k))
                    nxt = e
                    break
        if ascii_text:
            pos = bpos = nxt
        else:
            bpos += len(folded[pos:nxt].encode("utf-8"))
            pos = nxt
    return out
