"""Where a rule can match, found by RE2, so the Python pattern runs only there.

A Python pattern with a look-behind and a long alternation is tried at every position of a line;
on a megabyte-long line that is slow even when nothing matches. A *locator* names the positions
where a rule's match can start (a superset); ``matches`` tries the pattern only at those, with
exactly ``finditer``'s results: the first match at or after the current position, then on from its
end.

A locator takes a line and returns ``next_start(pos) -> int`` (the first candidate start >= pos,
or -1), or None to try every position (plain ``finditer``; used for non-ASCII lines, where RE2's
byte offsets are not character offsets).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from commsgen.adapters.re2set import Finder

Locator = Callable[[str], "Callable[[int], int] | None"]


def re2_locator(pattern: str) -> Locator:
    """Candidates: the positions where the RE2 ``pattern`` matches."""
    compiled: list = []

    def locate(line: str):
        if not line.isascii():
            return None
        if not compiled:
            compiled.append(Finder(pattern))
        first, data, n = compiled[0].first, line.encode("ascii"), len(line)
        return lambda pos: first(data, pos, n)
    return locate


def matches(rx: re.Pattern, locator: Locator | None, line: str) -> Iterator[re.Match]:
    """``rx.finditer(line)``, trying ``rx`` only where ``locator`` says a match can start."""
    next_start = locator(line) if locator is not None else None
    if next_start is None:
        yield from rx.finditer(line)
        return
    pos = 0
    while True:
        s = next_start(pos)
        if s < 0:
            return
        m = rx.match(line, s)
        if m is None:
            pos = s + 1
        else:
            yield m
            pos = max(m.end(), s + 1)
