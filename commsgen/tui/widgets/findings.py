"""The findings table: validation errors, redaction findings and writing warnings, one row each."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from commsgen.findings import Finding
from commsgen.tui.actions import bindings
from commsgen.tui.messages import FindingHighlighted, FindingSelected

SEVERITY = {"block": "BLOCK", "warn": "warn", "info": "info"}
COLUMNS = ("Sev", "Aud", "Line", "Message")
SHORT = {"engineering": "eng", "executive": "exec", "customer": "cust", "status": "stat"}


def cell(value: str) -> Text:
    """A cell as plain text: a finding quotes what the user typed (`[/x]`, `[bold]`), which must
    show as typed. DataTable reads a str cell or label as Rich markup: bad markup raised
    MarkupError and ended the editor, good markup restyled the text."""
    return Text(value.split("\n", 1)[0], no_wrap=True, end="")  # one line per row, as for a str


class FindingsTable(DataTable):
    BINDINGS = [*bindings("findings"), Binding("escape", "screen.focus_editor", "Editor", show=False)]

    def __init__(self, **kw) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)
        self.findings: list[Finding] = []
        self._filled = False

    def on_mount(self) -> None:
        self.add_columns(*map(cell, COLUMNS))
        self.border_subtitle = "Checking…"

    @property
    def selected(self) -> Finding | None:
        if not self.findings or not 0 <= self.cursor_row < len(self.findings):
            return None
        return self.findings[self.cursor_row]

    def show(self, findings: list[Finding]) -> None:
        if self._filled and findings == self.findings:
            return  # unchanged (most keystrokes): keep the rows, the cursor and the scroll
        keep = self.selected
        self._filled = True
        self.findings = list(findings)
        self.clear(columns=True)  # columns sized for these findings, not the widest ever seen
        self.add_columns(*map(cell, COLUMNS))
        for i, f in enumerate(self.findings):
            sev = "waived" if f.waived else SEVERITY.get(f.severity, f.severity)
            row = (sev, SHORT.get(f.audience or "", "all"), str(f.line) if f.line else "-", f.message)
            self.add_row(*map(cell, row), key=str(i))  # cut at the pane's edge: the detail pane has it all
        blocking = sum(1 for f in self.findings if f.blocking)
        self.border_subtitle = (
            f"{blocking} blocking · {len(self.findings)} finding(s)" if self.findings else "no findings"
        )
        if keep is not None and keep in self.findings:
            self.move_cursor(row=self.findings.index(keep))
        self.post_message(FindingHighlighted(self.selected))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(FindingHighlighted(self.selected))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.post_message(FindingSelected(self.selected))
