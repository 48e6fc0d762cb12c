"""Redaction: a rule table of detectors, an evasion-resistant scanner (RE2 prefilter + precise
Python rules on a normalised copy), masking, and a per-audience policy with waivers.

    ctx = context_for(postmortem, config)           # or context_for(None, config) for a loose file
    matches = scan(text, ctx)                       # Match(rule, kind, start, end, text)
    findings = findings_for(text, "customer", ctx)  # located, masked, waived, with severity
    safe = mask_text(text, matches, only_kinds={"secret"})

The names below are imported on first use (PEP 562): importing one module of the package (``scan``'s
command, its file reading) does not import the scanner, so ``commsgen scan`` can start reading a
large file while the scanner's modules load.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from commsgen.redact.api import findings_for, waivers_report
    from commsgen.redact.context import ScanContext, WaiverSpec, context_for
    from commsgen.redact.mask import mask_text, mask_value
    from commsgen.redact.policy import always_masked, severity
    from commsgen.redact.resolve import Match
    from commsgen.redact.scanner import scan

# each public name and the module it comes from
_WHERE = {
    "findings_for": "api",
    "waivers_report": "api",
    "ScanContext": "context",
    "WaiverSpec": "context",
    "context_for": "context",
    "mask_text": "mask",
    "mask_value": "mask",
    "always_masked": "policy",
    "severity": "policy",
    "Match": "resolve",
    "scan": "scanner",
}

__all__ = [
    "ScanContext",
    "WaiverSpec",
    "context_for",
    "scan",
    "Match",
    "findings_for",
    "waivers_report",
    "mask_text",
    "mask_value",
    "severity",
    "always_masked",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{where}"), name)
    globals()[name] = value  # later uses find it without this function
    return value
