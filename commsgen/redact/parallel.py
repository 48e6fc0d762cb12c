"""Large texts on every core: split at line boundaries, scan the parts in forked processes, merge.

Only for texts of ``MIN_SIZE`` characters or more (small texts pay nothing), where ``os.fork``
exists, and when other CPUs are idle. A part whose process fails is scanned again in this process, so a failure costs time, never
findings (fail closed).
"""
from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable

MIN_SIZE = 4_000_000     # characters; below this a fork costs more than it saves
MAX_WORKERS = 8


def workers() -> int:
    """CPUs this process may use that are not busy right now (a busy machine gains nothing from a
    fork: the worker would wait for a CPU while this process waits for the worker)."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:      # "0.50 0.40 0.30 2/180 4242"
            running = int(fh.read().split()[3].split("/")[0])    # runnable now, this process included
        n = min(n, n - running + 1)
    except (OSError, ValueError, IndexError):
        pass
    return max(1, min(n, MAX_WORKERS))


def split_lines(text: str, parts: int) -> list[int]:
    """Start offsets of ``parts`` pieces of ``text`` of about equal size, each starting a line."""
    starts = [0]
    for k in range(1, parts):
        nl = text.find("\n", max(starts[-1], len(text) * k // parts))
        if nl < 0:
            break
        if nl + 1 < len(text) and nl + 1 > starts[-1]:
            starts.append(nl + 1)
    return starts


def map_lines(fn: Callable[[str], list], text: str, encode: Callable, decode: Callable) -> list:
    """``fn(text)`` for a line-local ``fn`` (its results for a part of the text do not depend on the
    other parts), computed on parts of the text in parallel. ``encode(item)`` turns a result item
    into marshal-able data with offsets relative to its part; ``decode(data, offset)`` turns it back,
    adding the part's offset."""
    if len(text) < MIN_SIZE or not hasattr(os, "fork"):
        return fn(text)
    n = workers()    # after the size test: reading the load average costs more than a short scan
    if n < 2:
        return fn(text)
    starts = split_lines(text, n)
    if len(starts) < 2:
        return fn(text)
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    children = []
    sys.stdout.flush()
    sys.stderr.flush()
    for a, b in bounds[1:]:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:     # child: scan one part, send the results, exit without cleanup
            code = 1
            try:
                os.close(r)
                data = marshal.dumps([encode(x) for x in fn(text[a:b])])
                with os.fdopen(w, "wb") as fh:
                    fh.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        children.append((pid, r, a, b))
    out = fn(text[:bounds[0][1]])
    for pid, r, a, b in children:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        _, status = os.waitpid(pid, 0)
        try:
            items = marshal.loads(data) if status == 0 else None
        except (EOFError, ValueError, TypeError):
            items = None
        if items is None:      # the child failed: do its part here
            out += [decode(encode(x), a) for x in fn(text[a:b])]
        else:
            out += [decode(x, a) for x in items]
    return out
