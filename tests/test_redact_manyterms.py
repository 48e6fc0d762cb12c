"""``manyterms``: a text that teaches thousands of terms is searched for them without one alternation
of them all, with the very matches ``extras._terms_rx``'s ``finditer`` gives (span, text and which
term), on classes of text: every case, the look-arounds' characters on both sides of a term, terms
that are prefixes of others, terms with dots, dashes, ``@`` and spaces, a range that cuts a word, and
the whole second pass compared with the alternation's (``MANY`` lowered)."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import extras, looselearn, manyterms
from commsgen.redact.context import ScanContext
from commsgen.redact.locate import fold_for_re, literal_matches

TERMS = [
    "fritz-db-1",
    "fritz-db-10",
    "fritz-db-100",
    "db-01.corp.acme.internal",
    "k8s-janitor-3",
    "deploy",
    "nietzsche",
    "dana whitfield",
    "ops@acme",
    "a.b",
    "x_y",
    "ledger",
]
GLUE = [" ", "\n", ".", "..", "-", "_", "@", "/", "a/", "A/", "x", "9", "(", ")", ",", ". ", ".x", ".-", "`", "é", "\t"]


def _texts(n: int = 120):
    rng = random.Random(5)
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 30)):
            t = rng.choice(TERMS)
            t = "".join(c.upper() if rng.random() < 0.3 else c for c in t)
            parts += [rng.choice(GLUE), t]
        text = "".join(parts) + rng.choice(GLUE)
        yield text.replace("é", "e")
        yield text.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0130")  # re.I's ASCII look-alikes
        yield text.replace("e", "\u00e9").replace("a", "\u0131")


def _alts(terms):
    return tuple(sorted(terms, key=lambda f: (-len(f), f)))


def _plain(alts, text, start, end):
    return [
        (m.start(), m.end(), m.group(0), m.lastindex)
        for m in literal_matches(extras._terms_rx(alts), list(alts), text, start, end)
    ]


def _fast(alts, text, start, end):
    return [(h.start(), h.end(), h.group(0), h.lastindex) for h in manyterms.matches(alts, text, start, end)]


@pytest.mark.parametrize("subset", [TERMS, TERMS[:3], TERMS[3:], ["deploy", "dana whitfield", "a.b"]])
def test_matches_are_the_alternations(subset):
    alts = _alts(subset)
    for text in _texts():
        n = len(text)
        for start, end in ((0, n), (n // 3, n), (0, 2 * n // 3), (n // 4, 3 * n // 4)):
            assert _fast(alts, text, start, end) == _plain(alts, text, start, end), (text, start, end)


def test_held_keeps_every_term_that_matches():
    """The set of the text's runs drops only terms that cannot match: the occurrences of the terms
    it keeps are those of every term."""
    alts = _alts(TERMS)
    for text in _texts():
        folded = fold_for_re(text)  # as extras folds it
        kept = manyterms.held(folded, alts, extras._runs)
        assert set(kept) <= {f for f in alts if extras._may_hold(folded, f)}
        want = {(s, e, g) for s, e, g, _ in _plain(alts, text, 0, len(text))}
        got = {(s, e, g) for s, e, g, _ in _plain(_alts(kept), text, 0, len(text))} if kept else set()
        assert got == want, text


def test_applies_only_to_many_ascii_terms():
    many = [f"host-{i}" for i in range(manyterms.MANY + 1)]
    assert manyterms.applies(many, "plain text") and manyterms.applies(many, "plain tëxt")
    assert not manyterms.applies(many[: manyterms.MANY], "plain text")
    assert not manyterms.applies([*many, "straße"], "plain text")
    assert manyterms.matches(tuple(many), "host-1 \ud800", 0, 8) is None  # the alternation, then


def _second_pass(text: str) -> list[tuple]:
    looselearn._LAST[0] = None
    ctx = ScanContext()
    found = extras.add(text, ctx, [])
    return sorted((m.rule, m.start, m.end, m.text, getattr(m, "note", "")) for m in found)


def test_a_text_that_teaches_a_term_a_line_gets_the_alternations_findings(monkeypatch):
    """The whole second pass, with the terms a log teaches (a host per line, seen again elsewhere):
    the findings are those of the one alternation (``MANY`` raised so that it is used)."""
    rng = random.Random(9)
    rows = []
    for i in range(400):
        rows.append(f"Dec 13 18:59:{i % 60:02d} nietzsche{i} bundle[5886{i}]: worker exited")
        if rng.random() < 0.3:
            j = rng.randrange(i + 1)
            rows.append(f"later NIETZSCHE{j} and nietzsche{j}.corp, not xnietzsche{j} nor nietzsche{j}-b, were seen")
    text = "\n".join(rows) + "\n"
    fast = _second_pass(text)
    assert sum(1 for r in fast if r[0].startswith("learn.")) > 100
    monkeypatch.setattr(manyterms, "MANY", 10**9)
    assert _second_pass(text) == fast
