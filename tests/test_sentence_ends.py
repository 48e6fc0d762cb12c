"""Candidate sentence ends listed from one ``split`` (``lint.text.candidate_ends``): the spans the
end pattern's ``finditer`` gives, on texts of every mix of end marks, quotes, spaces and line ends,
read whole or from the middle."""

from __future__ import annotations

import random

import pytest

from commsgen.lint import text as T

PIECES = ["1", ".", " ", "!", "?", '"', "'", "’", "”", ")", "]", "*", "_", "\n", "a", "Dr", "e.g", "\t", "é", "..."]


@pytest.mark.parametrize("seed", range(50))
def test_split_ends_are_the_finditer_spans(seed):
    rng = random.Random(seed)
    m = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 400)))
    a = rng.randint(0, len(m))
    b = rng.randint(a, len(m))
    for lo, hi in ((0, len(m)), (a, b)):
        spans = [x.span() for x in T._SENT_END.finditer(m, lo, hi)]
        assert T.candidate_ends(m, lo, hi) == ([s for s, _ in spans], [e for _, e in spans])


LINES = [
    "# Heading. With two.", "Resolved - 2026-11-20 15:20 UTC: 1. 1. 1.", "| a. | b. |", "Status: done. Yes.",
    "**Bold label.**", "Plain prose. Another one! And?", "- item one. two.", "", "1. First. Second.",
    "Dr. Who came.", "> quoted. text.", "====",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(40))
def test_prose_is_the_sentences_without_headings(seed):
    rng = random.Random(seed)
    text = "\n".join(rng.choice(LINES) for _ in range(rng.randint(1, 30)))
    if seed % 4 == 0:  # long blocks, a heading among them
        text += "\n\n" + "1. " * 12_000 + "\n" + "Resolved - 2026-11-20 15:20 UTC: " + "1. " * 12_000
    want = [s for s in T.Doc(text).sentences if not s.heading]
    assert T.Doc(text).prose() == want
    d = T.Doc(text)
    d.sentences  # noqa: B018
    assert d.prose() == want
