"""The commsgen terminal editor. Thin: the main screen shows, ``pipeline``/``drafts`` decide."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from commsgen import drafts
from commsgen.config import Config
from commsgen.model.source import read as read_source
from commsgen.skeleton import skeleton_text
from commsgen.tui.actions import ACTIONS
from commsgen.tui.heap import Heap
from commsgen.tui.screens.choice import ChoiceScreen
from commsgen.tui.screens.main import MainScreen
from commsgen.tui.state import DraftState


class CommsgenApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "commsgen"

    def __init__(
        self, path: str | Path | None, config: Config, *, autosave_seconds: float = 3.0, now: datetime | None = None
    ) -> None:
        """``path``: a file to edit (read as ``check`` reads it), a new file's name (it does not
        exist: the skeleton, unsaved), or None (the skeleton, untitled). ``commsgen tui`` refuses
        a path that does not exist unless --new is given (``commsgen.tui.check_path``)."""
        super().__init__()
        self.config = config
        self.now = now  # fixed "now" for date-based checks (tests, snapshots); None = the clock
        self.autosave_seconds = autosave_seconds
        if path is not None and Path(path).exists():
            self.state = DraftState(path, read_source(Path(path)))
        else:  # a new file: start from the skeleton; it is unsaved until the writer saves it
            self.state = DraftState(path, skeleton_text(), saved=False)
        self.main = MainScreen(self.state)
        self.heap = Heap()

    def on_load(self) -> None:
        self.heap.start()

    def on_mount(self) -> None:
        self.push_screen(self.main)
        self.set_interval(self.autosave_seconds, self.main.autosave)
        recovered = drafts.pending_recovery(self.state.path)
        if recovered is not None:
            self.push_screen(
                ChoiceScreen(
                    f"A recovery copy of {self.state.name} is newer than the file (unsaved work from a "
                    "session that did not end cleanly). Restore it? Keeping the file deletes the copy.",
                    [("restore", "r", "Restore"), ("ignore", "i", "Keep the file")],
                ),
                self._restore,
            )

    def on_unmount(self) -> None:
        self.heap.restore()

    def _restore(self, answer: str | None) -> None:
        if answer == "restore":
            self.main.set_text(drafts.pending_recovery(self.state.path) or self.state.text, modified=True)
            self.main.say("Recovery copy restored: save with ctrl+s to keep it.")
        elif answer == "ignore":
            drafts.discard_recovery(self.state.path)  # asked once: the question does not come back
        # escape: neither; asked again next time

    async def action_quit(self) -> None:
        # ctrl+q is a priority key, handled before keys typed just ahead of it (a busy screen, a
        # paste) reach the editor: with the state read at once, "paste, ctrl+q" quit without asking
        # and the pasted text was gone. Decide once the editor has applied them, from its text.
        self.main.editor.call_later(self._quit)

    def _quit(self) -> None:
        text = self.main.editor.text
        if text in (self.state.saved_text, self.state.opened_text):  # nothing typed: nothing to lose
            if self.state.autosaved_text is not None:  # this session's copy of edits since undone
                drafts.discard_recovery(self.state.path)
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.main.action_save(then=self.exit)
            elif answer == "discard":
                drafts.discard_recovery(self.state.path)
                self.exit()

        self.push_screen(
            ChoiceScreen(
                f"{self.state.name} has unsaved changes.",
                [
                    ("save", "s", "Save and quit"),
                    ("discard", "d", "Quit without saving"),
                    ("cancel", "escape", "Cancel"),
                ],
            ),
            answered,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            for a in ACTIONS:
                target = self if a.action.startswith("app.") else screen
                yield SystemCommand(
                    a.description, f"{a.help} ({a.key})", partial(target.run_action, a.action.removeprefix("app."))
                )
        yield from super().get_system_commands(screen)
