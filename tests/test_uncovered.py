"""Learnt-term occurrences outside the spans already found, searched on a blanked copy
(``redact.uncovered``): the same occurrences as searching the text and dropping those that overlap
a found span, on texts of terms in every case, next to each other, inside and around found spans,
beyond ASCII too; and the term lists where that cannot hold are told apart."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import uncovered
from commsgen.redact.extras import _terms_rx
from commsgen.redact.locate import literal_matches

TERMS = ["dana whitfield", "lars eriksen", "payments-db-01", "checkout_5xx_ratio", "acme.internal", "ledger"]
PIECES = [
    "Dana Whitfield", "DANA whitfield", "dana", "Whitfield", "lars Eriksen", "payments-db-01", "Payments-DB-01x",
    "checkout_5xx_ratio", "acme.internal", "ledger", "Ledger.", "ledger.io", "@ledger", "a/ledger", "x", " ",
    ", ", ".", "-", "_", "\n", "é", "ſ", "Ledgeré", "(", ")", "/",
]  # fmt: skip


def _old(rx, alts, text, spans):
    found = list(literal_matches(rx, list(alts), text, 0, len(text)))
    return [m.span() for m in found if not any(a < m.end() and m.start() < b for a, b in spans)]


@pytest.mark.parametrize("seed", range(60))
def test_blanked_search_gives_the_occurrences_outside_found_spans(seed, monkeypatch):
    monkeypatch.setattr(uncovered, "MIN_SPANS", 0)
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(50, 600)))
    alts = tuple(sorted(rng.sample(TERMS, rng.randint(1, len(TERMS))), key=lambda f: (-len(f), f)))
    rx = _terms_rx(alts)
    # found spans: some occurrences, some random stretches, never overlapping one another
    cands = [m.span() for m in rx.finditer(text) if rng.random() < 0.5]
    cands += [(a, a + rng.randint(1, 30)) for a in rng.sample(range(len(text)), min(len(text), 20))]
    spans: list[tuple[int, int]] = []
    for a, b in sorted(cands):
        if not spans or spans[-1][1] <= a:
            spans.append((a, min(b, len(text))))
    got = uncovered.outside(rx, alts, text, 0, len(text), spans)
    assert got is not None
    assert [m.span() for m in got] == _old(rx, alts, text, spans)


def test_terms_that_can_start_inside_one_another_are_searched_as_before():
    assert uncovered.independent(("dana whitfield", "lars eriksen", "checkout_5xx_ratio"))
    assert not uncovered.independent(("dana whitfield", "whitfield dana"))  # "whitfield" starts inside
    assert not uncovered.independent(("a b c", "b c d"))
    assert uncovered.independent(("payments-db-01", "db-01"))  # after "-" no occurrence starts
    assert not uncovered.outside(
        _terms_rx(("x y", "y z")), ("x y", "y z"), "x y z " * 400, 0, 2400, [(6 * i, 6 * i + 1) for i in range(300)]
    )


@pytest.mark.parametrize("seed", range(20))
def test_clashes_with_found_spans(seed):
    """``extras._Covered.clashes``: a span clashes with the found ones when one starts before its end
    and ends after its start (spans equal to a found one told by a set, the rest by binary search)."""
    from commsgen.redact.extras import _Covered
    from commsgen.redact.resolve import Match

    rng = random.Random(seed)
    found = [Match("r", "k", a, a + rng.randint(0, 30), "x") for a in rng.sample(range(3000), rng.randint(0, 500))]
    queries = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 3000) for _ in range(rng.randint(0, 700)))]
    queries += [(m.start, m.end) for m in found[: rng.randint(0, len(found))]]
    rng.shuffle(queries)
    want = [any(m.start < e and m.end > s for m in found) for s, e in queries]
    assert _Covered(found).clashes([s for s, _ in queries], [e for _, e in queries]) == want


@pytest.mark.parametrize("seed", range(10))
def test_second_pass_resolve_keeps_what_overlaps_nothing_better(seed):
    from commsgen.redact.extras import _PRIORITY, _Covered, _resolve
    from commsgen.redact.resolve import Match

    rng = random.Random(seed)
    found = [Match("r", "k", a, a + rng.randint(1, 20), "x") for a in rng.sample(range(2000), 300)]
    rules = list(_PRIORITY) + ["other"]
    new = [Match(rng.choice(rules), "person", a, a + rng.randint(1, 20), "y") for a in rng.sample(range(2000), 200)]
    want: list[Match] = []
    for m in sorted(new, key=lambda m: (_PRIORITY.get(m.rule, 9), m.start, -(m.end - m.start))):
        if any(f.start < m.end and f.end > m.start for f in [*found, *want]):
            continue
        want.append(m)
    assert _resolve(new, found) == want
    assert _resolve(new, found, _Covered(found)) == want
