"""The table of writing checks. Each rule has a stable dotted id (never renamed: users' severity
settings and CI configurations refer to it), a kind (its family), the audiences whose output it
reads, whether it reads rendered text or the model, and the function that checks it.

Every id here is documented in docs/WRITING-CHECKS.md (a test keeps the two in step).
"""
from __future__ import annotations

from typing import Callable, Literal, NamedTuple

from commsgen.lint import rules_model as m
from commsgen.lint import rules_text as t
from commsgen.lint_ids import RULE_IDS, level_for, unknown_rule_message  # noqa: F401  (re-exported)
from commsgen.outputs import AUDIENCES, PUBLIC_AUDIENCES

ALL = AUDIENCES
PUBLIC = PUBLIC_AUDIENCES


class Rule(NamedTuple):
    id: str
    kind: Literal["lang", "legal", "blame", "complete"]
    audiences: tuple[str, ...]
    target: Literal["text", "model"]
    description: str
    check: Callable


RULES: tuple[Rule, ...] = (
    # customer language, on customer and status-page output
    Rule("lang.jargon", "lang", PUBLIC, "text", "engineering jargon from the glossary", t.lang_jargon),
    Rule("lang.grade", "lang", PUBLIC, "text", "Flesch-Kincaid grade above lint.max_grade", t.lang_grade),
    Rule("lang.long-sentence", "lang", PUBLIC, "text", "sentence longer than lint.max_sentence_words",
         t.lang_long_sentence),
    Rule("lang.abbreviation", "lang", PUBLIC, "text", "abbreviation in capitals not in the allow list",
         t.lang_abbreviation),
    # legal and disclosure wording
    Rule("legal.word", "legal", ("customer", "executive"), "text",
         "a word with legal weight outside an approved security disclosure", t.legal_word),
    Rule("legal.customer-missing-impact", "legal", ("customer",), "text",
         "customer text does not state the impact", t.legal_missing_impact),
    Rule("legal.customer-missing-window", "legal", ("customer",), "text",
         "customer text does not state the time window", t.legal_missing_window),
    Rule("legal.customer-missing-action", "legal", ("customer",), "text",
         "customer text does not state what is being done", t.legal_missing_action),
    # blameless wording, every audience
    Rule("blame.person-subject", "blame", ALL, "text", "a person named as the cause of a failure", t.blame_person),
    Rule("blame.word", "blame", ALL, "text", "a word that judges a person (careless, human error, ...)",
         t.blame_word),
    Rule("blame.root-cause-person", "blame", ("engineering",), "model",
         "root cause or last why names a person or human error", m.root_cause_person),
    # completeness of the engineering record
    Rule("complete.key-time", "complete", ("engineering",), "model", "a key time is missing", m.key_times),
    Rule("complete.detection-event", "complete", ("engineering",), "model",
         "no alert/detection event in the timeline", m.detection_event),
    Rule("complete.factors-missing", "complete", ("engineering",), "model", "no contributing factors",
         m.factors_missing),
    Rule("complete.factors-one-kind", "complete", ("engineering",), "model",
         "SEV1-2 with contributing factors of one kind", m.factors_one_kind),
    Rule("complete.root-cause-missing", "complete", ("engineering",), "model", "no root cause",
         m.root_cause_missing),
    Rule("complete.whys-shallow", "complete", ("engineering",), "model",
         "SEV1-2 with fewer than lint.min_whys whys", m.whys_shallow),
    Rule("complete.actions-missing", "complete", ("engineering",), "model", "SEV1-3 with no action items",
         m.actions_missing),
    Rule("complete.action-owner", "complete", ("engineering",), "model", "open action without owner",
         m.action_owner),
    Rule("complete.action-due", "complete", ("engineering",), "model", "open action without due date",
         m.action_due),
    Rule("complete.action-type", "complete", ("engineering",), "model", "open action without type",
         m.action_type),
    Rule("complete.action-overdue", "complete", ("engineering",), "model", "open action past due without a note",
         m.action_overdue),
    Rule("complete.mitigators", "complete", ("engineering",), "model", "no mitigators", m.mitigators_missing),
    Rule("complete.lessons", "complete", ("engineering",), "model", "no lessons", m.lessons_missing),
    Rule("complete.security-review", "complete", ("engineering",), "model",
         "security event whose security review is incomplete", m.security_review),
)

TEXT_RULES = tuple(r for r in RULES if r.target == "text")
MODEL_RULES = tuple(r for r in RULES if r.target == "model")
