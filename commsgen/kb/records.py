"""Knowledge-base records for a review: from the index (the period and the periods before it,
read by start time), or straight from postmortem files (``review PATHS``: no index needed)."""

from __future__ import annotations

import json
import sqlite3
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
    out = []
    if cut > start:
        from commsgen.kb.store import US

        for row in con.execute(
            "SELECT rowid, id, file, title, status, event_type, severity, started, resolved, closed, trigger_kind, "
            "detection_source, exclude_from_metrics, slo_breached, services_t, tags_t, related_t, impact_minutes "
            "FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id",
            (start, cut),
        ):
            (
                rowid,
                pid,
                file,
                title,
                status,
                event_type,
                severity,
                started,
                resolved,
                closed,
                tk,
                ds,
                excl,
                slo,
                services,
                tags,
                related,
                impact,
            ) = row
            out.append(
                {
                    "_rowid": rowid,
                    "id": pid,
                    "file": file,
                    "title": title,
                    "executive_title": None,
                    "status": status,
                    "event_type": event_type,
                    "severity": severity,
                    "times": {"started": started, "resolved": resolved, "closed": closed},
                    "trigger_kind": tk,
                    "detection_source": ds,
                    "exclude_from_metrics": bool(excl),
                    "slo_breached": None if slo is None else bool(slo),
                    "impact_minutes": impact,
                    "services": services.split(US) if services else [],
                    "tags": tags.split(US) if tags else [],
                    "related": [dict(zip(("id", "relation"), x.split("=", 1))) for x in related.split(US)]
                    if related
                    else [],
                    "actions": None,
                }
            )
    rows = con.execute(
        f"SELECT {column} FROM postmortems WHERE started >= ? AND started < ? ORDER BY started, id", (cut, end)
    )
    out += [json.loads(r) for (r,) in rows]
    return out


def actions_reader(con: sqlite3.Connection):
    """``actions_of(record)`` for records read lightly by ``from_index``."""

    def actions_of(r: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"title": t, "type": ty, "status": st, "due": due, "done_on": done}
            for t, ty, st, due, done in con.execute(
                "SELECT title, type, status, due, done_on FROM actions WHERE pm = ? ORDER BY idx", (r["_rowid"],)
            )
        ]

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
