"""English words (``data/english_words.txt``, sorted, from the public-domain web2 list; see
``tools/build_english_words.py``): ``is_word`` tells whether a run of letters is one. The people rule
uses it to keep a joined form of a name ("Alex Cross" written ``across``) from matching the ordinary
word. The file is read on first use (2 MB, about a millisecond) and searched by bisection over its
bytes: a handful of lookups per postmortem need no set of 200,000 words."""

from __future__ import annotations

import os
from functools import cache


@cache
def _text() -> bytes:
    path = os.path.join(os.path.dirname(os.path.realpath(__file__)), "data", "english_words.txt")
    with open(path, "rb") as fh:
        data = fh.read()
    return data[data.index(b"\n") + 1 :]  # without the header line


@cache
def is_word(word: str) -> bool:
    """``word`` (any case) is an English word of the list: ASCII letters, three or more."""
    w = word.lower()
    if len(w) < 3 or not (w.isascii() and w.isalpha()):
        return False
    key, data = w.encode(), _text()
    lo, hi = 0, len(data)  # ``data[lo:hi]`` is whole lines; bisect on line starts
    while lo < hi:
        mid = data.rfind(b"\n", lo, (lo + hi) // 2) + 1 or lo
        end = data.find(b"\n", mid, hi)
        end = hi if end < 0 else end
        line = data[mid:end]
        if line == key:
            return True
        if line < key:
            lo = end + 1
        else:
            hi = mid
    return False
