"""The base of the editor's dialogs: a modal that answers once.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Keys that arrive together (a fast
typist, a key held down, a paste) are queued on the dialog before its first answer removes it: a
second answer then ran its callback again and popped the screen below, the editor itself, leaving
a blank screen (found by the fuzz, tests/test_tui_fuzz_cases.py). Here every answer after the
first, or given when the dialog is no longer on top, is ignored."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen

T = TypeVar("T")


class Dialog(ModalScreen[T | None], Generic[T]):
    answered = False

    def answer(self, result: T | None) -> None:
        """Close the dialog with ``result`` (None: cancelled), once."""
        if self.answered or not self.is_active:
            return
        self.answered = True
        self.dismiss(result)

    def action_close(self) -> None:
        self.answer(None)
