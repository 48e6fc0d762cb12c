"""The scan's shortcuts give the plain computation's results: the memo of distinct lines, the RE2
search for learnt terms, and learning from a large text in parallel parts."""

from __future__ import annotations

import random
import re

import pytest

from commsgen.redact import likely_names, looselearn, parallel, scanner
from commsgen.redact.context import ScanContext
from commsgen.redact.learn import dedupe
from commsgen.redact.locate import literal_matches

LINES = [
    "Dec 13 18:59:01 fritz bundle[588687]: worker stalled",
    "ssh db-prod-07 and restart the k8s-janitor job",
    "Noticed CPU at 100% on Freud and Franz",
    "@dma suggests migrating (thanks, Niels Lunn)",
    "@here the deploy is done",
    "Internal post-mortem: https://github.com/acme/incidents-analysis/pull/120",
    "Contact dana.whitfield@acme.io or 10.12.4.7 about ghp_" + "a1B2" * 9,
    "Über die Störung auf ledger.acme.internal berichtete Jürgen Weiß",
    "plain words about the rollout",
    "version 10.1.2.3 of the client",
    "",
    "card 4675 8682 3335 9161 and +1-415-555-0142",
    "on node3-fra the pod ADSync-CI-2 restarted",
]


def _text(rng: random.Random, n: int, ascii_only: bool) -> str:
    rows = [rng.choice(LINES) for _ in range(n)]
    if ascii_only:
        rows = [r for r in rows if r.isascii()]
    return "\n".join(rows) + rng.choice(["", "\n"])


@pytest.mark.parametrize("ascii_only", [True, False])
def test_memo_of_lines_gives_the_same_matches(monkeypatch, ascii_only):
    rng = random.Random(3)
    text = _text(rng, 300, ascii_only)
    ctx = ScanContext(people_names=("Dana Whitfield",), deny_terms=("k8s-janitor",))
    with_memo = scanner.scan(text, ctx)
    monkeypatch.setattr(scanner, "_MEMO_LINE", -1)
    scanner._ENGINES.clear()
    assert scanner.scan(text, ctx) == with_memo
    assert len(with_memo) > 50


def test_memo_of_names_gives_the_same_names():
    for line in LINES * 2:
        assert likely_names.find(line) == likely_names._find(line)


@pytest.mark.parametrize("seed", range(6))
def test_literal_matches_equal_finditer(seed):
    rng = random.Random(seed)
    words = ["db-prod-07", "fritz", "Freud", "k8s-janitor", "node3-fra", "ab"]
    text = _text(rng, 200, ascii_only=seed % 2 == 0) + " FRITZ. fritz-x xfritz fritz.io /fritz @fritz"
    terms = [w.casefold() for w in rng.sample(words, 3)]
    rx = re.compile(
        r"(?<![\w.@-])(?<![a-z]/)(?:" + "|".join(re.escape(k) for k in sorted(terms, key=len, reverse=True)) + r")"
        r"(?![\w@-]|\.[A-Za-z0-9])",
        re.IGNORECASE,
    )
    for start, end in ((0, len(text)), (len(text) // 3, 2 * len(text) // 3)):
        want = [m.span() for m in rx.finditer(text, start, end)]
        assert [m.span() for m in literal_matches(rx, terms, text, start, end)] == want
        data = text.encode() if text.isascii() else None
        assert [m.span() for m in literal_matches(rx, terms, text, start, end, data)] == want


@pytest.mark.parametrize("ascii_only", [True, False])
def test_candidate_lines_of_parts_are_those_of_the_whole(ascii_only):
    """Each part's lines, in order, are the whole text's; a line that starts with the trigger (a
    handle after the newline) is selected, not the line before it."""
    rng = random.Random(11)
    text = _text(rng, 400, ascii_only)
    whole = looselearn.candidate_lines(text)
    assert any(line.startswith("@dma") for _, line in whole)
    assert all(text[s : s + len(line)] == line and (s == 0 or text[s - 1] == "\n") for s, line in whole)
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)]
    for _ in range(20):
        cuts = sorted(rng.sample(starts[1:], 3))
        bounds = list(zip([0, *cuts], [*cuts, len(text)]))
        assert [x for a, b in bounds for x in looselearn.candidate_lines(text, None, a, b)] == whole


@pytest.mark.parametrize("workers", [2, 3])
def test_learning_in_parts_equals_learning_at_once(monkeypatch, workers):
    rng = random.Random(workers)
    text = _text(rng, 3000, ascii_only=False)
    looselearn._LAST[0] = None
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    lines, terms = looselearn.learn(text, None, ())
    assert {t.term for t in terms} >= {"fritz", "ADSync-CI-2"}
    looselearn._LAST[0] = None
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: workers)
    assert len(parallel.split(text)) == workers
    plines, pterms = looselearn.learn(text, None, ())
    assert plines == lines
    assert dedupe(pterms) == dedupe(terms)
    looselearn._LAST[0] = None


def test_host_cuts_equal_their_definition():
    """Cuts at each hyphen from the right while a dot is left before the cut (one search for the
    dot, not a slice per cut: a megabyte of `db-prod-1.` stays linear)."""
    from commsgen.redact.notations import host_cuts

    def defined(host: str) -> list[int]:
        out, i = [], len(host)
        while True:
            i = host.rfind("-", 0, i)
            if i <= 0 or "." not in host[:i]:
                return out
            if host[i - 1] not in ".-":
                out.append(i)

    rng = random.Random(2)
    for _ in range(3000):
        host = "".join(rng.choice("ab.-1") for _ in range(rng.randint(0, 16)))
        assert host_cuts(host) == defined(host), host
    assert host_cuts("ledger.acme.internal-the") == [20]


def _python_candidate_lines(text: str) -> list[tuple[int, str]]:
    """The reference: the trigger as a Python pattern over the text itself (the way non-ASCII text
    was read before RE2 read its UTF-8), a match on a newline selecting the line after it."""
    search = re.compile(looselearn.SOURCE).search
    out, pos, n = [], 0, len(text)
    while pos < n:
        m = search(text, pos)
        if m is None:
            break
        a = m.start()
        s = a + 1 if text[a] == "\n" else text.rfind("\n", 0, a) + 1
        if s >= n:
            break
        e = text.find("\n", s)
        e = n if e < 0 else e
        out.append((s, text[s:e]))
        pos = e
    return out


@pytest.mark.parametrize("seed", range(6))
def test_candidate_lines_over_utf8_are_those_of_python_re(seed):
    """RE2 over the UTF-8 of a text beyond ASCII selects the lines Python's re selects, at the same
    character offsets: dotless and dotted i in a URL's context word, accents, emoji, CJK."""
    rng = random.Random(seed)
    extra = [
        "see https://wiki.acme.com/\u0131nternal/runbook now",
        "\u0130NTERNAL wiki: https://docs.acme.com/x",
        "caf\u00e9 \U0001f600 \u6f22\u5b57 https://x.example/pr\u0131vate/y",
        "na\u00efve ssh deploy@db-prim\u00e4ry-7.acme.internal",
    ]
    rows = [rng.choice(LINES + extra) for _ in range(300)]
    text = "\n".join(rows) + rng.choice(["", "\n"])
    assert not text.isascii()
    want = _python_candidate_lines(text)
    assert looselearn.candidate_lines(text) == want
    assert looselearn.candidate_lines(text, text.encode("utf-8")) == want
    assert any("\u0131nternal" in line for _, line in want)


def test_percent_decode_memo_gives_what_a_fresh_decode_gives():
    """The memo is shared between callers: the same line asked again (another object, another
    output) gets an equal result, and a caller's scan leaves it unchanged."""
    from commsgen.redact import notations

    line = "see intern%61l.acme%2Ecom and %E2%80%AE, %00 and 100%"
    fresh = notations.percent_decode_map.__wrapped__(line)
    assert fresh is not None and "internal.acme.com" in fresh[0]
    first = notations.percent_decode_map(line)
    scanner.scan(line * 2, ScanContext())
    assert notations.percent_decode_map("".join(line)) == first == fresh
