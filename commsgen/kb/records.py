"""Knowledge-base records for a review: from the index (the period and the periods before it,
read by start time), or straight from postmortem files (``review PATHS``: no index needed)."""

from __future__ import annotations

import gc
import json
import sqlite3
from contextlib import contextmanager
from collections.abc import Callable, Iterator
from typing import Any

from commsgen.errors import Problem, UserError


def from_index(
    con: sqlite3.Connection, start: str, end: str, *, full: bool = False, detail_from: str | None = None
) -> list[dict[str, Any]]:
    """Records whose start (UTC date) is in [start, end): what a review reads (``extract.brief``), or
    ``full`` records (with what the redaction gate needs to know of each file). Records that start
    before ``detail_from`` are read lightly, from the table's columns (no JSON, no actions: see
    ``actions_of``): earlier periods are counted, and their actions read only for themes."""
    column = "record" if full else "brief"
    cut = start if full or detail_from is None else detail_from
    out: list[dict[str, Any]] = []
    with paused_gc():
        if cut > start:
            out += _light(con, start, cut)
        rows = con.execute(
            f"SELECT {column} FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id", (cut, end)
        )
        loads = json.loads
        out += [loads(r) for (r,) in rows]
    return out


LIGHT = (
    "_rowid",
    "id",
    "file",
    "title",
    "status",
    "event_type",
    "severity",
    "trigger_kind",
    "detection_source",
    "exclude_from_metrics",
    "slo_breached",
    "impact_minutes",
)


def _light(con: sqlite3.Connection, start: str, end: str) -> list[dict[str, Any]]:
    """Records read from the table's columns (the covering index ``pm_light``): no JSON, no actions."""
    from commsgen.kb.store import US

    out = []
    for *row, started, resolved, closed, services, tags, related in con.execute(
        "SELECT rowid, id, file, title, status, event_type, severity, trigger_kind, detection_source, "
        "exclude_from_metrics, slo_breached, impact_minutes, started, resolved, closed, services_t, tags_t, "
        "related_t FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id",
        (start, end),
    ):
        r = dict(zip(LIGHT, row))
        r["executive_title"] = None
        r["exclude_from_metrics"] = bool(r["exclude_from_metrics"])
        if r["slo_breached"] is not None:
            r["slo_breached"] = bool(r["slo_breached"])
        r["times"] = {"started": started, "resolved": resolved, "closed": closed}
        r["services"] = services.split(US) if services else []
        r["tags"] = tags.split(US) if tags else []
        r["related"] = [dict(zip(("id", "relation"), x.split("=", 1))) for x in related.split(US)] if related else []
        r["actions"] = None
        out.append(r)
    return out


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


def actions_reader(con: sqlite3.Connection) -> Callable[[list[dict[str, Any]]], list[list[dict[str, Any]]]]:
    """``actions_of(records)``: the prevent actions (the only ones themes read) of records read lightly
    by ``from_index`` (in order, each record's list in the file's order), in one query however many
    records ask."""

    def actions_of(recs: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {r["_rowid"]: [] for r in recs}
        rows = con.execute(
            "SELECT pm, title, type, status, due, done_on FROM actions "
            "WHERE type = 'prevent' AND pm IN (SELECT value FROM json_each(?)) ORDER BY pm, idx",
            (json.dumps(list(out)),),
        )
        for pm, t, ty, st, due, done in rows:
            out[pm].append({"title": t, "type": ty, "status": st, "due": due, "done_on": done})
        return [out[r["_rowid"]] for r in recs]

    return actions_of


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
