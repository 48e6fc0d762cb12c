"""Which of a postmortem's learnt terms one text can hold: the terms of ``learn.learn_postmortem``
that matter to the gate's search of that text (``extras._occurrences``), learnt from the few
engineering lines that can teach them instead of from every line.

The search finds a learnt term only as a whole word in any case: it starts where the character
before is none of ``\\w . @ -`` and ends where the character after is none of ``\\w @ -`` and no
``.`` followed by a letter or digit. Every term ``learn_line`` teaches is a piece of its line made
of those characters (a name also of spaces and tabs between its two words). So a term the search
finds, lower-cased, is one of the text's *candidates*: a run of those characters, whole or cut just
before one of its dots, or two such runs (a given name, then a surname) with only spaces or tabs
between them. And its line, lower-cased, holds that candidate. Every term is also kept by
``learn.py``'s own word checks: it is no plain word (``learnwords.plain``), or it is a name or a
handle (a single-word name is a given name). So only the lines that hold a candidate passing those
checks are learnt from, in their order: a term the search finds keeps the line it was first learnt
from, and a term from an earlier line that holds no candidate is not in the text at all.

Every term also begins with a letter, a digit or ``@`` and ends with a letter or a digit. A term of
letters only (no given name) has fewer ways still: a host or role in a log line or a command
(``LOG_LINE``, ``COMMAND``, ``ROLE``, any case), a capitalised word (``CAP_HOSTS``, ``CLUSTER``: the
line holds it capitalised) or a whole code span. So a line is learnt from for such a candidate only
when one of those holds for it.

That reasoning holds character for character for ASCII lines: a line beyond ASCII is always learnt
from. Where lower-casing and Unicode case folding part (``Straße``: ``straße`` against
``strasse``), the term's two spellings could match differently: every line is learnt from then.

The shortcut pays where one short text of a postmortem is gated (``batch --audience status``): a
second text, a long text or a text with many candidates has every line learnt from, once.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from itertools import accumulate
from typing import Any

import re2

from commsgen.adapters.re2set import Finder
from commsgen.redact.learn import (
    CODE_SPAN,
    _COMMAND_WORDS,
    COMMAND,
    LOG_LINE,
    ROLE,
    Learnt,
    field_lines,
    learn_postmortem,
)
from commsgen.redact.learnwords import plain
from commsgen.redact.likely_names import given_names
from commsgen.redact.locate import fold_for_re

# runs of the characters a learnt term is made of (as the search's boundaries see them), and the
# spaces or tabs that may join two of them into a name
_RUN = re.compile(r"[\w.@-]+")
_GAP = re.compile(r"[ \t]+")
# a text with more candidates than this, or longer than this, learns from every line (once per
# postmortem): a short output is what the shortcut is for
MAX_CANDIDATES = 400
MAX_TEXT = 20_000
# only the first text of a postmortem is answered this way: a second one (a check or the TUI builds
# every output, a batch with more than the status text too) learns from every line once, and that
# full set answers it and every later text at no further cost
SCOPED_USES = 1


class Learning:
    """The terms a postmortem's engineering-only fields teach, learnt lazily: ``all()`` every term
    (once), ``for_text(...)`` those one text can hold (until ``all()`` has run)."""

    __slots__ = ("pm", "_all", "_uses", "_lines")

    def __init__(self, pm: Any):
        self.pm = pm
        self._all: tuple[Learnt, ...] | None = None
        self._uses = 0
        self._lines: list[tuple[str, str]] | None = None

    def all(self) -> tuple[Learnt, ...]:
        if self._all is None:
            self._all = learn_postmortem(self.pm)
        return self._all

    def for_text(self, text: str, start: int = 0, end: int | None = None) -> tuple[Learnt, ...]:
        """The learnt terms (as ``all()`` gives them: the same term, kind, how and field each) that
        the gate's search can find in ``text[start:end]``; other terms may be included too."""
        if self._all is not None:
            return self._all
        self._uses += 1
        part = text[start:end]
        if self._uses > SCOPED_USES or len(part) > MAX_TEXT or _folds_apart(part):
            return self.all()
        cands = candidates(part)
        if cands is None:
            return self.all()
        terms = _learn(self._field_lines(), cands, self.pm)
        if terms is None:
            return self.all()
        return terms

    def _field_lines(self) -> list[tuple[str, str]]:
        if self._lines is None:
            self._lines = field_lines(self.pm)
        return self._lines


def _folds_apart(text: str) -> bool:
    """Whether a character of ``text`` lower-cases otherwise than it case-folds (``ß``, ``ſ``)."""
    return not text.isascii() and any(c.lower() != c.casefold() for c in set(text) if c > "\x7f")


def candidates(text: str) -> list[str] | None:
    """The text's candidates (see the module's docstring) that ``learn.py``'s word checks could
    keep, lower-cased and ASCII; None when there are more than ``MAX_CANDIDATES``."""
    folded = fold_for_re(text)
    out: dict[str, None] = {}
    gap = _GAP.fullmatch
    prev_end, prev = -1, ""  # the previous run's end and text, when it is a given name
    for m in _RUN.finditer(text):  # runs of the text's own characters, as the search's boundaries see them
        s, e = m.span()
        kept, cuts, given = _cuts(folded[s:e])
        for c in kept:
            out[c] = None
        if prev and gap(text, prev_end, s):  # a given name, spaces or tabs, this run: a name's two words
            space = text[prev_end:s]
            for c in cuts:
                out[prev + space + c] = None
        prev_end, prev = e, folded[s:e] if given else ""
        if len(out) > MAX_CANDIDATES:
            return None
    return list(out)


@lru_cache(maxsize=16384)
def _cuts(run: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(the cuts of a lower-cased run that the word checks could keep as a term, every ASCII cut,
    whether the run is a given name). A cut is the run whole or up to one of its dots."""
    cuts = tuple(c for c in (*(run[:i] for i, ch in enumerate(run) if ch == "."), run) if c.isascii())
    given = given_names()
    kept = tuple(
        c
        for c in cuts
        if len(c) >= 3 and (c[0].isalnum() or c[0] == "@") and c[-1].isalnum() and (not plain(c) or c in given)
    )
    return kept, cuts, run in given


def _learn(lines: list[tuple[str, str]], cands: list[str], pm: Any) -> tuple[Learnt, ...] | None:
    """``learn_postmortem`` over the lines that can teach a candidate (and every line beyond ASCII),
    in their order; None when a term's lower-casing and case folding part (learn from every line
    then: the term's two spellings could match differently from those of the line it was first
    learnt from)."""
    if not cands:
        keep = [i for i, (_, line) in enumerate(lines) if not line.isascii()]
    else:
        keep = sorted(_holding(lines, cands))
    terms = learn_postmortem(pm, [lines[i] for i in keep])
    if any(t.term.casefold() != t.term.lower() for t in terms):
        return None
    return terms


def _holding(lines: list[tuple[str, str]], cands: list[str]) -> set[int]:
    """Indexes of the lines that are beyond ASCII or can teach a candidate: hold it (lower-cased)
    and, for a candidate of letters only that is no given name, hold it in one of the ways such a
    term is learnt (``_Teacher``)."""
    texts = [line for _, line in lines]
    joined = "\n".join(texts)
    out: set[int] = set()
    ascii_texts = texts
    if not joined.isascii():  # a line beyond ASCII is learnt from; it is searched as an empty line
        out = {i for i, line in enumerate(texts) if not line.isascii()}
        ascii_texts = ["" if i in out else line for i, line in enumerate(texts)]
        joined = "\n".join(ascii_texts)
    # each line's start in ``joined``, then the end of the last line + 1
    starts = list(accumulate([len(line) + 1 for line in ascii_texts], initial=0))
    low = joined.lower()
    find = low.find
    given = given_names()
    teacher: _Teacher | None = None
    for c in cands:
        word = c.isalpha() and c not in given
        pos = find(c)
        while pos >= 0:
            i = bisect.bisect_right(starts, pos) - 1
            if i not in out:
                if not word:
                    out.add(i)
                else:
                    if teacher is None:
                        teacher = _Teacher(texts, low, starts)
                    if teacher.teaches(i, c):
                        out.add(i)
            pos = find(c, starts[i + 1])
    return out


# learn_line's condition for looking at a line's log lines and commands (one of its command words in
# the lower-cased line, or a ``:`` and a digit), as one RE2 search over all the lines of a postmortem
_GATE = "|".join(re2.escape(w) for w in _COMMAND_WORDS) + r"|:[^\n]*[0-9]|[0-9][^\n]*:"
_gate: list[Finder] = []


class _Teacher:
    """Whether an ASCII line of one postmortem (all of them joined: ``low``, lower-cased, each line
    starting at ``starts[i]``) can teach a word of letters that is no given name, the line holding
    the word in some case: capitalised (a machine's or cluster's name), as a whole code span, or in
    a log line, a command or a role (``learn._log_and_commands``, any case, looked at where
    ``learn_line`` looks: a command word in the lower-cased line, or a ``:`` and a digit). What it
    finds about each line is kept: its code spans, and whether it is a log line, a command or a role
    (the lines that can be are found in one search over all of them)."""

    __slots__ = ("texts", "low", "starts", "spans", "commands", "gated")

    def __init__(self, texts: list[str], low: str, starts: list[int]):
        self.texts, self.low, self.starts = texts, low, starts
        self.spans: dict[int, frozenset[str]] = {}
        self.commands: dict[int, bool] = {}
        self.gated: set[int] | None = None

    def teaches(self, i: int, word: str) -> bool:
        line = self.texts[i]
        if word.capitalize() in line:
            return True
        if "`" in line:
            spans = self.spans.get(i)
            if spans is None:
                spans = self.spans[i] = frozenset(m.group("code").strip().lower() for m in CODE_SPAN.finditer(line))
            if word in spans:
                return True
        known = self.commands.get(i)
        if known is None:
            if self.gated is None:
                self.gated = self._gated()
            known = self.commands[i] = i in self.gated and any(rx.search(line) for rx in (LOG_LINE, COMMAND, ROLE))
        return known

    def _gated(self) -> set[int]:
        if not _gate:
            _gate.append(Finder(_GATE))
        first, starts, last = _gate[0].first, self.starts, len(self.starts) - 2
        data = self.low.encode()
        out: set[int] = set()
        pos = first(data)
        while pos >= 0:
            i = bisect.bisect_right(starts, pos) - 1
            out.add(i)
            pos = first(data, starts[i + 1]) if i < last else -1
        return out
