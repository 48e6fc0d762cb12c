"""Every key, from the one action registry (plus the editor's and the tables' own keys)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from commsgen.tui.actions import ACTIONS, OTHER_KEYS
from commsgen.tui.screens.dialog import Dialog


def keys_table() -> Table:
    t = Table(box=None, show_header=True, header_style="bold", expand=True)
    t.add_column("Key", no_wrap=True, style="bold")
    t.add_column("Action")
    for a in ACTIONS:
        t.add_row(a.key, a.help)
    for key, what in OTHER_KEYS:
        t.add_row(key, what)
    return t


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static("[b]commsgen: keys[/b]  (escape or f1 closes)", id="question")
            yield Static(keys_table(), id="keys")
