"""The gate's fast paths give the straightforward computation's results over classes of generated
texts: the RE2 search for learnt terms on text beyond ASCII (case-folded, offsets converted as it
goes)."""

from __future__ import annotations

import random
import re

import pytest

from commsgen.redact.locate import fold_for_re, literal_matches

ODD = ["\u212a", "\u017f", "\u0130", "\u0131", "é", "—", "\u200b", "\U0001d422", "ß", "\u00a0"]


@pytest.mark.parametrize("seed", range(8))
def test_literal_matches_beyond_ascii_equal_finditer(seed):
    rng = random.Random(seed)
    terms = ["db-prod-07", "fritz", "kiss", "list", "node3-fra"]
    pieces = [*terms, "FRITZ", "Kiss", "LIST", "xfritz", "fritz.io", " ", "\n", ". ", *ODD]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(50, 600)))
    if rng.random() < 0.5:  # the Kelvin sign, long s and dotless i where re.I reads k, s and i
        text = text.replace("k", "\u212a", 3).replace("s", "\u017f", 3).replace("i", "\u0131", 3)
    rx = re.compile(
        r"(?<![\w.@-])(?:" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w@-])",
        re.IGNORECASE,
    )
    for start, end in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
        want = [m.span() for m in rx.finditer(text, start, end)]
        assert [m.span() for m in literal_matches(rx, terms, text, start, end)] == want
    assert len(fold_for_re(text)) == len(text)


@pytest.mark.parametrize("seed", range(6))
def test_normalise_of_dense_text_equals_run_by_run(seed, monkeypatch):
    """A text dense with characters beyond ASCII is normalised character by character; the copy
    and its map equal those made run by run."""
    from commsgen.redact import normalize

    rng = random.Random(seed)
    pieces = ["a", "b.c", " ", "\n", "10", *ODD, "\u0430", "\U000e0041", "\ufe0f", "ﬁ", "①", "é"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(4096, 9000)))
    assert normalize._dense(text)
    dense = normalize.normalise(text), normalize.normalise_map(text)
    monkeypatch.setattr(normalize, "_dense", lambda t: False)
    assert dense == (normalize.normalise(text), normalize.normalise_map(text))
    assert dense[0] == dense[1][0]


@pytest.mark.parametrize("seed", range(4))
def test_taken_spans_index_finds_what_the_list_finds(seed):
    """gate_spans.Taken (spans indexed by kind and block) gives the overlapping spans a scan of the list
    gives, through adds and removals."""
    from commsgen.gate_spans import Taken as _Taken

    rng = random.Random(seed)
    spans = []
    taken = _Taken()
    for _ in range(400):
        kind = rng.choice(["person", "host", "secret"])
        a = rng.randint(0, 5000)
        b = a + rng.choice([0, 1, 5, 30, 600, 2000])
        if rng.random() < 0.6:
            spans.append((kind, a, b))
            taken.add((kind, a, b))
        want = [t for t in spans if t[0] == kind and t[1] < b and a < t[2]]
        got = taken.overlapping(kind, a, b)
        assert sorted(got.values()) == sorted(want)
        if got and rng.random() < 0.3:
            taken.remove(got)
            spans = [t for t in spans if t not in want]


def test_plain_links_of_a_long_text_equal_the_patterns():
    from commsgen.render import markdown

    rng = random.Random(3)
    for _ in range(60):
        text = "".join(
            rng.choice(["[", "]", "(", ")", "a", " ", "![", "](", "[a](b)", "![x](y z)", "\n", "é"]) for _ in range(400)
        )
        text = text * 12
        want = markdown._LINK.sub(r"\1 (\2)", markdown._IMAGE.sub(r"\1", text))
        got = markdown._sub(markdown._LINK, r"\1 (\2)", markdown._sub(markdown._IMAGE, r"\1", text))
        assert got == want


def test_matched_text_and_source_field_equal_the_plain_slices():
    from commsgen.findings import Finding
    from commsgen.gate import _Lines
    from commsgen.views.common import Sources

    rng = random.Random(4)
    text = "".join(rng.choice(["ab", "C", " ", "\n", "é", "k8s", "\n\n"]) for _ in range(3000))
    lines = _Lines(text)
    rows = text.split("\n")
    for _ in range(2000):
        line = rng.randint(0, len(rows) + 1)
        col = rng.choice([None, 0, 1, 2, 5, 40, 10**6])
        end = rng.choice([None, 0, 1, 3, 6, 50, 10**6])
        f = Finding(kind="lint", rule="r", severity="warn", message="m", line=line, column=col, end_column=end)
        if not line or line > len(lines.starts):
            want = ""
        else:
            row = rows[line - 1]
            want = row[(col or 1) - 1 : (end or len(row) + 1) - 1]
        assert lines.matched(f) == want
    src = Sources()
    for i in range(20):
        src.take(f"f{i}", "".join(rng.choice(["ab", "K8S", " ", "x"]) for _ in range(50)))
    for needle in ["k8s", "AB x", "zz", " ", "K8s ab"] * 3:
        n = needle.strip().lower()
        want = next((p for p, t in src.items if n in t.lower()), None) if n else None
        assert src.field_for(needle) == want
    src.take("late", "zz top")
    assert src.field_for("zz") == "late"
