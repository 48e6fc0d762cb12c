"""The engineering view: everything, with UTC times and elapsed time since impact began."""

from __future__ import annotations

from datetime import date

from commsgen.config import Config
from commsgen.model.derived import KEY_TIMES, elapsed, fmt_elapsed, overdue_actions
from commsgen.model.schema import Postmortem
from commsgen.views.common import Sources, View, base, duration_items, when

FACTOR_ORDER = ("technical", "process", "human", "external")


def engineering_view(pm: Postmortem, config: Config, *, today: date | None = None) -> View:
    src = Sources()
    t = src.take
    d = base(pm, config)
    d.update(
        {
            "title": t("title", pm.title),
            "status": pm.status.value,
            "services": [{"id": s.id, "public_name": s.public_name, "tier": s.tier} for s in pm.services],
            "lead": {"name": pm.lead.name, "team": pm.lead.team},
            "people": [
                {"name": p.name, "role": p.role, "team": p.team, "handle": p.handle, "email": p.email}
                for p in pm.people
            ],
            "times": [
                {
                    "key": k,
                    "label": k.capitalize(),
                    **when(getattr(pm.times, k)),
                    "elapsed": fmt_elapsed(getattr(pm.times, k) - pm.times.started),
                }
                for k in KEY_TIMES
                if getattr(pm.times, k) is not None
            ],
            "durations": duration_items(pm),
            "summary": t("summary", pm.summary),
            "impact": {
                "description": t("impact.description", pm.impact.description),
                "users_affected": pm.impact.users_affected,
                "users_affected_percent": pm.impact.users_affected_percent,
                "regions": pm.impact.regions,
                "data_loss": pm.impact.data_loss,
                "slo_breached": pm.impact.slo_breached,
                "revenue_usd": pm.impact.revenue_usd,
                "support_tickets": pm.impact.support_tickets,
            },
        }
    )
    order = sorted(range(len(pm.timeline)), key=lambda i: pm.timeline[i].at)
    d["timeline"] = [
        {
            **when(e.at),
            "elapsed": fmt_elapsed(elapsed(pm, e)),
            "kind": e.kind,
            "text": t(f"timeline[{i}].text", e.text),
            "actor": e.actor,
            "source": e.source,
            "audience": e.audience,
            "public_text": t(f"timeline[{i}].public_text", e.public_text),
        }
        for i, e in ((i, pm.timeline[i]) for i in order)
    ]
    groups = []
    for kind in FACTOR_ORDER:
        items = [
            t(f"contributing_factors[{i}].description", f.description)
            for i, f in enumerate(pm.contributing_factors)
            if f.kind == kind
        ]
        if items:
            groups.append({"kind": kind, "entries": items})
    d["factors"] = groups
    d["five_whys"] = [
        {"why": t(f"five_whys[{i}].why", w.why), "because": t(f"five_whys[{i}].because", w.because)}
        for i, w in enumerate(pm.five_whys)
    ]
    d["root_cause"] = (
        {
            "summary": t("root_cause.summary", pm.root_cause.summary),
            "details": t("root_cause.details", pm.root_cause.details),
        }
        if pm.root_cause
        else None
    )
    for key in ("trigger", "detection", "resolution", "technical_analysis"):
        d[key] = t(key, getattr(pm, key))
    sec = pm.security
    d["security"] = (
        None
        if sec is None
        else {
            "vulnerability_exposed": sec.vulnerability_exposed,
            "data_at_risk": t("security.data_at_risk", sec.data_at_risk),
            "access_control_gaps": t("security.access_control_gaps", sec.access_control_gaps),
            "detected_by_monitoring": sec.detected_by_monitoring,
            "cves": list(sec.cves),
            "disclosure": None
            if sec.disclosure is None
            else {
                "decision": sec.disclosure.decision,
                "notified": list(sec.disclosure.notified),
                "approved_by": sec.disclosure.approved_by,
            },
        }
    )
    d["mitigators"] = [t(f"mitigators[{i}]", m) for i, m in enumerate(pm.mitigators)]
    les = pm.lessons
    d["lessons"] = (
        None
        if les is None
        else {
            k: [t(f"lessons.{k}[{i}]", x) for i, x in enumerate(getattr(les, k))]
            for k in ("went_well", "went_wrong", "got_lucky")
        }
    )
    late = set(overdue_actions(pm, today))
    d["actions"] = [
        {
            "title": t(f"action_items[{i}].title", a.title),
            "type": a.type,
            "owner": a.owner,
            "due": a.due.isoformat() if a.due else None,
            "status": a.status,
            "priority": a.priority,
            "ticket": a.ticket,
            "overdue": i in late,
            "note": t(f"action_items[{i}].note", a.note),
        }
        for i, a in enumerate(pm.action_items)
    ]
    d["narrative"] = [
        {"person": n.person, "text": t(f"narrative[{i}].text", n.text)} for i, n in enumerate(pm.narrative)
    ]
    d["links"] = [{"label": ln.label, "url": ln.url, "kind": ln.kind} for ln in pm.links]
    return View("engineering", d, src)
