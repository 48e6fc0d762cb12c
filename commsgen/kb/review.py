"""Pattern reviews: figures over the postmortems of a period, with exact definitions and every
exclusion stated (docs/KNOWLEDGE-BASE.md). Pure functions of knowledge-base records.

Left out of every figure (and counted in ``excluded``): postmortems with ``exclude_from_metrics``
(drills, tests, false alarms) and drafts (not reviewed yet).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from commsgen.kb.extract import FIGURES
from commsgen.kb.records import paused_gc
from commsgen.kb.period import Period, previous
from commsgen.kb.stats import figure, number, median, share
from commsgen.kb.themes import themes

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
PREVIOUS = 4  # a quarter's review reaches back to the same quarter a year before
WINDOW_HOURS = 48


def excluded_reason(r: dict[str, Any]) -> str | None:
    if r["exclude_from_metrics"]:
        return "exclude_from_metrics"
    if r["status"] == "draft":
        return "draft"
    return None


def _by_month(records, service: str | None) -> dict[str, list[dict[str, Any]]]:
    """Records by the month (YYYY-MM, UTC) of their start, the service filter applied: bucketed once,
    so each period's selection reads only its own months."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        started = r["times"]["started"]
        if started and (service is None or service in r["services"]):
            out.setdefault(started[:7], []).append(r)
    return out


def _select(months: dict[str, list[dict[str, Any]]], period: Period, service: str | None):
    kept: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    for m in period.months:
        for r in months.get(m, ()):
            (dropped if r["exclude_from_metrics"] or r["status"] == "draft" else kept).append(r)
    return kept, dropped


def _counts(values) -> dict[str, int]:
    return dict(sorted(Counter(v if v is not None else "unknown" for v in values).items()))


def _hours(a: str, b: str) -> float:
    from datetime import datetime

    return (
        datetime.fromisoformat(a.replace("Z", "+00:00")) - datetime.fromisoformat(b.replace("Z", "+00:00"))
    ).total_seconds() / 3600


def actions(recs: list[dict[str, Any]], as_of: date) -> dict[str, Any]:
    today = as_of.isoformat()
    acts = [(r, a) for r in recs for a in r["actions"]]
    done = [a for _, a in acts if a["status"] == "done"]
    open_ = [(r, a) for r, a in acts if a["status"] in ("open", "in-progress")]
    ages = []
    for r, _ in open_:
        t = r["times"]
        since = (t["closed"] or t["resolved"] or t["started"])[:10]
        ages.append((as_of - date.fromisoformat(since)).days)
    return {
        "total": len(acts),
        "done": len(done),
        "done_on_time": sum(1 for a in done if a["done_on"] and a["due"] and a["done_on"] <= a["due"]),
        "done_late": sum(1 for a in done if a["done_on"] and a["due"] and a["done_on"] > a["due"]),
        "done_date_unknown": sum(1 for a in done if not (a["done_on"] and a["due"])),
        "overdue": sum(1 for _, a in open_ if a["due"] and a["due"] < today),
        "wont_do": sum(1 for _, a in acts if a["status"] == "wont-do"),
        "open": sum(1 for _, a in acts if a["status"] == "open"),
        "in_progress": sum(1 for _, a in acts if a["status"] == "in-progress"),
        "median_open_age_days": median(ages),
        "open_age_n": len(ages),
    }


def completed_within_48h(recs: list[dict[str, Any]]) -> dict[str, Any]:
    with_resolved = [r for r in recs if r["times"]["resolved"]]
    ok = [
        r
        for r in with_resolved
        if r["times"]["closed"] and _hours(r["times"]["closed"], r["times"]["resolved"]) <= WINDOW_HOURS
    ]
    return share(len(ok), len(with_resolved))


def review(
    records: list[dict[str, Any]],
    period: Period,
    *,
    service: str | None = None,
    as_of: date,
    n_previous: int = PREVIOUS,
    actions_of=None,
) -> dict[str, Any]:
    """The review of ``period``. Records of earlier periods may come without ``actions`` (then
    ``actions_of(record)`` gives them when a theme needs them)."""
    with paused_gc():  # tens of thousands of small records and no cycles: see records.paused_gc
        return _review(records, period, service, as_of, n_previous, actions_of)


def _review(records, period, service, as_of, n_previous, actions_of) -> dict[str, Any]:
    months_of = _by_month(records, service)
    recs, dropped = _select(months_of, period, service)
    of_severity: dict[str, list[dict[str, Any]]] = {sev: [] for sev in SEVERITIES}
    of_service: dict[str, list[dict[str, Any]]] = {}
    for r in recs:
        if r["severity"] in of_severity:
            of_severity[r["severity"]].append(r)
        for s in dict.fromkeys(r["services"]):
            of_service.setdefault(s, []).append(r)
    by_severity = {}
    for sev, group in of_severity.items():
        by_severity[sev] = {"count": len(group), **{k: figure(r["figures"][k] for r in group) for k in FIGURES}}
    services: dict[str, dict[str, Any]] = {}
    for s in sorted(of_service):
        group = of_service[s]
        services[s] = {"count": len(group), "impact_minutes": figure(r["impact_minutes"] for r in group)}
    months = {m: {"count": 0} for m in period.months}
    for r in recs:
        months[r["times"]["started"][:7]]["count"] += 1
    prev = []
    earlier = previous(period, n_previous)
    lookback = (earlier[-1].start if earlier else period.start).isoformat()
    for p in earlier:
        prs, pdrop = _select(months_of, p, service)
        pm_months = {m: {"count": 0} for m in p.months}
        sev_count = Counter(r["severity"] for r in prs)
        for r in prs:
            pm_months[r["times"]["started"][:7]]["count"] += 1
        prev.append(
            {
                "period": p.public(),
                "postmortems": len(prs),
                "excluded": len(pdrop),
                "by_severity": {s: sev_count.get(s, 0) for s in SEVERITIES},
                "by_event_type": _counts(r["event_type"] for r in prs),
                "by_trigger_kind": _counts(r["trigger_kind"] for r in prs),
                "by_service": dict(sorted(Counter(s for r in prs for s in r["services"]).items())),
                "by_month": pm_months,
            }
        )
    known_source = [r for r in recs if r["detection_source"]]
    slo = Counter("unknown" if r["slo_breached"] is None else ("yes" if r["slo_breached"] else "no") for r in recs)
    impact = [r["impact_minutes"] for r in recs if r["impact_minutes"] is not None]
    in_period = {r["id"] for r in recs}
    # themes look back over the period and the previous periods shown
    history = [
        r
        for r in records
        if not (r["exclude_from_metrics"] or r["status"] == "draft")
        and r["times"]["started"]
        and lookback <= r["times"]["started"][:10] < period.end.isoformat()
        and (service is None or service in r["services"])
    ]
    return {
        "period": period.public(),
        "as_of": as_of.isoformat(),
        "service": service,
        "postmortems": len(recs),
        "excluded": {
            "total": len(dropped),
            "exclude_from_metrics": sum(excluded_reason(r) == "exclude_from_metrics" for r in dropped),
            "draft": sum(excluded_reason(r) == "draft" for r in dropped),
            "items": [
                {"id": r["id"], "file": r["file"], "reason": excluded_reason(r)}
                for r in sorted(dropped, key=lambda r: r["id"])
            ],
        },
        "by_severity": by_severity,
        "by_event_type": _counts(r["event_type"] for r in recs),
        "by_trigger_kind": _counts(r["trigger_kind"] for r in recs),
        "by_service": services,
        "by_month": months,
        "previous": prev,
        "customer_impact": {
            "minutes_total": number(sum(impact)),
            "minutes": figure(impact),
            "slo_breached": {k: slo.get(k, 0) for k in ("yes", "no", "unknown")},
        },
        "detection": {
            "by_source": _counts(r["detection_source"] for r in recs),
            "customer_first": share(sum(r["detection_source"] == "customer" for r in known_source), len(known_source)),
        },
        "themes": themes(history, in_period, actions_of=actions_of),
        "actions": actions(recs, as_of),
        "completed_within_48h": completed_within_48h(recs),
    }
