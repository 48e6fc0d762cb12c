"""The editor's state as a plain class (no textual): what is saved, what is typed, what the file
on disk looked like when it was read, the last preview and the last good one."""

from __future__ import annotations

from pathlib import Path

from commsgen import drafts
from commsgen.findings import Finding
from commsgen.outputs import AUDIENCES
from commsgen.pipeline import Preview

AUDIENCE_TABS = AUDIENCES


def shown_source(out) -> str:
    """An output as its tab shows it: the text, under a refusal banner when it would be refused
    (the writer sees what would leak and why; nothing refused is ever written)."""
    if out.ok:
        return out.content
    blocking = [f for f in out.findings if f.blocking]
    if blocking:  # the CLI's advice (--redact) does not apply here: say what the panes offer
        kinds = ", ".join(sorted({f.kind for f in blocking}))
        why = (
            f"{len(blocking)} blocking finding(s) ({kinds}). In the findings pane: enter goes to one, "
            "m masks it in the source, w waives it with a reason."
        )
    else:
        why = out.refused
    banner = f"> **Refused: not publishable as it stands.** {why}\n\n"
    return banner + (out.content if isinstance(out.content, str) else "")


def preview_sources(preview: Preview) -> dict[str, str]:
    """Markdown shown in each audience tab."""
    out = {}
    for aud in AUDIENCE_TABS:
        o = preview.outputs.get(aud)
        out[aud] = "_Not rendered._" if o is None else shown_source(o)
    return out


def disk_stamp(path: Path | None) -> tuple[int, int] | None:
    """(modification time in ns, size) of the file a path leads to (through links); None if absent."""
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class DraftState:
    def __init__(self, path: str | Path | None, text: str, saved: bool = True) -> None:
        self.path: Path | None = Path(path) if path else None
        self.text = text
        self.opened_text = text  # as opened: a recovery copy is kept only after edits
        self.saved_text = text if saved else None
        self.autosaved_text: str | None = None
        self.stamp = disk_stamp(self.path) if saved else None  # the file as read or last written
        self.preview: Preview | None = None
        self.good: Preview | None = None
        self.findings: list[Finding] = []
        self.findings_text: str | None = None  # the text the findings' positions point into
        self.generation = 0

    @property
    def name(self) -> str:
        return str(self.path) if self.path else drafts.UNTITLED

    @property
    def modified(self) -> bool:
        return self.text != self.saved_text

    @property
    def edited(self) -> bool:
        """Changed by the writer since it was opened (a fresh skeleton is modified, not edited)."""
        return self.text != self.opened_text

    @property
    def stale(self) -> bool:
        return self.preview is not None and self.preview.error

    @property
    def checked(self) -> bool:
        """Whether a first assessment has landed (until then, no count may read as all-clear)."""
        return self.preview is not None

    def changed_on_disk(self) -> bool:
        """The file is not what was read or last written here (another program changed it)."""
        return self.path is not None and self.stamp is not None and disk_stamp(self.path) != self.stamp

    def apply(self, preview: Preview, text: str | None = None) -> None:
        self.preview = preview
        if not preview.error:
            self.good = preview
        self.findings = drafts.preview_findings(preview)
        self.findings_text = text

    def findings_current(self, text: str) -> bool:
        """Whether the findings were made from ``text``: their lines and columns point into it."""
        return self.findings_text == text

    def blocking(self) -> dict[str, int]:
        return drafts.blocking_counts(self.findings)

    def mark_saved(self, path: Path, text: str) -> None:
        self.path, self.saved_text, self.autosaved_text = path, text, None
        self.stamp = disk_stamp(path)

    def reloaded(self, text: str) -> None:
        self.text = self.saved_text = self.opened_text = text
        self.autosaved_text = None
        self.stamp = disk_stamp(self.path)
