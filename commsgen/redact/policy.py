"""What each audience may see: finding kind -> block | warn | None.

- customer and status (public): every kind blocks;
- executive: secrets, infrastructure, vulnerability details, payment cards and deny terms block;
  people (names, handles, emails, phone numbers) warn, because postmortems are blameless and
  executives read roles, not names; internal service ids are allowed;
- images (an embedded picture can show anything: a dashboard, a host name) block in every
  version but engineering, unless waived;
- engineering: nothing blocks. Secrets are still masked in every version (``always_masked``).
"""

from __future__ import annotations

from typing import Literal

from commsgen.outputs import AUDIENCES, PUBLIC_AUDIENCES

KINDS = (
    "secret",
    "internal-ip",
    "internal-host",
    "internal-url",
    "email",
    "phone",
    "payment-card",
    "vulnerability",
    "person",
    "service",
    "deny",
    "image",
    "bidi-control",
)
Level = Literal["block", "warn"]

_EXECUTIVE: dict[str, Level] = {
    "secret": "block",
    "internal-ip": "block",
    "internal-host": "block",
    "internal-url": "block",
    "vulnerability": "block",
    "payment-card": "block",
    "deny": "block",
    "image": "block",
    "bidi-control": "block",
    "person": "warn",
    "email": "warn",
    "phone": "warn",
}

ALWAYS_MASKED = frozenset({"secret"})

# rules whose level differs from their kind's (None: allowed): names guessed without a people list are warnings
# (``names.py``); hosts of the company's own domain that are not published warn in the executive
# version (executives may read the company's host names; the public may not)
# Terms learnt from the draft (``learn.py``) are deny terms for the public versions only: the executive
# version may name the hosts and systems the engineering text names.
# (and a surname alone, often also a word such as "Park" or "Young", warns where a full name blocks)
RULE_LEVELS: dict[str, dict[str, Level | None]] = {
    "people.surname": {"customer": "warn", "status": "warn", "executive": "warn"},
    # an internal service id that is one plain English word (``backbone``): prose uses the word
    "service.internal-word": {"customer": "warn", "status": "warn"},
    "learn.host": {"executive": None},
    "learn.identifier": {"executive": None},
    "learn.person": {"executive": "warn"},
    "people.likely-name": {"customer": "warn", "status": "warn", "executive": "warn"},
    "people.mention": {"customer": "warn", "status": "warn", "executive": "warn"},
    "infra.company-host": {"executive": "warn"},
    "infra.company-url": {"executive": "warn"},
    # embeddings and isolates: chat tools put isolates around names; what they show is scanned in
    # display order anyway (overrides block: docs/OBFUSCATION.md)
    "content.bidi-embedding": {"customer": "warn", "status": "warn", "executive": "warn"},
}


def severity(audience: str, kind: str) -> Level | None:
    """How a finding of ``kind`` counts in the ``audience`` version (None: allowed)."""
    if audience in PUBLIC_AUDIENCES:
        return "block"
    if audience == "executive":
        return _EXECUTIVE.get(kind)
    if audience == "engineering":
        return None
    raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")


def rule_severity(audience: str, kind: str, rule: str) -> Level | None:
    """``severity(audience, kind)``, unless ``RULE_LEVELS`` sets the rule's own level for the
    audience (an audience where the kind is allowed stays allowed)."""
    sev = severity(audience, kind)
    levels = RULE_LEVELS.get(rule)
    if levels is not None and sev is not None and audience in levels:
        return levels[audience]
    return sev


def always_masked(kind: str) -> bool:
    """Secrets are masked in every version, engineering included."""
    return kind in ALWAYS_MASKED
