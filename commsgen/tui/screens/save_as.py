"""Ask for a file name to save the draft under."""
from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SaveAsScreen(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Save the postmortem as (enter to save, escape to cancel):", id="question")
            yield Input(self.suggestion, id="save-path")
            yield Static("", id="save-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        if path.is_dir():
            self.query_one("#save-error", Static).update(f"{path} is a folder: add a file name")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
