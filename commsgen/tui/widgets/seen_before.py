"""The "Seen before?" panel: earlier incidents like the draft being edited, from the knowledge-base
index (``commsgen.kb.similar.seen_before``), refreshed with every preview while it is shown.
Selecting one shows its summary, how it was resolved and its prevent actions."""

from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class SeenBefore(Vertical):
    DEFAULT_CSS = """
    SeenBefore { display: none; height: 45%; border: round $primary 50%; }
    SeenBefore.-shown { display: block; }
    SeenBefore OptionList { height: 40%; border: none; }
    SeenBefore #seen-detail-scroll { height: 1fr; }
    SeenBefore #seen-detail { padding: 0 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.border_title = "Seen before?"
        self.results: list[dict[str, Any]] = []
        self.index: str | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="seen-list")
        with VerticalScroll(id="seen-detail-scroll"):
            yield Static("", id="seen-detail")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def toggle(self, loaded: Any) -> None:
        self.toggle_class("-shown")
        if self.shown:
            self.refresh_for(loaded)

    def refresh_for(self, loaded: Any) -> None:
        """Look up the draft (a ``Loaded``, or None when it does not load) if the panel is shown."""
        if self.shown and loaded is not None:
            self.lookup(loaded.postmortem, loaded.path)

    @work(thread=True, exclusive=True, exit_on_error=False, group="seen-before")
    def lookup(self, pm: Any, name: str) -> None:
        from commsgen.errors import UserError
        from commsgen.kb.similar import seen_before

        try:
            index, results = seen_before(pm, name)
        except UserError as e:
            index, results = None, []
            self.app.call_from_thread(self._show_message, e.render())
            return
        self.app.call_from_thread(self._show, index, results)

    def _show_message(self, text: str) -> None:
        self.query_one("#seen-list", OptionList).clear_options()
        self.query_one("#seen-detail", Static).update(text)

    def _show(self, index: str | None, results: list[dict[str, Any]]) -> None:
        self.index, self.results = index, results
        options = self.query_one("#seen-list", OptionList)
        options.clear_options()
        if index is None:
            self._show_message("No knowledge-base index here: run `commsgen index` in the folder of your postmortems.")
            return
        options.add_options([Option(f"{r['id']}  {r['score']:.2f}  {r['title']}", id=r["id"]) for r in results])
        if not results:
            self._show_message("Nothing similar in the index.")
            return
        options.highlighted = 0
        self._detail(0)

    @on(OptionList.OptionHighlighted, "#seen-list")
    @on(OptionList.OptionSelected, "#seen-list")
    def _picked(self, event: OptionList.OptionHighlighted | OptionList.OptionSelected) -> None:
        self._detail(event.option_index)

    def _detail(self, i: int) -> None:
        if not 0 <= i < len(self.results):
            return
        from rich.text import Text

        r, w = self.results[i], self.results[i]["why"]
        t = Text()
        t.append(f"{r['id']} ({r['severity']}, {(r['started'] or '')[:10]}): {r['title']}\n", style="bold")
        reasons = [
            f"services {', '.join(w['services'])}" if w["services"] else "",
            f"tags {', '.join(w['tags'])}" if w["tags"] else "",
            f"trigger {w['trigger_kind']}" if w["trigger_kind"] else "",
            f"linked as {w['related']}" if w["related"] else "",
            f"words {', '.join(w['terms'])}" if w["terms"] else "",
        ]
        t.append("Why: " + ("; ".join(x for x in reasons if x) or "text only") + "\n\n")
        t.append("Summary\n", style="bold")
        t.append(" ".join((r.get("summary") or "").split()) + "\n\n")
        t.append("Resolution\n", style="bold")
        t.append(" ".join((r["resolution"] or "(none written)").split()) + "\n")
        if r["prevent_actions"]:
            t.append("\nPrevent actions\n", style="bold")
            for a in r["prevent_actions"]:
                t.append(f"[{a['status']}{', overdue' if a['overdue'] else ''}] {a['title']}\n")
            if not any(a["status"] == "done" for a in r["prevent_actions"]):
                t.append("Seen before, and the fix was never done.\n", style="bold")
        self.query_one("#seen-detail", Static).update(t)
