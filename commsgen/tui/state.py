"""The editor's state as a plain class (no textual): what is saved, what is typed, the last
preview and the last good one."""
from __future__ import annotations

from pathlib import Path

from commsgen import drafts
from commsgen.findings import Finding
from commsgen.outputs import AUDIENCES
from commsgen.pipeline import Preview

AUDIENCE_TABS = AUDIENCES


def status_source(preview: Preview) -> str:
    """The Status tab's Markdown. The one place to plug the status-page renderer in."""
    out = preview.outputs.get("status")
    if out is None:
        return "_Not rendered._"
    return shown_source(out)


def shown_source(out) -> str:
    """An output as its tab shows it: the text, under a refusal banner when it would be refused
    (the writer sees what would leak and why; nothing refused is ever written)."""
    if out.ok:
        return out.content
    banner = f"> **Refused: not publishable as it stands.** {out.refused}\n\n"
    return banner + (out.content if isinstance(out.content, str) else "")


def preview_sources(preview: Preview) -> dict[str, str]:
    """Markdown shown in each audience tab."""
    out = {}
    for aud in AUDIENCE_TABS[:3]:
        o = preview.outputs.get(aud)
        out[aud] = "_Not rendered._" if o is None else shown_source(o)
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
