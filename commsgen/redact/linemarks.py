"""Line numbers in a large text without counting its newlines from the start.

``scan --format json`` learns from a large text in forked processes (``looselearn``), which count its
newlines to say on which line each term was learnt. They count them per block of ``BLOCK``
characters (blocks start at multiples of ``BLOCK``) and send the counts with what they learnt;
``looselearn.learn`` keeps them for the last text (``keep``). The line of an offset is then the
newlines before its block plus those inside the block before it (``line_at``: at most ``BLOCK``
characters counted), so the scan's parts tell the line where each of them starts, and where each
finding is, without counting newlines from the start of the text or of the part
(``api.findings_json_parts``). Counting costs about a millisecond per megabyte.
"""

from __future__ import annotations

from itertools import accumulate
from typing import Any

BLOCK = 4096

# the last text whose blocks were counted, and the newlines before each of its blocks
_LAST: list[Any] = [None, None]


def block_counts(text: str | bytes, start: int, end: int) -> list[int]:
    """The newlines of ``text[start:end]`` per block: from ``start`` to the next multiple of
    ``BLOCK``, then block by block, the last one up to ``end``."""
    count: Any = text.count
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    edges = [start, *range((start // BLOCK + 1) * BLOCK, end, BLOCK), end]
    return [count(newline, a, b) for a, b in zip(edges, edges[1:])]


def lines_in(text: str | bytes, start: int, first_line: int, counts: list[int], offsets: list[int]) -> list[int]:
    """The line numbers of the ``offsets`` of ``text[start:]``, from the ``block_counts`` of a range
    starting at ``start`` (whose line is ``first_line``) and holding them: each counted from the
    start of its block (the newlines before each block summed once)."""
    before = list(accumulate(counts, initial=first_line))
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    count: Any = text.count
    first = start // BLOCK
    out = []
    for at in offsets:
        i = at // BLOCK - first
        out.append(before[i] + count(newline, start if i == 0 else (first + i) * BLOCK, at))
    return out


def keep(text: str, parts: list[tuple[int, list[int]]]) -> None:
    """Keep the ``block_counts`` of ``text``'s parts, ``(start, counts)``, which cover it whole."""
    total = [0] * (len(text) // BLOCK + 1)
    for start, counts in parts:
        first = start // BLOCK
        for j, c in enumerate(counts):
            total[first + j] += c
    _LAST[:] = [text, list(accumulate(total, initial=0))]


def line_at(text: str, at: int) -> int | None:
    """The 1-based line number of the offset ``at`` of ``text``, or None when its blocks were not
    counted (not the last text ``keep`` was given)."""
    if _LAST[0] is not text:
        return None
    i = at // BLOCK
    before: int = _LAST[1][i]
    inside: int = text.count("\n", i * BLOCK, at)
    return before + inside + 1
