"""What the knowledge base keeps of one postmortem: a flat record (key times in UTC, derived
durations in minutes, services, tags, factors, actions, events) and four text columns for
search, weighted title and summary > cause > body. Pure functions of the model; secrets are
masked in every string kept."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model (pydantic) is imported by whoever parses: search and similar never need it
    from commsgen.model.schema import Postmortem

COLUMNS = ("title", "summary", "cause", "body")
# minutes from ``started`` to each key time (the review's definition: every figure from started)
FIGURES = {
    "time_to_detect": "detected",
    "time_to_acknowledge": "acknowledged",
    "time_to_identify": "identified",
    "time_to_mitigate": "mitigated",
    "time_to_resolve": "resolved",
}

# the format has no completion date for an action; a note such as "Done 2026-08-14" gives one
DONE_ON = re.compile(r"(?i)\b(?:done|completed|finished|shipped)\s+(?:on\s+)?(\d{4}-\d{2}-\d{2})\b")


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _minutes(a: datetime | None, b: datetime | None) -> float | None:
    return None if a is None or b is None else round((a - b).total_seconds() / 60, 2)


def record(pm: Postmortem, file: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(record, text columns) of one postmortem. Every string is masked for secrets."""
    from commsgen.model.derived import KEY_TIMES

    t = pm.times
    times = {k: _iso(getattr(t, k)) for k in KEY_TIMES}
    figures = {name: _minutes(getattr(t, key), t.started) for name, key in FIGURES.items()}
    end = t.resolved or t.mitigated
    actions = []
    for a in pm.action_items:
        m = DONE_ON.search(a.note or "")
        actions.append(
            {
                "title": a.title,
                "type": a.type,
                "status": a.status,
                "owner": a.owner,
                "due": a.due.isoformat() if a.due else None,
                "priority": a.priority,
                "done_on": m.group(1) if m and a.status == "done" else None,
            }
        )
    rc = pm.root_cause
    cause_parts = [
        rc.summary if rc else "",
        (rc.details or "") if rc else "",
        pm.trigger or "",
        *(f.description for f in pm.contributing_factors),
        *(f"{w.why} {w.because}" for w in pm.five_whys),
    ]
    body_parts = [
        pm.impact.description,
        pm.detection or "",
        pm.resolution or "",
        pm.technical_analysis or "",
        *(e.text for e in pm.timeline),
        *pm.mitigators,
        *(a.title for a in pm.action_items),
        *(n.text for n in pm.narrative),
    ]
    if pm.lessons:
        body_parts += [*pm.lessons.went_well, *pm.lessons.went_wrong, *pm.lessons.got_lucky]
    title = "\n".join(
        [
            pm.title,
            *([pm.executive.title] if pm.executive and pm.executive.title else []),
            " ".join(pm.tags),
            " ".join(s.id for s in pm.services),
        ]
    )
    strings = [
        title,
        pm.summary,
        "\n".join(p for p in cause_parts if p),
        "\n".join(p for p in body_parts if p),
        pm.resolution or "",
        rc.summary if rc else "",
        pm.trigger or "",
        *(str(act["title"]) for act in actions),
        *(f.description for f in pm.contributing_factors),
    ]
    from commsgen.kb.text import mask_secrets

    masked = mask_secrets(strings)
    texts = dict(zip(COLUMNS, masked[:4]))
    resolution, root_cause, trigger = masked[4:7]
    for act, title_m in zip(actions, masked[7 : 7 + len(actions)]):
        act["title"] = title_m
    factors = [{"kind": f.kind, "description": d} for f, d in zip(pm.contributing_factors, masked[7 + len(actions) :])]
    rec = {
        "id": pm.id,
        "file": file,
        "title": masked[0].split("\n", 1)[0],
        "executive_title": pm.executive.title if pm.executive and pm.executive.title else None,
        "status": pm.status.value,
        "event_type": pm.event_type.value,
        "severity": pm.severity.value,
        "times": times,
        "figures": figures,
        "impact_minutes": _minutes(end, t.started),
        "services": [s.id for s in pm.services],
        "public_services": [s.public_name for s in pm.services if s.public_name],
        "tags": list(dict.fromkeys(pm.tags)),
        "trigger_kind": pm.trigger_kind,
        "detection_source": pm.detection_source,
        "related": [{"id": r.id, "relation": r.relation} for r in pm.related],
        "exclude_from_metrics": pm.exclude_from_metrics,
        "slo_breached": pm.impact.slo_breached,
        "users_affected": pm.impact.users_affected,
        "summary": masked[1],
        "resolution": resolution,
        "root_cause": root_cause,
        "trigger": trigger,
        "factors": factors,
        "actions": actions,
        "events": [{"at": _iso(e.at), "kind": e.kind} for e in pm.sorted_timeline()],
        "scan": scan_terms(pm),
    }
    return rec, texts


def scan_terms(pm: Postmortem) -> dict[str, Any]:
    """What the redaction gate knows from this file (people, internal service ids, link hosts, deny
    terms, waivers): a published review of many postmortems is scanned with all of theirs."""
    from commsgen.redact.context import DenyRegex

    from commsgen.redact.context import context_for

    ctx = context_for(pm, None)
    return {
        "people_names": list(ctx.people_names),
        "people_handles": list(ctx.people_handles),
        "people_emails": list(ctx.people_emails),
        "service_ids": list(ctx.service_ids),
        "service_words": list(ctx.service_words),
        "link_hosts": list(ctx.link_hosts),
        "staff_email_domains": list(ctx.staff_email_domains),
        "deny": [{"regex": d.pattern} if isinstance(d, DenyRegex) else d for d in ctx.deny_terms],
        "allow": [
            {"match": w.match, "audiences": list(w.audiences), "reason": w.reason, "rule": w.rule, "source": w.source}
            for w in ctx.waivers
        ],
    }


BRIEF_KEYS = (
    "id",
    "file",
    "title",
    "executive_title",
    "status",
    "event_type",
    "severity",
    "figures",
    "impact_minutes",
    "services",
    "tags",
    "trigger_kind",
    "detection_source",
    "related",
    "exclude_from_metrics",
    "slo_breached",
)


def brief(rec: dict[str, Any]) -> dict[str, Any]:
    """What a pattern review reads of a record (a third of its size: reviews read many)."""
    out = {k: rec[k] for k in BRIEF_KEYS}
    out["times"] = {k: rec["times"][k] for k in ("started", "resolved", "closed")}
    out["actions"] = [{k: a[k] for k in ("title", "type", "status", "due", "done_on")} for a in rec["actions"]]
    return out
