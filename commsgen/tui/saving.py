"""Saving from the main screen: never over a file that changed on disk, never over another file
without asking; links are written through; the recovery copy is kept only once the writer edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from commsgen.tui.host import MainScreenHost
from commsgen import drafts
from commsgen.model.source import read as read_source
from commsgen.tui.screens.choice import ChoiceScreen
from commsgen.tui.screens.prompt import PromptScreen


def save_as_problem(value: str) -> str | None:
    """Why the name typed in the save-as prompt cannot be saved to, or None. Every answer is said
    in the prompt: `~nosuchuser/x`, a NUL character or a name too long for the file system used to
    raise out of the prompt and end the editor."""
    if "\0" in value:
        return "a file name cannot contain a NUL character"
    try:
        p = Path(value).expanduser()
    except RuntimeError:  # `~name` of no such user
        return f"{value.split('/', 1)[0]}: no such user, so no such home folder"
    try:
        if p.is_dir():
            return f"{p} is a folder: add a file name"
        if not p.parent.is_dir():
            return f"the folder {p.parent} does not exist"
        p.exists()  # a name too long, a part of the path that is a file: said here, not at the write
    except OSError as e:
        return f"{p} cannot be a file: {e.strerror or e}"
    return None


class SavingMixin(MainScreenHost):
    """Mixed into ``MainScreen`` (uses its ``state``, ``status_bar``, ``say`` and ``set_text``)."""

    def save_to(self, path: Path) -> bool:
        # what the editor holds: an edit whose change message has not reached the screen yet is in
        # it (``state.text`` follows those messages)
        text = self.editor.text
        try:
            drafts.save(path, text)
        except OSError as e:
            self.say(f"Could not save {path}: {e.strerror or e}", severity="error", timeout=10)
            return False
        if self.state.path is None or Path(path) != self.state.path:
            drafts.discard_recovery(self.state.path)
        self.state.mark_saved(Path(path), text)
        self.status_bar.show(self.state)
        self.say(f"Saved {path}")
        return True

    def action_save(self, then: Callable[[], None] | None = None) -> None:
        # ctrl+s is a priority key, handled before keys typed just ahead of it (a busy screen, a
        # paste) reach the editor: save once the editor has applied them
        self.editor.call_later(self._save, then)

    def _save(self, then: Callable[[], None] | None) -> None:
        if self.state.path is None:
            self.action_save_as(then)
            return
        if self.state.changed_on_disk():
            self._ask_conflict(self.state.path, then)
            return
        if self.save_to(self.state.path) and then:
            then()

    def _ask_conflict(self, path: Path, then: Callable[[], None] | None) -> None:
        gone = not path.exists()

        def answered(answer: str | None) -> None:
            if answer == "overwrite":
                if self.save_to(path) and then:
                    then()
            elif answer == "reload":
                self.reload(path)
            elif answer == "elsewhere":
                self.action_save_as(then)

        what = "was deleted" if gone else "was changed by another program"
        answers = [
            ("overwrite", "o", "Overwrite it" if not gone else "Write it again"),
            ("elsewhere", "e", "Save elsewhere"),
            ("cancel", "escape", "Cancel"),
        ]
        if not gone:
            answers.insert(1, ("reload", "r", "Reload (drop my changes)"))
        self.app.push_screen(ChoiceScreen(f"{path} {what} since it was opened or last saved here.", answers), answered)

    def reload(self, path: Path) -> None:
        """Replace the buffer with the file on disk (the conflict question's "reload")."""
        try:
            text = read_source(path)
        except Exception as e:  # a user error (not text, too large...): say it, keep the buffer
            self.say(f"Could not reload {path}: {e}", severity="error", timeout=10)
            return
        drafts.discard_recovery(path)
        self.set_text(text)
        self.state.reloaded(text)
        self.status_bar.show(self.state)
        self.say(f"Reloaded {path}")

    def action_save_as(self, then: Callable[[], None] | None = None) -> None:
        def check(value: str) -> str | None:
            return save_as_problem(value)

        def chosen(value: str | None) -> None:
            if value is None:
                return
            path = Path(value).expanduser()
            same = self.state.path is not None and path.resolve() == self.state.path.resolve()
            if path.exists() and not same:

                def confirm(answer: str | None) -> None:
                    if answer == "replace" and self.save_to(path) and then:
                        then()

                self.app.push_screen(
                    ChoiceScreen(
                        f"{path} already exists. Replace it with this draft?",
                        [("replace", "y", "Replace it"), ("cancel", "escape", "Cancel")],
                    ),
                    confirm,
                )
                return
            if same and self.state.changed_on_disk():
                self._ask_conflict(path, then)
                return
            if self.save_to(path) and then:
                then()

        self.app.push_screen(
            PromptScreen(
                "Save the postmortem as (enter to save, escape to cancel):",
                str(self.state.path or drafts.UNTITLED),
                check=check,
            ),
            chosen,
        )

    def autosave(self) -> None:
        """Write the recovery copy while there are unsaved edits (called on an interval). Nothing is
        written for a file or skeleton that was only opened."""
        s = self.state
        if not s.modified and s.autosaved_text is not None:
            # the edits were undone back to the file: their copy is no draft to offer after a crash
            drafts.discard_recovery(s.path)
            s.autosaved_text = None
            return
        if s.modified and s.edited and s.text != s.autosaved_text:
            try:
                drafts.write_recovery(s.path, s.text)
                s.autosaved_text = s.text
            except OSError as e:
                self.say(f"Autosave failed: {e.strerror or e}", severity="error")
