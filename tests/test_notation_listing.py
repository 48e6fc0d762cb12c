"""The notations of a long line are listed from one ``split`` (``obfuscation._listed``), those of a
short line one match at a time: the same plain copies and maps on lines of every mix of notations,
those with a check (``dana at acme dot com``) and a plain text of their own (``hxxps``, ``[:]//``)
included."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import obfuscation

PIECES = [
    "1. ", "a", " at ", " dot ", "[.]", "(at)", "hxxp", "hXXps", "[:]//", " . ", "@ ", "x", "dana.whitfield",
    " ", "9", "{.}", "fxp:", "(.)", " (at) ", "[@]", "\t", "ß", "K", "{://}", "<dot>", ".", "10", "acme",
    " [ dot ] ", "(://)", "h**p", "10. 12. 4. 7", "ſ",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(30))
def test_split_listing_equals_match_by_match(seed, monkeypatch):
    rng = random.Random(seed)
    lines = ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60))) for _ in range(200)]
    lines.append(rng.choice(PIECES) * rng.randint(1, 3000))
    want = [obfuscation.plain_copy(x) for x in lines]  # short lines: one match at a time
    listed = [obfuscation._listed_one_by_one(x) for x in lines]
    monkeypatch.setattr(obfuscation, "_SHORT", 0)  # every line through ``split``
    assert [obfuscation._listed(x) for x in lines] == listed
    assert [obfuscation.plain_copy(x) for x in lines] == want


def test_every_notation_starts_with_a_listed_first_character():
    import re

    first = re.compile(obfuscation._FIRST, re.IGNORECASE)
    table = [re.compile(n.pattern, re.IGNORECASE) for n in obfuscation.NOTATIONS]
    for c in map(chr, range(0x3000)):
        if first.match(c):
            continue
        for ctx in ("a" + c + "a", "1" + c + "1", "a" + c + "xxps[:]//", "a" + c + "tp:", "a" + c + "//]"):
            assert not any(rx.match(ctx, 1) for rx in table), repr(c)
