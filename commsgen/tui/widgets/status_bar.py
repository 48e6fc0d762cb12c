"""The top line: file, saved or modified, stale mark, blocking findings per audience."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from commsgen.tui.state import DraftState
from commsgen.tui.themes import STATUS_STYLES

SHORT = {"engineering": "eng", "executive": "exec", "customer": "cust", "status": "stat"}


def status_text(state: DraftState, width: int, palette: str = "dark") -> Text:
    """The counts come first after the state marks: the file name gives way (shortened from the
    left) when the line is narrow, so every count stays visible at 80 columns."""
    c = STATUS_STYLES[palette]
    tail = Text()
    tail.append(
        "● modified " if state.modified else "saved ", style=c["status.modified"] if state.modified else c["status.ok"]
    )
    if state.stale:
        tail.append("STALE ", style=c["status.bad"])
    if not state.checked:
        tail.append("│ checking…", style="italic")
    else:
        tail.append("│ block:")
        refused = {a for a, o in (state.preview.outputs.items() if state.preview else ()) if o.refused}
        for aud, n in state.blocking().items():
            tail.append(f" {SHORT[aud]} ")
            tail.append(str(n), style=c["status.bad"] if n else c["status.ok"])
            if aud in refused and not n:
                tail.append("⊘", style=c["status.modified"])  # not produced (e.g. disclosure pending)
    name = state.name
    room = max(8, width - tail.cell_len - 2)
    if len(name) > room:
        name = "…" + name[-(room - 1) :]
    t = Text(no_wrap=True, overflow="ellipsis")
    t.append(f" {name} ", style="bold")
    t.append_text(tail)
    return t


class StatusBar(Static):
    _shown: Text | None = None

    def show(self, state: DraftState) -> None:
        t = status_text(state, self.size.width or 80, "dark" if self.app.current_theme.dark else "light")
        if t == self._shown:
            return  # unchanged (most keystrokes): no repaint
        self._shown = t
        # One line docked at the top, as wide as the screen: new text never changes its size, so
        # no layout pass (a layout pass re-lays and repaints the whole screen, ~10 ms a keystroke).
        self.update(t, layout=False)
