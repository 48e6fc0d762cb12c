"""The rule table's triggers (commsgen/redact/triggers.py): the set that says which handlers a
candidate line needs is two RE2 sets (``APART``); together they must say what one set says."""

from __future__ import annotations

import random
from pathlib import Path

from commsgen.adapters.re2set import set_matcher
from commsgen.redact.prefilters import PREFILTERS, ROUTES
from commsgen.redact.triggers import APART, VULN, Static, re2_options

ROOT = Path(__file__).resolve().parent.parent


def _lines():
    """Lines of every kind the scan meets: the samples, the tests' own data, and shuffled
    fragments of them (tokens that trigger the split-off rules next to the others)."""
    lines: list[str] = []
    for folder in ("samples", "tests/data"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.suffix in (".yaml", ".yml", ".md", ".txt", ".json"):
                lines += p.read_text(encoding="utf-8", errors="replace").splitlines()
    rng = random.Random(5)
    tokens = [t for line in lines[:4000] for t in line.split()]
    apart = ["0x0a000001", "168559623", "db-prod-3", "es-7", "10 . 12 . 4 . 7", "ip-10-1-2-3"]
    other = ["10.0.0.1", "AKIA", "ghp_", "password=", "@", "é", "://", "CVE-", "%41"]
    for _ in range(3000):
        words = [rng.choice(tokens) for _ in range(rng.randint(1, 14))]
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), rng.choice(apart))
            words.insert(rng.randint(0, len(words)), rng.choice(other))
        lines.append(" ".join(words))
    return lines


def test_split_set_says_what_one_set_says():
    st = Static()
    keys = [next(h for h in hs) for hs in st.handlers]
    assert any(h is not VULN and h[1].id in APART for h in keys), "the split-off rules are in the table"
    routes = {PREFILTERS[f]: r for f, r in ROUTES.items()}
    # the patterns of one set, in the handlers' order, as Static built them before the split
    patterns = []
    for hs in st.handlers:
        h = hs[0]
        if h is VULN:
            p = PREFILTERS["vuln"]
        else:
            p = h[1].trigger or PREFILTERS[h[1].family]
        patterns.append(routes.get(p, p))
    one = set_matcher(patterns, re2_options())
    seen_apart = seen_both = 0
    for line in _lines():
        data = line.encode("utf-8")
        got = st.set_match(data)
        assert got == sorted(one(data)), line
        apart = [i for i in got if any(h is not VULN and h[1].id in APART for h in st.handlers[i])]
        seen_apart += bool(apart)
        seen_both += bool(apart) and len(apart) < len(got)
    assert seen_apart > 50 and seen_both > 50  # the class of input the split is about was met


def test_two_passes_select_the_lines_one_pass_selects():
    """The whole-text pass is two RE2 passes (the ``APART`` rules' triggers in the second): the
    lines they select together are the lines one pass of every trigger selects."""
    from commsgen.adapters.re2set import Finder
    from commsgen.redact import obfuscation
    from commsgen.redact.locate import matching_line_starts, merge_starts

    st = Static()
    keys = []
    for hs in st.handlers:
        h = hs[0]
        keys.append(PREFILTERS["vuln"] if h is VULN else h[1].trigger or PREFILTERS[h[1].family])
    one = Finder(
        "|".join(f"(?:{p})" for p in (*keys, "[^\\x00-\\x7f]", "%[0-9A-Fa-f]{2}", obfuscation.TRIGGER)), re2_options()
    )
    assert st.rx_apart is not None
    lines = _lines()
    for size in (1, 7, 50, len(lines)):
        for at in range(0, len(lines), max(size, len(lines) // 40)):
            data = "\n".join(lines[at : at + size]).encode("utf-8")
            expect = matching_line_starts(one, data)
            got = merge_starts(matching_line_starts(st.rx, data), matching_line_starts(st.rx_apart, data))
            assert got == expect, lines[at : at + size][:3]


def test_merge_starts_is_the_sorted_union():
    from commsgen.redact.locate import merge_starts

    rng = random.Random(3)
    for _ in range(300):
        a = sorted(rng.sample(range(60), rng.randint(0, 20)))
        b = sorted(rng.sample(range(60), rng.randint(0, 20)))
        assert merge_starts(a, b) == sorted(set(a) | set(b))
