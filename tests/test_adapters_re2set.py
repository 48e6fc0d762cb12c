"""commsgen/adapters/re2set.py uses google-re2's private names: each function is checked here
against the wrapper's public behaviour, on the kinds of input the scan gives it."""

from __future__ import annotations

import random

import pytest
import re2

from commsgen.adapters.re2set import Finder, options, set_matcher

PATTERNS = [r"AKIA|ghp_", r"(?:^|[^0-9])10\.[0-9]{1,3}", r"(?i:internal)", r"[^\x00-\x7f]", r"x*"]


def _texts():
    rng = random.Random(7)
    alphabet = ["a", "AKIA", "ghp_", "10.1", " ", "\n", "Internal", "é", "9", "x"]
    for n in (0, 1, 5, 40, 300):
        yield "".join(rng.choice(alphabet) for _ in range(n)).encode("utf-8")


@pytest.mark.parametrize("pattern", PATTERNS)
def test_finder_equals_public_search(pattern):
    public = re2.compile(pattern, options())
    finder = Finder(pattern)
    for data in _texts():
        for pos in range(0, len(data) + 2, 3):
            for end in (len(data), max(0, len(data) - 4)):
                m = public.search(data, pos, end) if pos <= end else None
                expect = -1 if m is None else m.start()
                assert finder.first(data, pos, end) == expect, (data, pos, end)
        m = public.search(data)
        assert finder.found(data) == (m is not None)


def test_set_matcher_equals_public_set():
    opts = options()
    public = re2.Set.SearchSet(opts)
    for p in PATTERNS[:4]:
        public.Add(p)
    public.Compile()
    match = set_matcher(PATTERNS[:4], opts)
    for data in _texts():
        assert sorted(match(data)) == sorted(public.Match(data) or [])


def test_options_have_no_captures():
    assert options().never_capture is True
    assert options(max_mem=1 << 20).max_mem == 1 << 20


def _line_starts_reference(pattern: str, data: bytes, start: int, end: int) -> list[int]:
    """The lines of ``data[start:end]`` in which the public ``search`` finds a match starting, one
    line at a time. A match may start on the newline before a line (a trigger may begin with the
    character before a token): it is that line's; so each line is searched from the newline before
    it, and a match starting on the newline that ends it is the next line's."""
    public = re2.compile(pattern, options())
    out: list[int] = []
    ls = start
    while ls < end:
        le = data.find(b"\n", ls, end)
        le = end if le < 0 else le
        m = public.search(data, ls - 1 if ls > 0 else 0, end)
        if m is not None and m.start() < le:
            out.append(ls)
        ls = le + 1
    return out


@pytest.mark.parametrize("pattern", [*PATTERNS[:4], r"(?:^|[^a-z])db-[0-9]", r"\n10\."])
def test_line_starts_equals_a_search_per_line(pattern):
    for data in _texts():
        lines = [0] + [i + 1 for i, b in enumerate(data) if b == 10 and i + 1 < len(data)]
        for start in lines[:6]:
            for end in {len(data), *[e for e in lines if e > start][:3]}:
                got = Finder(pattern).line_starts(data, start, end)
                assert got == _line_starts_reference(pattern, data, start, end), (pattern, data, start, end)
