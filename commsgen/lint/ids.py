"""The table of writing checks as data: id, kind (family), audiences, target, default severity and
a one-line description. A leaf module (it imports nothing of commsgen but the leaf ``commsgen.suggest``, on a mistake), so the configuration can
validate ``lint.severity`` keys without importing the checks, and the checks can import the
configuration without a cycle. ``commsgen.lint.rules`` joins each id to its check function.

Ids are stable: users' severity settings and CI configurations refer to them; never rename one.
Every id is documented in docs/WRITING-CHECKS.md (a test keeps the two in step).

Targets: ``text`` reads an audience's rendered output; ``source`` reads the source fields an
audience's output is made of (it knows each field's path and line); ``model`` reads the postmortem
once, whatever the audience.
"""

from __future__ import annotations

from typing import NamedTuple

from commsgen.outputs import AUDIENCES as ALL, PUBLIC_AUDIENCES as PUBLIC  # a leaf as well

STATUS_FIRST = ("status", "customer")  # model rules report under the first audience
# default severity by audience: placeholders refuse every output but the internal one
_NOT_PUBLISHED = {"engineering": "warn", "executive": "block", "customer": "block", "status": "block"}


class RuleId(NamedTuple):
    id: str
    kind: str  # the family: lang | legal | blame | complete | time | placeholder
    audiences: tuple[str, ...]
    target: str  # text | source | model
    description: str
    default: str | dict = "warn"  # block | warn | off, or audience -> level

    def default_for(self, audience: str | None) -> str:
        if isinstance(self.default, dict):
            return self.default.get(audience or "engineering", "warn")
        return self.default


def _r(id: str, audiences: tuple[str, ...], target: str, description: str, default: str | dict = "warn") -> RuleId:
    return RuleId(id, id.split(".")[0], audiences, target, description, default)


ENG = ("engineering",)
TABLE: tuple[RuleId, ...] = (
    # customer language, on customer and status-page output
    _r("lang.jargon", PUBLIC, "text", "engineering jargon from the glossary"),
    _r("lang.grade", PUBLIC, "text", "Flesch-Kincaid grade above lint.max_grade"),
    _r("lang.long-sentence", PUBLIC, "text", "sentence longer than lint.max_sentence_words"),
    _r("lang.abbreviation", PUBLIC, "text", "abbreviation in capitals not in the allow list"),
    # legal and disclosure wording
    _r(
        "legal.word",
        ("customer", "executive"),
        "text",
        "a word with legal weight outside an approved security disclosure",
    ),
    _r("legal.customer-missing-impact", ("customer",), "text", "customer text does not state the impact"),
    _r("legal.customer-missing-window", ("customer",), "text", "customer text does not state the time window"),
    _r("legal.customer-missing-action", ("customer",), "text", "customer text does not state what is being done"),
    _r("legal.promise", PUBLIC, "text", "an absolute promise (guarantee, never again, 100% uptime)"),
    _r("legal.vendor-blame", PUBLIC, "text", "a supplier blamed, or fault denied, in public text"),
    # blameless wording, every audience
    _r("blame.person-subject", ALL, "text", "a person named as the cause of a failure"),
    _r("blame.word", ALL, "text", "a word that judges a person (careless, human error, ...)"),
    _r("blame.root-cause-person", ENG, "model", "root cause or last why names a person or human error"),
    # completeness of the engineering record
    _r("complete.key-time", ENG, "model", "a key time is missing"),
    _r("complete.detection-event", ENG, "model", "no alert/detection event in the timeline"),
    _r("complete.factors-missing", ENG, "model", "no contributing factors"),
    _r("complete.factors-one-kind", ENG, "model", "SEV1-2 with contributing factors of one kind"),
    _r("complete.root-cause-missing", ENG, "model", "no root cause"),
    _r("complete.whys-shallow", ENG, "model", "SEV1-2 with fewer than lint.min_whys whys"),
    _r("complete.actions-missing", ENG, "model", "SEV1-3 with no action items"),
    _r("complete.action-owner", ENG, "model", "open action without owner"),
    _r("complete.action-due", ENG, "model", "open action without due date"),
    _r("complete.action-type", ENG, "model", "open action without type"),
    _r("complete.action-overdue", ENG, "model", "open action past due without a note"),
    _r("complete.mitigators", ENG, "model", "no mitigators"),
    _r("complete.lessons", ENG, "model", "no lessons"),
    _r("complete.security-review", ENG, "model", "security event whose security review is incomplete"),
    # times that agree with each other (docs/TIME-CHECKS.md)
    _r("time.key-order", ENG, "model", "key times out of order (detected before started, ...)"),
    _r("time.event-window", ENG, "model", "timeline event far outside the incident and not marked `context`"),
    _r("time.public-window", PUBLIC, "model", "a window in customer or status text that the key times contradict"),
    _r("time.public-duration", PUBLIC, "model", "a duration in customer or status text that the key times contradict"),
    _r("time.status-order", STATUS_FIRST, "model", "status updates listed out of time order"),
    _r(
        "time.status-after-resolved",
        STATUS_FIRST,
        "model",
        "an update that is not `resolved` after the incident resolved",
    ),
    _r("time.status-resolved-early", STATUS_FIRST, "model", "a `resolved` update before `times.resolved`"),
    _r("time.status-before-start", STATUS_FIRST, "model", "a status update long before the incident started"),
    _r("time.action-due-before", ENG, "model", "an action due before the incident started"),
    # text left from the skeleton (`commsgen new`)
    _r(
        "placeholder.marker",
        ALL,
        "source",
        "TODO, TBD, XXX, FIXME, <...> or lorem ipsum left in the text",
        _NOT_PUBLISHED,
    ),
    _r(
        "placeholder.skeleton",
        ALL,
        "source",
        "a value or guidance sentence of the skeleton left as it was",
        _NOT_PUBLISHED,
    ),
)

RULE_IDS: tuple[str, ...] = tuple(r.id for r in TABLE)
BY_ID: dict[str, RuleId] = {r.id: r for r in TABLE}


def _covers(key: str, rule_id: str) -> bool:
    """``key`` is the rule id itself or a prefix of it ending at a ``.`` or ``-`` boundary."""
    k = key.strip().rstrip(".")
    return rule_id == k or (rule_id.startswith(k) and rule_id[len(k)] in ".-")


def level_for(rule_id: str, severity: dict[str, str], audience: str | None = None) -> str:
    """block | warn | off for a rule: the longest matching key of ``lint.severity`` wins; else the
    rule's default (for ``audience`` where the default depends on it); else warn."""
    best, level = -1, None
    for key, value in severity.items():
        if _covers(key, rule_id) and len(key.strip().rstrip(".")) > best:
            best, level = len(key.strip().rstrip(".")), value
    if level is not None:
        return level
    rule = BY_ID.get(rule_id)
    return rule.default_for(audience) if rule else "warn"


def unknown_rule_message(key: str) -> str | None:
    """None when ``key`` names a writing rule or a prefix of some; else a message with the nearest id."""
    if key.strip() and any(_covers(key, rid) for rid in RULE_IDS):
        return None
    families = sorted({r.split(".")[0] for r in RULE_IDS})
    from commsgen.suggest import did_you_mean  # a leaf too

    hint = did_you_mean(key, list(RULE_IDS) + families)
    return (
        f"`{key}` in `lint.severity` is not a writing-check id or prefix{hint} "
        f"(families: {', '.join(families)}; every id is listed in docs/WRITING-CHECKS.md)"
    )
