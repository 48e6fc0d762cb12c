"""The writing checks' fast paths give the straightforward computation's results, over classes of
generated texts: the RE2 prefilter in front of the phrase patterns, the mask, the word offsets and
candidates of ``Doc``, the word count of a sentence and the syllable count of a long sentence.

Texts mix the phrases the patterns look for with the characters where Python's ``re`` and RE2
differ: the Kelvin sign, long s, dotted and dotless i (``re.I`` takes them for ASCII letters),
separators Python counts as whitespace and RE2 does not, non-ASCII letters next to words (Python's
``\\b`` is Unicode), and markup the mask hides."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from commsgen.lint import rules_legal, rules_text
from commsgen.lint.prefilter import Prefilter, folded, prefilter, superset
from commsgen.lint.readability import word_syllables
from commsgen.lint.text import _CHUNK, _MASK, Doc, Sentence

PHRASES = [
    "we guarantee",
    "not guaranteed",
    "guaranteeing",
    "will never happen again",
    "won't happen again",
    "can’t ever occur again",
    "will not happen to anyone again",
    "100% uptime",
    "100 percent secure",
    "zero downtime ever",
    "permanently fixed",
    "fully eliminated the risk",
    "always be available",
    "it was not our fault",
    "not our responsibility",
    "beyond our control",
    "the fault lies with",
    "our third-party vendor's team was to blame",
    "blamed on the supplier",
    "Stripe's bug caused",
    "due to a Stripe outage",
    "because of the AWS",
    "restored",
    "Krestored",
    "fixing",
    "at 14:02 UTC",
    "on Nov 20",
    "for 78 minutes",
    "failed",
    "slowly",
    "DNS",
    "TLS1",
    "K8S",
    "IPv6",
    "APIs",
    "XII",
    "TODO",
    "<b>bold</b>",
    "`code`",
    "a.b+c@example.com",
    "x@y",
    "http://host/path",
    "[link](http://u)",
    "](",
    "e.g.",
    "U.S.",
]
ODD = ["\u212a", "\u017f", "\u0130", "\u0131", "é", "\u00a0", "\u2028", "\x1c", "\x0b", "\x85", "’", "'", "-", "_"]
SEPS = ["", " ", " ", "  ", "\n", "\n\n", ". ", ", ", "! "]


def _texts(seed: int, n: int, ascii_only: bool) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 40)):
            p = rng.choice(PHRASES)
            if rng.random() < 0.3:
                p = p.upper() if rng.random() < 0.5 else p.title()
            if not ascii_only and rng.random() < 0.25:
                k = rng.randint(0, len(p))
                p = p[:k] + rng.choice(ODD) + p[k:]
            parts.append(p + rng.choice(SEPS))
        out.append("".join(parts))
    return out


def _table() -> list[re.Pattern[str]]:
    rx = rules_legal._vendor_rx(("Stripe", "AWS"), "Acme")
    assert rx is not None
    return [
        *(r for r, _, _ in rules_legal._PROMISE_RX),
        rules_legal._DENIAL_RX,
        rx,
        rules_text._IMPACT,
        rules_text._WINDOW,
        rules_text._ACTION,
        rules_text._ABBR,
        _MASK,
    ]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_prefilter_finds_what_finditer_finds(ascii_only):
    table = _table()
    pre = Prefilter(table)
    seen = 0
    for text in _texts(1 if ascii_only else 2, 150, ascii_only):
        doc = Doc(text)
        may = pre.may_match(doc)
        for i, rx in enumerate(table):
            want = [m.span() for m in rx.finditer(doc.masked)]
            assert may[i] or not want, (rx.pattern[:60], doc.masked)
            assert [m.span() for m in pre.finditer(i, doc, may[i])] == want, (rx.pattern[:60], doc.masked)
            assert [m.span() for m in pre.finditer_text(i, doc.masked)] == want
            got = pre.search(i, doc, may[i])
            assert (got.span() if got else None) == (want[0] if want else None)
            seen += len(want)
    assert seen > 500  # the texts do hold matches


def test_every_table_pattern_has_an_re2_superset():
    """The translation covers the writing checks' patterns: none falls back to Python alone."""
    for rx in _table():
        for ascii_text in (True, False):
            superset(rx.pattern, ascii_text=ascii_text, ignore_case=bool(rx.flags & re.I))


def test_superset_refuses_what_it_cannot_translate():
    for pattern in (r"(a)\1", r"\Aa", r"(?x)a", r"[^a-z]"):
        with pytest.raises(ValueError):
            superset(pattern, ascii_text=True, ignore_case=True)
    pre = Prefilter([re.compile(r"(\w)\1", re.I)])  # falls back to Python, same results
    doc = Doc("aa bb cd EE")
    assert [m.span() for m in pre.finditer(0, doc, pre.may_match(doc)[0])] == [(0, 2), (3, 5), (9, 11)]


def test_dense_near_misses_hand_over_to_python():
    """RE2's superset (lookbehind dropped) matches at every repetition; Python's pattern at none
    but the last: the results stay Python's after the hand-over."""
    doc = Doc("not guarantee " * 3000 + "we guarantee")
    rx = rules_legal._PROMISE_RX[0][0]
    got = [m.span() for m in prefilter((rx,)).finditer(0, doc)]
    assert got == [m.span() for m in rx.finditer(doc.masked)]
    assert len(got) == 1


@pytest.mark.parametrize("ascii_only", [True, False])
def test_doc_offsets_candidates_and_mask_equal_the_plain_computation(ascii_only):
    words = {"restored", "dns", "DNS", "Stripe", "fault", "xii"}
    for text in _texts(3 if ascii_only else 4, 120, ascii_only):
        doc = Doc(text)
        assert doc.masked == _MASK.sub(lambda m: " " * len(m.group()), text)
        spans = [m.span() for m in re.finditer(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*", doc.masked)]
        assert [(doc.start(i), doc.end(i)) for i in range(len(doc))] == spans
        assert doc.spans == spans
        for i in range(len(doc) - 1):
            assert doc.gap(i) == doc.masked[spans[i][1] : spans[i + 1][0]]
        want = [i for i, b in enumerate(doc.bare) if b in words or b.lower() in words]
        assert doc.candidates(words) == want
        assert folded(doc) == rules_legal.folded(doc)


def test_word_offsets_across_blocks_of_a_long_text():
    text = " ".join(f"w{i}" if i % 7 else "-" for i in range(5000))
    doc = Doc(text)
    spans = [m.span() for m in re.finditer(r"[A-Za-z0-9]+", text)]
    for i in (0, 1, 255, 256, 257, 511, 512, 513, 1000, len(spans) - 1):
        assert (doc.start(i), doc.end(i)) == spans[i]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_word_count_equals_the_chunk_pattern(ascii_only):
    for text in _texts(5 if ascii_only else 6, 200, ascii_only):
        s = Sentence(0, len(text), text, False)
        assert s.word_count() == len(_CHUNK.findall(text))


def test_syllables_of_a_long_sentence_equal_the_sum_per_word():
    rng = random.Random(7)
    vocab = ["a", "the", "restored", "availability", "DNS", "people", "create", "it's"]
    for n in (0, 10, 255, 256, 3000):
        toks = [rng.choice(vocab) for _ in range(n)]
        assert rules_text._syllables(toks) == sum(map(word_syllables, toks))
        assert sum(Counter(toks).values()) == n


@pytest.mark.parametrize("seed", range(4))
def test_times_from_one_split_equal_finditer(seed):
    """``prosetime._time_matches`` (one split, the matches with minutes or am/pm picked at C speed)
    gives ``_TIME.finditer``'s matches that are times, bare numbers (which still consume their
    zone) left out."""
    from commsgen.lint import prosetime

    rng = random.Random(seed)
    pieces = [
        "14:02",
        "2 pm",
        "2:02 p.m.",
        "41",
        "%41",
        "5 UTC+1:30",
        "12:3",
        "123:45",
        "(CET)",
        " UTC",
        " ",
        "\n",
        "on Nov 20",
        "2026-11-20",
        "9am",
        "10 PM",
        "ẞ",
        "\u212a",
        "-",
        "to",
        "99:99",
    ]
    for i in range(60):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 80)))
        if i % 3 == 0:  # long enough for the RE2 hint
            text = text + " 41" * 2000 + text
        want = [
            (m.start(), m.end(), *m.groups())
            for m in prosetime._TIME.finditer(text)
            if m.group(2) is not None or m.group(3) is not None
        ]
        assert list(prosetime._time_matches(text)) == want


@pytest.mark.parametrize("ascii_only", [True, False])
def test_dates_and_durations_through_the_prefilter_equal_finditer(ascii_only):
    from commsgen.lint import prosetime

    rng = random.Random(9)
    pieces = [
        "Nov 20",
        "20 November 2026",
        "2026-11-20",
        "for 78 minutes",
        "lasted about two hours",
        "for 1 hour and 18 minutes",
        "a 45-minute outage",
        "an hour and a half",
        "wait for 5 min",
        "1st",
        "Sept. 3, 2026",
        " ",
        "\n",
        ", ",
        "41",
        "%41",
    ]
    if not ascii_only:
        pieces += ODD
    for _ in range(80):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 60)))
        for rx in (prosetime._DATE, prosetime.DURATION):
            assert [m.span() for m in prosetime._fast(rx, text)] == [m.span() for m in rx.finditer(text)]


def _split_lead_plain(text, sentences=2, max_chars=None):
    """``views.brief.split_lead`` as written before its boundaries were kept and read backwards."""
    from commsgen.views import brief

    if not text or not text.strip():
        return "", ""
    text = text.strip()
    if max_chars is not None and len(text) <= max_chars:
        return text, ""
    if brief._BLOCK.search(text):
        return text, ""
    found, last_end = 0, None
    for m in brief._BOUNDARY.finditer(text):
        before = text[: m.start()].rsplit(None, 1)
        word = before[-1].lower().lstrip("(\"'“‘[") if before else ""
        if word in brief._ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", word):
            continue
        found += 1
        if max_chars is not None:
            if m.start() > max_chars and last_end is not None:
                break
            last_end = m
            continue
        if found == sentences:
            lead, rest = text[: m.start()].strip(), text[m.end() :].strip()
            return (lead, rest) if rest else (text, "")
    if max_chars is not None and last_end is not None:
        lead, rest = text[: last_end.start()].strip(), text[last_end.end() :].strip()
        return (lead, rest) if rest else (text, "")
    return text, ""


@pytest.mark.parametrize("seed", range(4))
def test_split_lead_equals_the_plain_scan(seed):
    """The brief's lead: sentence ends found once per text and read backwards give the plain
    computation's split, for every budget asked in turn of the same text."""
    from commsgen.views.brief import split_lead

    rng = random.Random(seed)
    pieces = [
        "D. ",
        "J. Smith ",
        "e.g. ",
        "(e.g. ",
        "a.m. ",
        "U.S. ",
        "It failed. ",
        "We fixed it! ",
        "Why? ",
        "\"Done.\" ",
        "Next ",
        "\n\n",
        "\n \n",
        "  ",
        "10 people. ",
        "é. ",
        "\u00a0",
        "\u2028",
        "end.\n\n",
    ]
    for _ in range(40):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 300)))
        for kw in ({}, {"sentences": 1}, {"max_chars": 700}, {"max_chars": 300}, {"max_chars": 20}):
            assert split_lead(text, **kw) == _split_lead_plain(text, **kw), (text, kw)


# markdown._FENCE as it was, with a backtracking opening run
_FENCE_BEFORE = re.compile(r"(?ms)^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)")


def test_block_start_and_fences_equal_the_plain_patterns():
    from commsgen.render import markdown
    from commsgen.views import brief

    rng = random.Random(12)
    pieces = [
        "- ",
        "* ",
        "1. ",
        "# ",
        "> ",
        "```",
        "~~~",
        "|",
        "   ",
        "    ",
        "\n",
        "\n\n",
        "a",
        "<b>",
        "`x`",
        "\t",
        "\u2028",
    ]
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert brief._has_block(text) == (brief._BLOCK.search(text) is not None), repr(text)
        assert [m.span() for m in markdown._fences(text)] == [m.span() for m in _FENCE_BEFORE.finditer(text)]
    for _ in range(20):  # long texts are made inert once and kept (backtick runs left out: each
        # unclosed one is a scan to the end for _CODE_SPAN)
        text = "".join(rng.choice([p for p in pieces if "`" not in p]) for _ in range(rng.randint(1, 30)))
        long = text * (70000 // len(text) + 1)
        assert markdown.inert(long) == markdown._inert(long)
        assert markdown.inert(long) == markdown._inert(long)  # kept


def test_first_marker_of_a_long_field_equals_the_plain_search():
    from commsgen.lint import rules_placeholder as rp

    rng = random.Random(13)
    pieces = [
        "TODO",
        "todo",
        "XXXX",
        "-TODO",
        "TODO-",
        "<name>",
        "<Name Here>",
        "<...>",
        "<a ",
        "<a b>",
        "Lorem Ipsum",
        "lorem  ipsum",
        "<URL>",
        " ",
        "\n",
        "word",
        "<FOO_BAR>",
        "é",
        "\u212a",
        "<date>x",
    ]
    for _ in range(60):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        long = "<a " * 2000 + text
        m = rp._MARKER.search(long)
        rp._first_marker.cache_clear()
        assert rp._first_marker(long) == ((m.start(), m.group()) if m else None)


@pytest.mark.parametrize("seed", range(3))
def test_long_lines_prepared_apart_and_kept_give_the_same_doc(seed):
    """A text with long lines is masked and split line by line, long lines kept for the next text:
    the same masked text, words and offsets as the text prepared whole."""
    from commsgen.lint import text as lt

    rng = random.Random(seed)
    short = _texts(seed, 30, ascii_only=False)
    long_line = "".join(rng.choice(PHRASES) + " " for _ in range(4000)).replace("\n", " ")
    assert len(long_line) > lt._LONG_LINE
    for _ in range(6):
        pieces = [rng.choice(short), long_line, "\n", rng.choice(short), "\n" + long_line + "\n", rng.choice(short)]
        text = "".join(rng.sample(pieces, len(pieces)))
        doc = Doc(text)
        masked = lt._mask(text)
        assert doc.masked == masked
        assert doc._parts == lt._WORD_SPLIT.split(masked)


@pytest.mark.parametrize("seed", range(6))
def test_code_spans_of_a_long_text_equal_the_pattern(seed, monkeypatch):
    """Code spans read run by run (linear) are ``_CODE_SPAN``'s, over texts of backtick runs of
    many lengths, closed or not."""
    from commsgen.render import markdown

    rng = random.Random(seed)
    monkeypatch.setattr(markdown, "_RUNS_FROM", 0)  # every text read run by run
    for _ in range(300):
        text = "".join(rng.choice(["`", "``", "```", "a", " ", "\n", "<b>", "````"]) for _ in range(rng.randint(0, 60)))
        want = [m.span() for m in markdown._CODE_SPAN.finditer(text)]
        assert list(markdown.code_spans(text)) == want, repr(text)
