"""The writing checks: each id of the table in ``commsgen.lint.ids`` joined to the function that
checks it. ``Rule`` carries the table's columns (id, kind, audiences, target, default severity,
description) and ``check``.

Every id here is documented in docs/WRITING-CHECKS.md (a test keeps the two in step).
"""

from __future__ import annotations

from typing import NamedTuple
from collections.abc import Callable

from commsgen.lint import rules_legal as lg
from commsgen.lint import rules_model as m
from commsgen.lint import rules_placeholder as p
from commsgen.lint import rules_text as t
from commsgen.lint import rules_time as tm
from commsgen.lint.ids import ALL, PUBLIC, RULE_IDS, TABLE, level_for, unknown_rule_message  # noqa: F401

CHECKS: dict[str, Callable] = {
    "lang.jargon": t.lang_jargon,
    "lang.grade": t.lang_grade,
    "lang.long-sentence": t.lang_long_sentence,
    "lang.abbreviation": t.lang_abbreviation,
    "legal.word": t.legal_word,
    "legal.customer-missing-impact": t.legal_missing_impact,
    "legal.customer-missing-window": t.legal_missing_window,
    "legal.customer-missing-action": t.legal_missing_action,
    "legal.promise": lg.legal_promise,
    "legal.vendor-blame": lg.legal_vendor_blame,
    "blame.person-subject": t.blame_person,
    "blame.word": t.blame_word,
    "blame.root-cause-person": m.root_cause_person,
    "complete.key-time": m.key_times,
    "complete.detection-event": m.detection_event,
    "complete.factors-missing": m.factors_missing,
    "complete.factors-one-kind": m.factors_one_kind,
    "complete.root-cause-missing": m.root_cause_missing,
    "complete.whys-shallow": m.whys_shallow,
    "complete.actions-missing": m.actions_missing,
    "complete.action-owner": m.action_owner,
    "complete.action-due": m.action_due,
    "complete.action-type": m.action_type,
    "complete.action-overdue": m.action_overdue,
    "complete.mitigators": m.mitigators_missing,
    "complete.lessons": m.lessons_missing,
    "complete.security-review": m.security_review,
    "time.key-order": tm.key_order,
    "time.event-window": tm.event_window,
    "time.public-window": tm.public_window,
    "time.public-duration": tm.public_duration,
    "time.status-order": tm.status_order,
    "time.status-after-resolved": tm.status_after_resolved,
    "time.status-resolved-early": tm.status_resolved_early,
    "time.status-before-start": tm.status_before_start,
    "time.action-due-before": tm.action_due_before,
    "placeholder.marker": p.marker,
    "placeholder.skeleton": p.skeleton,
}


class Rule(NamedTuple):
    id: str
    kind: str
    audiences: tuple[str, ...]
    target: str
    description: str
    default: str | dict
    check: Callable


RULES: tuple[Rule, ...] = tuple(Rule(*r, CHECKS[r.id]) for r in TABLE)
TEXT_RULES = tuple(r for r in RULES if r.target == "text")
SOURCE_RULES = tuple(r for r in RULES if r.target == "source")
MODEL_RULES = tuple(r for r in RULES if r.target == "model")
