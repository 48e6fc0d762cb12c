"""The prose sentences of a text as columns (start, end, text), block by block, for the writing checks
that read every sentence's text (``lang.grade``, ``lang.long-sentence``): a sentence is made only
when a check asks for it. A line of ``1. 1. 1.`` is 300,000 sentences, and making each one (and
moving a kept block's to where the block starts) cost more than the checks that read them."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from itertools import accumulate, repeat
from operator import add, attrgetter
from typing import Any

Part = tuple[int, list[int], list[int], list[str]]  # (move by, starts, ends, texts) of one block


class Prose:
    """``Doc.prose()`` as columns: ``texts`` (every sentence's text, in order), ``len``, the sentence
    at an index, and iteration (the sentences themselves, ``make``: ``Sentence``)."""

    def __init__(self, parts: list[Part], make: Any):
        self._parts = parts
        self._make = make
        self.texts: list[str] = []
        for part in parts:
            self.texts += part[3]
        self._firsts = list(accumulate((len(p[3]) for p in parts), initial=0))

    @classmethod
    def of(cls, sentences: list[Any], make: Any) -> Prose:
        """The columns of sentences already made."""
        cols = [list(map(attrgetter(a), sentences)) for a in ("start", "end", "text")]
        return cls([(0, cols[0], cols[1], cols[2])], make)

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Any:
        if i < 0:
            i += len(self.texts)
        if not 0 <= i < len(self.texts):
            raise IndexError(i)
        k = bisect.bisect_right(self._firsts, i) - 1
        lead, starts, ends, texts = self._parts[k]
        j = i - self._firsts[k]
        return self._make(starts[j] + lead, ends[j] + lead, texts[j], False)

    def __iter__(self) -> Iterator[Any]:
        for lead, starts, ends, texts in self._parts:
            if lead:
                starts, ends = list(map(add, starts, repeat(lead))), list(map(add, ends, repeat(lead)))
            # at C speed: ``tuple.__new__`` is what a named tuple's constructor calls
            yield from map(tuple.__new__, repeat(self._make), zip(starts, ends, texts, repeat(False)))
