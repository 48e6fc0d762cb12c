"""A question with a few answers, each reachable by one key (no mouse needed)."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from commsgen.tui.screens.dialog import Dialog


class ChoiceScreen(Dialog[str]):
    """Dismisses with the chosen answer's id, or None on escape."""

    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, question: str, answers: list[tuple[str, str, str]]) -> None:
        """``answers``: (id, key, label); the key is also shown in the label."""
        super().__init__()
        self.question, self.answers = question, answers

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question), id="question")  # file names are not markup
            with Horizontal(id="answers"):
                for aid, key, label in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{aid}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for aid, key, _ in self.answers:
            if event.key == key and key != "escape":
                event.stop()
                self.answer(aid)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.answer((event.button.id or "").removeprefix("answer-"))
