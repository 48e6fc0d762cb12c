"""PagerDuty ``log_entries`` (``GET /incidents/{id}/log_entries`` or ``GET /log_entries``): one page
(``{"log_entries": [...], "more": ...}``), a list of pages or entries, or a folder of page files.

trigger -> alert (suggests ``detected``); acknowledge (either spelling) -> action (suggests
``acknowledged``); annotate -> observation (the note); escalate, assign -> communication;
resolve -> resolution (suggests ``resolved``); notify is skipped; any other type -> observation.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from commsgen.importers.base import Parsed, Proposed, documents, fail, get, iso_utc, one_line

SOURCE = "pagerduty"
KINDS = {
    "trigger": ("alert", "detected"),
    "acknowledge": ("action", "acknowledged"),
    "acknowledgement": ("action", "acknowledged"),
    "acknowledgment": ("action", "acknowledged"),
    "annotate": ("observation", None),
    "escalate": ("communication", None),
    "assign": ("communication", None),
    "resolve": ("resolution", "resolved"),
}
SKIPPED = frozenset({"notify"})
_NUMBER = re.compile(r"^\s*\[#(\d+)\]\s*")  # "[#4121] checkout_5xx_ratio ...": the incident number


def entry_type(raw: str) -> str:
    t = raw.removesuffix("_reference").removesuffix("_log_entry")
    return t


def parse(path: Path, **_: Any) -> Parsed:
    out = Parsed()
    seen: set[str] = set()
    more_at_end = None
    for f, prefix, doc in documents(path):
        base = "$" + prefix
        if isinstance(doc, dict) and "log_entries" in doc:
            entries = doc["log_entries"]
            if not isinstance(entries, list):
                raise fail(f, f"{base}.log_entries", "a list of log entries", entries)
            items = [(f"{base}.log_entries[{i}]", e) for i, e in enumerate(entries)]
            more_at_end = (f, doc.get("offset"), len(entries)) if doc.get("more") is True else None
        elif isinstance(doc, dict) and isinstance(doc.get("type"), str):
            items = [(base, doc)]
        else:
            raise fail(f, base, "a PagerDuty log_entries page ({\"log_entries\": [...]}) or a log entry", doc)
        for p, e in items:
            _entry(f, p, e, seen, out)
    if more_at_end:
        f, offset, n = more_at_end
        out.warnings.append(
            f"{f}: the last page says `more: true` (offset {offset}, {n} entries): later log "
            "entries were not exported; fetch the next page and import the folder of pages"
        )
    return out


def _entry(f: Path, p: str, e: Any, seen: set[str], out: Parsed) -> None:
    typ = entry_type(get(e, "type", f, p, "the log entry's type (trigger_log_entry, ...)"))
    eid = get(e, "id", f, p, "the log entry's id (text)")
    if typ in SKIPPED or eid in seen:
        return
    seen.add(eid)
    at = iso_utc(e.get("created_at"), f, f"{p}.created_at")
    kind, suggests = KINDS.get(typ, ("observation", None))
    summary = e.get("summary") if isinstance(e.get("summary"), str) else ""
    inc = e.get("incident") if isinstance(e.get("incident"), dict) else {}
    if typ == "trigger":
        text = f"PagerDuty incident triggered: {inc.get('summary') or summary}"
        if isinstance(inc.get("summary"), str):
            number = _NUMBER.match(inc["summary"])
            out.titles.append(inc["summary"][number.end() :] if number else inc["summary"])
            if number:
                out.refs.append(f"PD-{number.group(1)}")
        if inc.get("id"):
            out.ids.append(str(inc["id"]))
    elif typ == "annotate":
        text = "Note: " + (_note(e) or summary or "(empty note)")
    else:
        text = summary or typ.replace("_", " ")
    svc = e.get("service")
    if isinstance(svc, dict) and isinstance(svc.get("summary"), str) and svc["summary"].strip() not in out.services:
        out.services.append(svc["summary"].strip())
    actor: str | None = None
    keys: tuple[str, ...] = ()
    agent = e.get("agent")
    if isinstance(agent, dict) and str(agent.get("type", "")).startswith("user"):
        name = agent.get("summary") or agent.get("name")
        keys = tuple(str(k) for k in (name, agent.get("email"), agent.get("login")) if k)
        actor = str(name) if name else None
        person = {"name": actor or "", "email": str(agent.get("email") or ""), "handle": ""}
        if actor and person not in out.people[-8:]:  # the same few people act again and again
            out.people.append(person)
    out.events.append(
        Proposed(
            at=at,
            text=one_line(text),
            kind=kind,
            source=SOURCE,
            external_id=eid,
            actor=actor,
            actor_keys=keys,
            suggests=suggests,
        )
    )


def _note(e: dict) -> str:
    for v in (
        e.get("note"),
        (e.get("channel") or {}).get("content") if isinstance(e.get("channel"), dict) else None,
        (e.get("channel") or {}).get("summary") if isinstance(e.get("channel"), dict) else None,
    ):
        if isinstance(v, dict):
            v = v.get("content")
        if isinstance(v, str) and v.strip():
            return v
    return ""
