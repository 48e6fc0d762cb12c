"""Checks on rendered text: customer language (lang.*), legal wording (legal.*), blameless
wording (blame.*). Each check takes the prepared ``Doc`` and the ``LintContext`` and yields
``Issue`` objects with character offsets; commsgen.lint.api turns them into findings."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat
from operator import add, and_, attrgetter, ge, itemgetter, lt, methodcaller, or_, sub
from typing import Any, NamedTuple
from collections.abc import Iterator

from commsgen.lint import blame_reach, repeats
from commsgen.lint.context import LintContext, PersonRef
from commsgen.lint.glossary import Index
from commsgen.lint.readability import fk_grade, word_syllables
from commsgen.lint.prose import Prose
from commsgen.lint.text import Doc
from commsgen.redact.lazyre import LazyPattern, lazy
from commsgen.redact.locate import fold_for_re


class Issue(NamedTuple):
    message: str
    start: int | None = None  # offsets in the text; None = the text as a whole
    end: int | None = None
    suggestion: str | None = None
    excerpt: str | None = None


class More(NamedTuple):
    """Yielded by a check after its first ``LISTED`` issues: ``n`` more issues it does not make
    (``lint_text`` lists ``MAX_FINDINGS_PER_RULE`` of a rule and counts the rest)."""

    n: int


LISTED = 200  # = lint.api.MAX_FINDINGS_PER_RULE


def _excerpt(doc: Doc, start: int, end: int, limit: int = 80) -> str:
    s = " ".join(doc.text[start:end].split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


# ------------------------------------------------------------------------------ lang.*
def lang_jargon(doc: Doc, ctx: LintContext) -> Iterator[Issue | More]:
    hits = ctx.glossary.find(doc)
    for hit in hits[:LISTED]:
        said = doc.text[hit.start : hit.end]
        yield Issue(
            f"`{said}` is engineering jargon; customers may not know it",
            hit.start,
            hit.end,
            f"say \"{hit.term.plain}\" (glossary term `{hit.term.term}`)",
            said,
        )
    if len(hits) > LISTED:
        yield More(len(hits) - LISTED)


_WORDS = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _prose(doc: Doc) -> Prose:
    """The sentences that are not headings, as columns (shared by the rules that read them, per text)."""
    got: Prose | None = doc.memo.get("prose")
    if got is None:
        got = doc.memo["prose"] = doc.prose_view()
    return got


_TEXT = attrgetter("text")
_SPAN = methodcaller("span")
_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_QUOTES = frozenset("'’")


def _syllables(toks: list[str]) -> int:
    """``sum(map(word_syllables, toks))``; a long list is counted once per distinct token."""
    if len(toks) < 256:
        return sum(map(word_syllables, toks))
    return sum(word_syllables(t) * n for t, n in Counter(toks).items())


def lang_grade(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    prose = _prose(doc)
    got = repeats.grade_of_few(prose, _WORDS.findall, _syllables)
    if got is not None:
        words, syl, counted, worst = got
    else:
        words = syl = counted = 0
        worst, worst_grade = None, -99.0
        seen: dict[str, tuple[int, int, float]] = {}  # a sentence's text -> words, syllables, grade
        toks_all = list(map(_WORDS.findall, prose.texts))
        # the sentences with a word, told at C speed (a line of ``1. 1. 1.`` is 300,000 sentences without one)
        for s, toks in zip(compress(prose, toks_all), filter(None, toks_all)):
            counted += 1
            one = seen.get(s.text)
            if one is None:
                n = _syllables(toks)
                one = seen[s.text] = (len(toks), n, fk_grade(len(toks), 1, n))
            words += one[0]
            syl += one[1]
            if one[2] > worst_grade:
                worst, worst_grade = s, one[2]
    if words < ctx.min_grade_words or not counted:
        return
    grade = fk_grade(words, counted, syl)
    if grade > ctx.max_grade:
        yield Issue(
            f"reads at grade {grade:.1f} (Flesch-Kincaid: {words} words, {counted} sentences, "
            f"{syl} syllables); the ceiling is grade {ctx.max_grade:g}",
            worst.start if worst else None,
            worst.end if worst else None,
            "use shorter sentences and everyday words; the hardest sentence is marked",
            _excerpt(doc, worst.start, worst.end) if worst else None,
        )


def lang_long_sentence(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    every = _prose(doc)
    # a text of n characters holds n spaces and line breaks at most: only those of ``max`` characters
    # or more can be over the limit, told by their length alone (300,000 of ``1.`` are not counted)
    long_enough = map(ge, map(len, every.texts), repeat(ctx.max_sentence_words))
    prose = [every[i] for i in compress(range(len(every)), long_enough)]
    # ``word_count_at_most`` of every sentence at once: only those over the limit are counted
    spaces = map(str.count, map(_TEXT, prose), repeat(" "))
    breaks = map(str.count, map(_TEXT, prose), repeat("\n"))
    over = map(lt, repeat(ctx.max_sentence_words), map(add, map(add, spaces, breaks), repeat(1)))
    for s in compress(prose, over):
        n = s.word_count()
        if n > ctx.max_sentence_words:
            yield Issue(
                f"a sentence of {n} words (the limit is {ctx.max_sentence_words})",
                s.start,
                s.end,
                "split it into two or three sentences",
                _excerpt(doc, s.start, s.end),
            )


# 2-7 characters in capitals (two capital letters at least, digits allowed, plural s), a whole word
_ABBR = re.compile(r"\b(?=[A-Z0-9]{1,6}[A-Z0-9s]\b)(?:[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?|[A-Z][0-9]+[A-Z][A-Z0-9]*s?)\b")
ROMAN = frozenset("II III IV VI VII VIII IX XI XII".split())
# blanks of the skeleton: reported by placeholder.marker / placeholder.skeleton, not as abbreviations
BLANKS = frozenset("TODO TBD TBA FIXME XXX XXXX HH MM DD YYYY NNNN".split())


def lang_abbreviation(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    jargon = None
    shouting = None
    from commsgen.lint.prefilter import prefilter

    for m in prefilter((_ABBR,)).finditer(0, doc):
        t = m.group()
        base = t[:-1] if t.endswith("s") else t
        if t in ctx.abbreviations or base in ctx.abbreviations or base in ROMAN or t in BLANKS:
            continue
        if jargon is None:
            jargon = {h.start for h in ctx.glossary.find(doc)}
            shouting = _shouting_spans(doc)
        start, end = m.span()
        if start in jargon or any(a <= start < b for a, b in shouting or ()):
            continue
        yield Issue(
            f"`{t}` is an abbreviation customers may not know",
            start,
            end,
            "spell it out, or add it to `lint.allow_abbreviations` if customers know it",
            t,
        )


def _shouting_spans(doc: Doc) -> list[tuple[int, int]]:
    """Sentences written mostly in capitals with a long word among them ("SERVICE UPDATE") are
    emphasis, not abbreviations."""
    out = []
    for s in doc.sentences:
        ws = _WORDS.findall(s.text)
        caps = [x for x in ws if x.isupper() and len(x) > 1]
        if len(ws) >= 2 and len(caps) >= 0.6 * len(ws) and any(len(x) >= 6 for x in caps):
            out.append((s.start, s.end))
    return out


# ------------------------------------------------------------------------------ legal.*
LEGAL_SUGGESTIONS = {
    "breach": "describe what happened (\"unexpected access to ...\", \"we missed our target\") and leave "
    "legal terms to the approved disclosure",
    "unauthorized": "say what happened (\"access by someone outside the account\") unless legal approved the term",
    "unauthorised": "say what happened (\"access by someone outside the account\") unless legal approved the term",
    "leak": "say which information was visible to whom, in plain words, once the disclosure is approved",
    "violation": "describe the event without a legal finding",
    "violate": "describe the event without a legal finding",
    "unlawful": "leave legal findings to counsel",
    "illegal": "leave legal findings to counsel",
    "compromised": "say what was affected (\"accessed\", \"changed\") once the disclosure is approved",
    "negligence": "describe what failed in the system, not a legal standard of care",
    "liable": "leave liability to counsel and the contract",
    "liability": "leave liability to counsel and the contract",
}


@lru_cache(maxsize=16)
def _word_index(words: tuple[str, ...]) -> Index:
    return Index({w: w for w in words})


def legal_word(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    if ctx.legal_exempt:
        return
    jargon: tuple[list[int], list[int]] | None = None  # starts and ends, found on the first legal word
    for hit in _word_index(ctx.legal_words).find(doc):
        if jargon is None:
            jargon = ([], [])
            for h in ctx.glossary.find(doc):  # in order, not overlapping
                jargon[0].append(h.start)
                jargon[1].append(h.end)
        k = bisect.bisect_right(jargon[0], hit.start) - 1  # the last jargon term starting at or before it
        if k >= 0 and hit.end <= jargon[1][k]:
            continue  # "memory leak" is jargon (lang.jargon), not a legal statement
        said = doc.text[hit.start : hit.end]
        yield Issue(
            f"`{said}` carries legal weight; use it only in an approved security disclosure",
            hit.start,
            hit.end,
            LEGAL_SUGGESTIONS.get(hit.term.term.lower(), "use neutral, factual wording that legal has approved"),
            said,
        )


def _any(pattern: str) -> LazyPattern:
    """A case-insensitive pattern, only ever searched for (``\\b`` and ``\\d`` ASCII, as the words are);
    compiled on first use (only customer texts are checked for these)."""
    return lazy(pattern, re.I | re.ASCII)


# What a complete customer text states (`legal.customer-missing-*`): word alternations.
_IMPACT = _any(
    r"\b(?:fail(?:ed|ing|ures?)?|unavailable|unable|could not|couldn['’]t|cannot|can['’]t|did not (?:work|load|complete|arrive)|"
    r"errors?|slow(?:er|ness|ed|ly)?|delay(?:s|ed)?|degraded|outage|disrupt(?:ed|ion)|interrupt(?:ed|ion)|"
    r"affected|impacted|down|lost|missing|intermittent(?:ly)?|not (?:load|work|available|accessible)|"
    r"incomplete|duplicated?|incorrect|timed out|stopped|problems?|issues?)\b"
)
_WINDOW = _any(
    r"\b(?:\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}\b|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|this (?:morning|afternoon|evening)|"
    r"\d+(?:\.\d+)? ?(?:minutes?|mins?|hours?|hrs?|h|m|days?|seconds?)\b|(?:an|one|two|three|four|five|six|"
    r"several|a few) (?:minutes|hours|hour|days)|UTC|GMT)"
)
_ACTION = _any(
    r"\b(?:restor(?:e|ed|ing)|resolv(?:e|ed|ing)|fix(?:ed|ing|es)?|repair(?:ed|ing)?|recover(?:ed|ing)?|"
    r"prevent(?:ed|ing|s)?|improv(?:e|ed|ing|ements?)|chang(?:e|ed|ing)|add(?:ed|ing)?|updat(?:e|ed|ing)|"
    r"review(?:ed|ing)?|monitor(?:ed|ing)?|investigat(?:e|ed|ing)|working (?:on|to)|taking steps|safeguards?|"
    r"correct(?:ed|ing)|reviewing|putting in place|introduc(?:e|ed|ing)|strengthen(?:ed|ing)?|mitigat(?:e|ed|ing)|"
    r"reverted|undid|undone|back to normal|operating normally|fully operational)\b"
)


def _missing(doc: Doc, pattern) -> bool:
    from commsgen.lint.prefilter import prefilter

    pre = prefilter((_IMPACT, _WINDOW, _ACTION))
    may = doc.memo.get("missing_may")
    if may is None:
        may = doc.memo["missing_may"] = pre.may_match(doc)
    i = pre.patterns.index(pattern)
    return pre.search(i, doc, may[i]) is None


def legal_missing_impact(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    if _missing(doc, _IMPACT):
        yield Issue(
            "the customer text does not say what customers experienced (the impact)",
            suggestion="add one sentence such as \"Some payments failed\" or \"The dashboard loaded slowly\"",
        )


def legal_missing_window(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    if _missing(doc, _WINDOW):
        yield Issue(
            "the customer text does not say when it happened or for how long (the time window)",
            suggestion="add the start and end time in UTC, or the date and duration "
            "(\"for 78 minutes on November 20\")",
        )


def legal_missing_action(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    if _missing(doc, _ACTION):
        yield Issue(
            "the customer text does not say what is being done (restored, fixed, or what will change)",
            suggestion="add what restored the service and what you are changing so it does not recur",
        )


# ------------------------------------------------------------------------------ blame.*
_FAIL = (
    r"(?:broke|breaks|broken|forgot|forgets|forgotten|failed to|fails to|missed|overlooked|ignored|"
    r"neglected|skipped|botched|messed up|screwed up|caused|causes|introduced|deleted|dropped|"
    r"misconfigured|mistyped|fat-fingered|made (?:a|an) (?:mistake|error|typo)|did ?n[o'’]t|never|"
    r"should have|should['’]ve|was careless|was negligent|accidentally|mistakenly|wrongly|incorrectly)"
)
_FILLER = r"(?:(?:then|had|has|have|was|also|just|apparently|again|simply|unfortunately)\s+){0,2}"
_BY = (
    r"(?:caused by|broken by|introduced by|due to|because of|the fault of|a mistake by|an error by|"
    r"mistake of|error of|blame[sd]? (?:on )?|blaming)"
)
_OWN = r"(?:mistake|error|fault|typo|oversight|blunder|carelessness|negligence)"


# what every ``after`` match and every ``before`` match holds (``blame_person``)
_AFTER_WORD = rf"(?i:{_FAIL}|{_OWN})"
_BY_WORD = rf"(?i:{_BY})"


@lru_cache(maxsize=1)
def _hint_patterns() -> tuple[Any, Any]:
    """(failure or fault word, "caused by" phrase), in RE2: an alternation of words searched in
    linear time, where Python's engine tries it at every character of a megabyte."""
    import re2

    return re2.compile(_AFTER_WORD), re2.compile(_BY_WORD)


@lru_cache(maxsize=64)
def _person_patterns(people: tuple[PersonRef, ...]) -> tuple[re.Pattern, re.Pattern, re.Pattern] | None:
    """(names, what may follow a name, what may precede it). Names are matched first (a plain
    alternation the regex engine scans quickly); the context is then checked at each name only."""
    forms = sorted({f for p in people for f in p.forms}, key=len, reverse=True)
    if not forms:
        return None
    names = re.compile("|".join(re.escape(f) for f in forms))
    after = re.compile(rf"(?:['’]s)?\s+(?i:{_FILLER}{_FAIL})\b|['’]s\s+(?:\w+\s+)?(?i:{_OWN})\b")
    before = re.compile(rf"\b(?i:{_BY})\s*$")
    return names, after, before


def blame_person(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    pats = _person_patterns(ctx.people)
    if pats is None:
        return
    names, after, before = pats
    text = doc.masked
    # every ``after`` match holds a failure or fault word, every ``before`` match a "caused by"
    # phrase: where they are, found once at C speed, says which names can be blamed at all (a
    # megabyte of names with no such word costs one pass, not a pattern tried at every name)
    after_word, by_word = _hint_patterns()
    # beyond ASCII, the text as ``re.I`` reads it (``ſ`` as ``s``; offsets kept): RE2's case folding
    # then finds every place the patterns' own can match, and perhaps more (a hint, not a finding)
    hay = text if text.isascii() else fold_for_re(text)
    fail_hits = [m.span() for m in after_word.finditer(hay)]
    fail_end = [e for _, e in fail_hits]
    by_starts, by_ends = [], []
    for m in by_word.finditer(hay):
        by_starts.append(m.start())
        by_ends.append(m.end())
    if not fail_end and not by_starts:
        return
    last_fail = fail_end[-1] if fail_end else -1
    spans = list(map(_SPAN, names.finditer(text)))
    # the name ends from which ``after`` can reach a failure word (a few per word; None: any)
    reach = blame_reach.reach(text, fail_hits) if len(spans) > 64 else None
    picked = None
    if len(spans) > 64:  # which names can have ``after`` or ``before`` at all, told at C speed
        starts, ends = list(map(_FIRST, spans)), list(map(_SECOND, spans))
        picked = None if reach is None else blame_reach.blamable(text, starts, ends, reach, by_starts, by_ends)
    if picked is not None:
        spans = list(map(spans.__getitem__, picked))
    elif len(spans) > 64:
        after_name = list(map(text.__getitem__, map(slice, ends, map(add, ends, repeat(1)))))
        apostrophe_or_space = map(or_, map(_QUOTES.__contains__, after_name), map(str.isspace, after_name))
        near = map(lt, ends, repeat(last_fail)) if reach is None else map(reach.__contains__, ends)
        can_follow = map(and_, near, apostrophe_or_space)
        phrase_at = [*by_starts, len(text) + 1].__getitem__  # the first phrase ending after s - 40
        los = map(max, repeat(0), map(sub, starts, repeat(40)))
        can_precede = map(lt, map(phrase_at, map(bisect.bisect_right, repeat(by_ends), los)), starts)
        spans = list(compress(spans, map(or_, can_follow, can_precede)))
    for s, e in spans:
        if (s and (text[s - 1].isalnum() or text[s - 1] in "_@")) or (
            e < len(text) and (text[e].isalnum() or text[e] in "_@")
        ):
            continue  # part of a longer word or handle
        # ``after`` starts with an apostrophe or a space; ``before`` ends with a letter and spaces:
        # most names (a megabyte of "Whitfield, ") are neither, and no pattern is tried
        nxt = text[e : e + 1]
        reached = last_fail > e and (reach is None or e in reach)
        a = after.match(text, e) if reached and (nxt in ("'", "’") or nxt.isspace()) else None
        b = None
        if a is None and by_starts:
            lo, j = max(0, s - 40), s
            k = bisect.bisect_right(by_ends, lo)  # the first phrase that ends after ``lo``
            if k < len(by_starts) and by_starts[k] < s:
                while j > lo and text[j - 1].isspace():
                    j -= 1
                if j > lo and text[j - 1].isalpha():
                    b = before.search(text, lo, s)
        if not (a or b):
            continue
        if a is not None:
            start, end = s, a.end()
        else:
            assert b is not None
            start, end = b.start(), e
        yield Issue(
            f"a person (`{text[s:e]}`) is named as the cause of a failure; postmortems are blameless",
            start,
            end,
            "describe what the system allowed: e.g. \"a configuration change was applied without a check "
            "that would have caught the mistake\"",
            _excerpt(doc, start, end),
        )


BLAME_SUGGESTIONS = {
    "human error": "name the condition that made the error possible (a missing guardrail, an unclear runbook, "
    "an unsafe default) and ask why it was possible",
    "operator error": "name the condition that made the error possible (a missing guardrail, an unclear runbook)",
}


def blame_word(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    for hit in _word_index(ctx.blame_words).find(doc):
        said = doc.text[hit.start : hit.end]
        yield Issue(
            f"`{said}` judges a person; postmortems are blameless",
            hit.start,
            hit.end,
            BLAME_SUGGESTIONS.get(
                hit.term.term.lower(),
                "describe what happened and what in the system allowed it, without judging anyone",
            ),
            said,
        )
