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

KINDS = ("secret", "internal-ip", "internal-host", "internal-url", "email", "phone", "payment-card",
         "vulnerability", "person", "service", "deny", "image")
Level = Literal["block", "warn"]

_EXECUTIVE: dict[str, Level] = {
    "secret": "block", "internal-ip": "block", "internal-host": "block", "internal-url": "block",
    "vulnerability": "block", "payment-card": "block", "deny": "block", "image": "block",
    "person": "warn", "email": "warn", "phone": "warn",
}

ALWAYS_MASKED = frozenset({"secret"})

# rules whose findings count less than their kind: a surname alone is often also a word
# ("Park", "Young"), so it warns where a full name blocks; images are refused unless waived
_RULE_LEVELS: dict[str, Level] = {"people.surname": "warn"}


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
    """``severity`` for one rule's finding: a rule in ``_RULE_LEVELS`` never counts more than its
    level."""
    level = severity(audience, kind)
    cap = _RULE_LEVELS.get(rule)
    if level is None or cap is None:
        return level
    return cap


def always_masked(kind: str) -> bool:
    """Secrets are masked in every version, engineering included."""
    return kind in ALWAYS_MASKED
