"""Redaction: a rule table of detectors, an evasion-resistant scanner (RE2 prefilter + precise
Python rules on a normalised copy), masking, and a per-audience policy with waivers.

    ctx = context_for(postmortem, config)           # or context_for(None, config) for a loose file
    matches = scan(text, ctx)                       # Match(rule, kind, start, end, text)
    findings = findings_for(text, "customer", ctx)  # located, masked, waived, with severity
    safe = mask_text(text, matches, only_kinds={"secret"})
"""

from commsgen.redact.api import findings_for, waivers_report
from commsgen.redact.context import ScanContext, WaiverSpec, context_for
from commsgen.redact.mask import mask_text, mask_value
from commsgen.redact.policy import always_masked, severity
from commsgen.redact.resolve import Match
from commsgen.redact.scanner import scan

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
