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


def text_memo(maxsize: int, max_chars: int, *, long_kept: int = 0, long_chars: int = 32_768) -> Callable[[F], F]:
    """Keep the results of ``fn(text, *args)`` for texts of at most ``max_chars`` characters; with
    ``long_kept``, also the results for the last ``long_kept`` texts of ``long_chars`` or more (a
    hostile megabyte line in one field is read in several outputs: kept a few at a time, never more)."""

    def wrap(fn: F) -> F:
        kept = lru_cache(maxsize=maxsize)(fn)
        long: dict[tuple[Any, ...], Any] = {}

        @wraps(fn)
        def call(text: str, *args: Any) -> Any:
            if len(text) <= max_chars:
                return kept(text, *args)
            if not long_kept or len(text) < long_chars:
                return fn(text, *args)
            key = (text, *args)
            if key not in long:
                if len(long) >= long_kept:
                    long.pop(next(iter(long)))
                long[key] = fn(text, *args)
            return long[key]

        def cache_clear() -> None:
            kept.cache_clear()
            long.clear()

        call.cache_clear = cache_clear  # type: ignore[attr-defined]
        call.cache_info = kept.cache_info  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return wrap
