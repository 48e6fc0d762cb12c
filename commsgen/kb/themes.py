"""Recurring themes of a pattern review: clusters of similar incidents.

Two incidents are in the same theme when any of these holds (and themes are the connected groups
this makes):
- one lists the other under ``related`` as ``similar`` or ``duplicate-of`` (a follow-up or a cause is
  another pattern);
- they share a ``trigger_kind`` other than ``other`` and at least one service;
- they share at least two tags (``area:...`` tags not counted).
A theme is reported when it holds at least two incidents and at least one of them is in the
period. For each theme: whether the prevent actions of its earlier incidents (every incident but
the latest) were done.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from collections.abc import Callable
from typing import Any


SAME = ("similar", "duplicate-of")


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _ranked(c: Counter) -> list[tuple[str, int]]:
    """Most common first, ties by name (never by set order, which changes between runs)."""
    return sorted(c.items(), key=lambda x: (-x[1], x[0]))


SHOWN = 12  # incidents listed per theme (the latest); ``count`` gives them all


def themes(
    records: list[dict[str, Any]],
    in_period: set[str],
    limit: int = 10,
    actions_of: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Themes among ``records`` (sorted by start) touching the ids of ``in_period``. ``actions_of``:
    the actions of a record that does not carry them (records read lightly from the index)."""

    def acts(r: dict[str, Any]) -> list[dict[str, Any]]:
        if r.get("actions") is None and actions_of is not None:
            return actions_of(r)
        return r.get("actions") or []

    recs = sorted(records, key=lambda r: (r["times"]["started"] or "", r["id"]))
    u = _Union(len(recs))
    first: dict[tuple, int] = {}
    by_id = {r["id"]: i for i, r in enumerate(recs)}

    def link(key: tuple, i: int) -> None:
        j = first.setdefault(key, i)
        if j != i:
            u.join(i, j)

    for i, r in enumerate(recs):
        tk = r.get("trigger_kind")
        if tk and tk != "other":
            for s in r["services"]:
                link(("trigger+service", tk, s), i)
        plain = sorted(t for t in set(r["tags"]) if not t.startswith("area:"))
        for pair in combinations(plain, 2):
            link(("tags",) + pair, i)
        for rel in r.get("related", []):
            j = by_id.get(rel["id"]) if rel["relation"] in SAME else None
            if j is not None:
                u.join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(recs)):
        groups.setdefault(u.find(i), []).append(i)
    out: list[dict[str, Any]] = []
    for members in groups.values():
        if len(members) < 2 or not any(recs[i]["id"] in in_period for i in members):
            continue
        ms = [recs[i] for i in members]  # in start order
        earlier = ms[:-1]
        prevent = [
            {"id": r["id"], "title": a["title"], "status": a["status"]}
            for r in earlier
            for a in acts(r)
            if a["type"] == "prevent"
        ]
        services = Counter(s for r in ms for s in set(r["services"]))
        tags = Counter(t for r in ms for t in set(r["tags"]))
        triggers = Counter(r["trigger_kind"] for r in ms if r.get("trigger_kind"))
        out.append(
            {
                "count": len(ms),
                "in_period": sum(r["id"] in in_period for r in ms),
                "incidents": [
                    {
                        "id": r["id"],
                        "started": r["times"]["started"],
                        "severity": r["severity"],
                        "title": r["title"],
                        "executive_title": r.get("executive_title"),
                        "in_period": r["id"] in in_period,
                    }
                    for r in ms[-SHOWN:]
                ],
                "services": [s for s, n in _ranked(services) if n >= 2],
                "tags": [t for t, n in _ranked(tags) if n >= 2],
                "trigger_kinds": [t for t, _ in _ranked(triggers)],
                "earlier_prevent_actions": {
                    "total": len(prevent),
                    "done": sum(a["status"] == "done" for a in prevent),
                    "not_done": [a for a in prevent if a["status"] != "done"][-SHOWN:],
                },
                "fix_never_done": bool(prevent) and not any(a["status"] == "done" for a in prevent),
            }
        )
    out.sort(key=lambda t: (-t["in_period"], -t["count"], t["incidents"][0]["id"]))
    return out[:limit]
