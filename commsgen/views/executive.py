"""The executive view: business impact at a glance. People appear only as teams or roles.

The brief reads as of one moment (``as_of``: ``SOURCE_DATE_EPOCH`` or now, see
``commsgen.clock``); overdue actions are judged against that date. Layout choices (what goes
on page one, tiles, key moments) are made in ``commsgen.views.brief``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from commsgen.config import Config
from commsgen.model.derived import KEY_TIMES, fmt_duration, fmt_elapsed, overdue_actions, utc
from commsgen.model.schema import Person, Postmortem
from commsgen.views.common import MONTHS, Sources, View, base, duration_items, public_services, when

ROLE_WORDS = {
    "lead": "Incident lead",
    "reporter": "Reporter",
    "responder": "Responder",
    "comms": "Communications lead",
    "scribe": "Scribe",
    "reviewer": "Reviewer",
}
TYPE_ORDER = {"prevent": 0, "mitigate": 1, "detect": 2, "process": 3}
PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, "P4": 3, None: 4}
STATUS_WORDS = {"draft": "DRAFT", "in-review": "IN REVIEW", "final": "FINAL"}
ACTION_STATUS_WORDS = {"open": "Open", "in-progress": "In progress", "done": "Done", "wont-do": "Won't do"}
# key times in plain words, for readers who were not there
MOMENT_WORDS = {
    "started": "Impact began",
    "detected": "Detected",
    "acknowledged": "Responders engaged",
    "identified": "Cause identified",
    "mitigated": "Customer impact mitigated",
    "resolved": "Fully resolved",
}
FULL_POSTMORTEM = ("postmortem", "post-mortem", "incident review", "incident report", "retrospective")


def _person_lookup(pm: Postmortem) -> dict[str, Person]:
    out: dict[str, Person] = {}
    for p in pm.people:
        for key in (p.name, p.handle, p.email, (p.handle or "").lstrip("@")):
            if key:
                out[key.strip().lower()] = p
    return out


def owner_as_team(owner: str | None, people: dict[str, Person]) -> str | None:
    """An action owner as executives see it: a person becomes their team, else their role."""
    if not owner:
        return None
    p = people.get(owner.strip().lower())
    if p is None:
        return owner
    return p.team or ROLE_WORDS[p.role]


def as_of_time(today: date | None) -> datetime:
    """The moment the brief speaks for: the given day (tests, the TUI), else ``commsgen.clock.now``."""
    if today is not None:
        return datetime.combine(today, time(0), timezone.utc)
    from commsgen.clock import now

    return now()


def short_date(at: datetime) -> str:
    """``Nov 21`` (UTC)."""
    u = utc(at)
    return f"{MONTHS[u.month - 1][:3]} {u.day}"


def key_moments(pm: Postmortem) -> list[dict[str, Any]]:
    """The key times in plain words, in time order; a moment on a later day than impact began
    carries its date (``Nov 21 09:12 UTC``)."""
    t = pm.times
    first_day = when(t.started)["iso"][:10]
    out = []
    for k in KEY_TIMES:
        at = getattr(t, k)
        if at is None or k not in MOMENT_WORDS:
            continue
        w = when(at)
        later_day = w["iso"][:10] != first_day
        out.append(
            {
                "key": k,
                "text": MOMENT_WORDS[k],
                "iso": w["iso"],
                "utc": w["utc"],
                "time": w["time"],
                "date": w["date"],
                "dated": later_day,
                "when": f"{short_date(at)} {w['time']}" if later_day else w["time"],
                "elapsed": fmt_elapsed(at - t.started),
            }
        )
    out.sort(key=lambda m: m["iso"])
    return out


def full_postmortem_link(pm: Postmortem) -> dict[str, str] | None:
    """The link to the full postmortem, when ``links`` has one (a `doc` whose label or address
    says postmortem, incident review, ...)."""
    for ln in pm.links:
        words = f"{ln.label} {ln.url}".lower()
        if any(w in words for w in FULL_POSTMORTEM):
            return {"label": ln.label, "url": ln.url}
    return None


def executive_view(pm: Postmortem, config: Config, *, today: date | None = None, top: int = 5) -> View:
    src = Sources()
    t = src.take
    ex = pm.executive
    people = _person_lookup(pm)
    d = base(pm, config)
    as_of = as_of_time(today)
    late = set(overdue_actions(pm, as_of.date()))
    actions = [
        {
            "title": t(f"action_items[{i}].title", a.title),
            "type": a.type,
            "owner": owner_as_team(a.owner, people),
            "due": a.due.isoformat() if a.due else None,
            "status": a.status,
            "status_word": ACTION_STATUS_WORDS[a.status],
            "priority": a.priority,
            "overdue": i in late,
        }
        for i, a in enumerate(pm.action_items)
    ]
    open_actions = [a for a in actions if a["status"] in ("open", "in-progress")]
    # overdue first, then by priority, kind of action and due date
    open_actions.sort(
        key=lambda a: (
            not a["overdue"],
            PRIORITY_ORDER.get(a["priority"], 4),
            TYPE_ORDER.get(a["type"], 4),
            a["due"] or "9999",
        )
    )
    times = pm.times
    impact_end = times.mitigated or times.resolved
    headline_field = "executive.title" if ex and ex.title else "title"
    lead = pm.lead
    d.update(
        {
            # the headline: the executive title, else the internal title (never the customer title)
            "title": t(headline_field, ex.title if ex and ex.title else pm.title),
            "status": pm.status.value,
            "status_word": STATUS_WORDS[pm.status.value],
            "draft": pm.status.value == "draft",
            "team": lead.team or None,
            "as_of": when(as_of),
            "services": public_services(pm),
            "summary": t("executive.summary", ex.summary if ex else None),
            "business_impact": t("executive.business_impact", ex.business_impact if ex else None),
            "customer_commitments": [
                t(f"executive.customer_commitments[{i}]", c) for i, c in enumerate(ex.customer_commitments)
            ]
            if ex
            else [],
            "asks": [t(f"executive.asks[{i}]", a) for i, a in enumerate(ex.asks)] if ex else [],
            "impact": {
                "users_affected": pm.impact.users_affected,
                "users_affected_percent": pm.impact.users_affected_percent,
                "regions": list(pm.impact.regions),
                "data_loss": pm.impact.data_loss,
                "slo_breached": pm.impact.slo_breached,
                "revenue_usd": pm.impact.revenue_usd,
                "support_tickets": pm.impact.support_tickets,
            },
            # customer impact ends when it was mitigated; full resolution may come much later
            "customer_impact": fmt_duration(impact_end - times.started) if impact_end else None,
            "customer_impact_ends": "mitigated" if times.mitigated else ("resolved" if times.resolved else None),
            "full_resolution": fmt_duration(times.resolved - times.started) if times.resolved else None,
            "times": [
                {
                    "key": k,
                    "label": k.capitalize(),
                    **when(getattr(pm.times, k)),
                    "elapsed": fmt_elapsed(getattr(pm.times, k) - pm.times.started),
                }
                for k in KEY_TIMES
                if getattr(pm.times, k) is not None and k != "closed"
            ],
            "key_moments": key_moments(pm),
            "durations": duration_items(pm),
            "root_cause": t("root_cause.summary", pm.root_cause.summary) if pm.root_cause else None,
            "top_actions": open_actions[:top],
            "actions_total": len(actions),
            "actions_open": len(open_actions),
            "actions_overdue": sum(a["overdue"] for a in actions),
            "full_postmortem": full_postmortem_link(pm),
            # events marked for executives (not drawn by the built-in brief, which lists key times in
            # plain words; available to user templates)
            "timeline": [
                {
                    **when(e.at),
                    "elapsed": fmt_elapsed(e.at - pm.times.started),
                    "kind": e.kind,
                    "text": t(f"timeline[{i}].text", e.text),
                }
                for i, e in sorted(enumerate(pm.timeline), key=lambda p: p[1].at)
                if "executive" in e.audience
            ],
        }
    )
    sec = pm.security
    d["security"] = (
        None
        if sec is None
        else {
            "vulnerability_exposed": sec.vulnerability_exposed,
            "data_at_risk": t("security.data_at_risk", sec.data_at_risk),
            "detected_by_monitoring": sec.detected_by_monitoring,
            "cve_count": len(sec.cves),
            "disclosure": None
            if sec.disclosure is None
            else {"decision": sec.disclosure.decision, "notified": list(sec.disclosure.notified)},
        }
    )
    return View("executive", d, src)
