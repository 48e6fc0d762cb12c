"""Pydantic v2 models of postmortem format v1 (see docs/FORMAT-NOTES.md for choices the spec leaves open).

Every model forbids unknown keys; the loader turns pydantic errors into located paragraphs
with the nearest valid key suggested. Naive timestamps take the file's ``timezone`` through
the validation context (``{"tz": ZoneInfo}``), set by the loader.
"""

import re
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import TzInfo

from commsgen.model.terms import (  # re-exported: DenyRegex, WaiverAudience
    DenyRegex,  # noqa: F401
    DenyTerm,
    NonEmpty,
    Strict,
    Waiver,
    WaiverAudience,  # noqa: F401
    _as_list,
    new_dict,
    new_list,
)

FORMAT_ID = "commsgen/postmortem/v1"

# Annotations are evaluated when a class is defined (no ``from __future__ import annotations`` in
# this module): pydantic would otherwise compile and evaluate every annotation string again.


def _aware(value: datetime, info: ValidationInfo) -> datetime:
    if value.tzinfo.__class__ is TzInfo:  # a fixed UTC offset, as pydantic reads `Z` or `+01:00`
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        tz = (info.context or {}).get("tz")
        if tz is None:
            raise ValueError(
                "this time has no UTC offset; write it as 2026-11-20T14:02:00Z (or +01:00), "
                "or set `timezone:` at the top of the file (an IANA name such as Europe/Berlin)"
            )
        value = value.replace(tzinfo=tz)
    return value


Timestamp = Annotated[datetime, AfterValidator(_aware)]


StrList = Annotated[list[str], BeforeValidator(_as_list)]


def _identifier(value: str) -> str:
    """An id names folders, files and links: no control characters (NUL, tab, line breaks, escape
    sequences) and not blank."""
    if not value.strip():
        raise ValueError("an id cannot be blank (only spaces)")
    bad = next((c for c in value if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0), None)
    if bad is not None:
        raise ValueError(
            f"an id cannot hold control characters (found U+{ord(bad):04X}); use letters, digits, `-`, `_` and `.`"
        )
    return value


Identifier = Annotated[str, Field(min_length=1), AfterValidator(_identifier)]


class Status(str, Enum):
    draft = "draft"
    in_review = "in-review"
    final = "final"


class EventType(str, Enum):
    outage = "outage"
    degradation = "degradation"
    security = "security"
    data_loss = "data-loss"
    performance = "performance"
    other = "other"


class Severity(str, Enum):
    SEV1 = "SEV1"
    SEV2 = "SEV2"
    SEV3 = "SEV3"
    SEV4 = "SEV4"
    SEV5 = "SEV5"

    @property
    def rank(self) -> int:
        return int(self.value[3])


class Service(Strict):
    id: Identifier
    public_name: str | None = None
    tier: int | None = None


Role = Literal["lead", "reporter", "responder", "comms", "scribe", "reviewer"]


class Person(Strict):
    name: NonEmpty
    role: Role
    team: str | None = None
    handle: str | None = None
    email: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", v):
            raise ValueError(f"`{v}` is not an email address (name@domain)")
        return v


class Times(Strict):
    started: Timestamp
    detected: Timestamp | None = None
    acknowledged: Timestamp | None = None
    identified: Timestamp | None = None
    mitigated: Timestamp | None = None
    resolved: Timestamp | None = None
    closed: Timestamp | None = None

    @model_validator(mode="after")
    def _resolved_after_started(self) -> "Times":
        if self.resolved is not None and self.resolved < self.started:
            raise ValueError(
                f"`resolved` ({self.resolved.isoformat()}) is before `started` "
                f"({self.started.isoformat()}): impact cannot end before it begins"
            )
        return self


class Impact(Strict):
    description: NonEmpty
    users_affected: Annotated[int, Field(ge=0)] | None = None
    users_affected_percent: Annotated[float, Field(ge=0, le=100)] | None = None
    regions: StrList = Field(default_factory=new_list)
    data_loss: bool = False
    slo_breached: bool | None = None  # three-valued (v1.1): absent means unknown, never printed as "No"
    revenue_usd: Annotated[float, Field(ge=0)] | None = None
    support_tickets: Annotated[int, Field(ge=0)] | None = None


EventKind = Literal["alert", "observation", "action", "decision", "communication", "mitigation", "resolution"]
Audience = Literal["engineering", "executive", "customer"]


def _engineering_only() -> list[Audience]:
    return ["engineering"]


class Event(Strict):
    at: Timestamp
    text: NonEmpty
    kind: EventKind = "observation"
    actor: str | None = None
    source: str | None = None
    audience: Annotated[list[Audience], BeforeValidator(_as_list)] = Field(default_factory=_engineering_only)
    public_text: str | None = None
    external_id: str | None = None  # v1.1: the source system's id of an imported event
    # extension: background outside the incident window (the change weeks before, a follow-up after);
    # kept in the engineering timeline and left alone by the check `time.event-window`
    context: bool = False


class Factor(Strict):
    kind: Literal["technical", "human", "external", "process"]
    description: NonEmpty


class Why(Strict):
    why: NonEmpty
    because: NonEmpty


class RootCause(Strict):
    summary: NonEmpty
    details: str | None = None


class Disclosure(Strict):
    decision: Literal["pending", "not-required", "approved"]
    notified: list[Literal["customers", "regulator", "law-enforcement"]] = Field(default_factory=new_list)
    approved_by: str | None = None


CVE_RE = re.compile(r"CVE-\d{4}-\d{4,}")


def _cve(v: str) -> str:
    if not CVE_RE.fullmatch(v):
        raise ValueError(f"`{v}` is not a CVE id (CVE-YYYY-NNNN)")
    return v


class Security(Strict):
    vulnerability_exposed: bool = False
    data_at_risk: str | None = None
    access_control_gaps: str | None = None
    detected_by_monitoring: bool | None = None
    cves: list[Annotated[str, AfterValidator(_cve)]] = Field(default_factory=new_list)
    disclosure: Disclosure | None = None


class Action(Strict):
    title: NonEmpty
    type: Literal["prevent", "mitigate", "detect", "process"] | None = None
    owner: str | None = None
    due: date | None = None
    status: Literal["open", "in-progress", "done", "wont-do"] = "open"
    ticket: str | None = None
    priority: Literal["P1", "P2", "P3", "P4"] | None = None
    note: str | None = None  # extension: why an action is past due, or other context

    @field_validator("due", mode="before")
    @classmethod
    def _due_is_date(cls, v: Any) -> Any:
        if isinstance(v, datetime) or (isinstance(v, str) and re.search(r"\d[T t ]\d|:", v.strip())):
            raise ValueError("`due` is a date (2026-12-15), not a time")
        return v


class Lessons(Strict):
    went_well: StrList = Field(default_factory=new_list)
    went_wrong: StrList = Field(default_factory=new_list)
    got_lucky: StrList = Field(default_factory=new_list)


class NarrativeEntry(Strict):
    person: NonEmpty
    text: NonEmpty


class Link(Strict):
    label: NonEmpty
    url: NonEmpty
    kind: Literal["chat", "dashboard", "ticket", "runbook", "doc", "other"] = "other"


class Executive(Strict):
    title: str | None = None  # v1.1: the brief's headline
    summary: str | None = None
    business_impact: str | None = None
    customer_commitments: StrList = Field(default_factory=new_list)
    asks: StrList = Field(default_factory=new_list)


class Customer(Strict):
    title: str | None = None
    summary: str | None = None
    what_happened: str | None = None
    what_we_are_doing: str | None = None
    apology: str | None = None


class StatusUpdate(Strict):
    at: Timestamp
    status: Literal["investigating", "identified", "monitoring", "resolved"]
    body: NonEmpty


class StatusPage(Strict):
    updates: list[StatusUpdate] = Field(default_factory=new_list)
    impact: Literal["none", "minor", "major", "critical"] | None = None
    components: StrList = Field(default_factory=new_list)  # public component names (extension)


TriggerKind = Literal[
    "binary-push",
    "config-push",
    "user-behaviour",
    "pipeline",
    "provider-change",
    "performance-decay",
    "capacity",
    "hardware",
    "dependency",
    "other",
]
DetectionSource = Literal["monitoring", "synthetic", "customer", "internal", "third-party"]


class Related(Strict):
    id: Identifier
    relation: Literal["similar", "duplicate-of", "caused-by", "follow-up"]


class Redaction(Strict):
    deny: list[DenyTerm] = Field(default_factory=new_list)
    allow: list[Waiver] = Field(default_factory=new_list)


class Postmortem(Strict):
    format: str
    id: Identifier
    title: NonEmpty
    status: Status
    event_type: EventType
    severity: Severity
    timezone: str | None = None
    services: Annotated[list[Service], Field(min_length=1)]
    people: Annotated[list[Person], Field(min_length=1)]
    times: Times
    summary: NonEmpty
    impact: Impact
    timeline: Annotated[list[Event], Field(min_length=1)]
    contributing_factors: list[Factor] = Field(default_factory=new_list)
    five_whys: list[Why] = Field(default_factory=new_list)
    root_cause: RootCause | None = None
    trigger: str | None = None
    detection: str | None = None
    resolution: str | None = None
    technical_analysis: str | None = None
    security: Security | None = None
    mitigators: StrList = Field(default_factory=new_list)
    lessons: Lessons | None = None
    action_items: list[Action] = Field(default_factory=new_list)
    narrative: list[NarrativeEntry] = Field(default_factory=new_list)
    links: list[Link] = Field(default_factory=new_list)
    executive: Executive | None = None
    customer: Customer | None = None
    status_page: StatusPage | None = None
    redaction: Redaction | None = None
    extra: dict[str, Any] = Field(default_factory=new_dict)
    # v1.1 additions (optional): knowledge base, pattern reviews, timeline import
    tags: StrList = Field(default_factory=new_list)
    trigger_kind: TriggerKind | None = None
    detection_source: DetectionSource | None = None
    related: list[Related] = Field(default_factory=new_list)
    exclude_from_metrics: bool = False

    @field_validator("format")
    @classmethod
    def _format(cls, v: str) -> str:
        if v != FORMAT_ID:
            raise ValueError(f"unsupported format `{v}`: this version of commsgen reads `{FORMAT_ID}`")
        return v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str | None) -> str | None:
        if v is not None:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(v)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(
                    f"`{v}` is not an IANA time zone name (e.g. UTC, Europe/Berlin, America/New_York)"
                ) from None
        return v

    @field_validator("people")
    @classmethod
    def _lead(cls, v: list[Person]) -> list[Person]:
        if not any(p.role == "lead" for p in v):
            raise ValueError("no one has `role: lead`; name the incident lead")
        return v

    @model_validator(mode="after")
    def _security_section(self) -> "Postmortem":
        if self.event_type == EventType.security and self.security is None:
            raise ValueError(
                "a `security` event needs a `security:` section (vulnerability, data at risk, disclosure decision)"
            )
        return self

    # ---- conveniences (pure functions of the fields) -------------------------------------
    @property
    def lead(self) -> Person:
        return next(p for p in self.people if p.role == "lead")

    def sorted_timeline(self) -> list[Event]:
        return sorted(self.timeline, key=lambda e: e.at)

    @property
    def disclosure_decision(self) -> str | None:
        if self.security and self.security.disclosure:
            return self.security.disclosure.decision
        return None
