"""One message at a time above the footer: a new message replaces the one shown, and it goes
away after its timeout (Textual's toasts stack when several arrive together)."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

STYLE = {"information": "", "warning": "bold yellow", "error": "bold red"}


class Notice(Static):
    _timer: Timer | None = None

    def say(self, message: str, *, severity: str = "information", title: str = "", timeout: float = 6) -> None:
        t = Text()
        if title or severity != "information":
            t.append((title or severity.capitalize()) + ": ", style=STYLE.get(severity, "bold") or "bold")
        t.append(message)
        self.update(t)
        self.set_class(severity == "error", "-error")
        self.set_class(severity == "warning", "-warning")
        self.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(timeout, self.clear)

    def clear(self) -> None:
        self._timer = None
        self.display = False

    @property
    def text(self) -> str:
        return str(self.render()) if self.display else ""
