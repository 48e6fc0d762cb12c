"""A rule the scanner builds from the scan context (people, services, deny terms)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

PREFILTER_CHARS = 4_096  # a Python pattern on a longer line: RE2 finds where to try it


class Dyn:
    """A rule built from the scan context (people, services, deny terms). Its Python pattern is
    compiled on first use: most outputs never mention a person or a deny term, and compiling a
    pattern per postmortem is a large share of a batch run's time."""

    __slots__ = ("id", "kind", "order", "_source", "_regex")

    def __init__(self, id: str, kind: str, regex: Any, order: int):
        """``regex``: Python source (compiled on first use), or a compiled pattern (RE2 for deny)."""
        self.id, self.kind, self.order = id, kind, order
        self._source: str | None = regex if isinstance(regex, str) else None
        self._regex: Any = None if isinstance(regex, str) else regex

    @property
    def regex(self) -> Any:
        if self._regex is None:
            self._regex = re.compile(self._source, re.I)
        return self._regex

    def finditer(self, text: str) -> Iterator[Any]:
        """``self.regex.finditer(text)``. On a long text a Python pattern is entered only where RE2
        says one of its matches may start (``lint.prefilter``: the same matches): a person's
        alternatives, tried by Python at each of a megabyte's characters, cost 0.6 s a pass."""
        rx = self.regex
        if len(text) < PREFILTER_CHARS or not isinstance(rx, re.Pattern):
            found: Iterator[Any] = rx.finditer(text)
            return found
        from commsgen.lint.prefilter import prefilter

        return prefilter((rx,)).finditer_text(0, text)
