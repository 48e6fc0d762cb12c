"""The executive view: business impact at a glance. People appear only as teams or roles."""
from __future__ import annotations

from datetime import date

from commsgen.config import Config
from commsgen.model.derived import KEY_TIMES, fmt_elapsed, overdue_actions
from commsgen.model.schema import Person, Postmortem
from commsgen.views.common import Sources, View, base, duration_items, public_services, public_title, when

ROLE_WORDS = {"lead": "Incident lead", "reporter": "Reporter", "responder": "Responder",
              "comms": "Communications lead", "scribe": "Scribe", "reviewer": "Reviewer"}
TYPE_ORDER = {"prevent": 0, "mitigate": 1, "detect": 2, "process": 3}
PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, "P4": 3, None: 4}


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


def executive_view(pm: Postmortem, config: Config, *, today: date | None = None, top: int = 5) -> View:
    src = Sources()
    t = src.take
    ex = pm.executive
    people = _person_lookup(pm)
    d = base(pm, config)
    late = set(overdue_actions(pm, today))
    actions = [{
        "title": t(f"action_items[{i}].title", a.title), "type": a.type,
        "owner": owner_as_team(a.owner, people), "due": a.due.isoformat() if a.due else None,
        "status": a.status, "priority": a.priority, "overdue": i in late,
    } for i, a in enumerate(pm.action_items)]
    open_actions = [a for a in actions if a["status"] in ("open", "in-progress")]
    open_actions.sort(key=lambda a: (PRIORITY_ORDER.get(a["priority"], 4), TYPE_ORDER.get(a["type"], 4),
                                     a["due"] or "9999"))
    d.update({
        "title": t("customer.title", public_title(pm)),
        "services": public_services(pm),
        "summary": t("executive.summary", ex.summary if ex else None),
        "business_impact": t("executive.business_impact", ex.business_impact if ex else None),
        "customer_commitments": [t(f"executive.customer_commitments[{i}]", c)
                                 for i, c in enumerate(ex.customer_commitments)] if ex else [],
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
        "times": [{"key": k, "label": k.capitalize(), **when(getattr(pm.times, k)),
                   "elapsed": fmt_elapsed(getattr(pm.times, k) - pm.times.started)}
                  for k in KEY_TIMES if getattr(pm.times, k) is not None and k != "closed"],
        "durations": duration_items(pm),
        "root_cause": t("root_cause.summary", pm.root_cause.summary) if pm.root_cause else None,
        "top_actions": open_actions[:top],
        "actions_total": len(actions),
        "actions_open": len(open_actions),
        "actions_overdue": sum(a["overdue"] for a in actions),
        "timeline": [{**when(e.at), "elapsed": fmt_elapsed(e.at - pm.times.started), "kind": e.kind,
                      # an event written for outside readers (public_text) reads that way to executives too
                      "text": (t(f"timeline[{i}].public_text", e.public_text) if e.public_text
                               else t(f"timeline[{i}].text", e.text))}
                     for i, e in sorted(enumerate(pm.timeline), key=lambda p: p[1].at)
                     if "executive" in e.audience],
    })
    sec = pm.security
    d["security"] = None if sec is None else {
        "vulnerability_exposed": sec.vulnerability_exposed,
        "data_at_risk": t("security.data_at_risk", sec.data_at_risk),
        "detected_by_monitoring": sec.detected_by_monitoring,
        "cve_count": len(sec.cves),
        "disclosure": None if sec.disclosure is None else {
            "decision": sec.disclosure.decision, "notified": list(sec.disclosure.notified)},
    }
    return View("executive", d, src)
