"""Opsgenie alert logs (``GET /v2/alerts/{id}/logs``): ``{"data": [{log, type, owner, createdAt,
offset}], "paging": ...}``, a list of such pages, or a folder of page files.

The log's words decide the kind: created -> alert (suggests ``detected``); acknowledged -> action
(suggests ``acknowledged``); closed -> resolution (suggests ``resolved``); notes -> observation;
escalated, assigned, ownership -> communication; notifications sent to people are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from commsgen.importers.base import Parsed, Proposed, documents, fail, get, iso_utc, one_line

SOURCE = "opsgenie"
RULES = [  # (pattern on the log text, kind, suggested key time); first match wins
    (re.compile(r"\b(sent|notif\w*|sending|delivered)\b.*\b(to|via)\b", re.I), None, None),
    (re.compile(r"\bun-?acknowledged\b", re.I), "observation", None),
    (re.compile(r"\backnowledged\b", re.I), "action", "acknowledged"),
    (re.compile(r"\b(closed|resolved)\b", re.I), "resolution", "resolved"),
    (re.compile(r"\bcreated\b", re.I), "alert", "detected"),
    (re.compile(r"\b(escalat\w*|assigned|ownership|took ownership|responders?)\b", re.I), "communication", None),
]
SKIPPED_TYPES = frozenset({"alertRecipient", "notification"})
NOBODY = frozenset({"", "system", "opsgenie", "alert api", "api"})


def parse(path: Path, **_: Any) -> Parsed:
    out = Parsed()
    seen: set[str] = set()
    for f, prefix, doc in documents(path):
        base = "$" + prefix
        if isinstance(doc, dict) and "data" in doc:
            data = doc["data"]
            if not isinstance(data, list):
                raise fail(f, f"{base}.data", "a list of alert log entries", data)
            items = [(f"{base}.data[{i}]", e) for i, e in enumerate(data)]
        elif isinstance(doc, dict) and "log" in doc:
            items = [(base, doc)]
        else:
            raise fail(f, base, "an Opsgenie alert logs page ({\"data\": [{log, type, owner, createdAt}]})", doc)
        for p, e in items:
            _entry(f, p, e, seen, out)
    return out


def _entry(f: Path, p: str, e: Any, seen: set[str], out: Parsed) -> None:
    log = get(e, "log", f, p, "the log text")
    typ = e.get("type") if isinstance(e.get("type"), str) else ""
    at = iso_utc(e.get("createdAt"), f, f"{p}.createdAt")
    eid = e.get("offset") if isinstance(e.get("offset"), str) and e.get("offset") else f"{at.isoformat()}/{log[:40]}"
    if eid in seen or typ in SKIPPED_TYPES:
        return
    seen.add(eid)
    kind, suggests = "observation", None
    if typ.lower() == "note":
        kind = "observation"
    else:
        for rx, k, s in RULES:
            if rx.search(log):
                if k is None:
                    return
                kind, suggests = k, s
                break
    owner = e.get("owner") if isinstance(e.get("owner"), str) else ""
    actor = None if owner.strip().casefold() in NOBODY else owner.strip()
    if actor and "@" in actor and {"name": "", "email": actor, "handle": ""} not in out.people[-8:]:
        out.people.append({"name": "", "email": actor, "handle": ""})
    out.events.append(
        Proposed(
            at=at,
            text=one_line(log),
            kind=kind,
            source=SOURCE,
            external_id=eid,
            actor=actor,
            actor_keys=(actor,) if actor else (),
            suggests=suggests,
        )
    )
