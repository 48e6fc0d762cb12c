"""Per-match work done a column at a time for lines of many matches: a memoised line's matches moved
to where the line starts (``columns.rebased``), and ``resolve.finish`` on a text with no PEM key.
Each equals the one-match-at-a-time form it replaces."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import columns
from commsgen.redact.resolve import Match, finish


@pytest.mark.parametrize("seed", range(10))
def test_rebased_equals_moving_each_match(seed):
    rng = random.Random(seed)
    hit = tuple(
        Match(f"r{rng.randint(0, 3)}", "k", a, a + 3, "txt", a + 1 if rng.random() < 0.1 * (seed % 2) else None, None)
        for a in range(0, 4000, 7)
    )
    base = rng.randint(1, 10**6)
    want = [
        Match(r, k, a + base, b + base, t, columns._at(x, base), columns._at(y, base)) for r, k, a, b, t, x, y in hit
    ]
    assert columns.rebased(hit, base) == want


def test_finish_sorts_and_keeps_matches_without_a_key():
    rng = random.Random(3)
    out = [Match("people.name", "person", a, a + 14, "Dana Whitfield") for a in rng.sample(range(100_000), 500)]
    assert finish("x" * 100_100, list(out)) == sorted(out, key=lambda m: (m.start, m.end, m.rule))


def test_resolve_orders_found_as_by_order_start_and_longest_first():
    from commsgen.redact import resolve as R

    rng = random.Random(5)
    found = [
        (rng.randint(0, 3), f"r{i}", "k", a, a + rng.randint(0, 5), None, None)
        for i, a in enumerate(rng.randint(0, 50) for _ in range(2000))
    ]
    want = sorted(found, key=lambda f: (f[0], f[3], -(f[4] - f[3])))
    got = sorted(found, key=R._END_OF_FOUND, reverse=True)
    got.sort(key=R._ORDER_START)
    assert got == want


def test_matches_of_equals_making_each_match():
    rng = random.Random(2)
    line = "".join(rng.choice("ab c") for _ in range(5000))
    kept = [(1, "r", "k", a, a + rng.randint(1, 9), None, None) for a in range(0, 4900, 11)]
    want = [Match(r, k, s, e, line[s:e], x, y) for _o, r, k, s, e, x, y in kept]
    assert columns.matches_of(line, kept) == want


@pytest.mark.parametrize("seed", range(12))
def test_likely_name_pairs_decided_together_equal_one_by_one(seed, monkeypatch):
    from commsgen.redact import likely_names

    rng = random.Random(seed)
    words = ["Dana Whitfield", "Peter Taylor", "Ruby Gems", "Jan 21", "Niels Lunn", "Austin Texas", "Grace Hopper",
             "thanks Peter", "the", "Maria said", "Jonas Berg", "Cloud Server", "x", ",", "Sofia Costa-Lind"]  # fmt: skip
    line = " ".join(rng.choice(words) for _ in range(rng.randint(300, 2000)))
    if seed % 3:
        line = line.replace("thanks", "and")  # no thanks: nothing is taken before the pairs
    got = likely_names._find(line)
    monkeypatch.setattr(likely_names, "BULK", 10**9)
    assert got == likely_names._find(line)


@pytest.mark.parametrize("seed", range(30))
def test_html_unescape_of_a_long_text_equals_the_stdlib(seed, monkeypatch):
    import html

    from commsgen.redact import charrefs

    rng = random.Random(seed)
    pieces = ["&lt;", "&amp", "&ampx", "&#46;", "&#x2e;", "&#X2E", "&#1234567890;", "&#0;", "&#xD800;", "&notit;",
              "&notin", "&", "&;", "& ", "&#", "&#x", "a", " ", "\\n", "é", "&Eacute;", "&eacute", "&zz;", "&" + "a" * 40,
              "&#65", "&#x41x", "\\t", "<", ";"]  # fmt: skip
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3000)))
    monkeypatch.setattr(charrefs, "SHORT", 0)
    assert charrefs.html_unescape(text) == html.unescape(text)


@pytest.mark.parametrize("seed", range(30))
def test_visible_text_with_references_swapped_equals_reading_them(seed, monkeypatch):
    from commsgen.render import visible

    rng = random.Random(seed)
    pieces = ["&lt;", "&gt;", "&amp;", "&quot;", "&lt", "&amp;lt;", "<p>", "</p>", "<b>", "</b>", "<br>", "a", " ",
              "\\n", "<script>&lt;x</script>", "<style>&amp;</style>", '<a title="&lt;">', "</a>", "<!-- &lt; -->",
              "&#60;", "&", ";", "<", ">", "\\ue000", "é", "<div>", "</div>", "<title>&lt;</title>"]  # fmt: skip
    html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3000)))
    monkeypatch.setattr(visible, "_MANY", 0)  # every reference of the table swapped
    got = visible.visible_text(html + " " * 4096)
    monkeypatch.setattr(visible, "_SWAPPED", {})
    html += " " * 4096
    assert got == visible.visible_text(html)
