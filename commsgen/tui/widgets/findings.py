"""The findings table: validation errors, redaction findings and writing warnings."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import DataTable

from commsgen.findings import Finding
from commsgen.tui.messages import FindingSelected

SEVERITY = {"block": "BLOCK", "warn": "warn", "info": "info"}


class FindingsTable(DataTable):
    BINDINGS = [Binding("escape", "screen.focus_editor", "Editor", show=False)]

    def __init__(self, **kw) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)
        self.findings: list[Finding] = []
        self._filled = False

    def on_mount(self) -> None:
        self.show([])

    def show(self, findings: list[Finding]) -> None:
        if self._filled and findings == self.findings:
            return  # unchanged (most keystrokes): keep the rows, the cursor and the scroll
        self._filled = True
        self.findings = list(findings)
        self.clear(columns=True)  # columns sized for these findings, not the widest ever seen
        self.add_columns("Sev", "Audience", "Field", "Line", "Message")
        for i, f in enumerate(self.findings):
            sev = "waived" if f.waived else SEVERITY.get(f.severity, f.severity)
            self.add_row(sev, f.audience or "all", f.field or "-", str(f.line) if f.line else "-",
                         f.message, key=str(i))
        self.border_subtitle = f"{len(self.findings)} finding(s)" if self.findings else "no findings"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        f = self.findings[event.cursor_row]
        self.post_message(FindingSelected(f.line, f.column))
