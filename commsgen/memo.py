"""Results of pure functions of text, kept between calls.

The TUI checks the same postmortem again on every pause in typing: a keystroke changes one line,
one field, one block of an output; everything else is read again exactly as before. A function
wrapped here must depend on its arguments only (text, and other hashable values that change its
result) and return a value its callers never modify. Texts longer than ``max_chars`` are not kept
(a pasted log must not stay in memory); at most ``maxsize`` results are kept, the least recently
used dropped first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def text_memo(maxsize: int, max_chars: int) -> Callable[[F], F]:
    """Keep the results of ``fn(text, *args)`` for texts of at most ``max_chars`` characters."""

    def wrap(fn: F) -> F:
        kept = lru_cache(maxsize=maxsize)(fn)

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            return kept(text, *args) if len(text) <= max_chars else fn(text, *args)

        call.cache_clear = kept.cache_clear  # type: ignore[attr-defined]
        call.cache_info = kept.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap
