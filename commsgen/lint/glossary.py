"""The jargon glossary: built-in terms (data/glossary.toml) merged with ``[glossary]`` from
commsgen.toml, compiled once into a word trie and cached.

Why a trie of words and not one big regular expression: the text is split into words once
(shared by every rule), and each word costs one or two dict look-ups, so a 20 KB text is
scanned in a few milliseconds whatever the size of the glossary; inflected forms
(deploy -> deployed, deploying, deployment) are generated when the trie is built, not
searched for at run time.

Matching rules (documented in docs/WRITING-CHECKS.md):
- whole words only ("pod" never matches "tripod" or "iPod");
- a word of a term written in capitals ("DNS", "OOM") matches only in capitals, with an
  optional plural ``s`` ("VMs"); every other word matches in any case;
- the first and the last word of a term take common English endings (s, es, ed, ing, ment,
  er, with e-dropping, y -> ies/ied and consonant doubling);
- the words of a multi-word term may be separated by spaces, one line break, a hyphen or a
  slash ("load balancer", "load-balancer").
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from commsgen.lint.text import Doc

_PARTS = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")  # the same words as commsgen.lint.text
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_GAP_OK = re.compile(r"[ \t]*\n?[ \t]*|[ \t]*[-/][ \t]*")


class Term(NamedTuple):
    term: str  # as written in the glossary
    plain: str  # the suggested plain wording


class Hit(NamedTuple):
    start: int
    end: int
    term: Term


@lru_cache(maxsize=1)
def builtin_glossary() -> dict[str, str]:
    data = (Path(__file__).parent / "data" / "glossary.toml").read_bytes()
    return dict(tomllib.loads(data.decode("utf-8"))["terms"])


def merged(overrides: dict[str, str] | None) -> dict[str, str]:
    """Built-in terms, then the configuration's: same term (any case) replaces; empty value removes."""
    out = {k.lower(): (k, v) for k, v in builtin_glossary().items()}
    for k, v in (overrides or {}).items():
        if v.strip():
            out[k.strip().lower()] = (k.strip(), v.strip())
        else:
            out.pop(k.strip().lower(), None)
    return {k: v for k, v in out.values()}


def _caps(part: str) -> bool:
    """A part written in capitals ("DNS", "5XX"): ``isupper`` is false when nothing has a case."""
    return part.isupper()


def forms(word: str) -> set[str]:
    """A lower-case word and its common inflections (some forms are not English; they never match prose)."""
    w = word.lower()
    if not w.isalpha() or len(w) < 3:
        return {w, w + "s"}
    out = {w, w + "s", w + "es", w + "ed", w + "ing", w + "er", w + "ers", w + "ment", w + "ments"}
    last = w[-1]
    if last == "e":
        out.update((w + "d", w + "r", w + "rs", w[:-1] + "ing"))
    elif last == "y" and w[-2] not in "aeiou":
        out.update((w[:-1] + "ies", w[:-1] + "ied"))
    # consonant-vowel-consonant at the end of a short word doubles: "stop" -> "stopped"
    if len(w) <= 5 and last in "bdgklmnprt" and w[-2] in "aeiou" and w[-3] not in "aeiou":
        out.update((w + last + "ed", w + last + "ing", w + last + "er"))
    return out


class Index:
    """A trie over words. An edge is the word as written for a part in capitals ("DNS") and the
    lower-case word for any other part ("pod"); a text word is looked up both ways, so "Pod"
    follows "pod" while "dns" never follows "DNS". ``"$"`` marks the end of a term."""

    def __init__(self, glossary: dict[str, str]):
        self.root: dict = {}
        self.size = 0
        for term, plain in glossary.items():
            parts = _PARTS.findall(term.replace("’", "'"))
            if not parts:
                continue
            self.size += 1
            self._add(parts, Term(term, plain))

    def _edges(self, part: str, inflect: bool) -> set[str]:
        if _caps(part):
            return {part, part + "s"}
        return forms(part) if inflect else {part.lower()}

    def _add(self, parts: list[str], term: Term) -> None:
        n = len(parts)
        for inflect_at in {0} if n == 1 else {0, n - 1}:
            level = [self.root]
            for i, part in enumerate(parts):
                nxt = []
                for node in level:
                    for edge in self._edges(part, i == inflect_at):
                        nxt.append(node.setdefault(edge, {}))
                level = nxt
            for node in level:
                node.setdefault("$", term)

    def find(self, doc: Doc) -> list[Hit]:
        """Longest matches, left to right, not overlapping (cached on the doc per index)."""
        memo = doc.memo.get(id(self))
        if memo is not None and memo[0] is self:
            return memo[1]
        found: list[tuple[int, int, Term]] = []  # first word, last word, term
        bare, root, gap_ok = doc.bare, self.root, _GAP_OK.fullmatch
        n = len(bare)
        skip = -1
        cands = doc.candidates(root.keys())  # only words that can start a term
        # a word whose node ends a term and continues none is a hit by itself: looked up once per
        # distinct word (a megabyte of one jargon word is a C-speed pass, not a walk per word)
        alone: dict[str, Term] = {}
        walks = False
        for w in doc.memo["vocab"]:
            node = root.get(w) or root.get(w.lower())
            if node is not None:
                if len(node) == 1 and "$" in node:
                    alone[w] = node["$"]
                else:
                    walks = True
        if not walks:
            words = list(map(bare.__getitem__, cands))
            found = list(zip(cands, cands, map(alone.__getitem__, words)))
            cands = []
        for i in cands:
            if i <= skip:
                continue
            w = bare[i]
            term = alone.get(w)
            if term is not None:
                found.append((i, i, term))
                continue
            node = root.get(w) or root.get(w.lower())
            if node is None:  # candidates() yields only words that start a term
                continue
            best = None
            j = i
            while True:
                if "$" in node:
                    best = (j, node["$"])
                if j + 1 >= n or len(node) == ("$" in node):
                    break
                w = bare[j + 1]
                nxt = node.get(w) or node.get(w.lower())
                if nxt is None or not gap_ok(doc.gap(j)):  # the offsets only when the words fit
                    break
                node, j = nxt, j + 1
            if best:
                found.append((i, best[0], best[1]))
                skip = best[0]
        if len(found) > 64:  # many: every word's offsets at once (``Doc.spans``), the hits made at C speed
            spans = doc.spans
            firsts, lasts, terms = zip(*found)
            starts = map(_FIRST, map(spans.__getitem__, firsts))
            ends = map(_SECOND, map(spans.__getitem__, lasts))
            hits = list(map(tuple.__new__, repeat(Hit), zip(starts, ends, terms)))  # = Hit(s, e, t)
        else:
            hits = [Hit(doc.start(i), doc.end(j), term) for i, j, term in found]
        doc.memo[id(self)] = (self, hits)
        return hits


@lru_cache(maxsize=32)
def _compiled(items: tuple[tuple[str, str], ...]) -> Index:
    return Index(merged(dict(items)))


def index_for(overrides: dict[str, str] | None) -> Index:
    """The compiled glossary for a configuration's overrides (cached per distinct overrides)."""
    return _compiled(tuple(sorted((overrides or {}).items())))
