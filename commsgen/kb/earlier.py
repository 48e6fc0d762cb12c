"""What a pattern review reads of the periods before the one reviewed: counts by month and kind
(for the comparisons) and the incidents the themes look through, as compact tuples.

Two sources give the same answers: the records themselves (``review PATHS``, or records passed in),
and the index, where counts are SQL ``GROUP BY``s over the covering index ``pm_light`` and the
incidents are read as tuples (no record objects: a review of 100,000 postmortems reads 33,000
earlier ones).

A count row: ``(month, severity, event_type, trigger_kind, services, excluded, n)``; ``excluded`` is
true for ``exclude_from_metrics`` and drafts. An incident (``Item``): what ``themes`` reads.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import Any, NamedTuple

from commsgen.kb.store import US

Count = tuple[str, Any, Any, Any, tuple[str, ...], bool, int]


class Item(NamedTuple):
    """An incident as the themes read it."""

    started: str
    id: str
    sig: tuple[Any, tuple[str, ...], tuple[str, ...]]  # (trigger kind, services, tags)
    related: Any  # [{"id", "relation"}] or ()
    severity: Any
    title: Any
    executive_title: Any
    actions: Any  # the record's actions, or None (then ``actions_of(rowids)`` reads them)
    rowid: Any
    prevent_n: int  # its prevent actions
    prevent_done: int  # of which done


def prevent_counts(actions: list[dict[str, Any]]) -> tuple[int, int]:
    """(prevent actions, of which done) of a record's actions (the index keeps both as columns)."""
    n = done = 0
    for a in actions:
        if a["type"] == "prevent":
            n += 1
            done += a["status"] == "done"
    return n, done


_new = tuple.__new__  # an Item from a tuple without NamedTuple's keyword-taking constructor


def excluded(r: dict[str, Any]) -> bool:
    return bool(r["exclude_from_metrics"] or r["status"] == "draft")


def item(r: dict[str, Any]) -> Item:
    return Item(
        r["times"]["started"],
        r["id"],
        (r.get("trigger_kind"), tuple(r["services"]), tuple(r["tags"])),
        r.get("related") or (),
        r["severity"],
        r["title"],
        r.get("executive_title"),
        r["actions"],
        None,
        *prevent_counts(r["actions"]),
    )


def in_scope(r: dict[str, Any], lookback: str, end: str, service: str | None) -> bool:
    """Whether a record is one the themes look through: not left out, started in [lookback, end)
    (dates), of the service."""
    started = r["times"]["started"]
    return (
        not excluded(r)
        and bool(started)
        and lookback <= started[:10] < end
        and (service is None or service in r["services"])
    )


class FromRecords:
    """The earlier periods' counts and incidents, from records."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def counts(self, start: str, end: str, service: str | None) -> list[Count]:
        c: Counter[tuple[Any, ...]] = Counter()
        for r in self.records:
            started = r["times"]["started"]
            if started and start <= started[:10] < end and (service is None or service in r["services"]):
                c[
                    started[:7], r["severity"], r["event_type"], r["trigger_kind"], tuple(r["services"]), excluded(r)
                ] += 1
        return [(*k, n) for k, n in c.items()]

    def items(self, start: str, end: str, service: str | None) -> list[Item]:
        return [item(r) for r in self.records if in_scope(r, start, end, service)]


class FromIndex:
    """The earlier periods' counts and incidents, from the index (no record objects): one read of the
    covering index ``pm_light`` gives both."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self._read: tuple[tuple[str, str], list[tuple[Any, ...]]] | None = None

    def _rows(self, start: str, end: str) -> list[tuple[Any, ...]]:
        if self._read is None or self._read[0] != (start, end):
            rows = self.con.execute(
                "SELECT substr(started, 1, 7), severity, event_type, trigger_kind, services_t, "
                "exclude_from_metrics OR status IS 'draft', rowid, started, id, tags_t, related_t, title, "
                "prevent_n, prevent_done FROM postmortems INDEXED BY pm_light "
                "WHERE started >= ? AND started < ? ORDER BY started, id",
                (start, end),
            ).fetchall()
            self._read = ((start, end), rows)
        return self._read[1]

    def counts(self, start: str, end: str, service: str | None) -> list[Count]:
        out = []
        for (month, sev, et, tk, services, excl), n in Counter(map(_COUNTED, self._rows(start, end))).items():
            svc = tuple(services.split(US)) if services else ()
            if service is None or service in svc:
                out.append((month, sev, et, tk, svc, bool(excl), n))
        return out

    def items(self, start: str, end: str, service: str | None) -> list[Item]:
        sigs: dict[tuple[Any, str, str], tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}
        out = []
        for _, sev, _, tk, services, excl, rowid, started, pid, tags, related, title, n, done in self._rows(start, end):
            if excl:
                continue
            key = (tk, services, tags)
            sig = sigs.get(key)
            if sig is None:
                sig = sigs[key] = (
                    tk,
                    tuple(services.split(US)) if services else (),
                    tuple(tags.split(US)) if tags else (),
                )
            if service is not None and service not in sig[1]:
                continue
            rel = [dict(zip(("id", "relation"), x.split("=", 1))) for x in related.split(US)] if related else ()
            out.append(_new(Item, (started, pid, sig, rel, sev, title, None, None, rowid, n, done)))
        return out


_COUNTED = itemgetter(0, 1, 2, 3, 4, 5)  # month, severity, event type, trigger kind, services, left out


def actions_reader(con: sqlite3.Connection) -> Callable[[Iterable[int]], dict[int, list[dict[str, Any]]]]:
    """``actions_of(rowids)``: the prevent actions (the only ones themes read) of indexed postmortems,
    each list in the file's order, in one query however many ask."""
    import json

    def actions_of(rowids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        out: dict[int, list[dict[str, Any]]] = {r: [] for r in rowids}
        rows = con.execute(
            "SELECT pm, title, type, status, due, done_on FROM actions "
            "WHERE type = 'prevent' AND pm IN (SELECT value FROM json_each(?)) ORDER BY pm, idx",
            (json.dumps(list(out)),),
        )
        for pm, t, ty, st, due, done in rows:
            out[pm].append({"title": t, "type": ty, "status": st, "due": due, "done_on": done})
        return out

    return actions_of
