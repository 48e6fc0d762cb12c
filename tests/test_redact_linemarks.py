"""``linemarks``: line numbers from newline counts per block, as the scan's learners make them, must be
the line numbers plain counting gives, at every kind of offset (a block's first character, its last,
a newline, the text's end), for texts of short and long lines, parts that do not start on a block, and
texts beyond ASCII. ``api.findings_json_parts`` uses them (tests/test_redact_scan_json.py compares its
reports with the one-process ones)."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import linemarks
from commsgen.redact.linemarks import BLOCK


def _texts():
    rng = random.Random(11)
    words = ["a", "db-01", "é", "ünïcode", "\n", "\n\n", " ", "x" * 300, "\u2028", "z" * (BLOCK + 7)]
    for n in (0, 1, 40, 400, 3000):
        yield "".join(rng.choice(words) for _ in range(n))
    yield "\n" * (3 * BLOCK + 1)
    yield "y" * (2 * BLOCK) + "\n" + "y" * BLOCK


def _offsets(text: str):
    n = len(text)
    at = {0, n, *range(0, n + 1, max(1, n // 37))}
    for k in range(0, n + 1, BLOCK):
        at |= {k - 1, k, k + 1}
    at |= {i for i, c in enumerate(text) if c == "\n"} if n < 20_000 else set()
    return sorted(a for a in at if 0 <= a <= n)


def _cuts(text: str):
    """Ways to cut ``text`` into parts at line starts, as the learners' parts are."""
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" and i + 1 < len(text)]
    yield [0]
    if len(starts) > 2:
        yield [0, starts[len(starts) // 2]]
        yield [0, *starts[1 : len(starts) : max(1, len(starts) // 5)]]


@pytest.mark.parametrize("text", list(_texts()), ids=lambda t: f"{len(t)}chars")
def test_line_at_is_the_counted_line_for_every_cut(text):
    for cut in _cuts(text):
        bounds = list(zip(cut, cut[1:] + [len(text)]))
        linemarks.keep(text, [(a, linemarks.block_counts(text, a, b)) for a, b in bounds])
        for at in _offsets(text):
            assert linemarks.line_at(text, at) == text.count("\n", 0, at) + 1, (cut, at)


@pytest.mark.parametrize("text", list(_texts()), ids=lambda t: f"{len(t)}chars")
def test_lines_in_a_part_are_the_counted_lines(text):
    for cut in _cuts(text):
        for a, b in zip(cut, cut[1:] + [len(text)]):
            counts = linemarks.block_counts(text, a, b)
            assert sum(counts) == text.count("\n", a, b)
            first = text.count("\n", 0, a) + 1
            offsets = [x for x in _offsets(text) if a <= x < b]
            assert linemarks.lines_in(text, a, first, counts, offsets) == [text.count("\n", 0, x) + 1 for x in offsets]


def test_bytes_are_counted_as_their_ascii_text():
    text = ("ssh deploy@db-07\n" * 900) + "tail"
    data = text.encode("ascii")
    assert linemarks.block_counts(data, 5, len(data)) == linemarks.block_counts(text, 5, len(text))


def test_no_line_for_another_text():
    text = "a\nb\n" * 3000
    linemarks.keep(text, [(0, linemarks.block_counts(text, 0, len(text)))])
    other = "".join(["a\nb\n"] * 3000)  # equal, but another object: not the one counted
    assert other == text and other is not text
    assert linemarks.line_at(other, 10) is None
    assert linemarks.line_at(text, 10) == 6
