"""What each audience may see: finding kind -> block | warn | None.

- customer and status (public): every kind blocks;
- executive: secrets, infrastructure, vulnerability details, payment cards and deny terms block;
  people (names, handles, emails, phone numbers) warn, because postmortems are blameless and
  executives read roles, not names; internal service ids are allowed;
- engineering: nothing blocks. Secrets are still masked in every version (``always_masked``).
"""
from __future__ import annotations

from typing import Literal

from commsgen.outputs import AUDIENCES, PUBLIC_AUDIENCES

Level = Literal["block", "warn"]

_EXECUTIVE: dict[str, Level] = {
    "secret": "block", "internal-ip": "block", "internal-host": "block", "internal-url": "block",
    "vulnerability": "block", "payment-card": "block", "deny": "block",
    "person": "warn", "email": "warn", "phone": "warn",
}

ALWAYS_MASKED = frozenset({"secret"})


def severity(audience: str, kind: str) -> Level | None:
    """How a finding of ``kind`` counts in the ``audience`` version (None: allowed)."""
    if audience in PUBLIC_AUDIENCES:
        return "block"
    if audience == "executive":
        return _EXECUTIVE.get(kind)
    if audience == "engineering":
        return None
    raise ValueError(f"unknown audience {audience!r}; expected one of {', '.join(AUDIENCES)}")


def always_masked(kind: str) -> bool:
    """Secrets are masked in every version, engineering included."""
    return kind in ALWAYS_MASKED
