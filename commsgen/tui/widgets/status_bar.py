"""The top line: file, saved or modified, stale mark, blocking findings per audience."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from commsgen.tui.state import DraftState

SHORT = {"engineering": "eng", "executive": "exec", "customer": "cust", "status": "status"}


class StatusBar(Static):
    _shown: Text | None = None

    def show(self, state: DraftState) -> None:
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(f" {state.name} ", style="bold")
        t.append("● modified " if state.modified else "saved ", style="bold yellow" if state.modified else "green")
        if state.stale:
            t.append("STALE ", style="bold red")
        t.append("│ blocking:")
        for aud, n in state.blocking().items():
            t.append(f" {SHORT[aud]} ")
            t.append(str(n), style="bold red" if n else "green")
        if t == self._shown:
            return   # unchanged (most keystrokes): no repaint
        self._shown = t
        # One line docked at the top, as wide as the screen: new text never changes its size, so
        # no layout pass (a layout pass re-lays and repaints the whole screen, ~10 ms a keystroke).
        self.update(t, layout=False)
