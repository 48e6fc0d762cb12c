"""One line of input: a file name, a line number, text to find, a waiver's reason."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from commsgen.tui.screens.dialog import Dialog


class PromptScreen(Dialog[str]):
    """Dismisses with the text entered, or None on escape. ``check`` (optional) returns an error
    message for a value that cannot be used; the prompt then stays open and shows it."""

    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(
        self, question: str, value: str = "", *, check: Callable[[str], str | None] | None = None, placeholder: str = ""
    ) -> None:
        super().__init__()
        self.question, self.value, self.check, self.placeholder = question, value, check, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question), id="question")  # file names are not markup
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", id="prompt-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            return
        problem = self.check(value) if self.check else None
        if problem:
            self.query_one("#prompt-error", Static).update(Text(problem))
            return
        self.answer(value)
