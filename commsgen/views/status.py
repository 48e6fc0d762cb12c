"""The status-page view: the only data any status-page output (text, Statuspage, Cachet, cState,
Gatus) receives.

Internal by default: this module reads ``customer``, ``status_page``, the key ``times``,
``severity`` / ``event_type`` (classifications, never shown as text), the ``public_name`` of
services, and the ``components`` mapping of commsgen.toml. It never reads ``title``,
``summary``, ``timeline``, ``people``, ``links`` or any other internal field; tests put unique
markers in every one of them and assert none reaches any status output.

The severity tables (``STATUS_TABLES``) are data; ``[status]`` in commsgen.toml overrides any
entry. docs/STATUS-PAGES.md documents every table and mapping.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from commsgen.config import Config
from commsgen.model.derived import fmt_utc, utc
from commsgen.model.schema import Postmortem
from commsgen.views.common import Refused, Sources, disclosure_withheld, public_title

# severity -> each target's vocabulary (built-in; `[status]` in commsgen.toml overrides per key)
STATUS_TABLES: dict[str, dict[str, object]] = {
    # Statuspage `impact_override` (and the view's public impact level)
    "statuspage": {"SEV1": "critical", "SEV2": "major", "SEV3": "minor", "SEV4": "minor", "SEV5": "none"},
    # Statuspage `components` value while the incident is open
    "component_status": {
        "SEV1": "major_outage",
        "SEV2": "partial_outage",
        "SEV3": "degraded_performance",
        "SEV4": "degraded_performance",
        "SEV5": "operational",
    },
    # Cachet 3 `components[].component_status` while open: 1 operational, 2 performance issues,
    # 3 partial outage, 4 major outage
    "cachet": {"SEV1": 4, "SEV2": 3, "SEV3": 2, "SEV4": 2, "SEV5": 1},
    # cState front matter `severity`
    "cstate": {"SEV1": "down", "SEV2": "disrupted", "SEV3": "disrupted", "SEV4": "notice", "SEV5": "notice"},
    # Gatus announcement `type` for updates that are not `resolved`
    "gatus": {"SEV1": "outage", "SEV2": "outage", "SEV3": "warning", "SEV4": "warning", "SEV5": "information"},
}

STATUS_WORDS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
}

_WHAT = {"outage": "An outage", "degradation": "Degraded performance", "performance": "Degraded performance"}


class StatusRefused(Refused):
    """No status-page output for this postmortem (a security event whose disclosure is not decided).

    A ``Refused`` (audience ``status``): the pipeline turns it into a refused output and the CLI
    into exit code 1 with ``reason`` as the message."""

    rule = "status.disclosure-pending"

    def __init__(self, reason: str):
        super().__init__("status", reason)


class PublicUpdate(NamedTuple):
    at: datetime  # UTC
    status: str  # investigating | identified | monitoring | resolved
    body: str

    @property
    def word(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def at_utc(self) -> str:
        return fmt_utc(self.at)


class PublicComponent(NamedTuple):
    name: str | None  # public name (service public_name, config name, status_page.components)
    component_id: str | None  # the status page's component id (commsgen.toml `components`)


class StatusView(NamedTuple):
    title: str
    severity: str  # SEV1..SEV5: only to look up the tables, never printed
    event_type: str
    impact: str  # none | minor | major | critical
    status: str  # current status
    updates: tuple[PublicUpdate, ...]  # oldest first, UTC
    composed: bool  # True when `status_page.updates` was absent
    components: tuple[PublicComponent, ...]
    started: datetime  # UTC
    resolved: datetime | None  # UTC
    summary: str | None
    what_happened: str | None
    what_we_are_doing: str | None
    apology: str | None
    company: str
    status_url: str | None

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components if c.name]

    @property
    def mapped_components(self) -> list[PublicComponent]:
        return [c for c in self.components if c.component_id]

    @property
    def latest(self) -> PublicUpdate:
        return self.updates[-1]

    def table(self, name: str, config: Config) -> object:
        """The value of table ``name`` for this view's severity (config override first)."""
        override = getattr(config.status, name)
        return override.get(self.severity, STATUS_TABLES[name][self.severity])


def refusal(pm: Postmortem) -> StatusRefused | None:
    """The spec: no public version of a security event until disclosure is approved or not required."""
    reason = disclosure_withheld(pm, "status-page output")
    return StatusRefused(reason) if reason else None


def _components(pm: Postmortem, config: Config) -> tuple[PublicComponent, ...]:
    out: list[PublicComponent] = []
    seen_names: set[str] = set()
    seen_ids: set[str] = set()
    for s in pm.services:
        mapped = config.component(s.id)
        name = s.public_name or (mapped.name if mapped else None)
        cid = mapped.id if mapped else None
        if name is None and cid is None:
            continue  # internal-only service: never named, never mapped
        if (name and name in seen_names) or (cid and cid in seen_ids):
            continue
        out.append(PublicComponent(name, cid))
        seen_names.add(name or "")
        seen_ids.add(cid or "")
    for name in pm.status_page.components if pm.status_page else []:
        if name not in seen_names:
            out.append(PublicComponent(name, None))
            seen_names.add(name)
    return tuple(out)


def _names_phrase(names: list[str]) -> str:
    if not names:
        return "some of our services"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _composed_update(pm: Postmortem, names: list[str]) -> PublicUpdate:
    """One update from the key times and `customer`, when `status_page.updates` is absent."""
    t = pm.times
    what = _WHAT.get(pm.event_type.value, "A service disruption")
    on = _names_phrase(names)
    c = pm.customer
    if t.resolved:
        body = (
            c.summary
            if c and c.summary
            else f"{what} affected {on} from {fmt_utc(t.started)} to {fmt_utc(t.resolved)}. The issue is resolved."
        )
        return PublicUpdate(utc(t.resolved), "resolved", body)
    body = (
        c.summary
        if c and c.summary
        else f"{what} has been affecting {on} since {fmt_utc(t.started)}. We are investigating."
    )
    return PublicUpdate(utc(t.started), "investigating", body)


def status_view(pm: Postmortem, config: Config) -> StatusView:
    """The public status-page data of ``pm``; raises ``StatusRefused`` for an undisclosed security event."""
    refused = refusal(pm)
    if refused:
        raise refused
    components = _components(pm, config)
    names = [c.name for c in components if c.name]
    sp = pm.status_page
    if sp and sp.updates:
        updates = tuple(PublicUpdate(utc(u.at), u.status, u.body) for u in sorted(sp.updates, key=lambda u: u.at))
        composed = False
    else:
        updates = (_composed_update(pm, names),)
        composed = True
    severity = pm.severity.value
    impact = str(
        sp.impact if sp and sp.impact else config.status.statuspage.get(severity, STATUS_TABLES["statuspage"][severity])
    )
    status = updates[-1].status
    c = pm.customer
    return StatusView(
        title=public_title(pm),
        severity=severity,
        event_type=pm.event_type.value,
        impact=impact,
        status=status,
        updates=updates,
        composed=composed,
        components=components,
        started=utc(pm.times.started),
        resolved=utc(pm.times.resolved) if pm.times.resolved else None,
        summary=c.summary if c else None,
        what_happened=c.what_happened if c else None,
        what_we_are_doing=c.what_we_are_doing if c else None,
        apology=c.apology if c else None,
        company=config.company,
        status_url=config.status.url,
    )


def status_sources(pm: Postmortem) -> Sources:
    """The source fields a status output is made of, for tracing a redaction finding back."""
    from commsgen.views.common import Sources

    src = Sources()
    if pm.customer:
        for key in ("title", "summary", "what_happened", "what_we_are_doing", "apology"):
            src.take(f"customer.{key}", getattr(pm.customer, key))
    if pm.status_page:
        for i, u in enumerate(pm.status_page.updates):
            src.take(f"status_page.updates[{i}].body", u.body)
        for i, c in enumerate(pm.status_page.components):
            src.take(f"status_page.components[{i}]", c)
    for i, s in enumerate(pm.services):
        src.take(f"services[{i}].public_name", s.public_name)
    return src
