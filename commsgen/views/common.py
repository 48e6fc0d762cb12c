"""Building blocks shared by the audience views.

A view is plain data (dicts, lists, strings, numbers): the only thing a template of that
audience receives. ``Sources`` records which source field each string came from, so a
redaction finding in the rendered output can name the field (``timeline[3].public_text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, overload

from commsgen.config import Config
from commsgen.model.derived import durations, fmt_duration
from commsgen.model.schema import Postmortem

EVENT_TYPE_WORDS = {
    "outage": "outage",
    "degradation": "service degradation",
    "security": "security incident",
    "data-loss": "data loss incident",
    "performance": "performance problem",
    "other": "incident",
}


class Refused(Exception):
    """This audience gets no version of this postmortem (e.g. security disclosure pending)."""

    def __init__(self, audience: str, reason: str):
        self.audience = audience
        self.reason = reason
        super().__init__(reason)


@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class Sources:
    """(field path, text) pairs of every free-text value a view hands to its template."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def take(self, path: str, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            self.items.append((path, value))
        return value

    def field_for(self, needle: str) -> str | None:
        """The source field whose text contains ``needle`` (case-insensitive), if any."""
        n = needle.strip().lower()
        if not n:
            return None
        # the fields lower-cased once, and the answer kept per needle: a hostile output holds a
        # hundred thousand findings of one word, each asking (the fields are a megabyte each)
        memo = self.__dict__.get("_lowered")
        if memo is None or memo[0] is not self.items or memo[1] != len(self.items):
            memo = (self.items, len(self.items), [(p, t.lower()) for p, t in self.items], {})
            self.__dict__["_lowered"] = memo
        found: dict[str, str | None] = memo[3]
        if n not in found:
            found[n] = next((path for path, low in memo[2] if n in low), None)
        return found[n]


@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class View:
    audience: str
    data: dict[str, Any]
    sources: Sources


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@overload
def when(dt: datetime) -> dict[str, str]: ...
@overload
def when(dt: None) -> None: ...
def when(dt: datetime | None) -> dict[str, str] | None:
    """A time as templates need it: UTC display (as ``fmt_utc``), ISO 8601, a date in words."""
    if dt is None:
        return None
    from commsgen.model.derived import utc

    u = utc(dt)
    hm = f"{u.hour:02d}:{u.minute:02d}"
    day = f"{u.year:04d}-{u.month:02d}-{u.day:02d}"
    sec = f":{u.second:02d}" if u.second else ""
    return {
        "utc": f"{day} {hm}{sec} UTC",
        "iso": f"{day}T{hm}:{u.second:02d}Z",
        "date": f"{MONTHS[u.month - 1]} {u.day}, {u.year}",
        "time": f"{hm} UTC",
    }


def duration_items(pm: Postmortem) -> list[dict[str, str]]:
    return [{"label": label, "value": fmt_duration(td)} for label, td in durations(pm).items() if td is not None]


def impact_duration(pm: Postmortem) -> str:
    return fmt_duration(durations(pm).duration_of_impact)


def public_services(pm: Postmortem) -> list[str]:
    return [s.public_name for s in pm.services if s.public_name]


def public_title(pm: Postmortem) -> str:
    """A title safe for outside readers: the customer title, else one composed from public names."""
    if pm.customer and pm.customer.title:
        return pm.customer.title
    names = public_services(pm)
    what = EVENT_TYPE_WORDS.get(pm.event_type.value, "incident").capitalize()
    if names:
        return f"{what} affecting {', '.join(names[:3])}" + (" and more" if len(names) > 3 else "")
    return f"{what} on {when(pm.times.started)['date']}"


def disclosure_withheld(pm: Postmortem, what: str) -> str | None:
    """The spec's rule for every public output: no ``what`` of a security event until its disclosure
    decision is `approved` or `not-required`. The reason to give, or None when it may be produced."""
    if pm.event_type.value != "security":
        return None
    decision = pm.disclosure_decision
    if decision in ("approved", "not-required"):
        return None
    why = "is `pending`" if decision == "pending" else "is not recorded (`security.disclosure.decision`)"
    return (
        f"{pm.id} is a security event whose disclosure decision {why}: no {what} is produced until it "
        "is `approved` or `not-required`"
    )


def state(pm: Postmortem) -> str:
    return "resolved" if pm.times.resolved else ("mitigated" if pm.times.mitigated else "ongoing")


def base(pm: Postmortem, config: Config) -> dict[str, Any]:
    return {
        "company": config.company,
        "id": pm.id,
        "severity": pm.severity.value,
        "event_type": pm.event_type.value,
        "event_type_words": EVENT_TYPE_WORDS.get(pm.event_type.value, "incident"),
        "state": state(pm),
        "started": when(pm.times.started),
        "resolved": when(pm.times.resolved),
        "mitigated": when(pm.times.mitigated),
        "duration": impact_duration(pm),
    }
