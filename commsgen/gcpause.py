"""The cyclic garbage collector paused while one output is built or checked (public ``gc`` API).

A hostile line of a megabyte makes a hundred thousand findings per output, and each stage of the
gate holds them as small tuples (matches, spans, sentences, words). None of them is part of a
reference cycle, yet each allocation counts towards the collector's next pass, and every full
pass walks everything alive: in ``check`` of such a line the collector ran 8-14 full passes and
took 0.5-0.9 s of CPU (a fifth of the time), doing nothing. ``scan --format json`` pauses it for the
same reason (``redact/command.py``).

``paused`` is reentrant and thread-safe: the collector is switched off by the first caller and back
on (only if it was on) when the last one leaves, so nested builds (``check`` builds each audience)
and the TUI's worker thread share one pause. What a build leaves behind is collected by the next
ordinary pass once the collector is on again.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def pausing(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` run with the collector ``paused``."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return fn(*args, **kwargs)

    return run
