"""The costs that made a hostile line of one repeated unit (a name, a jargon word, a marked-up link)
take seconds in ``check`` and ``render`` (issue #13: no input under 1 MB over 2 s), each held by
counting the work done or by comparing a fast path with what it replaces, never by a clock
(``benchmarks/bench_adversarial.py`` measures the time)."""

from __future__ import annotations

import html
import random
import re

import pytest

from commsgen.lint import lint_text
from commsgen.lint import text as lint_text_mod
from commsgen.lint.api import MAX_FINDINGS_PER_RULE
from commsgen.lint.text import Doc
from commsgen.redact import dynrule, extras, likely_names, readmap
from commsgen.redact import scanner as scanner_mod
from commsgen.redact.context import ScanContext
from commsgen.redact.readings import html_reading, markdown_reading
from commsgen.render import markdown as md
from lint_helpers import config, ctx

PEOPLE = ScanContext(people_names=("Dana Whitfield", "Omar Haddad"))


# ------------------------------------------------------------------ readings: the map back
def _reference_span(r, start: int, end: int) -> tuple[int, int]:
    """``Reading.source_span`` as it was: one source span per character of the reading, looked for
    from where the previous one was found."""
    spans, whole = [], []
    for b in r._blocks_over(start, end):
        src, text, cursor, per_char = r.source, r.text, b.lo, {}
        for a, e, aligned in b.pieces:
            for i in range(a, e):
                if not aligned:
                    continue
                ch, found = text[i], None
                for j in range(cursor, min(b.hi, cursor + readmap.WINDOW)):
                    c = src[j]
                    if c == ch or (ch == " " and c in "\t\n\r"):
                        found = (j, j + 1)
                    elif c == "\\" and j + 1 < b.hi and src[j + 1] == ch:
                        found = (j, j + 2)
                    elif c == "&":
                        m = readmap.ENTITY.match(src, j)
                        if m is not None and html.unescape(m.group()) == ch:
                            found = (j, m.end())
                    if found:
                        break
                if found:
                    per_char[i] = found
                    cursor = found[1]
        whole.append((b.lo, b.hi))
        spans += [per_char[i] for i in range(max(start, b.start), min(end, b.end)) if i in per_char]
    got = spans or whole
    if not got:
        return start, start
    return min(s for s, _ in got), max(e for _, e in got)


_ATOMS = ["a", "b", " ", "\n", "\n\n", "*", "_", "`", "\\.", "\\_", "&#46;", "&amp;", "&#32;", "[x](y)", "![i](s)"]
_ATOMS += ["<b>", "</p>", '<a href="h&#46;x">', "10.12.4.7", "Dana\nWhitfield", "\t", "\\", "&", "<", "|", "# ", "- "]


@pytest.mark.parametrize("seed", range(2))
def test_reading_spans_trace_as_the_per_character_map_did(seed):
    rnd = random.Random(seed)
    for _ in range(80):
        source = "".join(rnd.choice(_ATOMS) for _ in range(rnd.randint(1, 60)))
        for r in (markdown_reading(source), html_reading(source)):
            n = len(r.text)
            spans = [(s, min(n, s + rnd.randint(0, 12))) for s in (rnd.randint(0, n) for _ in range(25))]
            want = [_reference_span(r, s, e) for s, e in spans]
            assert [r.source_span(s, e) for s, e in spans] == want, source
            assert r.source_spans(spans) == want, source


def test_a_long_plain_paragraph_maps_back_as_a_few_runs():
    """A megabyte line was a tuple per character, each found by a Python loop."""
    source = "Whitfield, " * 20_000
    r = markdown_reading(source)
    (block,) = r.blocks
    runs = readmap.block_map(r.source, r.text, block)
    assert len(runs[0]) == 1
    assert r.source_spans([(11, 20), (len(source) - 10, len(source) - 1)]) == [
        (11, 20),
        (len(source) - 10, len(source) - 1),
    ]
    marked = "10.12.*4*.7 and \\_x\\_ " * 2_000  # escapes and marks: runs between them
    r = markdown_reading(marked)
    assert sum(len(readmap.block_map(r.source, r.text, b)[0]) for b in r.blocks) < len(r.text) // 2


# ------------------------------------------------------------------ the gate's reading pass
def test_reading_matches_on_spans_already_found_skip_the_overlap_index(monkeypatch):
    from commsgen import gate
    from commsgen.gate_spans import Taken

    calls = {"n": 0}
    real = Taken.overlapping

    def counted(self, *a):
        calls["n"] += 1
        return real(self, *a)

    monkeypatch.setattr(Taken, "overlapping", counted)
    text = "Ask Dana Whitfield. " * 500 + "\n\nThen Dana\nWhitfield again.\n"
    found = gate.find_all(text, "md", PEOPLE, None, "customer")
    assert len([m for m in found if m.rule == "people.name"]) == 501  # the wrapped one too
    assert calls["n"] <= 2  # only the match the bytes do not show is looked up


# ------------------------------------------------------------------ scanner
def test_context_rules_on_a_long_line_find_what_python_alone_finds():
    eng = scanner_mod.engine_for(PEOPLE)
    rnd = random.Random(7)
    units = ["Dana Whitfield ", "Whitfield, Dana ", "D. Whitfield ", "Ms. Whitfield ", "Dana ", "D. ", "x@Whitfield "]
    units += ["whitfield ", "Omar-Haddad ", "Haddad ", "a" * 30 + " ", "Dana\u00a0Whitfield "]
    for _ in range(20):
        line = "".join(rnd.choice(units) for _ in range(600))
        assert len(line) > dynrule.PREFILTER_CHARS
        for d in eng.dyn:
            if isinstance(d.regex, re.Pattern):
                assert [m.span() for m in d.finditer(line)] == [m.span() for m in d.regex.finditer(line)]


SURNAME_PEOPLE = ("Dana Whitfield", "Omar Haddad", "Ann Smith-Jones", "Bob Jones", "Lee O'Neil", "Ida Neil")
SURNAME_PIECES = [
    "Dana Whitfield", "Whitfield", "WHITFIELD", "Whitfield, Dana", "D. Whitfield", "Ms. Whitfield", "Dana-Whitfield",
    "dana.whitfield", "dana.whitfield@acme.com", "Omar Haddad", "Haddad", "_Haddad", "Haddad_", "Haddad2", "Smith-Jones",
    "Ann Smith-Jones", "Jones", "Bob Jones", "O'Neil", "Lee O'Neil", "Neil", "x", " ", "  ", ", ", ".", "-", "@", "é",
    "Whitfíeld", "\u00a0", "\t",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_surnames_outside_full_names_are_those_resolve_keeps(seed, monkeypatch):
    """``dynfound``: a surname alone looked for only outside the full names gives the line's matches
    as looking for it everywhere and letting ``resolve`` drop those inside (names whose surname can
    start inside another's, ``O'Neil`` / ``Neil``, and lines with e-mail addresses are searched as
    before; either way the same matches)."""
    from commsgen.redact import dynfound, uncovered

    rng = random.Random(seed)
    plain = seed % 3 != 0  # no e-mail address, no surname starting inside another: the blanked copy
    listed = SURNAME_PEOPLE[:2] + SURNAME_PEOPLE[3:4] if plain else SURNAME_PEOPLE
    people = tuple(rng.sample(listed, rng.randint(1, len(listed))))
    eng = scanner_mod.Engine(ScanContext(people_names=people))
    pieces = [p for p in SURNAME_PIECES if "@" not in p] if plain else SURNAME_PIECES
    line = "".join(rng.choice(pieces) for _ in range(rng.randint(20, 400)))
    used = {"n": 0}
    real = uncovered.outside

    def counted(*a, **k):
        got = real(*a, **k)
        used["n"] += got is not None
        return got

    monkeypatch.setattr(uncovered, "outside", counted)
    monkeypatch.setattr(uncovered, "MIN_SPANS", 10**9)  # the plain search
    want = eng._scan_one(line, 3, None)
    monkeypatch.setattr(uncovered, "MIN_SPANS", 0)
    got = eng._scan_one(line, 3, None)
    assert got == want
    if plain:
        assert used["n"] == any(m.rule == "people.name" for m in want)  # the blanked copy was searched
    assert dynfound.SURNAME in {d.id for d in eng.dyn}


def test_a_line_of_one_name_makes_no_surname_match(monkeypatch):
    from commsgen.redact import dynfound

    made = {"n": 0}
    real = dynfound.found_of

    def counted(*a):
        got = real(*a)
        made["n"] += sum(f[1] == dynfound.SURNAME for f in got)
        return got

    monkeypatch.setattr(dynfound, "found_of", counted)
    eng = scanner_mod.Engine(PEOPLE)
    got = eng._scan_one("Dana Whitfield " * 2_000 + "Whitfield", 0, None)
    assert [m.rule for m in got].count("people.name") == 2_000
    assert [m.rule for m in got].count("people.surname") == 1
    assert made["n"] == 1  # only the one outside a full name


def test_a_long_line_is_scanned_once_for_every_output_it_is_in(monkeypatch):
    eng = scanner_mod.engine_for(PEOPLE)
    eng._long_memo.clear()
    calls = {"n": 0}
    real = scanner_mod.Engine._scan_line

    def counted(self, *a):
        calls["n"] += 1
        return real(self, *a)

    monkeypatch.setattr(scanner_mod.Engine, "_scan_line", counted)
    line = "Dana Whitfield said hi. " * 2_000
    first = scanner_mod.scan(line, PEOPLE)
    second = scanner_mod.scan("# Summary\n\n" + line + "\n", PEOPLE)
    assert calls["n"] == 1  # the heading's line is short: the memo for short lines
    assert len(first) == 2_000
    assert [(m.rule, m.start + 11, m.end + 11) for m in first] == [(m.rule, m.start, m.end) for m in second]


def test_likely_names_of_a_long_line_are_read_once(monkeypatch):
    calls = {"n": 0}
    real = likely_names._find

    def counted(line):
        calls["n"] += 1
        return real(line)

    monkeypatch.setattr(likely_names, "_find", counted)
    line = "thanks to Priya Raman for the fix; " * 1_500 + str(random.random())
    assert likely_names.find(line) == likely_names.find(line)
    assert calls["n"] == 1


def test_extras_leave_out_what_a_rule_already_found(monkeypatch):
    """Likely names and learnt terms over a found name were made, sorted and dropped one by one."""
    seen: list[int] = []
    real = extras._resolve
    monkeypatch.setattr(extras, "_resolve", lambda new, found: seen.append(len(new)) or real(new, found))
    text = "Thanks to Dana Whitfield for the fix. " * 400
    found = scanner_mod.scan(text, PEOPLE)
    assert len([m for m in found if m.rule == "people.name"]) == 400
    assert not any(m.rule == "people.likely-name" for m in found)
    assert all(n == 0 for n in seen)


# ------------------------------------------------------------------ writing checks
@pytest.mark.parametrize("seed", range(3))
def test_last_space_is_the_last_space_or_newline(seed):
    rnd = random.Random(seed)
    for _ in range(500):
        m = "".join(rnd.choice("ab. \n") for _ in range(rnd.randint(0, 300)))
        s = rnd.randint(0, len(m))
        e = rnd.randint(s, len(m))
        assert lint_text_mod._last_space(m, s, e) == max(m.rfind(" ", s, e), m.rfind("\n", s, e), s - 1)


def test_initials_make_one_sentence_not_a_scan_back_per_initial():
    doc = Doc("D. " * 5_000 + "done.")
    assert len(doc.sentences) == 1


def test_many_word_offsets_are_summed_once():
    doc = Doc("k8s-prod- " * 3_000)
    for i in range(len(doc)):
        doc.start(i)
    assert doc._spans is not None  # built once, after as many calls as summing everything costs
    assert [(doc.start(i), doc.end(i)) for i in range(len(doc))] == doc.spans


def test_a_writing_check_lists_at_most_its_limit_and_counts_the_rest():
    n = MAX_FINDINGS_PER_RULE + 300
    found = [f for f in lint_text("The DNS failed. " * n, "customer", ctx()) if f.rule == "lang.jargon"]
    assert len(found) == MAX_FINDINGS_PER_RULE
    assert found[-1].extra["not_listed"] == 300
    assert "300 more of this rule in this output are not listed" in found[-1].message
    few = [f for f in lint_text("The DNS failed. " * 5, "customer", ctx()) if f.rule == "lang.jargon"]
    assert len(few) == 5 and not any("not_listed" in f.extra for f in few)


def test_glossary_hits_from_all_offsets_equal_those_from_each():
    sentence = "The DNS resolver and the load balancer failed over. "
    index = ctx().glossary
    one = index.find(Doc(sentence))  # a few hits: each one's offsets on its own
    many = index.find(Doc(sentence * 40))  # many: from every word's offsets at once
    assert len(many) > 64
    assert [(h.start, h.end, h.term) for h in many] == [
        (h.start + k * len(sentence), h.end + k * len(sentence), h.term) for k in range(40) for h in one
    ]


# ------------------------------------------------------------------ markdown to plain text
def test_plain_text_of_many_links_parses_its_template_once():
    md._template.cache_clear()
    text = "[a](b) ![i](s) [lbl](http://u 'title') " * 2_000
    assert md._sub(md._LINK, r"\1 (\2)", text) == md._LINK.sub(r"\1 (\2)", text)
    assert md._sub(md._IMAGE, r"\1", text) == md._IMAGE.sub(r"\1", text)
    assert md._template.cache_info().misses == 2
    with pytest.raises(ValueError):
        md._template(r"\n\1")


def test_blame_context_is_tried_only_where_it_can_follow_or_precede_a_name(monkeypatch):
    from commsgen.lint import rules_text

    calls = {"n": 0}

    class Counted:
        def __init__(self, rx):
            self.rx = rx

        def match(self, *a):
            calls["n"] += 1
            return self.rx.match(*a)

        def search(self, *a):
            calls["n"] += 1
            return self.rx.search(*a)

    real = rules_text._person_patterns

    def counted(people):
        got = real(people)
        return None if got is None else (got[0], Counted(got[1]), Counted(got[2]))

    monkeypatch.setattr(rules_text, "_person_patterns", counted)
    c = ctx()
    assert real(c.people)[0].search("Whitfield, ")  # the surname is one of the names looked for
    assert not [f for f in lint_text("Whitfield, " * 300, "engineering", c) if f.rule == "blame.person-subject"]
    assert calls["n"] == 0
    for text in ("It was caused by \n Dana Whitfield.", "Dana Whitfield's mistake.", "Dana Whitfield  broke it."):
        found = [f for f in lint_text(text, "engineering", c) if f.rule == "blame.person-subject"]
        assert len(found) == 1, text


def test_a_long_block_is_split_into_sentences_once_for_every_output(monkeypatch):
    """``check`` reads one field's megabyte line in two outputs (a trailing space apart)."""
    rnd = random.Random(5)
    atoms = ["D. ", "1. ", "Dr. ", "e.g. ", "U.S. ", "ok. ", "a", " ", "\t", "? ", '"', ")", "x.y.z. ", "(D. "]
    core = "".join(rnd.choice(atoms) for _ in range(12_000)).strip(" ")
    texts = [f"Intro.\n\n{pre}{core}{post}\n\nEnd." for pre, post in (("", ""), ("  ", " "), (" ", ""), ("", "\n "))]
    want = [[x for b in Doc(t)._blocks() for x in Doc(t)._block_sentences(*b)] for t in texts]
    lint_text_mod._KEPT_SENTENCES.clear()
    calls = {"n": 0}
    real = Doc._block_parts  # the splitting itself (``_block_sentences`` makes Sentences of its parts)

    def counted(self, bstart, bend):
        calls["n"] += bend - bstart >= lint_text_mod._LONG_LINE
        return real(self, bstart, bend)

    monkeypatch.setattr(Doc, "_block_parts", counted)
    assert [Doc(t).sentences for t in texts] == want
    assert calls["n"] == 1


@pytest.mark.parametrize("seed", range(40))
def test_sentence_ends_line_by_line_are_those_of_the_whole_block(seed, monkeypatch):
    """``lint.text._block_ends``: a long block's sentence ends found line by line (a long line's kept
    for the next block that holds it, spaces around it or not) are those found over the block."""
    monkeypatch.setattr(lint_text_mod, "_LONG_LINE", 40)
    lint_text_mod._KEPT_ENDS.clear()
    rng = random.Random(seed)
    atoms = ["D. ", "1. ", "Dr. ", "e.g. ", "U.S. ", "ok. ", "a", "b c", " ", "  ", "\t", "? ", "!", '"', "'", ")", "("]
    atoms += ["x.y.z. ", "(D. ", "\n", "\n", " \n", "\n ", ".\n", "Summary\n", "etc.", "...", "?!", "é. ", "\r"]
    lines = ["".join(rng.choice(atoms) for _ in range(rng.randint(0, 40))) for _ in range(6)]
    for _ in range(8):
        text = rng.choice(["", "x", " "]) + "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 6)))
        text += rng.choice(["", "\n", " ", " \n"])
        a = rng.randint(0, 2)
        b = rng.randint(max(a, len(text) - 2), len(text))
        assert lint_text_mod._block_ends(text, a, b) == lint_text_mod._sentence_ends(text, a, b), (text, a, b)


def test_a_long_line_in_two_blocks_is_split_once(monkeypatch):
    calls = {"n": 0}
    real = lint_text_mod._sentence_ends

    def counted(m, a, b):
        calls["n"] += b - a >= lint_text_mod._LONG_LINE
        return real(m, a, b)

    monkeypatch.setattr(lint_text_mod, "_sentence_ends", counted)
    lint_text_mod._KEPT_ENDS.clear()
    line = "D. 1. Dr. Whitfield said so. " * 2_000
    first = Doc(f"{line}\n").sentences
    second = Doc(f"Summary\n{line.strip()}\n").sentences
    assert calls["n"] == 1
    assert [s.text for s in first[1:]] == [s.text for s in second[1:]]


@pytest.mark.parametrize("seed", range(30))
def test_likely_names_do_not_read_spaces_at_the_end_of_a_line(seed):
    """``likely_names.find`` reads a line without its trailing spaces and tabs: the same names as
    reading them, on lines that end in every way a name, a thanks, a handle or a list can."""
    rng = random.Random(seed)
    atoms = ["Priya Raman", "Priya", "Raman", "Jan", "thanks to ", "Thanks, ", "kudos to ", "(thanks ", "cc ", "@dana"]
    atoms += ["@dana_w", "@here", " and ", ", ", " said", " called", "/", "/Platform", ".", ". ", " ", "\t", "  ", "x"]
    atoms += ["Niels Lunn", "Ruby Gems", "Ms. ", "Lars-Erik", "-", "@", "é", "Soren", " and Lloyd", ";", ")", "|"]
    for _ in range(20):
        line = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 30)))
        want = likely_names._find(line)
        assert likely_names._find(line.rstrip(" \t")) == want
        for tail in (" ", "\t", "  \t ", " \t"):
            assert likely_names._find(line + tail) == want, repr(line + tail)
            assert likely_names.find(line + tail) == want


def test_findings_in_one_field_are_located_from_one_reading_of_it(monkeypatch):
    """``Locator.locate_text``: a field's value is split and lower-cased once for every needle looked
    for in it (a megabyte field holds findings of several words), the same places as reading it anew."""
    from commsgen.model import locate

    value = "Dana Whitfield and D. Whitfield met Omar.  Whitfield, Dana " * 200
    source = f"id: X\nnote: |\n  {value}\n  Dana\n  Whitfield again\n"
    needles = ["Whitfield", "Dana Whitfield", "D. Whitfield", "Omar.", "whitfield, dana", "absent", "Dana  Whitfield"]
    needles += ["again", "Whitfield again"]
    fresh = [locate.Locator(source)._locate_text(("note",), n) for n in needles]
    located = locate.Locator(source)
    calls = {"n": 0}
    real = locate._prepared

    def counted(*a):
        calls["n"] += 1
        return real(*a)

    monkeypatch.setattr(locate, "_prepared", counted)
    assert [located.locate_text(("note",), n) for n in needles] == fresh
    assert calls["n"] == 1
    assert fresh[0] is not None and fresh[5] is None


@pytest.mark.parametrize("seed", range(10))
def test_context_terms_held_by_a_long_text_are_told_by_one_search(seed):
    """``scanner._held``: whether a long lower-cased text holds one of the context's plain terms, by
    one RE2 search of them all, is what asking for each term says."""
    rng = random.Random(seed)
    words = [b"whitfield", b"dana.whitfield", b"ohaddad", b"db-01", b"a+b", b"x|y", b"(c)", b"[d]", b"e.g", b"\\s"]
    terms = tuple(rng.sample(words, rng.randint(4, len(words))))
    pieces = [b"whitfiel", b"d", b"dana", b".", b"ohadda", b"db-0", b"1", b"a+", b"b", b"x|", b"y", b"(c", b")", b" "]
    pieces += [b"[d", b"]", b"e", b"g", b"\\", b"s", b"\n", b"abc " * 50]
    for _ in range(10):
        low = b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40_000)))
        for text in (low, low.translate(bytes.maketrans(b"hd|+.", b"HD#-,"))):  # most terms broken
            assert scanner_mod._held(terms, text) == any(t in text for t in terms)


@pytest.mark.parametrize("seed", range(40))
def test_spans_inside_one_copied_run_trace_as_one_by_one(seed):
    """``readmap.traced_many``: spans that all lie in one run copied character for character are
    moved by its shift at once; the same as tracing each (``traced``), inside or across runs."""
    rng = random.Random(seed)
    ras, res, sas, ses = [], [], [], []
    a = s = 0
    for _ in range(rng.randint(1, 6)):
        a += rng.randint(0, 3)
        s += rng.randint(0, 5)
        size = rng.randint(1, 50)
        ras.append(a)
        res.append(a + size)
        sas.append(s)
        ses.append(s + (size if rng.random() < 0.6 else rng.randint(1, 60)))
        a, s = res[-1], ses[-1]
    runs = (ras, res, sas, ses)
    k = rng.randrange(len(ras))
    for _ in range(20):
        if rng.random() < 0.6:  # inside run k
            spans = sorted(
                (x, x + rng.randint(0, res[k] - x)) for x in (rng.randint(ras[k], res[k] - 1) for _ in range(9))
            )
        else:
            spans = sorted((x, x + rng.randint(0, 20)) for x in (rng.randint(0, res[-1] + 5) for _ in range(9)))
        assert readmap.traced_many(runs, spans) == [readmap.traced(runs, x, y) for x, y in spans]


# ------------------------------------------------------------------ a line of one unit repeated
def _one_by_one_sentences(text: str) -> list:
    """The sentence split one candidate end and one piece at a time (what ``lint.repeats`` does per
    distinct piece)."""
    doc = Doc(text)
    m, out = doc.masked, []
    for bstart, bend, heading in doc._blocks():
        s, cuts = bstart, [bstart]
        for end in lint_text_mod._SENT_END.finditer(m, bstart, bend):
            word = m[lint_text_mod._last_space(m, s, end.start()) + 1 : end.start()].strip("(\"'")
            if lint_text_mod._not_an_end(word):
                continue
            s = end.end()
            cuts.append(s)
        cuts.append(bend)
        for a, b in zip(cuts, cuts[1:]):
            seg = m[a:b]
            lead = len(seg) - len(seg.lstrip())
            if seg.strip() and lint_text_mod._CHUNK.search(seg.strip()):
                out.append(lint_text_mod.Sentence(a + lead, a + lead + len(seg.strip()), seg.strip(), heading))
    return out


_UNIT_ATOMS = ["1. ", "D. ", "Dr. ", "e.g. ", "U.S. ", "ok. ", "a", " ", "\t", "? ", '"', ")", "x.y.z. ", "(D. "]
_UNIT_ATOMS += ["\n", "\n\n", "é. ", "! ", ".\t", "Sat. ", "- ", "# ", "word ", "Dana Whitfield. "]


def _repeated_text(rnd: random.Random) -> str:
    units = ["".join(rnd.choice(_UNIT_ATOMS) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 3))]
    body = "".join(rnd.choice(units) for _ in range(rnd.randint(0, 2_500)))
    return rnd.choice(["", "Intro. ", "x", "Summary\n"]) + body + rnd.choice(["", " ", "\n", "end."])


@pytest.mark.parametrize("seed", range(2))
def test_sentences_of_a_repeated_unit_are_those_of_the_one_by_one_split(seed, monkeypatch):
    """``lint.repeats``: a block of few distinct pieces between its candidate ends is split once per
    distinct piece; the sentences are those told one at a time (tabs after an end, abbreviations,
    initials, headings and list items among the units), and the word before an end is looked at
    once per distinct gap."""
    from commsgen.lint import repeats

    rnd = random.Random(seed)
    calls = {"fast": 0, "words": 0}
    real_ends, real_word = repeats.ends_by_gap, lint_text_mod._not_an_end

    def counted_ends(*args):
        got = real_ends(*args)
        calls["fast"] += got is not None
        return got

    def counted_word(word):
        calls["words"] += 1
        return real_word(word)

    monkeypatch.setattr(repeats, "ends_by_gap", counted_ends)
    for _ in range(30):
        text = _repeated_text(rnd)
        lint_text_mod._KEPT_ENDS.clear()
        lint_text_mod._KEPT_SENTENCES.clear()
        assert Doc(text).sentences == _one_by_one_sentences(text), text[:80]
    assert calls["fast"] >= 3  # the generated blocks took the per-distinct-piece path
    monkeypatch.setattr(lint_text_mod, "_not_an_end", counted_word)
    lint_text_mod._KEPT_ENDS.clear()
    lint_text_mod._KEPT_SENTENCES.clear()
    assert len(Doc("Dr. 1. " * 20_000).sentences) == 20_000
    assert calls["words"] <= 3  # the first word, and one per distinct gap (" 1", " Dr")


@pytest.mark.parametrize("seed", range(2))
def test_prose_as_columns_is_the_prose(seed, monkeypatch):
    """``Doc.prose_view`` (``lint.prose``): the texts, the sentence at each index, and the sentences
    iterated are ``Doc.prose()``, long blocks kept and moved (a long line after a label line and
    alone) and sentences made before or not."""
    monkeypatch.setattr(lint_text_mod, "_LONG_LINE", 200)
    rnd = random.Random(seed)
    for _ in range(20):
        line = _repeated_text(rnd).replace("\n", " ")
        text = rnd.choice(["", "# Head\n\n", "Summary\n"]) + line + "\n\nEnd. Done.\n\n" + "Status: x. " + line
        want = Doc(text).prose()
        for made in (False, True):
            doc = Doc(text)
            if made:
                doc.sentences  # noqa: B018
            view = doc.prose_view()
            assert view.texts == [s.text for s in want]
            assert list(view) == want
            assert [view[i] for i in range(len(view))] == want
            if want:
                assert view[-1] == want[-1]


@pytest.mark.parametrize("seed", range(2))
def test_grade_and_long_sentences_of_few_texts_are_those_read_one_by_one(seed, monkeypatch):
    """``lang.grade`` summed once per distinct sentence, and ``lang.long-sentence`` reading only
    sentences long enough to be over the limit, give the findings of the sentence-by-sentence
    reading (``repeats.few_distinct`` switched off, and every sentence counted)."""
    from commsgen.lint import repeats, rules_text

    rnd = random.Random(seed)
    strict = ctx(config(lint={"max_grade": 4, "max_sentence_words": 6, "min_grade_words": 5}))
    texts = [_repeated_text(rnd) for _ in range(12)]
    texts += ["A sentence of many words that goes on and on and on here. Dr. " * 300]
    texts += ["Hard complicated infrastructural reconfiguration. 1. " * 1_200]

    def grade_and_long(text):
        found = lint_text(text, "customer", strict)
        return [(f.rule, f.line, f.column, f.message) for f in found if f.rule in ("lang.grade", "lang.long-sentence")]

    fast = [grade_and_long(t) for t in texts]
    assert any(fast)
    monkeypatch.setattr(repeats, "few_distinct", lambda items: None)
    real_prose = rules_text._prose

    def every_sentence(doc):  # the limit is then tested on each sentence's word count
        from commsgen.lint.prose import Prose

        over = [s for s in real_prose(doc) if s.word_count_at_most() > strict.max_sentence_words]
        return Prose.of(over, lint_text_mod.Sentence)

    assert fast == [grade_and_long(t) for t in texts]
    monkeypatch.setattr(rules_text, "_prose", every_sentence)
    assert [[x for x in f if x[0] == "lang.long-sentence"] for f in fast] == [
        [x for x in grade_and_long(t) if x[0] == "lang.long-sentence"] for t in texts
    ]


def test_a_long_line_scanned_at_offset_zero_is_not_copied_to_offset_zero(monkeypatch):
    """``Engine._scan_one``: a long line's matches made at the line's offsets are used as they are
    when the line starts the text (moving them by 0 made a copy of each), and are the matches made
    same as those made where the line starts further on."""
    from commsgen.redact import columns

    eng = scanner_mod.engine_for(PEOPLE)
    moved = {"n": 0}
    real = columns.rebased

    def counted(hit, base):
        moved["n"] += 1
        return real(hit, base)

    monkeypatch.setattr(columns, "rebased", counted)
    for line in ("Whitfield, " * 400, "Dana Whitfield " * 300 + "x", "x Dana Whitfield, " * 300):
        got = eng._scan_one(line, 0, line.encode("ascii"))
        assert moved["n"] == 0
        at_five = eng._scan_one(line, 5, line.encode("ascii"))
        assert moved["n"] == 1
        moved["n"] = 0
        assert len(got) > 256
        assert [m._replace(start=m.start + 5, end=m.end + 5) for m in got] == at_five
        assert all(m.text == line[m.start : m.end] for m in got)


# ------------------------------------------------------------------ notations of a line read three ways
_NOTATION_PIECES = ["1. ", "a", " at ", " dot ", "[.]", "(at)", "hxxp", "hXXps", "[:]//", " . ", "@ ", "x", "ß"]
_NOTATION_PIECES += ["dana.whitfield", " ", "9", "{.}", "fxp:", "(.)", " (at) ", "[@]", "\t", "{://}", "<dot>"]
_NOTATION_PIECES += [".", "10", " [ dot ] ", "(://)", "h**p", "10. 12. 4. 7", "   ", " " * 40, "\t\t", "com", "K"]
_NOTATION_PIECES += ["dana at acme dot com ", "Summary\n", " " * 150, "\t" * 90, "a at b"]
_NOTATION_PIECES += [" l e d g e r . a c m e ", "a b c d e f g", "A\tK\tI\tA\t2\tE", " x y", ". , ;"]  # letter-spaced


def test_an_attempt_of_the_notation_search_reads_what_notation_reuse_says():
    """``notation_reuse.READ``: the attempt at q depends only on the ``BEHIND`` characters before q and,
    from q on, on ``READ`` characters that are not spaces or tabs (with the spaces and tabs among them)."""
    from commsgen.redact import notation_reuse, obfuscation

    rnd = random.Random(3)
    for _ in range(4_000):
        s = "".join(rnd.choice(_NOTATION_PIECES) for _ in range(rnd.randint(1, 12)))
        back = notation_reuse.BEHIND
        q = rnd.randint(min(back, len(s)), len(s))
        cut, seen = q, 0
        while cut < len(s) and seen < notation_reuse.READ:
            seen += s[cut] not in " \t"
            cut += 1
        other = "".join(rnd.choice(_NOTATION_PIECES) for _ in range(3))
        # what comes before q - 1 changed; after the READ characters too (the line's end is read too)
        lead = min(back, q)
        changed = other + s[q - lead : cut] + (other if seen == notation_reuse.READ else "")
        a = obfuscation._ALL.match(s, q)
        b = obfuscation._ALL.match(changed, len(other) + lead)
        assert (a and (a.span(), a.lastindex)) == (
            b and ((b.start() - len(other) - lead + q, b.end() - len(other) - lead + q), b.lastindex)
        ), s


@pytest.mark.parametrize("seed", range(3))
def test_notations_of_a_line_holding_a_kept_one_are_those_searched_whole(seed, monkeypatch):
    """``notation_reuse``: a long line holding the middle of a line listed before (the same text with a
    trailing space, after a "Summary " joined to it, cut elsewhere in its repeats) gets the
    notations, checks and plain texts of searching it whole, over lines of every mix of notations
    (those with a check, long runs of spaces and tabs); and the kept line is searched whole once,
    not once per line holding it."""
    from commsgen.redact import notation_reuse, obfuscation

    monkeypatch.setattr(notation_reuse, "LONG", 600)  # short lines: many mixes in little time
    monkeypatch.setattr(notation_reuse, "EDGE", 40)
    whole = {"n": 0}
    real = obfuscation.every_notation

    def counted(line):
        whole["n"] += 1
        return real(line)

    monkeypatch.setattr(obfuscation, "every_notation", counted)
    monkeypatch.setattr(obfuscation, "_SHORT", 0)
    rnd = random.Random(seed)
    searched = 0
    for _ in range(100):
        units = ["".join(rnd.choice(_NOTATION_PIECES) for _ in range(rnd.randint(1, 6))) for _ in range(3)]
        core = ""
        while len(core) < 1_200:
            core += units[0] if rnd.random() < 0.8 else rnd.choice(units)
        notation_reuse.KEPT.clear()
        lines = [core, core + " ", "Summary " + core, core[rnd.randint(1, 150) :]]  # the last: another phase
        lines += ["".join(rnd.choice(_NOTATION_PIECES) for _ in range(rnd.randint(0, 4))) + core + x for x in units]
        lines += [core[: -rnd.randint(1, 150)] + rnd.choice(units)]
        for line in lines:
            assert obfuscation._listed(line) == obfuscation._listed_one_by_one(line), line[:60]
        searched += len(lines)
    # most lines came from a kept one (not: a line ending in a long run of spaces)
    assert whole["n"] < searched / 2
    whole["n"] = 0
    notation_reuse.KEPT.clear()
    for line in ("1. " * 2_000 + " ", "1. " * 2_000, "Summary " + "1. " * 2_000):
        assert obfuscation._listed(line) == obfuscation._listed_one_by_one(line)
    assert whole["n"] == 1
    # a check reads 64 characters back: "Summary!" makes the word before "at" another word
    notation_reuse.KEPT.clear()
    core = ("w" * 50 + " at acme dot com ") * 40
    for line in (core, "Summary!" + core):
        assert obfuscation._listed(line) == obfuscation._listed_one_by_one(line)


# ------------------------------------------------------------------ words found at C speed
_WORD_PIECES = ["ab", "a", "b", "B", "AB", " ", "_", "-", "1", ".", "ab ab", "aba", "abab", "é", "\n", "'", "@"]


@pytest.mark.parametrize("seed", range(30))
def test_words_found_at_c_speed_are_the_patterns_matches(seed):
    """``wordspans``: the surname pattern's spans (``names._bounded`` words, any case) and the name
    forms' spans (an alternation of literals, first form first) as ``finditer`` gives them, over
    texts made of the words' letters and what bounds them; None only where it cannot tell."""
    from commsgen.redact import wordspans
    from commsgen.redact.names import _bounded

    rng = random.Random(seed)
    told = {"bounded": 0}
    for _ in range(300):
        pieces = _WORD_PIECES if seed % 4 else [p for p in _WORD_PIECES if p.isascii()]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        words = tuple(rng.choice(["ab", "abab", "ba", "Ab1", "bab", "aba", "bb", "a b", "ab-a", "x"]) for _ in range(3))
        words = words[: rng.randint(1, 3)]
        got = wordspans.bounded_spans(words, text)
        if got is not None:
            rx = re.compile("|".join(_bounded(re.escape(w)) for w in words), re.I)
            assert got == [m.span() for m in rx.finditer(text)], (words, text)
            told["bounded"] += 1
    assert told["bounded"] > 20  # the fast path was taken


@pytest.mark.parametrize("seed", range(12))
def test_surnames_of_a_long_line_at_c_speed_are_those_the_rule_finds(seed, monkeypatch):
    """The surname rule on a long line through ``wordspans`` (names whose surname is letters and
    digits only, an ASCII line), everywhere or outside the full names found, gives the line's
    matches as the rule's own pattern does."""
    from commsgen.redact import wordspans

    rng = random.Random(seed)
    listed = SURNAME_PEOPLE[:2] + SURNAME_PEOPLE[3:4] if seed % 3 == 0 else SURNAME_PEOPLE  # letters only
    people = tuple(rng.sample(listed, rng.randint(1, len(listed))))
    eng = scanner_mod.Engine(ScanContext(people_names=people))
    pieces = [p for p in SURNAME_PIECES if p.isascii()] if seed % 2 else SURNAME_PIECES
    if seed % 3 == 0:  # no e-mail address: surnames looked for outside the full names
        pieces = [p for p in pieces if "@" not in p]
    line = "".join(rng.choice(pieces) for _ in range(rng.randint(600, 1_500)))
    assert len(line) >= dynrule.PREFILTER_CHARS
    used = {"n": 0}
    real = wordspans.bounded_columns

    def counted(*a):
        got = real(*a)
        used["n"] += got is not None
        return got

    from commsgen.redact import uncovered

    monkeypatch.setattr(wordspans, "bounded_columns", lambda *a: None)  # the pattern's own search
    monkeypatch.setattr(uncovered, "MIN_SPANS", 10**9)  # everywhere, not outside the full names
    want = eng._scan_one(line, 5, None)
    monkeypatch.setattr(wordspans, "bounded_columns", counted)
    assert eng._scan_one(line, 5, None) == want
    monkeypatch.setattr(uncovered, "MIN_SPANS", 0)  # outside the full names (when nothing else is there)
    assert eng._scan_one(line, 5, None) == want
    if line.isascii() and all(n.split()[-1].isalnum() for n in people):
        assert used["n"] >= 1


@pytest.mark.parametrize("seed", range(10))
def test_names_that_can_be_blamed_found_from_each_hint_are_those_told_at_each_name(seed, monkeypatch):
    """``blame.person-subject`` on a long text: the names it tries, found from each failure word and
    "caused by" phrase (``blame_reach.blamable``), give the findings that telling each name gives."""
    from commsgen.lint import blame_reach

    rng = random.Random(seed)
    pieces = ["Dana Whitfield", "Whitfield", "Dana", "Omar Haddad", "Haddad's mistake", " broke it", "caused by ", " "]
    pieces += [". ", "\n", "Whitfield, ", "dwhitfield", "@dwhitfield", "x", " failed", "Dana Whitfield's fault", "’s"]
    pieces += [
        "  ",
        "\t",
        "introduced by  ",
        "Dana Whitfield  broke",
        "Whitfield’s error",
        "Haddad and Whitfield failed",
    ]
    weights = [10] * 8 + [10] * 9 + [1 + seed] * 6  # some texts with few hints, some with many
    text = "".join(rng.choices(pieces, weights)[0] for _ in range(rng.randint(800, 2_000)))
    c = ctx()
    used = {"n": 0}
    real = blame_reach.blamable

    def counted(*a):
        got = real(*a)
        used["n"] += got is not None
        return got

    monkeypatch.setattr(blame_reach, "blamable", lambda *a: None)  # each name told at C speed
    want = [(f.rule, f.line, f.column, f.message) for f in lint_text(text, "engineering", c)]
    monkeypatch.setattr(blame_reach, "blamable", counted)
    got = [(f.rule, f.line, f.column, f.message) for f in lint_text(text, "engineering", c)]
    assert got == want
    assert used["n"] == 1
    assert any(r == "blame.person-subject" for r, *_ in want)


@pytest.mark.parametrize("seed", range(20))
def test_one_rules_matches_in_order_are_what_resolve_keeps_one_by_one(seed, monkeypatch):
    """``resolve`` keeps a single rule's sorted matches that do not overlap as they are: the same
    list as deciding them (generated lists: one rule or two, sorted or not, touching, overlapping,
    empty)."""
    from commsgen.redact import resolve

    rng = random.Random(seed)
    rules = [(5, "people.surname", "person"), (4, "people.name", "person"), (9, "net.ip", "internal-ip")]
    for _ in range(50):
        n = rng.choice([1, 63, 64, 65, 200])
        at, found = 0, []
        picked = rules[: rng.choice([1, 1, 2, 3])]
        for _ in range(n):
            at += rng.choice([0, 1, 3]) if rng.random() < 0.9 else -2
            size = rng.choice([0, 4, 9]) if rng.random() < 0.05 else rng.choice([4, 9])
            order, rule, kind = rng.choice(picked)
            found.append((order, rule, kind, max(0, at), max(0, at) + size, None, None))
            at += size
        if rng.random() < 0.2:
            rng.shuffle(found)
        monkeypatch.setattr(resolve, "_one_rule_in_order", lambda f: False)
        want = resolve.resolve(list(found))
        monkeypatch.undo()
        assert resolve.resolve(list(found)) == want


@pytest.mark.parametrize("redact", [False, True])
def test_what_is_masked_is_decided_as_match_by_match(redact):
    """``gate._to_mask``: without ``redact`` a text holding no kind always masked masks nothing (told
    from the kinds alone); either way the matches each decision gives."""
    from commsgen import gate
    from commsgen.redact.resolve import Match

    rng = random.Random(3)
    kinds = [("people.surname", "person"), ("secret.aws-key", "secret"), ("net.ip", "internal-ip")]
    c = ScanContext(people_names=("Dana Whitfield",))
    for _ in range(30):
        picked = rng.sample(kinds, rng.randint(1, 3))
        matches = [Match(*rng.choice(picked)[:2], i, i + 3, rng.choice("ab")) for i in range(0, 300, 3)]
        for audience in ("customer", "engineering"):
            want = [m for m in matches if gate._masks(m, audience, redact)]  # (no waivers)
            assert gate._to_mask(matches, audience, c, redact) == want


_READING_PIECES = ["Dana Whitfield", "Whitfield, ", "Dana\nWhitfield", "Dana&#32;Whitfield", "*Whitfield*", " ", "\n\n"]
_READING_PIECES += [
    "D. Whitfield",
    "[Dana](x) Whitfield",
    "10.12.4.7",
    "dana.whitfield@acme.com",
    "![i](data:x)",
    "Haddad",
]
_READING_PIECES += ["`code`", "\\_", "x", "Omar\nHaddad", "- ", "# ", "&amp;", "AKIAIOSFODNN7EXAMPLE", "<b>", "|"]


@pytest.mark.parametrize("seed", range(16))
def test_a_reading_whose_matches_are_the_texts_adds_what_it_added_before(seed, monkeypatch):
    """``gate._with_reading`` returns the text's matches at once when the reading's, traced back, are
    the text's own (``gate_spans.traced_as_found``, told by columns); over generated outputs (names
    wrapped, marked up, as entities; images; secrets) every reading gives the matches it gave when
    each was looked up."""
    from commsgen import gate, gate_spans

    rng = random.Random(seed)
    text = "".join(rng.choice(_READING_PIECES) for _ in range(rng.randint(5, 300)))
    if seed % 4 == 0:
        text = "Whitfield, " * rng.randint(50, 400) + text
    told = {"n": 0}
    real = gate_spans.traced_as_found

    def counted(*a):
        got = real(*a)
        told["n"] += got
        return got

    for fmt in ("md", "txt", "html"):
        for audience, kinds in (("customer", None), ("engineering", gate.ENGINEERING_KINDS)):
            monkeypatch.setattr(gate, "traced_as_found", lambda *a: False)
            want = gate.find_all(text, fmt, PEOPLE, kinds, audience)
            monkeypatch.setattr(gate, "traced_as_found", counted)
            assert gate.find_all(text, fmt, PEOPLE, kinds, audience) == want
    if seed % 4 == 0:  # a line of one name: told by columns
        assert told["n"] > 0


def test_a_long_lines_matches_moved_by_their_kept_columns_are_those_moved_one_by_one():
    """A long line's matches are kept with their columns as made (``columns.Made``) and moved from
    them to where the line starts, each time: the same matches as moving each one."""
    from commsgen.redact import columns

    eng = scanner_mod.Engine(PEOPLE)
    for line in ("Whitfield, " * 4_000 + "Dana Whitfield", "Whitfield 10.12.4.7 " * 2_000 + "x%41 "):
        plain = eng._scan_line(line, 0, None)
        for base in (17, 0, 1_000, 17):
            want = [m._replace(start=m.start + base, end=m.end + base) for m in plain]
            assert eng.scan_line(line, base) == want
        assert isinstance(plain, columns.Made) == (eng._long_cols[line][1] is not None)
    assert eng._long_cols["Whitfield, " * 4_000 + "Dana Whitfield"][1] is not None


@pytest.mark.parametrize("seed", range(6))
def test_tidy_collapses_blank_runs_as_the_repeat_did(seed):
    """``markdown.tidy`` with its blank-run pattern written to start with a literal: the text the
    ``\\n{3,}`` repeat gave, over generated Markdown (fenced code kept as it is)."""
    rng = random.Random(seed)
    pieces = ["a", "\n", "\n\n", "\n\n\n", "\n\n\n\n\n", "```\n", "x\n\n\n\ny", " ", "~~~\n", "# h\n"]
    for _ in range(200):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        want, pos = [], 0
        for m in md._fences(text):
            want += [re.sub(r"\n{3,}", "\n\n", text[pos : m.start()]), m.group(0)]
            pos = m.end()
        want.append(re.sub(r"\n{3,}", "\n\n", text[pos:]))
        assert md.tidy(text) == "".join(want).strip("\n") + "\n"
