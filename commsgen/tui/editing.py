"""Editing actions of the main screen: add a timeline event, find, go to a line, and act on a
finding (mask its text, waive it with a reason). The text changes are made by the core
(``commsgen.drafts``, ``commsgen.fixes``); here they are applied as one undoable edit."""

from __future__ import annotations

from commsgen.tui.host import MainScreenHost
from commsgen import drafts, fixes
from commsgen.tui.screens.prompt import PromptScreen
from commsgen.tui.widgets.detail import fixable


class EditingMixin(MainScreenHost):
    """Mixed into ``MainScreen`` (uses its ``editor``, ``state``, ``findings_table``, ``say``)."""

    last_search = ""

    def replace_text(self, new: str) -> tuple[int, int]:
        """Change the editor's text to ``new`` by replacing only the span that differs (undo works,
        the view does not jump). Returns the (row, column) where the change starts."""
        ed = self.editor
        old = ed.text
        prefix = _common_prefix_len(old, new)
        suffix = _common_suffix_len(old[prefix:], new[prefix:])
        start, end = _location(old, prefix), _location(old, len(old) - suffix)
        ed.replace(new[prefix : len(new) - suffix], start, end)
        return start

    # ------------------------------------------------------------------ timeline event
    def action_add_event(self) -> None:
        try:
            text, (row, c0, c1) = drafts.insert_timeline_event(self.editor.text)
        except drafts.InsertError as e:
            self.say(str(e), severity="error", title="Cannot add an event")
            return
        self.replace_text(text)
        self.editor.select_range((row, c0), (row, c1))
        self.editor.focus()

    # ------------------------------------------------------------------ find / go to line
    def action_find(self) -> None:
        def found(value: str | None) -> None:
            if value:
                self.last_search = value
                self.action_find_next()

        self.app.push_screen(PromptScreen("Find (enter; then f3 for the next match):", self.last_search), found)

    def action_find_next(self) -> None:
        if not self.last_search:
            self.action_find()
            return
        if not self.editor.find_next(self.last_search):
            self.say(f"Not found: {self.last_search}", severity="warning")
        self.editor.focus()

    def action_go_to_line(self) -> None:
        count = self.editor.document.line_count

        def check(value: str) -> str | None:
            return None if _line_number(value, count) else f"a line number from 1 to {count}"

        def chosen(value: str | None) -> None:
            if value:
                self.go_to_line(_line_number(value, count))

        self.app.push_screen(PromptScreen(f"Go to line (1-{count}):", check=check), chosen)

    # ------------------------------------------------------------------ acting on a finding
    def _fixable_selected(self):
        f = self.findings_table.selected
        if f is None:
            return None
        if fixable(f) and not self.state.findings_current(self.editor.text):
            # its line and columns point into the text before the latest edits: masking them
            # replaced the wrong characters (found by the fuzz)
            self.say(
                "The source changed since this finding was made: wait a moment for the check to catch up, "
                "then try again.",
                severity="warning",
            )
            return None
        if not fixable(f):
            self.say(
                "Only a redaction finding with an exact position in the source can be masked or waived "
                "here; edit the text by hand.",
                severity="warning",
            )
            return None
        return f

    @property
    def is_json(self) -> bool:
        return self.state.name.lower().endswith(".json")

    def action_mask_finding(self) -> None:
        f = self._fixable_selected()
        if f is None:
            return
        try:
            new, (start, end) = fixes.mask(self.editor.text, f, is_json=self.is_json)
        except fixes.FixError as e:
            self.say(str(e), severity="error", title="Cannot mask")
            return
        self.replace_text(new)
        self.editor.select_span(start, end)
        self.say(f"Masked in the source, line {f.line}: save to keep it (escape, then ctrl+z undoes it).")

    def action_waive_finding(self) -> None:
        f = self._fixable_selected()
        if f is None:
            return

        def reason(value: str | None) -> None:
            if not value:
                return
            try:
                new = fixes.waive(self.editor.text, f, value, is_json=self.is_json)
            except fixes.FixError as e:
                self.say(str(e), severity="error", title="Cannot waive")
                return
            start = self.replace_text(new)
            self.editor.move_cursor(start, center=True)
            self.say("Waiver added under `redaction.allow`: save to keep it (escape, then ctrl+z undoes it).")

        self.app.push_screen(
            PromptScreen(
                f"Waive {f.rule} for the {f.audience or 'every'} audience. Reason (who accepted it and why):",
                placeholder="e.g. public hostname, approved by Legal 2026-11-21",
            ),
            reason,
        )


def _line_number(value: str, count: int) -> int | None:
    """The line number typed, or None. `str.isdigit` accepts "²", which `int` refuses: that ended
    the editor."""
    if not value.isdecimal():
        return None
    n = int(value)
    return n if 1 <= n <= count else None


def _common_prefix_len(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _common_suffix_len(a: str, b: str) -> int:
    n, m = len(a), len(b)
    k = 0
    while k < n and k < m and a[n - 1 - k] == b[m - 1 - k]:
        k += 1
    return k


def _location(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    row = before.count("\n")
    return row, index - (before.rfind("\n") + 1)
