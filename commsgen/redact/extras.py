"""Findings that need more than one line, or words rather than shapes: the scanner's second pass
(``Engine.scan`` and ``Engine.scan_part`` call ``add``).

- terms learnt from the postmortem's engineering-only fields (``ScanContext.learnt``) and from the
  text's own engineering contexts (``learn.py``), wherever they appear: ``learn.host``,
  ``learn.identifier``, ``learn.person``;
- likely names and ``@handles`` without a people list (``names.py``): ``people.likely-name`` and
  ``people.mention``, warnings (``policy.RULE_LEVELS``);
- internal URLs on public hosts, told by their path or the words before them: ``infra.private-url``;
- public embed scripts of well-known sites are not exploit payloads (dropped from ``vuln.payload``).

One RE2 pass over the text finds the lines worth a look; ordinary prose costs that pass only.
"""

from __future__ import annotations

import bisect
import itertools
import re
from itertools import compress
from operator import gt, itemgetter, lt, methodcaller, not_
from functools import lru_cache
from typing import TYPE_CHECKING, Any


from commsgen.redact import looselearn, manyterms, uncovered
from commsgen.redact.hosts import url_end
from commsgen.redact.lazyre import lazy
from commsgen.redact.locate import fold_for_re, literal_matches
from commsgen.redact.resolve import Match

if TYPE_CHECKING:
    from commsgen.redact.learn import Learnt

_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "dev.azure.com", "codeberg.org", "sr.ht")
_PRIVATE_WORDS = frozenset(
    {
        "internal",
        "private",
        "incident",
        "incidents",
        "postmortem",
        "postmortems",
        "ops",
        "secops",
        "sensitive",
        "confidential",
    }
)
_EMBED_HOSTS = (
    "platform.twitter.com",
    "connect.facebook.net",
    "www.instagram.com",
    "embed.redditmedia.com",
    "gist.github.com",
    "www.youtube.com",
    "player.vimeo.com",
    "static.cloudflareinsights.com",
    "js.stripe.com",
    "cdn.statuspage.io",
    "www.googletagmanager.com",
    "apis.google.com",
    "platform.linkedin.com",
    "assets.pinterest.com",
    "w.soundcloud.com",
    "embed.twitch.tv",
    "s.imgur.com",
    "static.addtoany.com",
    "cdnjs.cloudflare.com",
    "cdn.jsdelivr.net",
    "unpkg.com",
    "widgets.status.io",
    "status.io",
    "www.google.com",
    "www.gstatic.com",
    "code.jquery.com",
)
_EMBED = lazy(
    r"(?i)^<script\b[^>]*?\bsrc\s*=\s*[\"']?(?:https?:)?//(?P<host>[a-z0-9.-]+)[^\s\"'>]*[\"']?"
    r"[^>]*>\s*(?:</script>)?$"
)
_URL = lazy(r"(?i)(?<![A-Za-z0-9+.-])https?://[^\s<>\"'`]+")
_URL_PARTS = lazy(r"(?i)https?://(?:[^/@\s]*@)?(?P<host>[^/:?#\s]+)(?::\d+)?(?P<path>/[^?#]*)?")
_SEPARATORS = lazy(r"[-_.]")
_INTERNAL_BEFORE = lazy(r"(?i)\binternal\b[^/\n]{0,60}$")


_START, _END = methodcaller("start"), methodcaller("end")
_START_END = itemgetter(2, 3)  # a Match's (start, end)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


class Noted(Match):
    """A match whose finding message is its own (where a term was learnt)."""

    note: str = ""


def add(
    text: str, ctx: Any, found: list[Match], start: int = 0, end: int | None = None, data: bytes | None = None
) -> list[Match]:
    """``found`` (the rule matches of ``text[start:end]``) with public embeds dropped and this pass's
    matches in ``text[start:end]`` added (those overlapping a match already found are left out). ``data``:
    ``text``'s UTF-8 when the caller has it."""
    end = len(text) if end is None else end
    found = [m for m in found if not (m.rule == "vuln.payload" and _public_embed(m.text))]
    lines, text_terms = looselearn.learn(text, data, looselearn.public_of(ctx))
    learnt_for = getattr(ctx, "learnt_for", None)
    learnt = learnt_for(text, start, end) if learnt_for is not None else tuple(getattr(ctx, "learnt", ()) or ())
    if not lines and not learnt:
        return found
    from commsgen.redact import learn as LRN
    from commsgen.redact import likely_names as N

    learning = getattr(ctx, "learning", None)
    if text_terms and learning is not None:  # an output of a postmortem: its public names teach nothing
        text_terms = LRN.undeclared(text_terms, learning.pm)

    new: list[Match] = []
    terms = LRN.dedupe([*learnt, *text_terms])
    covered = _Covered(found)
    if terms:
        new += _occurrences(text, terms, start, end, data, covered)
    # the lines of the range (``lines`` is the whole text's, in order; ``start`` is a line start)
    first = bisect.bisect_left(lines, start, key=_line_start)
    if first and lines[first - 1][0] + len(lines[first - 1][1]) >= start:
        first -= 1
    for s, line in itertools.islice(lines, first, None):
        if s >= end:
            break
        named = N.find(line)
        # what overlaps a match already found: ``_resolve`` would leave it out, so it is not made
        # (asked of every name of the line at once: a line can hold a hundred thousand)
        for (a, b, what), clash in zip(
            named, covered.clashes([s + a for a, _, _ in named], [s + b for _, b, _ in named])
        ):
            if clash:
                continue
            rule = "people.mention" if what == "handle" else "people.likely-name"
            new.append(Match(rule, "person", s + a, s + b, line[a:b]))
        if "://" not in line:  # every _URL match holds it
            continue
        for m in _URL.finditer(line):
            u = m.group(0)[: url_end(m.group(0))]
            if _private_url(u, line[max(0, m.start() - 80) : m.start()]):
                new.append(Match("infra.private-url", "internal-url", s + m.start(), s + m.start() + len(u), u))
    if not new:
        return found
    return found + _resolve(new, found, covered)


def _line_start(line: tuple[int, str]) -> int:
    return line[0]


# an ASCII range at least this long is not folded to tell which learnt terms it can hold
# (``_may_hold``): every ASCII term goes to the one RE2 search of the literals, where a term the
# range cannot hold never matches (folding and searching ten megabytes per term cost more than
# that search; a short text saves the compiling of terms it cannot hold)
FOLD_MAX = 1_000_000


def _occurrences(
    text: str, terms: list[Learnt], start: int, end: int, data: bytes | None = None, covered: _Covered | None = None
) -> list[Match]:
    """Where the learnt ``terms`` appear in ``text[start:end]``, as whole words in any case. Only
    the terms the text can hold are looked for (``_may_hold``), with a pattern compiled once per
    set of terms (a postmortem's terms are the same for each of its outputs). ``data``: ``text``'s
    UTF-8 when the caller has it. ``covered``: the spans already found; an occurrence overlapping
    one is left out (``_resolve`` would drop it)."""
    by_key = {t.term.casefold(): t for t in terms if len(t.term) >= 3}
    if not by_key:
        return []
    # each term as its key (case-folded: ``Strasse`` for ``Straße``) and as written
    forms = {form: key for key, t in by_key.items() for form in dict.fromkeys((key, t.term.lower()))}
    folded = None
    if end - start >= FOLD_MAX and text.isascii():
        held = [f for f in forms if f.isascii()]
        odd = [f for f in forms if not f.isascii()]  # re.I may match such a term to ASCII (``ſ``)
        if odd:
            folded = _folded(text, start, end)
            held += [f for f in odd if _may_hold(folded, f)]
    else:
        folded = _folded(text, start, end)
        if len(forms) > manyterms.MANY:  # one set of the text's runs, not a search per term
            held = manyterms.held(folded, forms, _runs)
        else:
            held = [f for f in forms if _may_hold(folded, f)]
    alts = tuple(sorted(held, key=lambda f: (-len(f), f)))
    if not alts:
        return []
    out: list[Match] = []
    hits = manyterms.matches(alts, text, start, end) if manyterms.applies(alts, text) else None
    if hits is not None:
        # thousands of terms (a text that teaches one on every line): not one alternation of them all
        if covered is not None and hits:
            hits = list(compress(hits, map(not_, covered.clashes(list(map(_START, hits)), list(map(_END, hits))))))
        return _noted(hits, alts, forms, by_key, out)
    # one RE2 search of the literals finds where a match can start (locate.literal_matches); those
    # overlapping a match already found are told all at once (a line can hold a hundred thousand)
    rx = _terms_rx(alts)
    # a line of one name repeated: the occurrences inside what was found are not made at all (when
    # the terms occur often: counted in the folded text, a bound of their occurrences)
    many = covered is not None and (folded is None or sum(map(folded.count, alts)) >= uncovered.MIN_SPANS)
    found = uncovered.outside(rx, alts, text, start, end, covered.spans()) if many and covered else None
    if found is None:
        found = list(literal_matches(rx, list(alts), text, start, end, data))
        if covered is not None and found:
            found = list(compress(found, map(not_, covered.clashes(list(map(_START, found)), list(map(_END, found))))))
    return _noted(found, alts, forms, by_key, out)


def _noted(
    found: Any, alts: tuple[str, ...], forms: dict[str, str], by_key: dict[str, Learnt], out: list[Match]
) -> list[Match]:
    """``out`` with a finding for each occurrence in ``found`` (matches of ``_terms_rx(alts)``, or
    ``manyterms.Hit``), saying where its term was learnt."""
    from commsgen.redact.learn import KIND_RULES

    for m in found:
        t = by_key[forms[alts[(m.lastindex or 1) - 1]]]  # the alternative that matched (its text may fold otherwise)
        nm = Noted(KIND_RULES[t.kind], t.kind, m.start(), m.end(), m.group(0))
        nm.note = f"`{t.term}` appears as {t.how} in {t.where}"
        out.append(nm)
    return out


_FOLDED: list[Any] = [None, 0, 0, ""]


def _folded(text: str, start: int, end: int) -> str:
    """``text[start:end]`` lower-cased, offsets kept (``locate.fold_for_re``), memoised for the last
    text and range: a part of a large text folds only its own range."""
    if start == 0 and end == len(text):
        return fold_for_re(text)
    if _FOLDED[0] is not text or _FOLDED[1] != start or _FOLDED[2] != end:
        _FOLDED[:] = [text, start, end, fold_for_re(text[start:end])]
    folded: str = _FOLDED[3]
    return folded


@lru_cache(maxsize=4096)
def _runs(term: str) -> tuple[str, ...]:
    """The runs of letters and digits of ``term`` that are ASCII, lower-cased."""
    return tuple(r.lower() for r in manyterms.RUN.findall(term) if r.isascii())


def _may_hold(folded: str, term: str) -> bool:
    """Whether ``text[start:end]`` (``folded`` is ``_folded(text, start, end)``) can hold ``term`` as
    ``_terms_rx`` finds it: ``re.I`` matches character for character, so each ASCII run of
    letters and digits of the term is in the folded text (a run with a character beyond ASCII may
    match ASCII text, ``ſ`` for an ``s``: not asked)."""
    find = folded.find
    return all(find(run) >= 0 for run in _runs(term))


@lru_cache(maxsize=64)
def _terms_rx(alts: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, any-case pattern of the terms ``alts`` (longest first), one group each."""
    return re.compile(
        manyterms.BEHIND + "(?:" + "|".join(f"({re.escape(a)})" for a in alts) + ")" + manyterms.AHEAD,
        re.IGNORECASE,
    )


def _public_embed(tag: str) -> bool:
    m = _EMBED.match(tag.strip())
    return m is not None and m.group("host").lower() in _EMBED_HOSTS


def _private_url(url: str, before: str) -> bool:
    m = _URL_PARTS.match(url)
    if not m:
        return False
    host, path = m.group("host").lower(), (m.group("path") or "")
    segs = [p for p in path.split("/") if p]
    if host in _CODE_HOSTS:
        # the repository (org/repo, or a GitLab group path before /-/) or a folder in it
        repo = segs[: segs.index("-")] if "-" in segs else segs
        if any(_words(s) & _PRIVATE_WORDS or "post-mortem" in s.lower() for s in repo):
            return True
    if any(_words(s) & {"internal", "private"} for s in segs):
        return True
    return bool(segs or host) and bool(_INTERNAL_BEFORE.search(before)) and "://" not in before[-60:]


def _words(seg: str) -> set[str]:
    return set(_SEPARATORS.split(seg.lower()))


_PRIORITY = {
    "learn.person": 0,
    "learn.host": 1,
    "learn.identifier": 2,
    "infra.private-url": 3,
    "people.likely-name": 4,
    "people.mention": 5,
}


class _Covered:
    """The spans of ``found``: whether a span overlaps one of them (a binary search), the index
    built on the first question only."""

    def __init__(self, found: list[Match]):
        self.found = found
        self._spans: list[tuple[int, int]] | None = None
        self._set: set[tuple[int, int]] | None = None
        self.starts: list[int] | None = None
        self.max_end: list[int] = []

    def spans(self) -> list[tuple[int, int]]:
        """(start, end) of each found match, sorted."""
        if self._spans is None:
            self._spans = sorted(map(_START_END, self.found))  # at C speed
        return self._spans

    def _index(self) -> list[int]:
        if self.starts is None:
            spans = self.spans()
            self.starts = list(map(_FIRST, spans))
            # [i]: the largest end of the first i spans (a running max, at C speed)
            self.max_end = list(itertools.accumulate(map(_SECOND, spans), max, initial=0))
            self.max_end[0] = -1
        return self.starts

    def clash(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self._index(), e)  # spans starting before our end
        return self.max_end[i] > s

    def clashes(self, starts: list[int], ends: list[int]) -> list[bool]:
        """``[clash(s, e) for s, e in zip(starts, ends)]``, at C speed."""
        if not starts:
            return []
        if len(starts) > 256:  # a span equal to a found one clashes: most of a line of names, told by a set
            got = list(map(self._span_set().__contains__, zip(starts, ends)))
            if all(got):
                return got
            rest = list(compress(range(len(got)), map(not_, got)))
            for i, hit in zip(rest, self._searched([starts[i] for i in rest], [ends[i] for i in rest])):
                got[i] = hit
            return got
        return self._searched(starts, ends)

    def _searched(self, starts: list[int], ends: list[int]) -> list[bool]:
        before = map(bisect.bisect_left, itertools.repeat(self._index()), ends)
        return list(map(gt, map(self.max_end.__getitem__, before), starts))

    def _span_set(self) -> set[tuple[int, int]]:
        """The found spans that are not empty (one equal to such a span overlaps it)."""
        if self._set is None:
            self._set = set(compress(self.spans(), map(lt, map(_FIRST, self.spans()), map(_SECOND, self.spans()))))
        return self._set


def _resolve(new: list[Match], found: list[Match], covered: _Covered | None = None) -> list[Match]:
    """New matches that overlap no found match and no better new match (sorted interval lists: a
    binary search per match, so a megabyte of repeated terms stays linear-logarithmic). ``covered``:
    ``_Covered(found)``, when the caller has it (its index is then built once)."""
    clash = (covered if covered is not None else _Covered(found)).clash
    out: list[Match] = []
    extra_s: list[int] = []
    extra_e: list[int] = []
    for m in sorted(new, key=lambda m: (_PRIORITY.get(m.rule, 9), m.start, -(m.end - m.start))):
        if clash(m.start, m.end):
            continue
        j = bisect.bisect_left(extra_s, m.end)  # accepted new matches never overlap each other
        if j > 0 and extra_e[j - 1] > m.start:
            continue
        extra_s.insert(j, m.start)
        extra_e.insert(j, m.end)
        out.append(m)
    return out
