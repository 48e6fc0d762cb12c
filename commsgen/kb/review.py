"""Pattern reviews: figures over the postmortems of a period, with exact definitions and every
exclusion stated (docs/KNOWLEDGE-BASE.md). Pure functions of knowledge-base records.

Left out of every figure (and counted in ``excluded``): postmortems with ``exclude_from_metrics``
(drills, tests, false alarms) and drafts (not reviewed yet).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from commsgen.kb.earlier import Count, FromIndex, FromRecords, excluded, in_scope, item
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
            (dropped if excluded(r) else kept).append(r)
    return kept, dropped


def _counts(values) -> dict[str, int]:
    return dict(sorted(Counter(v if v is not None else "unknown" for v in values).items()))


def _hours(a: str, b: str) -> float:
    from datetime import datetime

    return (
        datetime.fromisoformat(a) - datetime.fromisoformat(b)  # Python 3.11 reads the "Z" of UTC
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
    earlier: FromRecords | FromIndex | None = None,
) -> dict[str, Any]:
    """The review of ``period``. ``earlier``: where the periods before it are read (counts and the
    incidents themes look through), e.g. ``earlier.FromIndex`` with ``records`` holding the period's
    only; by default ``records`` hold them too. ``actions_of(rowids)`` gives the actions of incidents
    read without them, when a theme needs them."""
    with paused_gc():  # tens of thousands of small records and no cycles: see records.paused_gc
        return _review(records, period, service, as_of, n_previous, actions_of, earlier or FromRecords(records))


def _previous(p: Period, rows: list[Count]) -> dict[str, Any]:
    """The comparison figures of an earlier period, from count rows (``earlier.Count``) of its months."""
    kept = [x for x in rows if not x[5]]
    pm_months = {m: {"count": 0} for m in p.months}
    sev_count: Counter[str] = Counter()
    event_types: Counter[str] = Counter()
    triggers: Counter[str] = Counter()
    services: Counter[str] = Counter()
    for month, sev, et, tk, svc, _, n in kept:
        pm_months[month]["count"] += n
        sev_count[sev] += n
        event_types[et if et is not None else "unknown"] += n
        triggers[tk if tk is not None else "unknown"] += n
        for s in svc:
            services[s] += n
    return {
        "period": p.public(),
        "postmortems": sum(x[6] for x in kept),
        "excluded": sum(x[6] for x in rows if x[5]),
        "by_severity": {s: sev_count.get(s, 0) for s in SEVERITIES},
        "by_event_type": dict(sorted(event_types.items())),
        "by_trigger_kind": dict(sorted(triggers.items())),
        "by_service": dict(sorted(services.items())),
        "by_month": pm_months,
    }


def _review(records, period, service, as_of, n_previous, actions_of, earlier) -> dict[str, Any]:
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
        figs = [r["figures"] for r in group]
        by_severity[sev] = {"count": len(group), **{k: figure([f[k] for f in figs]) for k in FIGURES}}
    services: dict[str, dict[str, Any]] = {}
    for s in sorted(of_service):
        group = of_service[s]
        services[s] = {"count": len(group), "impact_minutes": figure(r["impact_minutes"] for r in group)}
    months = {m: {"count": 0} for m in period.months}
    for r in recs:
        months[r["times"]["started"][:7]]["count"] += 1
    before = previous(period, n_previous)
    lookback = (before[-1].start if before else period.start).isoformat()
    counts = earlier.counts(lookback, period.start.isoformat(), service) if before else []
    prev = []
    for p in before:
        of_p = set(p.months)
        prev.append(_previous(p, [x for x in counts if x[0] in of_p]))
    known_source = [r for r in recs if r["detection_source"]]
    slo = Counter("unknown" if r["slo_breached"] is None else ("yes" if r["slo_breached"] else "no") for r in recs)
    impact = [r["impact_minutes"] for r in recs if r["impact_minutes"] is not None]
    in_period = {r["id"] for r in recs}
    # themes look back over the period and the previous periods shown
    start, end = period.start.isoformat(), period.end.isoformat()
    history = earlier.items(lookback, start, service) + [item(r) for r in records if in_scope(r, start, end, service)]
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
