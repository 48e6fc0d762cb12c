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
from collections.abc import Callable, Hashable
from typing import Any

from commsgen.kb.earlier import Item


SAME = ("similar", "duplicate-of")


class _Union:
    """Union-find over hashable nodes."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, a: Hashable) -> Hashable:
        parent = self.parent
        root = a
        while (up := parent.get(root, root)) != root:
            root = up
        while a != root:  # path compression
            parent[a], a = root, parent.get(a, a)
        return root

    def join(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _keys(trigger_kind: str | None, services: tuple[str, ...], tags: tuple[str, ...]) -> list[tuple[str, ...]]:
    """What links an incident to others: (trigger kind, service) pairs and pairs of plain tags."""
    keys: list[tuple[str, ...]] = []
    if trigger_kind and trigger_kind != "other":
        keys += [("trigger+service", trigger_kind, s) for s in services]
    plain = sorted(t for t in set(tags) if not t.startswith("area:"))
    keys += [("tags", *pair) for pair in combinations(plain, 2)]
    return keys


def _ranked(c: Counter) -> list[tuple[str, int]]:
    """Most common first, ties by name (never by set order, which changes between runs)."""
    return sorted(c.items(), key=lambda x: (-x[1], x[0]))


SHOWN = 12  # incidents listed per theme (the latest); ``count`` gives them all


def _start_id(r: Item) -> tuple[str, str]:
    return (r.started or "", r.id)


def themes(
    items: list[Item],
    in_period: set[str],
    limit: int = 10,
    actions_of: Callable[[list[int]], dict[int, list[dict[str, Any]]]] | None = None,
) -> list[dict[str, Any]]:
    """Themes among the incidents ``items`` (``earlier.Item``) touching the ids of ``in_period``.
    ``actions_of``: the actions of incidents that do not carry them (read from the index), asked once
    for all of them, by rowid."""

    recs = sorted(items, key=_start_id)
    # Themes are the connected groups of incidents and what links them (keys). Incidents with the same
    # trigger kind, services and tags have the same keys: the keys of each such signature are joined
    # once, then each incident takes its signature's group (fast on tens of thousands of incidents).
    u = _Union()
    sigs = [r.sig for r in recs]
    node: dict[tuple[Any, ...], Hashable] = {}  # signature -> a node of its group (None: no keys)
    for sig in set(sigs):
        keys = _keys(*sig)
        node[sig] = keys[0] if keys else None
        for k in keys[1:]:
            u.join(keys[0], k)
    own: dict[int, Hashable] = {}  # incidents linked by `related`: their own node, joined to their keys'
    by_id = {r.id: i for i, r in enumerate(recs)}
    for i, r in enumerate(recs):
        for rel in r.related:
            j = by_id.get(rel["id"]) if rel["relation"] in SAME else None
            if j is not None:
                for x in (i, j):
                    if x not in own:
                        own[x] = ("incident", x)
                        if node[sigs[x]] is not None:
                            u.join(node[sigs[x]], own[x])
                u.join(own[i], own[j])
    root_of: dict[tuple[Any, ...], Hashable] = {sig: u.find(n) for sig, n in node.items() if n is not None}
    groups: dict[Hashable, list[int]] = {}
    for i, sig in enumerate(sigs):
        root = u.find(own[i]) if i in own else root_of.get(sig, ("alone", i))
        groups.setdefault(root, []).append(i)
    listed = [
        members for members in groups.values() if len(members) >= 2 and any(recs[i].id in in_period for i in members)
    ]
    # the prevent actions of every theme's earlier incidents: incidents read from the index carry none,
    # and are asked for together
    acts: dict[int, list[dict[str, Any]]] = {}
    lacking = [recs[i].rowid for ms in listed for i in ms[:-1] if recs[i].actions is None]
    if lacking and actions_of is not None:
        acts = actions_of(lacking)
    out: list[dict[str, Any]] = []
    for members in listed:
        ms = [recs[i] for i in members]  # in start order
        prevent = [
            (r.id, a["title"], a["status"])
            for r in ms[:-1]
            for a in (r.actions if r.actions is not None else acts.get(r.rowid, ()))
            if a["type"] == "prevent"
        ]
        done = sum(a[2] == "done" for a in prevent)
        services: Counter[str] = Counter()
        tags: Counter[str] = Counter()
        triggers: Counter[str] = Counter()
        for (tk, svc, tg), n in Counter(sigs[i] for i in members).items():
            for name in set(svc):
                services[name] += n
            for name in set(tg):
                tags[name] += n
            if tk:
                triggers[tk] += n
        out.append(
            {
                "count": len(ms),
                "in_period": sum(r.id in in_period for r in ms),
                "incidents": [
                    {
                        "id": r.id,
                        "started": r.started,
                        "severity": r.severity,
                        "title": r.title,
                        "executive_title": r.executive_title,
                        "in_period": r.id in in_period,
                    }
                    for r in ms[-SHOWN:]
                ],
                "services": [s for s, n in _ranked(services) if n >= 2],
                "tags": [t for t, n in _ranked(tags) if n >= 2],
                "trigger_kinds": [t for t, _ in _ranked(triggers)],
                "earlier_prevent_actions": {
                    "total": len(prevent),
                    "done": done,
                    "not_done": [
                        {"id": i, "title": t, "status": st}
                        for i, t, st in [a for a in prevent if a[2] != "done"][-SHOWN:]
                    ],
                },
                "fix_never_done": bool(prevent) and not done,
            }
        )
    out.sort(key=lambda t: (-t["in_period"], -t["count"], t["incidents"][0]["id"]))
    return out[:limit]
