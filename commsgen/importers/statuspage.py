"""Atlassian Statuspage incidents: one incident (``{"incident": {...}}`` or the incident itself),
``{"incidents": [...]}``, a list of incidents, or a folder of them. Their ``incident_updates`` go
straight to ``status_page.updates``: already public text, posted at ``display_at`` (else ``created_at``).

Statuses outside the format's four are mapped (scheduled maintenance: in_progress -> identified,
verifying -> monitoring, completed -> resolved); ``scheduled`` and ``postmortem`` updates are skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commsgen.importers.base import Parsed, Proposed, documents, get, iso_utc

SOURCE = "statuspage"
STATUS = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "resolved": "resolved",
    "in_progress": "identified",
    "verifying": "monitoring",
    "completed": "resolved",
}


def parse(path: Path, **_: Any) -> Parsed:
    out = Parsed()
    seen: set[str] = set()
    for f, prefix, doc in documents(path):
        base = "$" + prefix
        if isinstance(doc, dict) and isinstance(doc.get("incidents"), list):
            incs = [(f"{base}.incidents[{i}]", x) for i, x in enumerate(doc["incidents"])]
        elif isinstance(doc, dict) and isinstance(doc.get("incident"), dict):
            incs = [(f"{base}.incident", doc["incident"])]
        else:
            incs = [(base, doc)]
        for p, inc in incs:
            _incident(f, p, inc, seen, out)
    return out


def _incident(f: Path, p: str, inc: Any, seen: set[str], out: Parsed) -> None:
    ups = get(inc, "incident_updates", f, p, "a Statuspage incident with `incident_updates` (a list)", list)
    if isinstance(inc.get("name"), str):
        out.titles.append(inc["name"])
    _hints(f, p, inc, out)
    for i, u in enumerate(ups):
        up = f"{p}.incident_updates[{i}]"
        raw = get(u, "status", f, up, "the update's status (investigating, identified, monitoring, resolved)")
        body = get(u, "body", f, up, "the update's body (text)")
        when = u.get("display_at") or u.get("created_at")
        at = iso_utc(when, f, f"{up}.{'display_at' if u.get('display_at') else 'created_at'}")
        status = STATUS.get(raw)
        if status is None:
            out.warnings.append(f"{f}: {up}: a `{raw}` update is not a status-page update of the format; skipped")
            continue
        uid = str(u.get("id") or f"{at.isoformat()}/{status}")
        if uid in seen or not body.strip():
            continue
        seen.add(uid)
        out.events.append(
            Proposed(
                at=at,
                text=body.strip(),
                kind="communication",
                source=SOURCE,
                external_id=uid,
                target="status_page.updates",
                status=status,
            )
        )


# the incident's own times, as the status page states them: impact began, a fix was in place
# (monitoring), resolved
_TIMES = (("started_at", "started"), ("monitoring_at", "mitigated"), ("resolved_at", "resolved"))
IMPACTS = frozenset({"none", "minor", "major", "critical"})


def _hints(f: Path, p: str, inc: dict[str, Any], out: Parsed) -> None:
    """What a pre-filled draft takes from the incident besides its updates: key times, public
    component names and the impact."""
    for key, name in _TIMES:
        if isinstance(inc.get(key), str) and name not in out.times:
            out.times[name] = iso_utc(inc[key], f, f"{p}.{key}")
    comps: list[Any] = list(inc["components"]) if isinstance(inc.get("components"), list) else []
    for u in inc.get("incident_updates") or []:
        if isinstance(u, dict) and isinstance(u.get("affected_components"), list):
            comps += u["affected_components"]
    for c in comps:
        cname = c.get("name") if isinstance(c, dict) else None
        if isinstance(cname, str) and cname.strip() and cname.strip() not in out.components:
            out.components.append(cname.strip())
    if inc.get("impact") in IMPACTS and out.impact is None:
        out.impact = inc["impact"]
