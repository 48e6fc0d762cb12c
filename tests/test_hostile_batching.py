"""Per-finding work done in whole-line passes (issue #13: no input under 1 MB over 2 s in ``check``
or ``render``): each fast path is held to the result of the walk it replaces, on classes of input,
never by a clock (``benchmarks/bench_adversarial.py`` measures the time)."""

from __future__ import annotations

import gc
import random
import threading

import pytest

from commsgen import gcpause, pipeline
from commsgen.config import load_config
from commsgen.errors import UserError
from commsgen.lint import lint_text
from commsgen.lint import glossary
from commsgen.lint import rules_text
from commsgen.lint.text import _CHUNK, _SENT_END, Doc, Sentence, _last_space, _not_an_end
from lint_helpers import ctx
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# ------------------------------------------------------------------ blame.person-subject
def _blame_reference(doc, c):
    """``blame_person`` as it was: the context patterns tried at every name."""
    names, after, before = rules_text._person_patterns(c.people)
    text = doc.masked
    out = []
    for m in names.finditer(text):
        s, e = m.start(), m.end()
        if (s and (text[s - 1].isalnum() or text[s - 1] in "_@")) or (
            e < len(text) and (text[e].isalnum() or text[e] in "_@")
        ):
            continue
        nxt = text[e : e + 1]
        a = after.match(text, e) if nxt in ("'", "’") or nxt.isspace() else None
        b = None
        if a is None:
            lo, j = max(0, s - 40), s
            while j > lo and text[j - 1].isspace():
                j -= 1
            if j > lo and text[j - 1].isalpha():
                b = before.search(text, lo, s)
        if a or b:
            out.append((s, a.end()) if a is not None else (b.start(), e))
    return out


@pytest.mark.parametrize("seed", range(4))
def test_blame_finds_what_trying_every_name_finds(seed):
    """Names, failure words ("broke", "ſkipped" as ``re.I`` reads it, "DID NOT"), "caused by"
    phrases, fillers and spacing in random order: the same issues as trying the patterns at every
    name."""
    c = ctx()
    rnd = random.Random(seed)
    atoms = ["Dana Whitfield", "Whitfield", "Dana's", "caused by", "CAUSED", "due to", "mistake", "broke",
             "ſkipped", "DID NOT", "then", "had", "the", "deploy", ",", ".", "'s", "blamed on", "\n", "—"]  # fmt: skip
    for k in range(400):
        size = rnd.randint(1, 16) if k % 8 else rnd.randint(100, 300)  # over 64 names: the C-speed filter
        text = "".join(rnd.choice(atoms) + rnd.choice(["", " ", "  ", "\t"]) for _ in range(size))
        doc = Doc(text)
        got = [(i.start, i.end) for i in rules_text.blame_person(doc, c)]
        assert got == _blame_reference(doc, c), text


def test_blame_in_a_long_line_of_names_is_found_where_the_failure_word_is():
    c = ctx()
    for tail in ("Dana Whitfield broke the deploy.", "It was caused by Dana Whitfield.", "Whitfield's mistake."):
        text = "Dana Whitfield " * 20_000 + tail
        found = [f for f in lint_text(text, "engineering", c) if f.rule == "blame.person-subject"]
        assert len(found) == 1, tail
    assert not [f for f in lint_text("Dana Whitfield " * 20_000, "engineering", c) if f.rule == "blame.person-subject"]


# ------------------------------------------------------------------ glossary and legal words
def _walk_reference(index, doc):
    """``Index.find`` without the shortcut for words that end a term by themselves."""
    found, bare, root, n, skip = [], doc.bare, index.root, len(doc.bare), -1
    for i in doc.candidates(root.keys()):
        if i <= skip:
            continue
        node = root.get(bare[i]) or root.get(bare[i].lower())
        best, j = None, i
        while True:
            if "$" in node:
                best = (j, node["$"])
            if j + 1 >= n or len(node) == ("$" in node):
                break
            nxt = node.get(bare[j + 1]) or node.get(bare[j + 1].lower())
            if nxt is None or not glossary._GAP_OK.fullmatch(doc.gap(j)):
                break
            node, j = nxt, j + 1
        if best:
            found.append((doc.start(i), doc.end(best[0]), best[1]))
            skip = best[0]
    return found


@pytest.mark.parametrize("seed", range(3))
def test_glossary_hits_are_those_of_the_walk(seed):
    """Single-word terms, multi-word terms sharing a first word, capitals, inflections, hyphens and
    line breaks between words; few hits and many (over 64: the hits made at C speed)."""
    index = glossary.Index(glossary.builtin_glossary())
    words = [w for t in list(glossary.builtin_glossary())[:60] for w in t.split()]
    words += ["the", "DNS", "dns", "Pods", "load", "balancer", "deployed", "k8s", "prod", "-", "/", "\n"]
    rnd = random.Random(seed)
    for size in (5, 40, 400):
        for _ in range(40):
            text = "".join(rnd.choice(words) + rnd.choice([" ", " ", "-", "\n", ", "]) for _ in range(size))
            doc = Doc(text)
            assert [tuple(h) for h in index.find(doc)] == _walk_reference(index, Doc(text))


def test_a_legal_word_inside_jargon_is_left_to_the_jargon_check():
    c = ctx()
    for text in ("The memory leak was fixed. " * 400, "A leak. " * 400, "memory leak leak " * 400):
        got = [f.excerpt for f in lint_text(text, "customer", c) if f.rule == "legal.word"]
        doc = Doc(text)
        jargon = [(h.start, h.end) for h in c.glossary.find(doc)]
        want = [
            h
            for h in rules_text._word_index(c.legal_words).find(doc)
            if not any(a <= h.start and h.end <= b for a, b in jargon)
        ]
        assert len(got) == min(len(want), rules_text.LISTED)


# ------------------------------------------------------------------ sentences
def _sentences_reference(text: str) -> list[Sentence]:
    """The sentence split as it was: one candidate end at a time."""
    doc = Doc(text)
    m, out = doc.masked, []
    for bstart, bend, heading in doc._blocks():
        s = bstart
        cuts = [bstart]
        for end in _SENT_END.finditer(m, bstart, bend):
            if _not_an_end(m[_last_space(m, s, end.start()) + 1 : end.start()].strip("(\"'")):
                continue
            s = end.end()
            cuts.append(s)
        cuts.append(bend)
        for a, b in zip(cuts, cuts[1:]):
            seg = m[a:b]
            lead = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            if seg and _CHUNK.search(seg):
                out.append(Sentence(a + lead, a + lead + len(seg), seg, heading))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_sentences_are_those_of_the_one_by_one_split(seed):
    """Initials, abbreviations, numbers, tabs (no space before a word), words over 64 characters
    (the window of the last space), headings and list items."""
    rnd = random.Random(seed)
    atoms = ["1.", "D.", "Dr.", "e.g.", "U.S.", "ok.", "cat", "x" * 70 + ".", "!", "?", '"', "(", "Sat.",
             "# Head", "- item", "| a |"]  # fmt: skip
    for _ in range(300):
        text = "".join(rnd.choice(atoms) + rnd.choice([" ", " ", "\t", "\n", "\n\n", ""]) for _ in range(30))
        assert Doc(text).sentences == _sentences_reference(text), text


# ------------------------------------------------------------------ the collector's pause
def test_the_collector_is_paused_while_building_and_restored_after():
    assert gc.isenabled()
    seen = []
    with gcpause.paused():
        seen.append(gc.isenabled())
        with gcpause.paused():  # nested: still paused, and not switched on by the inner exit
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    assert seen == [False, False, False]
    assert gc.isenabled()
    gc.disable()
    try:  # switched off by the caller: left off
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_pause_is_shared_by_threads_and_ends_with_the_last():
    inside, release = threading.Event(), threading.Event()

    def worker():
        with gcpause.paused():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=worker)
    t.start()
    inside.wait(10)
    with gcpause.paused():
        pass
    assert not gc.isenabled()  # the worker is still inside
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_check_and_render_leave_the_collector_on_even_when_refused():
    config = load_config(str(ROOT / "samples" / "commsgen.toml"))
    loaded = pipeline.load(str(ROOT / "samples" / "outage-checkout-failover.yaml"))
    pipeline.check(loaded, config)
    out = pipeline.build(loaded, config, "customer", "md")
    assert out.content
    assert gc.isenabled()
    with pytest.raises(UserError):
        pipeline.build(loaded, config, "customer", "no-such-format")
    assert gc.isenabled()


# ------------------------------------------------------------------ defanged notations: the plain copy
def _plain_copy_reference(line: str):
    """``obfuscation.plain_copy`` as it was: the copy and its maps grown notation by notation."""
    from commsgen.redact.obfuscation import _ALL, NOTATIONS

    out, starts, ends, pos = [], [], [], 0
    for m in _ALL.finditer(line):
        n = NOTATIONS[int(m.lastgroup[1:])]
        if n.check is not None and not n.check(line, m):
            continue
        a, b = m.span()
        plain = n.plain if isinstance(n.plain, str) else n.plain(m.group())
        out += [line[pos:a], plain]
        starts += [*range(pos, a), *[a] * len(plain)]
        ends += [*range(pos + 1, a + 1), *[b] * len(plain)]
        pos = b
    if pos == 0:
        return None
    out.append(line[pos:])
    return "".join(out), [*starts, *range(pos, len(line))], [*ends, *range(pos + 1, len(line) + 1)]


@pytest.mark.parametrize("seed", range(3))
def test_the_plain_copy_is_the_one_grown_notation_by_notation(seed):
    """Every notation of the table (its own example), checked ones (``dana at acme dot com`` and
    prose ``at``), plain texts made from the match (``hxxps``), repeated densely and mixed with
    text beyond ASCII."""
    from commsgen.redact import obfuscation

    rnd = random.Random(seed)
    atoms = [n.example for n in obfuscation.NOTATIONS]
    atoms += ["1. ", "a ", " dot ", "[.]", "(at)", "hxxp", "dana at acme dot com", " at the ", "é", "10 . 12"]
    for _ in range(2000):
        line = "".join(rnd.choice(atoms) for _ in range(rnd.randint(0, 10)))
        assert obfuscation.plain_copy(line) == _plain_copy_reference(line), line
    line = "1. " * 5000
    assert obfuscation.plain_copy(line) == _plain_copy_reference(line)


# ------------------------------------------------------------------ the second pass's overlap test
def test_what_overlaps_a_found_match_is_told_all_at_once_as_one_at_a_time():
    from commsgen.redact import extras
    from commsgen.redact.resolve import Match

    rnd = random.Random(3)
    for _ in range(200):
        found = []
        for _ in range(rnd.randint(0, 30)):
            s = rnd.randint(0, 300)
            found.append(Match("r", "person", s, s + rnd.randint(1, 20), "x"))
        spans = [(s, s + rnd.randint(1, 15)) for s in (rnd.randint(0, 320) for _ in range(50))]
        one, many = extras._Covered(found), extras._Covered(found)
        want = [any(m.start < e and s < m.end for m in found) for s, e in spans]
        assert [one.clash(s, e) for s, e in spans] == want
        assert many.clashes([s for s, _ in spans], [e for _, e in spans]) == want


def test_likely_names_of_a_long_line_repeat_with_the_line():
    """Each pair of words decided once per line gives every repetition the same names."""
    from commsgen.redact import likely_names

    unit = "Thanks Priya Raman, then Dana Whitfield met Soren, Lloyd and Bo. cc @dwhitfield "
    many, fewer = sorted(likely_names._find(unit * 200)), likely_names._find(unit * 199)
    n = len(many) - len(fewer)
    assert n >= 4
    assert [(a - len(unit), b - len(unit), w) for a, b, w in many[-n:]] == many[-2 * n : -n]


# ------------------------------------------------------------------ masks that leave a secret readable
@pytest.mark.parametrize("unit", ["password=", "token=", "secret="])
def test_a_partial_mask_that_leaves_a_secret_readable_is_masked_whole(unit):
    """A run of assignments whose partial masks (``pass****=**``) read, once the stars are taken for
    Markdown emphasis, as new assignments: the second round masks whole (``[redacted]``), the
    output is written with --redact with nothing left to find, and refused without it."""
    import yaml

    from commsgen.gate import find_all, scan_context

    config = load_config(str(ROOT / "samples" / "commsgen.toml"))
    data = yaml.safe_load((ROOT / "samples" / "outage-checkout-failover.yaml").read_text(encoding="utf-8"))
    data["customer"]["summary"] = unit * (6000 // len(unit))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9)
    plain = pipeline.build(pipeline.loads(text, "a.yaml"), config, "customer", "md")
    assert plain.refused
    loaded = pipeline.loads(text, "a.yaml")
    out = pipeline.build(loaded, config, "customer", "md", redact=True)
    ctx = scan_context(loaded, config)
    left = [m for m in find_all(out.content, "md", ctx, None, "customer") if m.kind == "secret"]
    assert out.refused is None or left, out.refused
    assert not left


def test_mask_text_whole_hides_secrets_entirely():
    from commsgen.redact.mask import PLACEHOLDER, mask_text
    from commsgen.redact.resolve import Match

    text = "key AKIAIOSFODNN7EXAMPLE here"
    m = Match("secret.aws", "secret", 4, 24, text[4:24])
    assert mask_text(text, [m]) == "key AKIA************MPLE here"
    assert mask_text(text, [m], whole=True) == f"key {PLACEHOLDER} here"


# ------------------------------------------------------------------ readings: many spans traced at once
@pytest.mark.parametrize("seed", range(2))
def test_many_spans_of_a_reading_trace_back_as_one_by_one(seed):
    """Markdown and HTML readings with emphasis, code, entities, escapes, links, lists and headings;
    over 64 spans (traced by block at once), some empty, some crossing blocks or past the end."""
    from bisect import bisect_right

    from commsgen.redact import readmap
    from commsgen.redact.readings import html_reading, markdown_reading

    rnd = random.Random(seed)
    atoms = ["Dana Whitfield", "*a*", "_b_", "`c`", "&#46;", "\\.", "[x](y)", " ", "\n", "Whitfield, ", "&amp;",
             "<b>", "10.12.4.7", "\n\n", "- ", "# h\n"]  # fmt: skip
    for _ in range(150):
        src = "".join(rnd.choice(atoms) for _ in range(rnd.randint(5, 200)))
        for r in (markdown_reading(src), html_reading(src)):
            spans = sorted((a, a + rnd.randint(0, 12)) for a in (rnd.randint(0, len(r.text)) for _ in range(100)))
            want = []
            for a, e in spans:
                i = bisect_right(r._block_starts(), a) - 1
                b = r.blocks[i] if i >= 0 else None
                if b is None or a >= e or e > b.end:
                    want.append(r.source_span(a, e))
                    continue
                got = readmap.traced(readmap.block_map(r.source, r.text, b), a, e)
                want.append((b.lo, b.hi) if got is None else got)
            assert r.source_spans(spans) == want, src


# ------------------------------------------------------------------ the brief's sentence ends
def _boundaries_reference(text: str) -> list[tuple[int, int]]:
    """``brief._Boundaries`` as it was: the word before each boundary read one at a time."""
    from commsgen.views import brief

    rev, out = text[::-1], []
    for m in brief._BOUNDARY.finditer(text):
        word = brief._WORD_BACK.match(rev, len(text) - m.start()).group(1)[::-1].lower().lstrip("(\"'“‘[")
        if not (word in brief._ABBREVIATIONS or brief._INITIALS.fullmatch(word)):
            out.append(m.span())
    return out


def test_the_briefs_sentence_ends_are_those_told_one_at_a_time():
    """Initials, abbreviations, quotes and brackets before a boundary, runs of initials longer than a
    chunk; read whole, and a few first then the rest (the chunks are kept for the next reader)."""
    from commsgen.views import brief

    rnd = random.Random(9)
    atoms = ["D.", "J.", "a.m.", "e.g.", "Dr.", "It", "works.", "ok!", "Yes?", "(e.g.", '"Hi."', "U.S.", "x"]
    for k in range(600):
        size = rnd.randint(0, 120) if k % 10 else rnd.randint(500, 3000)
        text = "".join(rnd.choice(atoms) + rnd.choice([" ", " ", "\n", ""]) for _ in range(size))
        want = _boundaries_reference(text)
        b = brief._Boundaries(text)
        it = iter(b)
        assert [m.span() for _, m in zip(range(3), it)] == want[:3]
        assert [m.span() for m in b] == want
