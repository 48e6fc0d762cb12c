"""The ids of the writing checks, and how a ``lint.severity`` key selects them: a leaf module (it
imports only ``commsgen.suggest``, another leaf), so the configuration can check its keys without
importing the checks. It sits outside ``commsgen/lint/`` because importing anything in that package
runs its ``__init__``, which imports every check.

Each id is stable (never renamed: users' severity settings and CI configurations refer to it) and is
documented in docs/WRITING-CHECKS.md. ``commsgen.lint.rules`` holds one rule per id, in this order
(a test keeps the two in step).
"""
from __future__ import annotations

RULE_IDS: tuple[str, ...] = (
    "lang.jargon", "lang.grade", "lang.long-sentence", "lang.abbreviation",
    "legal.word", "legal.customer-missing-impact", "legal.customer-missing-window", "legal.customer-missing-action",
    "blame.person-subject", "blame.word", "blame.root-cause-person",
    "complete.key-time", "complete.detection-event", "complete.factors-missing", "complete.factors-one-kind",
    "complete.root-cause-missing", "complete.whys-shallow", "complete.actions-missing", "complete.action-owner",
    "complete.action-due", "complete.action-type", "complete.action-overdue", "complete.mitigators",
    "complete.lessons", "complete.security-review",
)


def _covers(key: str, rule_id: str) -> bool:
    """``key`` is the rule id itself or a prefix of it ending at a ``.`` or ``-`` boundary."""
    k = key.strip().rstrip(".")
    return rule_id == k or (rule_id.startswith(k) and rule_id[len(k)] in ".-")


def level_for(rule_id: str, severity: dict[str, str]) -> str:
    """block | warn | off for a rule: the longest matching key of ``lint.severity`` wins; default warn."""
    best, level = -1, "warn"
    for key, value in severity.items():
        if _covers(key, rule_id) and len(key.strip().rstrip(".")) > best:
            best, level = len(key.strip().rstrip(".")), value
    return level


def unknown_rule_message(key: str) -> str | None:
    """None when ``key`` names a writing rule or a prefix of some; else a message with the nearest id."""
    from commsgen.suggest import did_you_mean

    if key.strip() and any(_covers(key, rid) for rid in RULE_IDS):
        return None
    families = sorted({r.split(".")[0] for r in RULE_IDS})
    return (f"`{key}` in `lint.severity` is not a writing-check id or prefix{did_you_mean(key, RULE_IDS + tuple(families))} "
            f"(families: {', '.join(families)}; every id is listed in docs/WRITING-CHECKS.md)")
