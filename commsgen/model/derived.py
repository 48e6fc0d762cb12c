"""Figures derived from a postmortem: durations between key times, elapsed time of events,
and the 48-hour review rule. Pure functions of the model, shared by every view and check."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import NamedTuple

from commsgen.model.schema import Event, Postmortem

REVIEW_WINDOW = timedelta(hours=48)
KEY_TIMES = ("started", "detected", "acknowledged", "identified", "mitigated", "resolved", "closed")


def utc(dt: datetime) -> datetime:
    return dt.astimezone(timezone.utc)


def fmt_utc(dt: datetime | None) -> str:
    """``2026-11-20 14:02 UTC`` (seconds shown only when not zero)."""
    if dt is None:
        return ""
    u = utc(dt)
    return u.strftime("%Y-%m-%d %H:%M:%S UTC" if u.second else "%Y-%m-%d %H:%M UTC")


def fmt_duration(td: timedelta | None) -> str:
    """The one duration format of every output: ``45m``, ``1h 18m``, ``2h 0m``, ``1d 0h 11m``.

    Every unit below the largest is written, even when it is zero, so that no figure loses its
    minutes (24h 11m is ``1d 0h 11m``, never ``1d``). Seconds are shown only for durations under
    a minute (``40s``); longer ones are cut to the whole minute (a postmortem's times are
    minute-precise). A negative duration gets a minus sign."""
    if td is None:
        return ""
    total = int(td.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rem = divmod(total, 86400)
    hours, rem = divmod(rem, 3600)
    minutes, seconds = divmod(rem, 60)
    if days:
        return f"{sign}{days}d {hours}h {minutes}m"
    if hours:
        return f"{sign}{hours}h {minutes}m"
    if minutes or not seconds:
        return f"{sign}{minutes}m"
    return f"{sign}{seconds}s"


def fmt_elapsed(td: timedelta) -> str:
    """Elapsed since impact began: ``fmt_duration`` with a sign, ``+7m``, ``+1h 5m``, ``-3m``."""
    text = fmt_duration(td)
    return text if text.startswith("-") else "+" + text


class Durations(NamedTuple):
    time_to_detect: timedelta | None
    time_to_acknowledge: timedelta | None
    time_to_identify: timedelta | None
    time_to_mitigate: timedelta | None
    time_to_resolve: timedelta | None
    duration_of_impact: timedelta | None

    def items(self) -> list[tuple[str, timedelta | None]]:
        return [
            ("Time to detect", self.time_to_detect),
            ("Time to acknowledge", self.time_to_acknowledge),
            ("Time to identify", self.time_to_identify),
            ("Time to mitigate", self.time_to_mitigate),
            ("Time to resolve", self.time_to_resolve),
            ("Duration of impact", self.duration_of_impact),
        ]


def _diff(a: datetime | None, b: datetime | None) -> timedelta | None:
    return None if a is None or b is None else a - b


def durations(pm: Postmortem) -> Durations:
    """Every figure is measured from ``started`` except time to acknowledge (from ``detected``).

    The spec defines detect = detected - started and acknowledge = acknowledged - detected;
    identify, mitigate and resolve are measured from ``started`` too, as incident reviews quote
    them ("mitigated 46 minutes in"). Duration of impact ends at resolved, else mitigated.
    """
    t = pm.times
    end = t.resolved or t.mitigated
    return Durations(
        time_to_detect=_diff(t.detected, t.started),
        time_to_acknowledge=_diff(t.acknowledged, t.detected),
        time_to_identify=_diff(t.identified, t.started),
        time_to_mitigate=_diff(t.mitigated, t.started),
        time_to_resolve=_diff(t.resolved, t.started),
        duration_of_impact=_diff(end, t.started),
    )


def elapsed(pm: Postmortem, event: Event) -> timedelta:
    return event.at - pm.times.started


def out_of_order(pm: Postmortem) -> list[tuple[str, str]]:
    """Pairs of key times that stand in the wrong order (later key earlier than an earlier key).

    ``resolved`` before ``started`` is a validation error; every other pair is a warning
    (an alert can fire before users feel impact)."""
    t = pm.times
    present = [(k, getattr(t, k)) for k in KEY_TIMES if getattr(t, k) is not None]
    bad = []
    for i, (ka, va) in enumerate(present):
        for kb, vb in present[i + 1 :]:
            if vb < va:
                bad.append((ka, kb))
    return bad


def review_overdue(pm: Postmortem, now: datetime | None = None) -> str | None:
    """The spec's 48-hour rule: a reason string when the review is late, else None."""
    t = pm.times
    if t.resolved is None:
        return None
    if t.closed is not None and t.closed - t.resolved > REVIEW_WINDOW:
        return (
            f"the postmortem was closed {fmt_duration(t.closed - t.resolved)} after resolution; "
            "reviews should be completed within 48 hours"
        )
    if now is None:
        from commsgen.clock import now as clock_now

        now = clock_now()
    if pm.status.value == "draft" and now - t.resolved > REVIEW_WINDOW:
        return (
            f"still a draft {fmt_duration(now - t.resolved)} after resolution; "
            "move it to in-review within 48 hours of resolution"
        )
    return None


def overdue_actions(pm: Postmortem, today: date | None = None) -> list[int]:
    """Indexes of open or in-progress actions whose due date has passed on ``today`` (default: the
    date the document is made, ``commsgen.clock.today``, which honours ``SOURCE_DATE_EPOCH``)."""
    if today is None:
        from commsgen.clock import today as clock_today

        today = clock_today()
    return [
        i
        for i, a in enumerate(pm.action_items)
        if a.status in ("open", "in-progress") and a.due is not None and a.due < today
    ]
