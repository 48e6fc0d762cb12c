"""Times that agree with each other (``time.*``; docs/TIME-CHECKS.md). Checks on the model: each
yields ``ModelIssue`` with the field path it is about (located in the source file by the caller).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from collections.abc import Iterator

from commsgen.lint import prosetime as pt
from commsgen.lint.context import LintContext
from commsgen.lint.rules_model import ModelIssue
from commsgen.model.derived import out_of_order, utc
from commsgen.model.schema import Postmortem

ORDER = ("started", "detected", "acknowledged", "identified", "mitigated", "resolved", "closed")


def _fmt(dt: datetime) -> str:
    return utc(dt).strftime("%Y-%m-%d %H:%M UTC")


def _span(td: timedelta) -> str:
    m = abs(int(td.total_seconds())) // 60
    d, rem = divmod(m, 1440)
    h, mi = divmod(rem, 60)
    return " ".join(
        p for p in (f"{d}d" if d else "", f"{h}h" if h else "", f"{mi}m" if mi or not (d or h) else "") if p
    )


def key_order(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    for a, b in out_of_order(pm):
        ta, tb = getattr(pm.times, a), getattr(pm.times, b)
        yield ModelIssue(
            ("times", b),
            f"`times.{b}` ({_fmt(tb)}) is {_span(ta - tb)} before `times.{a}` "
            f"({_fmt(ta)}); key times run started, detected, acknowledged, "
            "identified, mitigated, resolved, closed",
            "check both for a typo (day, month, or a time zone); an alert can fire before users "
            "feel impact, but most inversions are typos",
        )


def _anchors(pm: Postmortem) -> tuple[datetime, datetime]:
    ts = [getattr(pm.times, k) for k in ORDER if getattr(pm.times, k) is not None]
    return min(ts), max(ts)


def event_window(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    first, last = _anchors(pm)
    slack = timedelta(hours=ctx.event_window_hours)
    for i, e in enumerate(pm.timeline):
        if e.context:
            continue
        if e.at < first - slack:
            where = f"{_span(first - e.at)} before the first key time ({_fmt(first)})"
        elif e.at > last + slack:
            where = f"{_span(e.at - last)} after the last key time ({_fmt(last)})"
        else:
            continue
        yield ModelIssue(
            ("timeline", i, "at"),
            f"timeline event at {_fmt(e.at)} is {where}",
            "fix the date if it is a typo; if it is background (the change weeks before, a "
            "follow-up after), mark the event `context: true`",
            e.text[:60],
        )


# ------------------------------------------------------------------------------ public text
def public_texts(pm: Postmortem) -> Iterator[tuple[tuple, str, datetime | None]]:
    """(field path, text, the time it was written for: a status update's `at`) of customer-facing text."""
    if pm.customer:
        for key in ("title", "summary", "what_happened", "what_we_are_doing", "apology"):
            v = getattr(pm.customer, key)
            if v:
                yield ("customer", key), v, None
    if pm.status_page:
        for i, u in enumerate(pm.status_page.updates):
            yield ("status_page", "updates", i, "body"), u.body, (u.at if u.status != "resolved" else None)
    for i, e in enumerate(pm.timeline):
        if "customer" in e.audience and e.public_text:
            yield ("timeline", i, "public_text"), e.public_text, None


def _ends(pm: Postmortem) -> list[tuple[str, datetime]]:
    return [(k, getattr(pm.times, k)) for k in ("mitigated", "resolved") if getattr(pm.times, k) is not None]


def _resolve(w: pt.Window, context_day: date | None, pm: Postmortem, zone: int | None):
    """(start, end) of a window in UTC (None where a side cannot be placed), filling dates from
    the text around it or, for an incident within one or two days, from the key times."""
    start, end = utc(pm.times.started), _ends(pm)[-1][1] if _ends(pm) else None
    year = start.year
    a, b = w.a, w.b

    def day(p: pt.Point, other: pt.Point) -> date | None:
        d = p.day or other.day or context_day
        if d is not None and d.year == 1:
            d = d.replace(year=year)
        return d

    da, db = day(a, b), day(b, a)
    if da is None or db is None:
        if end is None or (utc(end).date() - start.date()).days > 1:
            return None  # a time of day in a many-day incident: which day is not said
        da, db = da or start.date(), db or utc(end).date()
    zone = a.zone if a.zone is not None else (b.zone if b.zone is not None else zone)
    if a.minutes is None or b.minutes is None:  # dates only: whole days
        return ("day", da, db)
    ta, tb = pt.to_utc(a, da, zone), pt.to_utc(b, db, zone)
    if tb < ta and b.day is None:
        tb += timedelta(days=1)  # "from 22:00 to 02:00"
    return ("time", ta, tb)


def public_window(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    tol = timedelta(minutes=ctx.time_tolerance_minutes)
    started = utc(pm.times.started)
    ends = [(k, utc(v)) for k, v in _ends(pm)]
    for path, text, _ in public_texts(pm):
        pts = pt.points(text)
        if len(pts) < 2:
            continue
        wins = pt.windows(text, pts)
        in_window = {p for w in wins for p in (w.a, w.b)}
        for w in wins:
            singles = [p.day for p in pts if p not in in_window and p.day and p.minutes is None and p.end <= w.start]
            zones = [p.zone for p in pts if p.zone is not None]
            r = _resolve(w, singles[-1] if singles else None, pm, zones[0] if zones else None)
            if r is None:
                continue
            kind, a, b = r
            if kind == "day":
                ok_a = a == started.date()
                ok_b = not ends or any(b == v.date() for _, v in ends)
                said = f"{a.isoformat()} to {b.isoformat()}"
            else:
                ok_a = abs(a - started) <= tol
                ok_b = not ends or any(abs(b - v) <= tol for _, v in ends)
                said = f"{_fmt(a)} to {_fmt(b)}"
            if ok_a and ok_b:
                continue
            keys = f"`times.started` {_fmt(started)}" + "".join(f", `times.{k}` {_fmt(v)}" for k, v in ends)
            off = "" if kind == "day" else f" ({_span(a - started)} off at the start)" if not ok_a else ""
            zone_note = "" if any(p.zone is not None for p in (w.a, w.b)) else "; a time without a zone is read as UTC"
            yield ModelIssue(
                path,
                f"the text gives the window {said}, which the key times contradict ({keys}){off}{zone_note}",
                "make the text and the key times agree (customers read both: the header shows "
                "the key times); if you wrote local time, convert it to UTC and say so",
                text[w.start : w.end],
            )


def public_duration(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    tol = float(ctx.time_tolerance_minutes)
    started = pm.times.started
    ends = _ends(pm)
    for path, text, written_at in public_texts(pm):
        for d in pt.durations(text):
            actual = [(f"`times.{k}` - `times.started`", (v - started).total_seconds() / 60) for k, v in ends]
            if written_at is not None:  # an update while it was going on
                actual.append(("the update's time - `times.started`", (written_at - started).total_seconds() / 60))
            if not actual or any(pt.duration_fits(d, a, tol) for _, a in actual):
                continue
            figures = ", ".join(f"{what} = {_span(timedelta(minutes=a))}" for what, a in actual)
            yield ModelIssue(
                path,
                f"the text says \"{text[d.start : d.end]}\" ({_span(timedelta(minutes=d.minutes))}),"
                f" but the key times give {figures}",
                "state the duration the key times give (the header shows it), or fix the key times",
                text[d.start : d.end],
            )


# ------------------------------------------------------------------------------ status updates
def _updates(pm: Postmortem):
    return list(enumerate(pm.status_page.updates)) if pm.status_page else []


def status_order(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    ups = _updates(pm)
    for (_, prev), (i, u) in zip(ups, ups[1:]):
        if u.at < prev.at:
            yield ModelIssue(
                ("status_page", "updates", i, "at"),
                f"status update {i + 1} ({_fmt(u.at)}) is listed after one posted later ({_fmt(prev.at)})",
                "list updates in the order they were posted; check the time for a typo",
            )


def status_after_resolved(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    tol = timedelta(minutes=ctx.time_tolerance_minutes)
    resolved = pm.times.resolved
    first_resolved = min((u.at for _, u in _updates(pm) if u.status == "resolved"), default=None)
    for i, u in _updates(pm):
        if u.status == "resolved":
            continue
        if resolved is not None and u.at > resolved + tol:
            why = f"after `times.resolved` ({_fmt(resolved)})"
        elif first_resolved is not None and u.at > first_resolved:
            why = f"after the `resolved` update of {_fmt(first_resolved)}"
        else:
            continue
        yield ModelIssue(
            ("status_page", "updates", i, "status"),
            f"{'an' if u.status[0] in 'aeiou' else 'a'} `{u.status}` update at {_fmt(u.at)} comes {why}",
            "an update after resolution says `resolved`; if the incident came back, record it "
            "(new key times, or a new postmortem)",
        )


def status_resolved_early(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    tol = timedelta(minutes=ctx.time_tolerance_minutes)
    resolved = pm.times.resolved
    for i, u in _updates(pm):
        if u.status != "resolved":
            continue
        if resolved is None:
            yield ModelIssue(
                ("status_page", "updates", i, "status"),
                "a `resolved` update, but `times.resolved` is not set",
                "add `resolved:` under `times:`",
            )
        elif u.at < resolved - tol:
            yield ModelIssue(
                ("status_page", "updates", i, "at"),
                f"the `resolved` update ({_fmt(u.at)}) is {_span(resolved - u.at)} before "
                f"`times.resolved` ({_fmt(resolved)})",
                "post `resolved` when service is fully back (or use `monitoring` before), or fix `times.resolved`",
            )


def status_before_start(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    first, _ = _anchors(pm)
    slack = timedelta(minutes=ctx.time_tolerance_minutes)
    for i, u in _updates(pm):
        if u.at < first - slack:
            yield ModelIssue(
                ("status_page", "updates", i, "at"),
                f"status update at {_fmt(u.at)} is {_span(first - u.at)} before the first key time ({_fmt(first)})",
                "check the date of the update, or of `times.started`",
            )


def action_due_before(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    start = utc(pm.times.started).date()
    for i, a in enumerate(pm.action_items):
        if a.due is not None and a.due < start:
            yield ModelIssue(
                ("action_items", i, "due"),
                f"action \"{a.title}\" is due {a.due.isoformat()}, before the incident started ({start.isoformat()})",
                "fix the year or month of `due:`",
                a.title[:60],
            )
