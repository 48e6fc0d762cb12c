"""Where a writing check's pattern can match, found by RE2 before Python's ``re`` runs it.

A writing check's phrase pattern (``legal.promise``, ``legal.vendor-blame``, the
``legal.customer-missing-*`` word lists, ``lang.abbreviation``) is a Python ``re`` pattern: it uses
lookbehinds, possessive quantifiers and Unicode ``\\b``/``\\w``/``\\s``. Python's engine enters its
matcher at every character of the text, so a dozen such patterns cost a second on a megabyte line
that holds none of their words. RE2 answers the question "can it match, and where may a match
start?" in one linear pass at C speed, for a whole table of patterns at once (a ``Set``).

``superset(pattern)`` writes an RE2 pattern that matches wherever the Python pattern does: the
lookarounds are dropped, possessive quantifiers made ordinary, ``\\s`` widened to Python's
whitespace; on a text beyond ASCII, ``\\b`` is dropped and ``\\w``/``\\s``/``\\d`` take any character
beyond ASCII (RE2's are ASCII only). A case-insensitive pattern is tried, case-insensitively, on
``folded(doc)`` (lower-cased so that any ``re.I`` match of an ASCII word is that word in it, offsets
unchanged), a case-sensitive one on the text itself. A construct the translation does not know is
an error, and that pattern is then always run by Python (``Prefilter`` falls back, it never skips).

So the results are Python's, always: RE2 only rules out patterns that cannot match anywhere, and
on an ASCII text (where RE2's byte offsets are character offsets) the positions where no match can
start. ``Prefilter.finditer`` equals ``pattern.finditer(text)`` and ``Prefilter.search`` equals
``pattern.search(text)`` (tests/test_lint_prefilter.py holds them equal over generated texts).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import re2

from commsgen.adapters.re2set import Finder, options, set_matcher

if TYPE_CHECKING:
    from commsgen.lint.text import Doc

# the characters beyond ASCII that ``re.I`` takes for an ASCII letter and ``str.lower`` does not turn
# into it (the Kelvin sign lower-cases to ``k``; ``İ`` lower-cases to two characters)
_TO_ASCII = {0x17F: "s", 0x131: "i", 0x130: "i"}
# Python's ``\s`` on ASCII is RE2's plus the vertical tab and the separators \x1c-\x1f
_SPACE_EXTRA = r"\x0b\x1c-\x1f"
_BEYOND_ASCII = r"\x{80}-\x{10FFFF}"
# after this many places where RE2 says a match may start and Python finds none, Python scans the
# rest itself (a text dense with near misses costs no more than Python alone, plus RE2's pass)
_MISSES = 2000
# after this many matches, closer than this many characters apart on average, Python finds the rest
# itself (its matcher entered at each character costs less than a call to RE2 per match)
_DENSE_HITS, _DENSE_GAP = 256, 64


def folded(doc: Doc) -> str:
    """``doc.masked`` lower-cased so that any ``re.I`` match of an ASCII word is that word in it."""
    f = doc.memo.get("folded")
    if f is None:
        text = doc.masked
        odd = not text.isascii() and any(chr(c) in text for c in _TO_ASCII)
        f = doc.memo["folded"] = (text.translate(_TO_ASCII) if odd else text).lower()
    return str(f)


def superset(pattern: str, *, ascii_text: bool, ignore_case: bool) -> str:
    """An RE2 pattern that matches, at least, at every place where the Python ``pattern`` does (on
    ``folded`` text when ``ignore_case``, else on the text itself). ``ascii_text``: the text is ASCII
    (``\\b`` and the classes are kept as they are). Raises ValueError for what it cannot translate."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = negated = False
    skip_depth: list[int] = []  # parenthesis depths of the lookarounds being dropped
    depth = 0

    def emit(s: str) -> None:
        if not skip_depth:
            out.append(s)

    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise ValueError("trailing backslash")
            e = pattern[i + 1]
            i += 2
            if e in "wsd":
                widen = not ascii_text and not (in_class and negated)
                extra = (_SPACE_EXTRA if e == "s" and not (in_class and negated) else "") + (
                    _BEYOND_ASCII if widen else ""
                )
                if not extra:
                    emit("\\" + e)
                elif in_class:
                    emit("\\" + e + extra)
                else:
                    emit("[\\" + e + extra + "]")
            elif e in "WSD":
                if e == "W" and ignore_case and not ascii_text:
                    # folding makes a non-word character of an ``re.ASCII`` pattern (the Kelvin sign)
                    # a word character (``k``)
                    raise ValueError("cannot translate \\W on folded text")
                emit("\\" + e)  # RE2's are wider than Python's (ASCII classes): a superset
            elif e in "bB" and not in_class:
                if ascii_text:
                    emit("\\" + e)
            elif e.isdigit() or e in "AZzgGpPNuU":
                raise ValueError(f"cannot translate \\{e}")
            elif e == "x":
                emit("\\x" + pattern[i : i + 2])
                i += 2
            else:
                emit("\\" + e)
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[":
                raise ValueError("nested class")
            emit(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            negated = pattern.startswith("[^", i)
            if negated and ignore_case and re.match(r"\[\^(?:[^\]\\]|\\[^w])*(?:[A-Za-z]|\\w)", pattern[i:]):
                raise ValueError("a negated class with letters is not a superset once case-folded")
            emit("[^" if negated else "[")
            i += 2 if negated else 1
            if pattern.startswith("]", i):  # a leading ] is a literal
                emit("\\]")
                i += 1
            continue
        if c == "(":
            depth += 1
            if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                skip_depth.append(depth)
                i += 4 if pattern.startswith(("(?<=", "(?<!"), i) else 3
                continue
            if pattern.startswith("(?>", i):
                emit("(?:")
                i += 3
                continue
            if pattern.startswith("(?-i:", i) or pattern.startswith("(?i:", i):
                emit("(?:" if ignore_case else pattern[i : pattern.index(":", i) + 1])
                i = pattern.index(":", i) + 1
                continue
            if pattern.startswith("(?P<", i):
                emit("(?:")
                i = pattern.index(">", i) + 1
                continue
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                raise ValueError("cannot translate a group flag")
            emit("(")
            i += 1
            continue
        if c == ")":
            if skip_depth and skip_depth[-1] == depth:
                skip_depth.pop()
                depth -= 1
                i += 1
                continue
            depth -= 1
            emit(")")
            i += 1
            continue
        if c in "+*?}" and i + 1 < n and pattern[i + 1] == "+":
            emit(c)  # possessive: an ordinary quantifier matches wherever it does
            i += 2
            continue
        if c == "$":
            emit("(?m:$)")  # Python's $ also matches before a final newline
            i += 1
            continue
        if c == "^":
            emit("(?m:^)")
            i += 1
            continue
        emit(c)
        i += 1
    if in_class or skip_depth or depth:
        raise ValueError("unbalanced pattern")
    body = "".join(out)
    return "(?i)" + body if ignore_case else body


class _Mode:
    """The RE2 side for one kind of text (ASCII or not): a set over every pattern, and one finder
    per pattern."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], ascii_text: bool):
        self.sources: list[str | None] = []
        for p in patterns:
            try:
                s = superset(p.pattern, ascii_text=ascii_text, ignore_case=bool(p.flags & re.I))
                re2.compile(s, options())  # RE2 can compile it
            except (ValueError, re2.error):
                s = None
            self.sources.append(s)
        self.usable = [i for i, s in enumerate(self.sources) if s is not None]
        self.match_set: Callable[[bytes], list[int]] | None = (
            set_matcher([self.sources[i] for i in self.usable]) if self.usable else None  # type: ignore[misc]
        )
        self.finders: list[Finder | None] = [Finder(s) if s is not None else None for s in self.sources]


class _Data(NamedTuple):
    """What RE2 reads: ``text`` (``folded`` for a case-insensitive pattern, character offsets as in
    the text Python reads) as UTF-8, and whether that is ASCII (a byte offset is then a character
    offset)."""

    text: str
    data: bytes
    ascii: bool


def _data_of(text: str) -> _Data | None:
    try:
        return _Data(text, text.encode("utf-8"), text.isascii())
    except UnicodeEncodeError:  # a lone surrogate: Python alone reads it
        return None


def _finditer(rx: re.Pattern[str], text: str, d: _Data, finder: Finder) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, with Python's matcher entered only where ``finder`` (an RE2 superset
    of ``rx`` over ``d``) says a match may start."""
    n = len(text)
    pos = bpos = 0  # where the next match may start: character offset, byte offset in d.data
    misses = hits = 0
    while pos <= n:
        at_b = finder.first(d.data, bpos)
        if at_b < 0:
            return
        at = at_b if d.ascii else pos + len(d.data[bpos:at_b].decode("utf-8"))
        m = rx.match(text, at)
        if m is None:
            misses += 1
            if misses > _MISSES:  # dense near misses: Python scans the rest itself
                yield from rx.finditer(text, at + 1)
                return
            nxt = at + 1
        elif m.end() == at:  # an empty match: Python's own rules for what may follow it
            yield from rx.finditer(text, at)
            return
        else:
            yield m
            nxt = m.end()
            hits += 1
            if hits > _DENSE_HITS and nxt < hits * _DENSE_GAP:  # matches everywhere: Python alone is quicker
                yield from rx.finditer(text, nxt)
                return
        bpos = nxt if d.ascii else at_b + len(d.text[at:nxt].encode("utf-8"))
        pos = nxt


class Prefilter:
    """RE2 in front of a table of Python patterns (see the module's docstring)."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]):
        self.patterns = tuple(patterns)
        self._modes: dict[bool, _Mode] = {}

    def _mode(self, ascii_text: bool) -> _Mode:
        mode = self._modes.get(ascii_text)
        if mode is None:
            mode = self._modes[ascii_text] = _Mode(self.patterns, ascii_text)
        return mode

    @staticmethod
    def _doc_data(doc: Doc, ignore_case: bool) -> _Data | None:
        """What RE2 reads of ``doc`` for a pattern (memoised on the doc)."""
        key = "re2_folded" if ignore_case else "re2_masked"
        if key not in doc.memo:
            doc.memo[key] = _data_of(folded(doc) if ignore_case else doc.masked)
        got: _Data | None = doc.memo[key]
        return got

    def may_match(self, doc: Doc) -> list[bool]:
        """For each pattern: False when it cannot match anywhere in ``doc.masked``."""
        found = [True] * len(self.patterns)
        mode = self._mode(doc.masked.isascii())
        if mode.match_set is None:
            return found
        for ignore_case in {bool(p.flags & re.I) for p in self.patterns}:
            d = self._doc_data(doc, ignore_case)
            if d is None:
                continue
            hits = {mode.usable[k] for k in mode.match_set(d.data)}
            for i, p in enumerate(self.patterns):
                if bool(p.flags & re.I) == ignore_case and mode.sources[i] is not None:
                    found[i] = i in hits
        return found

    def finditer(self, i: int, doc: Doc, may: bool = True) -> Iterator[re.Match[str]]:
        """``self.patterns[i].finditer(doc.masked)``; ``may``: ``may_match(doc)[i]``."""
        if may:
            rx = self.patterns[i]
            yield from self._iter(i, doc.masked, self._doc_data(doc, bool(rx.flags & re.I)))

    def finditer_text(self, i: int, text: str) -> Iterator[re.Match[str]]:
        """``self.patterns[i].finditer(text)`` on any text (no ``Doc``)."""
        rx = self.patterns[i]
        d = _data_of(text.translate(_TO_ASCII).lower() if rx.flags & re.I else text)
        return self._iter(i, text, d)

    def _iter(self, i: int, text: str, d: _Data | None) -> Iterator[re.Match[str]]:
        """``finditer`` of pattern ``i`` over ``text``; ``d``: what RE2 reads of it. The superset is
        chosen by ``text`` itself: ``\\b`` and the classes are RE2's (ASCII) only when ``text`` is
        ASCII (its folding may be ASCII when it is not: the Kelvin sign is no word character for an
        ``re.ASCII`` pattern, its folding ``k`` is)."""
        rx = self.patterns[i]
        finder = self._mode(text.isascii()).finders[i] if d is not None else None
        if d is None or finder is None:
            return rx.finditer(text)
        return _finditer(rx, text, d, finder)

    def search(self, i: int, doc: Doc, may: bool = True) -> re.Match[str] | None:
        """``self.patterns[i].search(doc.masked)``."""
        return next(self.finditer(i, doc, may), None)


@lru_cache(maxsize=64)
def prefilter(patterns: tuple[re.Pattern[str], ...]) -> Prefilter:
    """The (cached) prefilter of a table of compiled patterns."""
    return Prefilter(patterns)
