"""Knowledge-base records for a review: from the index (the period and the periods before it,
read by start time), or straight from postmortem files (``review PATHS``: no index needed)."""

from __future__ import annotations

import gc
import json
import sqlite3
from contextlib import contextmanager
from collections.abc import Iterator
from typing import Any

from commsgen.errors import Problem, UserError


def from_index(con: sqlite3.Connection, start: str, end: str, *, full: bool = False) -> list[dict[str, Any]]:
    """Records whose start (UTC date) is in [start, end), by start and id: what a review reads
    (``extract.brief``), or ``full`` records (with what the redaction gate needs to know of each
    file). A review reads the periods before the one reviewed through ``earlier.FromIndex``, without
    records."""
    args = (start, end)
    with paused_gc():
        if full:
            rows = con.execute(
                "SELECT record FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id", args
            )
            loads = json.loads
            return [loads(r) for (r,) in rows]
        # the briefs as one JSON array: one parse instead of one per record (a third less time)
        (text,) = con.execute(
            "SELECT '[' || group_concat(brief, ',') || ']' FROM "
            "(SELECT brief FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id)",
            args,
        ).fetchone()
        out: list[dict[str, Any]] = json.loads(text) if text else []
        out.sort(key=_start_id)  # the order SQL gave (an aggregate's input order is not promised)
        return out


def _start_id(r: dict[str, Any]) -> tuple[str, str]:
    return (r["times"]["started"], r["id"])


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while tens of thousands of small records (no cycles) are
    built: it would otherwise walk every one of them again and again (a third of a review's time)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def from_paths(paths: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(records, invalid files) of the postmortems found under ``paths`` (files, folders, globs)."""
    from commsgen.batch import collect
    from commsgen.kb.index import parse_one

    files = collect(paths)
    if not files:
        raise UserError(
            Problem(f"no postmortem files (*.yaml, *.yml, *.json) under {', '.join(paths)}", rule="kb.no-files")
        )
    recs, invalid = [], []
    for p in files:
        _, _, rec, extra = parse_one((str(p), str(p)))
        (recs.append(rec) if rec is not None else invalid.append(extra))
    return recs, invalid
