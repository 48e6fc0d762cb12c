"""The one finding shape shared by validation, redaction and writing checks.

Every report (`check`, `render`, `scan`, the TUI) is a list of ``Finding``. The JSON
form is a contract: ``file, kind, rule, severity, audience, field, line, message`` are
always present; ``column``, ``end_column``, ``excerpt``, ``suggestion``, ``waived``
are added where known.
"""

from __future__ import annotations

import dataclasses as dc
from dataclasses import dataclass
from typing import Literal

Severity = Literal["block", "warn", "info"]


@dataclass
class Finding:
    kind: str  # validation | secret | internal-ip | ... | lang | blame | complete | legal
    rule: str  # stable dotted id, e.g. "secret.aws-access-key"
    severity: Severity  # block | warn | info
    message: str
    file: str | None = None
    audience: str | None = None  # the audience whose output this is about; None = the source
    field: str | None = None  # dotted source path, e.g. "timeline[3].public_text"
    line: int | None = None  # 1-based line (in the source file, or in the output for scans)
    column: int | None = None  # 1-based, characters as Python indexes a str
    end_column: int | None = None  # exclusive
    excerpt: str | None = None  # masked excerpt, never the clear secret
    suggestion: str | None = None
    waived: str | None = None  # the reason of the waiver that accepted it
    extra: dict = dc.field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.severity == "block" and not self.waived

    def to_dict(self) -> dict:
        """The one serialised form of a finding (the JSON of ``check``, ``scan`` and the TUI):
        every field of ``FIELDS`` in that order, then ``extra`` when it holds anything."""
        d = {k: getattr(self, k) for k in FIELDS}
        if self.extra:
            d["extra"] = dict(self.extra)
        return d

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        elif self.extra.get("output_line") and self.audience:
            parts.append(f"{self.audience} output line {self.extra['output_line']}")
        if self.field:
            parts.append(f"`{self.field}`")
        return ", ".join(parts)


# the serialised fields, in their order (``Finding.to_dict``); ``extra`` follows when not empty
FIELDS = (
    "kind",
    "rule",
    "severity",
    "message",
    "file",
    "audience",
    "field",
    "line",
    "column",
    "end_column",
    "excerpt",
    "suggestion",
    "waived",
)


def sort_key(f: Finding):
    return (f.file or "", f.line or 0, f.column or 0, f.rule)


def refusal_reason(findings: list[Finding]) -> str | None:
    blocking = [f for f in findings if f.blocking]
    if not blocking:
        return None
    kinds = sorted({f.kind for f in blocking})
    first = blocking[0]
    where = f" at `{first.field}`" if first.field else f" on output line {first.line}"
    shown = f" ({first.excerpt})" if first.excerpt else ""
    if kinds == ["placeholder"]:
        advice = "write the real text in place of what is left from the skeleton"
    else:
        advice = "fix the source, waive a redaction finding in `redaction.allow` with a reason, or use --redact"
    return f"{len(blocking)} blocking finding(s) ({', '.join(kinds)}), first: {first.rule}{where}{shown}; {advice}"
