"""Large texts on every core: split at line boundaries, work on the parts in forked processes, merge.

Only for texts of ``MIN_SIZE`` characters or more (small texts pay nothing), where ``os.fork``
exists, and only from a single-threaded process: forking a process that runs other threads (the
TUI's worker thread, a thread pool) copies locks another thread may hold, so there the work is done
in this process. The number of parts depends on the text's size alone (one per ``PART_SIZE``
characters, at most one per CPU this process may use), never on the load of the machine, so the same
input is always split the same way. A part whose process fails is done again in this process, so a
failure costs time, never findings (fail closed).
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

# forked processes computing parts: (pid, read end of the pipe their result comes through, start, end)
Children = list[tuple[int, int, int, int]]

MIN_SIZE = 4_000_000  # characters; below this a fork costs more than it saves
PART_SIZE = 2_000_000  # characters per part, at least
MAX_WORKERS = 8


def cpus() -> int:
    """CPUs this process may use (its affinity mask), at most ``MAX_WORKERS``."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_WORKERS))


def workers(size: int) -> int:
    """How many parts a text of ``size`` characters is split into: one per ``PART_SIZE``
    characters, at most ``cpus()``."""
    return max(1, min(cpus(), size // PART_SIZE))


def can_fork() -> bool:
    """Whether forking is safe here: ``os.fork`` exists and this process runs no other thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


# the first part is done by this process, the others by forked ones, which also encode their results
# and send them through a pipe (on the 20 MB benchmark files, the forked part finished ~10 ms after
# this one with equal parts): the first part is this much larger, the others share the rest equally
FIRST_EXTRA = 0.04
# ``scan --format json`` (``api.findings_json``): while forked processes learn from the text
# (``looselearn.learn``), this process imports the scanner and scans the first ``HEAD_SHARE`` of its
# part; its automata, compiled patterns and line memo are then warm, and the processes it forks next
# inherit them, so its part is ``HEAD_FIRST_EXTRA`` larger than the others (what is left of it after
# the head is about the size of each other part). Most of the head's time is the building of what is
# then warm; the learners, forked before the scanner is imported, are done about when a head of 4%
# is (traced on the 20 MB benchmark files)
HEAD_SHARE = 0.04
HEAD_FIRST_EXTRA = 0.02


def split_lines(text: str | bytes, parts: int, start: int = 0, first_extra: float = FIRST_EXTRA) -> list[int]:
    """Start offsets of ``parts`` pieces of ``text[start:]`` (``start`` a line start) of about equal
    size (the first ``first_extra`` larger), each starting a line. ``text``: a string, or the bytes of
    an ASCII one (the same offsets)."""
    starts = [start]
    size = len(text) - start
    first = size * (1 + first_extra) / parts if parts > 1 else size
    find: Callable[..., int] = text.find
    newline = "\n" if isinstance(text, str) else b"\n"
    for k in range(1, parts):
        at = start + int(first + (size - first) * (k - 1) / (parts - 1))
        nl = find(newline, max(starts[-1], at))
        if nl < 0:
            break
        if nl + 1 < len(text) and nl + 1 > starts[-1]:
            starts.append(nl + 1)
    return starts


def head_end(text: str, start: int, end: int) -> int:
    """The line start that ends the head of the part ``text[start:end]``: its first ``HEAD_SHARE``,
    up to the end of the line there (``end`` at most)."""
    nl = text.find("\n", start + int((end - start) * HEAD_SHARE), end)
    return end if nl < 0 else nl + 1


def split(text: str | bytes, first_extra: float = FIRST_EXTRA) -> list[tuple[int, int]]:
    """The parts ``(start, end)`` a line-local job on ``text`` is worth splitting into: one part for a
    small text or where forking is unsafe (``can_fork``); else ``workers(len(text))`` parts, each
    starting a line."""
    n = len(text)
    if n < MIN_SIZE or not can_fork():
        return [(0, n)]
    k = workers(n)
    if k < 2:
        return [(0, n)]
    starts = split_lines(text, k, first_extra=first_extra)
    return list(zip(starts, starts[1:] + [n]))


def run_parts(
    fn: Callable[[int, int], Any],
    bounds: list[tuple[int, int]],
    local: Callable[[int, int], Any] | None = None,
    decode: Callable[[Any, int, int], Any] | None = None,
) -> list[Any]:
    """The result of every part ``(a, b)`` of ``bounds``, in order: the first part is computed here by
    ``local(a, b)`` (default ``fn``), the others in forked processes by ``fn(a, b)``, whose results
    (marshal-able data) come back through a pipe and are turned into ``local``'s form by
    ``decode(data, a, b)`` (default: as they are). A part whose process fails is computed here."""
    local = local or fn
    if len(bounds) < 2:
        return [local(a, b) for a, b in bounds]
    children = _fork(fn, bounds[1:])
    with _reaped(children):
        first = local(*bounds[0])
    return [first, *_collect(children, local, decode)]


def run_beside(
    fn: Callable[[int, int], Any],
    bounds: list[tuple[int, int]],
    work: Callable[[], None],
    local: Callable[[int, int], Any] | None = None,
    decode: Callable[[Any, int, int], Any] | None = None,
) -> list[Any]:
    """``run_parts`` with every part of ``bounds`` computed in a forked process while this process runs
    ``work()``: the results of the parts, in order (a part whose process fails is computed here)."""
    return finish_beside(start(fn, bounds), work, local or fn, decode)


def start(fn: Callable[[int, int], Any], bounds: list[tuple[int, int]]) -> Children:
    """The first half of ``run_beside``: every part of ``bounds`` started in a forked process computing
    ``fn(a, b)``; ``finish_beside`` waits for them (``discard`` stops them unused)."""
    return _fork(fn, bounds)


def finish_beside(
    children: Children,
    work: Callable[[], None],
    local: Callable[[int, int], Any],
    decode: Callable[[Any, int, int], Any] | None = None,
) -> list[Any]:
    """The second half of ``run_beside``: ``work()`` in this process, then the results of the parts
    ``children`` compute, in order (a part whose process fails is computed here by ``local``)."""
    with _reaped(children):
        work()
    return _collect(children, local, decode)


def discard(children: Children) -> None:
    """Stop forked parts whose results are not wanted: their pipes are closed (a process still
    writing gets an error and exits) and they are waited for."""
    for pid, r, _a, _b in children:
        os.close(r)
        os.waitpid(pid, 0)


@contextmanager
def _reaped(children: Children) -> Iterator[None]:
    """When the block raises, the forked processes are not left behind: their pipes are closed (a
    process still writing gets an error and exits) and they are waited for."""
    try:
        yield
    except BaseException:
        discard(children)
        raise


def _fork(fn: Callable[[int, int], Any], bounds: list[tuple[int, int]]) -> Children:
    """One forked process per part ``(a, b)``, computing ``fn(a, b)`` and sending it marshalled through a
    pipe: (pid, read end, a, b) each."""
    reap()
    children = []
    sys.stdout.flush()
    sys.stderr.flush()
    for a, b in bounds:
        r, w = os.pipe()
        _widen(w)
        pid = os.fork()
        if pid == 0:  # child: compute one part, send the result, exit without cleanup
            code = 1
            try:
                os.close(r)
                data = marshal.dumps((fn(a, b), _WHOLE))
                with os.fdopen(w, "wb") as fh:
                    fh.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(w)
        children.append((pid, r, a, b))
    return children


# a part's result (a megabyte of JSON for a 20 MB scan) passes through a pipe of this size in one
# write where the system allows it: through the default 64 kB one it took a dozen round trips
# between the two processes (~4 ms for 1 MB, against ~2 ms)
_PIPE_SIZE = 1 << 20


def _widen(fd: int) -> None:
    """Make the pipe of ``fd`` hold ``_PIPE_SIZE`` bytes where the system allows it (Linux: up to
    ``/proc/sys/fs/pipe-max-size``); elsewhere, or when refused, it stays as it is."""
    import fcntl

    op = getattr(fcntl, "F_SETPIPE_SZ", None)
    if op is not None:
        try:
            fcntl.fcntl(fd, op, _PIPE_SIZE)
        except OSError:
            pass


def _collect(
    children: Children,
    local: Callable[[int, int], Any],
    decode: Callable[[Any, int, int], Any] | None,
) -> list[Any]:
    """The results of the forked processes, in order; a part whose process failed computed here."""
    out: list[Any] = []
    for pid, r, a, b in children:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        try:
            sent = marshal.loads(data)
            ok = type(sent) is tuple and len(sent) == 2 and sent[1] == _WHOLE
        except (EOFError, ValueError, TypeError):
            ok = False
        if ok:  # its whole result came: the process is left to exit, and waited for later (``reap``)
            _EXITING.append(pid)
            out.append(sent[0] if decode is None else decode(sent[0], a, b))
        else:  # the process failed: do its part here
            os.waitpid(pid, 0)
            out.append(local(a, b))
    return out


# what a forked process sends after its result: the result came whole (the read end sees an end of
# file once every writer is gone, whether or not the process finished its work)
_WHOLE = "whole"
# forked processes that sent their whole result and are exiting (tearing down a large address space
# takes milliseconds, which the caller need not wait for)
_EXITING: list[int] = []


def reap() -> None:
    """Wait for the forked processes that sent their results and are exiting (before forking more,
    and for callers that must leave no child process behind)."""
    while _EXITING:
        pid = _EXITING.pop()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # already waited for (a caller's own waitpid(-1))
            pass


def map_lines(
    fn: Callable[[str], list[Any]], text: str, encode: Callable[[Any], Any], decode: Callable[[Any, int], Any]
) -> list[Any]:
    """``fn(text)`` for a line-local ``fn`` (its results for a part of the text do not depend on the
    other parts), computed on parts of the text in parallel. ``encode(item)`` turns a result item
    into marshal-able data with offsets relative to its part; ``decode(data, offset)`` turns it back,
    adding the part's offset."""
    bounds = split(text)
    if len(bounds) < 2:
        return fn(text)
    parts = run_parts(
        lambda a, b: [encode(x) for x in fn(text[a:b])],
        bounds,
        local=lambda a, b: [decode(encode(x), a) for x in fn(text[a:b])] if a else fn(text[a:b]),
        decode=lambda items, a, b: [decode(x, a) for x in items],
    )
    return [x for part in parts for x in part]
