"""The selected finding in full: message, masked excerpt, advice, and what can be done with it."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from commsgen.findings import Finding


def describe(f: Finding | None, *, checking: bool = False) -> Text:
    t = Text()
    if f is None:
        t.append("Checking…" if checking else "No finding selected.", style="italic")
        return t
    sev = "waived" if f.waived else f.severity.upper()
    t.append(f"{sev} ", style="bold")
    t.append(f"{f.rule}", style="bold")
    t.append(f" · {f.audience or 'all audiences'}\n")
    t.append(f.message + "\n")
    where = [f"line {f.line}" + (f", column {f.column}" if f.column else "")] if f.line else ["no source line"]
    if f.field:
        where.append(f"`{f.field}`")
    t.append("At: " + ", ".join(where) + "\n", style="italic")
    if f.excerpt:
        t.append("\nExcerpt (masked): ", style="bold")
        t.append(f.excerpt + "\n")
    if f.suggestion:
        t.append("\nAdvice: ", style="bold")
        t.append(f.suggestion + "\n")
    if f.waived:
        t.append("\nWaived: ", style="bold")
        t.append(f.waived + "\n")
    keys = []
    if f.line:
        keys.append("enter jump")
    if fixable(f):
        keys += ["m mask", "w waive"]
    if keys:
        t.append("\n" + " · ".join(keys), style="dim")
    return t


def fixable(f: Finding) -> bool:
    """Redaction findings with an exact position can be masked or waived from the TUI."""
    return bool(f.line and f.column and f.end_column) and f.kind not in NOT_REDACTION


NOT_REDACTION = frozenset({"validation", "render", "refusal", "lang", "legal", "blame", "complete"})


class FindingDetail(VerticalScroll, can_focus=True):
    BINDINGS = [Binding("escape", "screen.focus_editor", "Editor")]
    DEFAULT_CSS = "FindingDetail { height: 1fr; }"

    def compose(self):
        yield Static(describe(None, checking=True), id="detail-text")

    def show(self, f: Finding | None, *, checking: bool = False) -> None:
        self.query_one("#detail-text", Static).update(describe(f, checking=checking))
