"""What each audience may see: finding kind -> block | warn | None.

- customer and status (public): every kind blocks;
- executive: secrets, infrastructure, vulnerability details, payment cards and deny terms block;
  people (names, handles, emails, phone numbers) warn, because postmortems are blameless and
  executives read roles, not names; internal service ids are allowed;
- engineering: nothing blocks. Secrets are still masked in every version (``always_masked``).
"""
from __future__ import annotations

from typing import Literal

Level = Literal["block", "warn"]

KINDS = ("secret", "internal-ip", "internal-host", "internal-url", "email", "phone", "payment-card",
         "vulnerability", "person", "service", "deny")
AUDIENCES = ("engineering", "executive", "customer", "status")

_EXECUTIVE: dict[str, Level] = {
    "secret": "block", "internal-ip": "block", "internal-host": "block", "internal-url": "block",
    "vulnerability": "block", "payment-card": "block", "deny": "block",
    "person": "warn", "email": "warn", "phone": "warn",
}

ALWAYS_MASKED = frozenset({"secret"})

# rules whose level differs from their kind's (None: allowed): names guessed without a people list are warnings
# (``names.py``); hosts of the company's own domain that are not published warn in the executive
# version (executives may read the company's host names; the public may not)
# Terms learnt from the draft (``learn.py``) are deny terms for the public versions only: the executive
# version may name the hosts and systems the engineering text names.
RULE_LEVELS: dict[str, dict[str, Level | None]] = {
    "learn.host": {"executive": None},
    "learn.identifier": {"executive": None},
    "learn.person": {"executive": "warn"},
    "people.likely-name": {"customer": "warn", "status": "warn", "executive": "warn"},
    "people.mention": {"customer": "warn", "status": "warn", "executive": "warn"},
    "infra.company-host": {"executive": "warn"},
    "infra.company-url": {"executive": "warn"},
}


def rule_severity(audience: str, kind: str, rule: str) -> Level | None:
    """``severity(audience, kind)``, unless ``RULE_LEVELS`` sets the rule's own level."""
    sev = severity(audience, kind)
    levels = RULE_LEVELS.get(rule)
    if levels is not None and sev is not None and audience in levels:
        return levels[audience]
    return sev


def severity(audience: str, kind: str) -> Level | None:
    """How a finding of ``kind`` counts in the ``audience`` version (None: allowed)."""
    if audience in ("customer", "status"):
        return "block"
    if audience == "executive":
        return _EXECUTIVE.get(kind)
    if audience == "engineering":
        return None
    raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")


def always_masked(kind: str) -> bool:
    """Secrets are masked in every version, engineering included."""
    return kind in ALWAYS_MASKED
