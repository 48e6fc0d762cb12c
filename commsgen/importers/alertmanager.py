"""Alertmanager webhook payloads (version 4), and Grafana's (the same shape, plus ``dashboardURL``
and ``panelURL``): one payload, a list, JSON lines (a receiver's log) or a folder of payloads.

Each alert gives an alert event at ``startsAt`` (suggests ``detected``) and, once resolved, a
resolution event at ``endsAt`` (suggests ``mitigated``: the symptom stopped; ``0001-01-01`` means still firing).
Repeated notifications of one alert are one event: de-duplicated by fingerprint and ``startsAt``.
The value of the service label (``--service-label``, default ``service``) is kept for matching
``services[].id``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from commsgen.importers.base import NEVER, Parsed, Proposed, documents, get, iso_utc, one_line


def parse(path: Path, *, service_label: str = "service", source: str = "alertmanager", **_: Any) -> Parsed:
    out = Parsed()
    seen: dict[str, Proposed] = {}
    for f, prefix, doc in documents(path):
        base = "$" + prefix
        alerts = get(doc, "alerts", f, base, "a webhook payload with an `alerts` list", list)
        if source == "alertmanager" and "version" in doc and str(doc["version"]) != "4":
            out.warnings.append(f"{f}: webhook payload version {doc['version']!r}; this reader follows version 4")
        for i, a in enumerate(alerts):
            _alert(f, f"{base}.alerts[{i}]", a, service_label, source, seen, out)
    out.events.extend(seen.values())
    return out


def _alert(f: Path, p: str, a: Any, label: str, source: str, seen: dict, out: Parsed) -> None:
    labels = get(a, "labels", f, p, "the alert's labels (an object)", dict)
    ann = a.get("annotations") if isinstance(a.get("annotations"), dict) else {}
    starts = iso_utc(a.get("startsAt"), f, f"{p}.startsAt")
    ends_raw = a.get("endsAt")
    ends = iso_utc(ends_raw, f, f"{p}.endsAt") if ends_raw not in (None, "") else NEVER
    fp = (
        a.get("fingerprint")
        if isinstance(a.get("fingerprint"), str) and a.get("fingerprint")
        else hashlib.sha256(repr(sorted(labels.items())).encode()).hexdigest()[:16]
    )
    name = str(labels.get("alertname") or "alert")
    what = ann.get("summary") or ann.get("description") or ann.get("message") or ""
    service = labels.get(label)
    service = str(service) if service not in (None, "") else None
    text = f"{name} firing" + (f": {what}" if what else "")
    if service:
        text += f" (service {service})"
    if source == "grafana":
        for key, word in (("dashboardURL", "dashboard"), ("panelURL", "panel")):
            url = a.get(key)
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                text += f" [{word}]({url})"
    eid = f"{fp}@{starts.strftime('%Y-%m-%dT%H:%M:%SZ')}"
    if eid not in seen:
        seen[eid] = Proposed(
            at=starts,
            text=one_line(text, 800),
            kind="alert",
            source=source,
            external_id=eid,
            suggests="detected",
            service=service,
        )
    status = a.get("status")
    if status == "resolved" and ends > NEVER and ends >= starts:
        rid = eid + "/resolved"
        seen[rid] = Proposed(
            at=ends,
            text=one_line(f"{name} resolved" + (f" (service {service})" if service else "")),
            kind="resolution",
            source=source,
            external_id=rid,
            suggests="mitigated",
            service=service,
        )
    if labels.get("incident_id"):
        out.ids.append(str(labels["incident_id"]))
