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
