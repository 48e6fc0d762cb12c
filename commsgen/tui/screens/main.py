"""The main screen: source editor, audience previews, findings and the selected finding's detail.
Workers compute; handlers apply. Saving, editing actions, fixes and exports are mixins."""

from __future__ import annotations

import threading
from time import perf_counter
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.binding import BindingType
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static, TabbedContent, TabPane, Tabs
from textual.worker import Worker, WorkerState

from commsgen import pipeline
from commsgen.tui import render
from commsgen.tui.actions import bindings
from commsgen.tui.editing import EditingMixin
from commsgen.tui.exporting import ExportMixin
from commsgen.tui.messages import FindingHighlighted, FindingSelected, PreviewFirst, PreviewReady, Rendered
from commsgen.tui.saving import SavingMixin
from commsgen.tui.state import AUDIENCE_TABS, DraftState, preview_sources, shown_source
from commsgen.tui.themes import EDITOR_THEME, brightness
from commsgen.tui.widgets.detail import FindingDetail
from commsgen.tui.widgets.editor import SourceEditor
from commsgen.tui.widgets.findings import FindingsTable
from commsgen.tui.widgets.keys_footer import KeysFooter
from commsgen.tui.widgets.notice import Notice
from commsgen.tui.widgets.preview import PreviewView
from commsgen.tui.widgets.seen_before import SeenBefore
from commsgen.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from commsgen.tui.app import CommsgenApp

DEBOUNCE = 0.15
SETTLE_DELAY = 1.0  # seconds after the first preview: the collector's one full collection (heap.py)
FIRST_PAINT_WAIT = 0.25  # seconds the preview worker waits for the visible tab to be painted
TITLES = {"engineering": "Engineering", "executive": "Executive", "customer": "Customer", "status": "Status"}
SHORT_TITLES = {"engineering": "Eng", "executive": "Exec", "customer": "Cust", "status": "Status"}


class _Superseded(Exception):
    """A newer edit started its own preview: this one stops after its first output."""


class MainScreen(SavingMixin, EditingMixin, ExportMixin, Screen):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("screen")]
    AUTO_FOCUS = "#editor"

    def __init__(self, state: DraftState) -> None:
        super().__init__()
        self.state = state
        self._debounce: Timer | None = None
        self.last_preview_seconds = 0.0  # keystroke preview worker: the whole preview
        self.last_first_seconds = 0.0  # ... to the visible tab's output rendered
        self._export_bar: tuple[Horizontal, Static, ProgressBar] | None = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status-bar")
        with Horizontal(id="panes"):
            editor = SourceEditor.for_source(
                self.state.text, self.state.name, dark=self.app.current_theme.dark, id="editor"
            )
            editor.border_title = "Source"
            yield editor
            with Vertical(id="right"):
                yield Static("", id="stale")
                with TabbedContent(id="tabs", initial="engineering"):
                    for aud in AUDIENCE_TABS:
                        with TabPane(TITLES[aud], id=aud):
                            yield PreviewView(aud)
        with Horizontal(id="bottom"):
            table = FindingsTable(id="findings")
            table.border_title = "Findings"
            yield table
            detail = FindingDetail(id="detail")
            detail.border_title = "Finding"
            yield detail
        yield Notice(id="notice")
        # the export bar and the "Seen before?" panel are mounted when first used (export_bar,
        # action_toggle_seen): widgets are styled, laid out and painted before the first preview
        yield KeysFooter()

    def on_mount(self) -> None:
        for tabs in self.query(Tabs):
            tabs.can_focus = False  # f7/f8 switch tabs; focus never lands where typing is lost
        self.editor.move_cursor((0, 0))
        self.status_bar.show(self.state)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self.refresh_preview)

    @property
    def editor_app(self) -> CommsgenApp:
        return cast("CommsgenApp", self.app)

    @property
    def editor(self) -> SourceEditor:
        return self.query_one("#editor", SourceEditor)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def findings_table(self) -> FindingsTable:
        return self.query_one(FindingsTable)

    @property
    def detail(self) -> FindingDetail:
        return self.query_one(FindingDetail)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    def view(self, audience: str) -> PreviewView:
        return self.query_one(f"#view-{audience}", PreviewView)

    @property
    def audience(self) -> str:
        return self.tabs.active or "engineering"

    @property
    def palette(self) -> str:
        return brightness(self.app.current_theme.dark)

    def say(self, message: str, *, severity: str = "information", title: str = "", timeout: float = 6) -> None:
        """One message at a time: a new message replaces the one shown."""
        self.query_one(Notice).say(message, severity=severity, title=title, timeout=timeout)

    # ------------------------------------------------------------------ live preview
    def set_text(self, text: str, *, modified: bool = False) -> None:
        """Replace the whole source (recovery restore, reload)."""
        self.editor.load_text(text)
        self.editor.move_cursor((0, 0))
        if modified:
            self.state.saved_text = None if self.state.saved_text == text else self.state.saved_text
        self.state.text = text
        self.status_bar.show(self.state)
        self.refresh_preview()

    @on(SourceEditor.Changed, "#editor")
    def _edited(self, event: SourceEditor.Changed) -> None:
        if event.text_area.text == self.state.text:
            return  # the text was loaded (start, reload, restore): its preview is already asked for
        self.state.text = event.text_area.text
        self.status_bar.show(self.state)
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.refresh_preview)

    def refresh_preview(self) -> None:
        self._debounce = None
        self.state.generation += 1
        view = self.view(self.audience)
        self.run_preview(
            self.state.generation, self.state.text, self.state.name, self.audience, view.render_width, self.palette
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def run_preview(self, gen: int, text: str, name: str, audience: str, width: int, palette: str) -> None:
        # The visible tab first: its output is built, rendered and painted before the other
        # audiences and the findings (which need every output) are built. The worker waits for
        # that paint (it would otherwise hold the interpreter while the screen is drawn) and stops
        # there when a newer edit is on its way.
        t0 = perf_counter()
        first: dict = {}

        def show_first(out) -> None:
            source = shown_source(out)
            first.update(source=source, lines=render.render(source, width, palette))
            painted = threading.Event()
            self.post_message(
                PreviewFirst(gen, audience, source, width, first["lines"], perf_counter() - t0, palette, painted)
            )
            painted.wait(FIRST_PAINT_WAIT)
            if gen != self.state.generation:
                raise _Superseded

        try:
            pv = pipeline.preview(
                text, name, self.editor_app.config, now=self.editor_app.now, first=audience, on_first=show_first
            )
        except _Superseded:
            return
        sources = preview_sources(pv)
        if pv.error:
            lines = None
        elif first.get("source") == sources[audience]:
            lines = first["lines"]
        else:
            lines = render.render(sources[audience], width, palette)
        self.post_message(
            PreviewReady(gen, pv, sources, audience, width, lines, perf_counter() - t0, palette, text=text)
        )

    def on_preview_first(self, msg: PreviewFirst) -> None:
        if msg.gen != self.state.generation:
            msg.painted.set()
            return  # a newer edit is on its way
        self.last_first_seconds = msg.seconds
        self.query_one("#stale", Static).display = False  # this text loads
        view = self.view(msg.audience)
        view.source = msg.source
        view.show_lines(msg.source, msg.width, msg.lines, msg.palette)
        self.call_after_refresh(msg.painted.set)

    def on_preview_ready(self, msg: PreviewReady) -> None:
        if msg.gen != self.state.generation:
            return  # a newer edit is on its way
        self.last_preview_seconds = msg.seconds
        first = self.state.preview is None
        self.state.apply(msg.preview, msg.text)
        stale = self.query_one("#stale", Static)
        if msg.preview.error:
            err = msg.preview.findings[0] if msg.preview.findings else None
            where = f" (line {err.line})" if err and err.line else ""
            stale.update(Text(f"STALE: the source does not load{where}; last good render shown"))
            stale.display = True
        else:
            stale.display = False
            for aud in AUDIENCE_TABS:
                self.view(aud).source = msg.sources[aud]
            if msg.lines is not None:
                self.view(msg.audience).show_lines(msg.sources[msg.audience], msg.width, msg.lines, msg.palette)
            self._render_if_dirty(self.audience)
            for panel in self.query(SeenBefore):
                panel.refresh_for(msg.preview.loaded)
        self.show_findings()
        if first:  # once the first preview is on screen and the app has had a moment
            self.set_timer(SETTLE_DELAY, self.editor_app.heap.settle)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A preview or a render that raised (a fault of ours on this text): the writer is told, the
        last good render stays marked stale, and the draft is untouched (the next edit tries again)."""
        if event.state != WorkerState.ERROR or event.worker.group not in ("preview", "render"):
            return
        err = event.worker.error
        what = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
        stale = self.query_one("#stale", Static)
        stale.update(Text(f"STALE: the preview could not be built ({what}); last good render shown"))
        stale.display = True
        self.say(f"the preview failed ({what}). Your text is safe; saving still works.", severity="error", timeout=10)

    def show_findings(self) -> None:
        self.findings_table.show(self.state.findings + self.export_findings)
        self.status_bar.show(self.state)

    def _render_if_dirty(self, audience: str) -> None:
        view = self.view(audience)
        view.palette = self.palette
        if view.dirty:
            self.run_render(audience, view.source, view.render_width, self.palette)

    @work(thread=True, exclusive=True, exit_on_error=False, group="render")
    def run_render(self, audience: str, source: str, width: int, palette: str) -> None:
        self.post_message(Rendered(audience, source, width, render.render(source, width, palette), palette))

    def on_rendered(self, msg: Rendered) -> None:
        view = self.view(msg.audience)
        if view.source == msg.source and msg.palette == self.palette:
            view.show_lines(msg.source, msg.width, msg.lines, msg.palette)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._render_if_dirty, self.audience)

    def on_resize(self) -> None:
        short = self.size.width < 110  # four full tab labels need ~46 columns of the right half
        for aud in AUDIENCE_TABS:
            tab, label = self.tabs.get_tab(aud), (SHORT_TITLES if short else TITLES)[aud]
            if str(tab.label) != label:
                tab.label = label
        self.status_bar.show(self.state)
        self.call_after_refresh(self._render_if_dirty, self.audience)

    def _theme_changed(self, theme) -> None:
        self.editor.theme = EDITOR_THEME[brightness(theme.dark)]
        self.status_bar.show(self.state)
        self.call_after_refresh(self._render_if_dirty, self.audience)

    # ------------------------------------------------------------------ findings
    def on_finding_highlighted(self, msg: FindingHighlighted) -> None:
        self.detail.show(msg.finding, checking=not self.state.checked)

    def on_finding_selected(self, msg: FindingSelected) -> None:
        self.jump_to(msg.finding)

    def action_jump_finding(self) -> None:
        self.jump_to(self.findings_table.selected)

    def jump_to(self, f) -> None:
        if f is None:
            return
        if not f.line:
            self.say(
                "This finding has no line in the source (it is about the whole postmortem or a generated "
                "part of an output).",
                severity="warning",
            )
            return
        self.go_to_line(f.line, f.column, f.end_column)

    def go_to_line(self, line: int | None, column: int | None = None, end_column: int | None = None) -> None:
        if not line:
            return
        ed = self.editor
        row = min(max(line - 1, 0), ed.document.line_count - 1)
        col = min(max((column or 1) - 1, 0), len(ed.document[row]))
        if end_column and end_column > (column or 1):
            ed.select_range((row, col), (row, min(end_column - 1, len(ed.document[row]))))
        else:
            ed.move_cursor((row, col), center=True)  # the cursor line is highlighted
        ed.focus()

    def _jump_blocking(self, step: int) -> None:
        table = self.findings_table
        rows = [i for i, f in enumerate(table.findings) if f.blocking and f.line]
        if not rows:
            blocking = sum(1 for f in table.findings if f.blocking)
            self.say(
                "No blocking findings."
                if not blocking
                else f"{blocking} blocking finding(s), none with a line in the source: see the findings pane."
            )
            return
        cur = table.cursor_row if table.row_count else -1
        later = [i for i in rows if (i > cur if step > 0 else i < cur)]
        target = (later[0] if step > 0 else later[-1]) if later else (rows[0] if step > 0 else rows[-1])
        table.move_cursor(row=target)
        self.jump_to(table.findings[target])

    def action_next_blocking(self) -> None:
        self._jump_blocking(1)

    def action_prev_blocking(self) -> None:
        self._jump_blocking(-1)

    # ------------------------------------------------------------------ navigation
    def _shift_tab(self, step: int) -> None:
        i = AUDIENCE_TABS.index(self.audience)
        self.tabs.active = AUDIENCE_TABS[(i + step) % len(AUDIENCE_TABS)]

    def action_next_tab(self) -> None:
        self._shift_tab(1)

    def action_prev_tab(self) -> None:
        self._shift_tab(-1)

    def action_cycle_focus(self) -> None:
        order = [self.editor, self.view(self.audience), self.findings_table, self.detail]
        cur = self.focused
        i = next((k for k, w in enumerate(order) if w is cur), -1)
        order[(i + 1) % len(order)].focus()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_toggle_seen(self) -> None:
        panel = next(iter(self.query(SeenBefore)), None)
        if panel is None:
            panel = SeenBefore(id="seen-before")
            self.query_one("#right", Vertical).mount(panel)
        panel.toggle(self.state.preview.loaded if self.state.preview else None)

    def export_bar(self) -> tuple[Horizontal, Static, ProgressBar]:
        """The export progress line (hidden), its label and its bar, mounted above the footer the
        first time they are asked for."""
        if self._export_bar is None:
            label, progress = Static("", id="export-label"), ProgressBar(total=1, show_eta=False, id="export-progress")
            self._export_bar = (Horizontal(label, progress, id="export-bar"), label, progress)
            self.mount(self._export_bar[0], before=self.query_one(KeysFooter))
        return self._export_bar

    def action_toggle_help(self) -> None:
        from commsgen.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())
