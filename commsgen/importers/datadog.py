"""Datadog webhook payloads (the default payload, or one using the ``$ALERT_TRANSITION``,
``$ALERT_ID`` and ``$TAGS`` variables): one payload, a list, JSON lines or a folder of payloads.

``date`` is epoch milliseconds. ``[Triggered]``, ``[Re-Triggered]`` and ``[Warn]`` titles are
alerts (suggest ``detected``), ``[Recovered]`` a resolution (suggests ``mitigated``), ``[No Data]``
an observation. A ``service:NAME`` tag (``--service-label``) is kept for matching ``services[].id``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from commsgen.importers.base import Parsed, Proposed, documents, epoch_utc, fail, get, one_line

SOURCE = "datadog"
_PREFIX = re.compile(r"^\s*\[(?P<word>[^\]]+)\]\s*")
KINDS = {
    "triggered": ("alert", "detected"),
    "re-triggered": ("alert", "detected"),
    "warn": ("alert", "detected"),
    "recovered": ("resolution", "mitigated"),
    "no data": ("observation", None),
    "warn recovered": ("observation", None),
}


def parse(path: Path, *, service_label: str = "service", **_: Any) -> Parsed:
    out = Parsed()
    seen: set[str] = set()
    for f, prefix, doc in documents(path):
        p = "$" + prefix
        title = get(doc, "title", f, p, "the event title (\"[Triggered] ...\")")
        date = doc.get("date")
        if date in (None, ""):
            raise fail(f, f"{p}.date", "the event time in epoch milliseconds ($DATE)", date)
        if len(str(date).strip().split(".")[0]) <= 10:  # 1795183740: seconds, not $DATE's milliseconds
            raise fail(f, f"{p}.date", "epoch milliseconds ($DATE, 13 digits); this looks like seconds", date)
        at = epoch_utc(date, f, f"{p}.date", unit="ms")
        pm = _PREFIX.match(title)
        word = (pm.group("word") if pm else str(doc.get("alert_transition") or "")).strip()
        key = re.sub(r"\s+on\s+.*$", "", word.casefold())  # "[Triggered on {host:web-1}]"
        kind, suggests = KINDS.get(key, ("observation", None))
        eid = str(doc.get("id") or f"{doc.get('alert_id') or doc.get('aggreg_key') or title}@{date}")
        if eid in seen:
            continue
        seen.add(eid)
        service = _tag(doc.get("tags"), service_label)
        text = one_line(title)
        out.events.append(
            Proposed(at=at, text=text, kind=kind, source=SOURCE, external_id=eid, suggests=suggests, service=service)
        )
    return out


def _tag(tags: Any, label: str) -> str | None:
    items = tags.split(",") if isinstance(tags, str) else tags if isinstance(tags, list) else []
    for t in items:
        k, _, v = str(t).strip().partition(":")
        if k == label and v:
            return v
    return None
