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
from operator import attrgetter
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


_start_id = attrgetter("started", "id")  # every incident has a start (``earlier.in_scope``)


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
    # Signatures are numbered once (a nested tuple's hash is not cached: hashed once per incident).
    number: dict[tuple[Any, ...], int] = {}
    codes = [number.setdefault(r.sig, len(number)) for r in recs]
    distinct = list(number)
    u = _Union()
    node: list[Hashable] = []  # signature number -> a node of its group (None: no keys)
    for sig in distinct:
        keys = _keys(*sig)
        node.append(keys[0] if keys else None)
        for k in keys[1:]:
            u.join(keys[0], k)
    own: dict[int, Hashable] = {}  # incidents linked by `related`: their own node, joined to their keys'
    linking = [i for i, r in enumerate(recs) if r.related]
    by_id = {r.id: i for i, r in enumerate(recs)} if linking else {}
    for i in linking:
        for rel in recs[i].related:
            j = by_id.get(rel["id"]) if rel["relation"] in SAME else None
            if j is not None:
                for x in (i, j):
                    if x not in own:
                        own[x] = ("incident", x)
                        if node[codes[x]] is not None:
                            u.join(node[codes[x]], own[x])
                u.join(own[i], own[j])
    root_of = [u.find(n) if n is not None else None for n in node]
    groups: dict[Hashable, list[int]] = {}
    for i, c in enumerate(codes):
        root = u.find(own[i]) if own and i in own else root_of[c]
        groups.setdefault(root if root is not None else ("alone", i), []).append(i)
    listed = [
        members
        for members in groups.values()
        if len(members) >= 2 and any(recs[i].id in in_period for i in reversed(members))
    ]
    # the prevent actions of every theme's earlier incidents: counted from each incident's counts; the
    # last SHOWN not done are read, of the few latest incidents that hold them (incidents read from the
    # index carry no actions: they are asked for together)
    tails = []
    for members in listed:
        tail, need = [], SHOWN
        for i in reversed(members[:-1]):
            if need <= 0:
                break
            left = recs[i].prevent_n - recs[i].prevent_done
            if left:
                tail.append(recs[i])
                need -= left
        tails.append(tail[::-1])
    acts: dict[int, list[dict[str, Any]]] = {}
    lacking = [r.rowid for tail in tails for r in tail if r.actions is None]
    if lacking and actions_of is not None:
        acts = actions_of(lacking)
    out: list[dict[str, Any]] = []
    for members, tail in zip(listed, tails):
        ms = [recs[i] for i in members]  # in start order
        total = sum(r.prevent_n for r in ms[:-1])
        done = sum(r.prevent_done for r in ms[:-1])
        not_done = [
            {"id": r.id, "title": a["title"], "status": a["status"]}
            for r in tail
            for a in (r.actions if r.actions is not None else acts.get(r.rowid, ()))
            if a["type"] == "prevent" and a["status"] != "done"
        ][-SHOWN:]
        services: Counter[str] = Counter()
        tags: Counter[str] = Counter()
        triggers: Counter[str] = Counter()
        for c, n in Counter(codes[i] for i in members).items():
            tk, svc, tg = distinct[c]
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
                "earlier_prevent_actions": {"total": total, "done": done, "not_done": not_done},
                "fix_never_done": bool(total) and not done,
            }
        )
    out.sort(key=lambda t: (-t["in_period"], -t["count"], t["incidents"][0]["id"]))
    return out[:limit]
