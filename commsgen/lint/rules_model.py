"""Checks on the postmortem model: completeness of the engineering record (complete.*) and a
root cause that stops at a person (blame.root-cause-person). Each check yields ``ModelIssue``
with the field path it is about; commsgen.lint.api locates it in the source file.

Not here, on purpose: key times out of order are ``time.key-order`` (commsgen.lint.rules_time) and
the 48-hour review rule (``review.48h``) is reported by commsgen.pipeline.model_findings;
``complete.key-time`` only asks for ``closed`` on a final postmortem so that the 48-hour rule can be
checked at all.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple
from collections.abc import Iterator

from commsgen.lint.context import LintContext
from commsgen.model.derived import overdue_actions
from commsgen.model.schema import Postmortem


class ModelIssue(NamedTuple):
    path: tuple
    message: str
    suggestion: str | None = None
    excerpt: str | None = None


def _major(pm: Postmortem) -> bool:
    return pm.severity.rank <= 2


KEY_TIMES_ASKED = ("detected", "acknowledged", "identified", "mitigated", "resolved")
_TIME_MEANING = {
    "detected": "first alert or report",
    "acknowledged": "a responder took it",
    "identified": "cause known",
    "mitigated": "impact stopped or reduced",
    "resolved": "fully back to normal",
    "closed": "postmortem completed",
}


def key_times(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    asked = KEY_TIMES_ASKED + (("closed",) if pm.status.value == "final" else ())
    for k in asked:
        if getattr(pm.times, k) is None:
            why = (
                " (a final postmortem records when it was completed, so the 48-hour rule can be checked)"
                if k == "closed"
                else ""
            )
            yield ModelIssue(
                ("times", k),
                f"`times.{k}` ({_TIME_MEANING[k]}) is missing{why}",
                f"add `{k}:` under `times:`; derived durations need it",
            )


def detection_event(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if any(e.kind == "alert" for e in pm.timeline):
        return
    if pm.times.detected is not None and any(e.at == pm.times.detected for e in pm.timeline):
        return
    yield ModelIssue(
        ("timeline",),
        "the timeline has no detection event (no `kind: alert`, and no event at `times.detected`)",
        "add the alert or report that started the response, with `kind: alert`",
    )


def factors_missing(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if not pm.contributing_factors:
        yield ModelIssue(
            ("contributing_factors",),
            "no contributing factors",
            "list what made the failure possible or worse (technical, process, human, external)",
        )


def factors_one_kind(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    kinds = {f.kind for f in pm.contributing_factors}
    if _major(pm) and len(kinds) == 1:
        (only,) = kinds
        yield ModelIssue(
            ("contributing_factors",),
            f"a {pm.severity.value} lists contributing factors of one kind only (`{only}`)",
            "a major incident rarely has one kind of cause: look for process, detection and external factors too",
        )


def root_cause_missing(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if pm.root_cause is None:
        yield ModelIssue(("root_cause",), "no `root_cause`", "add `root_cause: {summary: ...}`")


def whys_shallow(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    n = len(pm.five_whys)
    if _major(pm) and n < ctx.min_whys:
        yield ModelIssue(
            ("five_whys",),
            f"a {pm.severity.value} needs five whys at least {ctx.min_whys} deep (found {n})",
            "keep asking why until the answer is a condition the organisation can change",
        )


def actions_missing(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if pm.severity.rank <= 3 and not pm.action_items:
        yield ModelIssue(
            ("action_items",),
            f"a {pm.severity.value} with no action items",
            "add at least one action that prevents, detects or mitigates a recurrence",
        )


def _open(pm: Postmortem):
    return [(i, a) for i, a in enumerate(pm.action_items) if a.status in ("open", "in-progress")]


def action_owner(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    for i, a in _open(pm):
        if not a.owner:
            yield ModelIssue(
                ("action_items", i, "owner"),
                f"open action \"{a.title}\" has no owner",
                "add `owner:` (a person or a team)",
            )


def action_due(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    for i, a in _open(pm):
        if a.due is None:
            yield ModelIssue(
                ("action_items", i, "due"), f"open action \"{a.title}\" has no due date", "add `due: YYYY-MM-DD`"
            )


def action_type(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    for i, a in _open(pm):
        if a.type is None:
            yield ModelIssue(
                ("action_items", i, "type"),
                f"open action \"{a.title}\" has no type",
                "add `type:` prevent, mitigate, detect or process",
            )


def action_overdue(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    for i in overdue_actions(pm, today):
        a = pm.action_items[i]
        if a.due is not None and not (a.note and a.note.strip()):  # an overdue action has a due date
            yield ModelIssue(
                ("action_items", i, "due"),
                f"open action \"{a.title}\" was due {a.due.isoformat()} and has no note",
                "add `note:` saying why it slipped and when it will land, or update `due:`",
            )


def mitigators_missing(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if not pm.mitigators:
        yield ModelIssue(
            ("mitigators",),
            "no `mitigators` (what limited the damage)",
            "list what limited the impact: alerts that fired, safeguards that held, quick decisions",
        )


def lessons_missing(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    ls = pm.lessons
    if ls is None or not (ls.went_well or ls.went_wrong or ls.got_lucky):
        yield ModelIssue(
            ("lessons",),
            "no `lessons` (went well, went wrong, got lucky)",
            "add `lessons:` with `went_well`, `went_wrong` and `got_lucky` lists",
        )


_SECURITY_ASKED = {
    "data_at_risk": "what data was at risk",
    "access_control_gaps": "which access controls failed or were missing",
    "detected_by_monitoring": "whether monitoring detected it",
    "disclosure": "the disclosure decision",
}


def security_review(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    if pm.event_type.value != "security" or pm.security is None:
        return
    for key, meaning in _SECURITY_ASKED.items():
        v = getattr(pm.security, key)
        if v is None or (isinstance(v, str) and not v.strip()):
            yield ModelIssue(
                ("security", key),
                f"the security review does not record {meaning} (`security.{key}`)",
                f"add `{key}:` under `security:`",
            )


# ------------------------------------------------------------------------------ blame (model)
_STOPS_AT_PERSON = re.compile(r"\b(?:human|operator|user|engineer|personnel)[ -]error\b|\bhuman factor\b", re.I)


def _names_person(text: str, ctx: LintContext) -> str | None:
    m = _STOPS_AT_PERSON.search(text)
    if m:
        return m.group()
    for p in ctx.people:
        for f in p.forms:
            if re.search(rf"(?<![\w@]){re.escape(f)}(?![\w@])", text, re.I if f.startswith("@") else 0):
                return f
    return None


def root_cause_person(pm: Postmortem, ctx: LintContext, today: date) -> Iterator[ModelIssue]:
    checks: list[tuple[tuple[str | int, ...], str]] = []
    if pm.root_cause is not None:
        checks.append((("root_cause", "summary"), pm.root_cause.summary))
    if pm.five_whys:
        checks.append((("five_whys", len(pm.five_whys) - 1, "because"), pm.five_whys[-1].because))
    for path, text in checks:
        who = _names_person(text, ctx)
        if who:
            yield ModelIssue(
                path,
                f"the root cause stops at a person (`{who}`)",
                "ask one more why: what let the mistake through (no review, no guardrail, "
                "an unsafe default, an unclear runbook)? Name that condition instead",
            )
