"""The editor's state as a plain class (no textual): what is saved, what is typed, the last
preview and the last good one."""
from __future__ import annotations

from pathlib import Path

from commsgen import drafts
from commsgen.findings import Finding
from commsgen.pipeline import Preview

AUDIENCE_TABS = ("engineering", "executive", "customer", "status")


def status_source(preview: Preview) -> str:
    """The Status tab's Markdown. The one place to plug the status-page renderer in."""
    out = preview.outputs.get("status")
    if out is not None:
        return out.content if out.ok else f"**Status update refused:** {out.refused}"
    cust = preview.outputs.get("customer")
    note = "> Status output not available yet: showing the customer version.\n\n"
    if cust is None:
        return note
    return note + (cust.content if cust.ok else f"**Customer version refused:** {cust.refused}")


def preview_sources(preview: Preview) -> dict[str, str]:
    """Markdown shown in each audience tab."""
    out = {}
    for aud in AUDIENCE_TABS[:3]:
        o = preview.outputs.get(aud)
        if o is None:
            out[aud] = "_Not rendered._"
        else:
            out[aud] = o.content if o.ok else f"## Refused\n\n{o.refused}"
    out["status"] = status_source(preview)
    return out


class DraftState:
    def __init__(self, path: str | Path | None, text: str, saved: bool = True) -> None:
        self.path: Path | None = Path(path) if path else None
        self.text = text
        self.saved_text = text if saved else None
        self.autosaved_text: str | None = None
        self.preview: Preview | None = None
        self.good: Preview | None = None
        self.findings: list[Finding] = []
        self.generation = 0

    @property
    def name(self) -> str:
        return str(self.path) if self.path else drafts.UNTITLED

    @property
    def modified(self) -> bool:
        return self.text != self.saved_text

    @property
    def stale(self) -> bool:
        return self.preview is not None and self.preview.error

    def apply(self, preview: Preview) -> None:
        self.preview = preview
        if not preview.error:
            self.good = preview
        self.findings = drafts.preview_findings(preview)

    def blocking(self) -> dict[str, int]:
        return drafts.blocking_counts(self.findings)

    def mark_saved(self, path: Path, text: str) -> None:
        self.path, self.saved_text, self.autosaved_text = path, text, None
