"""Module-level regular expressions compiled on first use: ``re.compile`` of the detector and rule
patterns is a good part of start-up, and a small scan uses few of them."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiles on the first use of any other attribute."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        attr = getattr(re.compile(self.pattern, self.flags), name)
        setattr(self, name, attr)  # later uses find the bound method directly
        return attr


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
