"""The main screen: source editor, audience previews, findings. Workers compute; handlers apply."""
from __future__ import annotations

import gc
from pathlib import Path
from time import perf_counter

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static, TabbedContent, TabPane, TextArea

from commsgen import drafts, pipeline
from commsgen.tui import render
from commsgen.tui.actions import bindings
from commsgen.tui.messages import Exported, FindingSelected, PreviewFirst, PreviewReady, Rendered
from commsgen.tui.state import AUDIENCE_TABS, DraftState, preview_sources, shown_source
from commsgen.tui.widgets.editor import SourceEditor
from commsgen.tui.widgets.findings import FindingsTable
from commsgen.tui.widgets.preview import PreviewView
from commsgen.tui.widgets.seen_before import SeenBefore
from commsgen.tui.widgets.status_bar import StatusBar

DEBOUNCE = 0.15
TITLES = {"engineering": "Engineering", "executive": "Executive", "customer": "Customer", "status": "Status"}


class MainScreen(Screen):
    BINDINGS = bindings()
    AUTO_FOCUS = "#editor"

    def __init__(self, state: DraftState) -> None:
        super().__init__()
        self.state = state
        self._debounce: Timer | None = None
        self.last_preview_seconds = 0.0   # keystroke preview worker: the whole preview
        self.last_first_seconds = 0.0     # ... to the visible tab's output rendered
        self._gc_threshold: tuple[int, int, int] | None = None
        self._frozen = False

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status-bar")
        with Horizontal(id="panes"):
            language = "json" if self.state.name.lower().endswith(".json") else "yaml"
            editor = SourceEditor.code_editor(self.state.text, language=language, id="editor", soft_wrap=True,
                                               theme="css")  # follows the app theme (dark or light)
            editor.border_title = "Source"
            yield editor
            with Vertical(id="right"):
                yield Static("", id="stale")
                with TabbedContent(id="tabs", initial="engineering"):
                    for aud in AUDIENCE_TABS:
                        with TabPane(TITLES[aud], id=aud):
                            yield PreviewView(aud)
                yield SeenBefore(id="seen-before")
        table = FindingsTable(id="findings")
        table.border_title = "Findings"
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.editor.move_cursor((0, 0))
        self.status_bar.show(self.state)
        self.call_after_refresh(self.refresh_preview)

    @property
    def editor(self) -> TextArea:
        return self.query_one("#editor", TextArea)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def findings_table(self) -> FindingsTable:
        return self.query_one(FindingsTable)

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#tabs", TabbedContent)

    def view(self, audience: str) -> PreviewView:
        return self.query_one(f"#view-{audience}", PreviewView)

    @property
    def audience(self) -> str:
        return self.tabs.active or "engineering"

    # ------------------------------------------------------------------ live preview
    def set_text(self, text: str, *, modified: bool = False) -> None:
        """Replace the whole source (recovery restore); keeps undo history per TextArea rules."""
        self.editor.load_text(text)
        self.editor.move_cursor((0, 0))
        if modified:
            self.state.saved_text = None if self.state.saved_text == text else self.state.saved_text
        self.state.text = text
        self.status_bar.show(self.state)
        self.refresh_preview()

    @on(TextArea.Changed, "#editor")
    def _edited(self, event: TextArea.Changed) -> None:
        self.state.text = event.text_area.text
        self.status_bar.show(self.state)
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE, self.refresh_preview)

    def refresh_preview(self) -> None:
        self._debounce = None
        self.state.generation += 1
        view = self.view(self.audience)
        self.run_preview(self.state.generation, self.state.text, self.state.name, self.audience, view.render_width)

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def run_preview(self, gen: int, text: str, name: str, audience: str, width: int) -> None:
        # The visible tab first: its output is built and shown before the other audiences and the
        # findings (which need every output, and source lines for each finding) are ready.
        t0 = perf_counter()
        first: dict = {}

        def show_first(out) -> None:
            source = shown_source(out)
            first.update(source=source, lines=render.render(source, width))
            self.post_message(PreviewFirst(gen, audience, source, width, first["lines"], perf_counter() - t0))

        pv = pipeline.preview(text, name, self.app.config, now=self.app.now, first=audience, on_first=show_first)
        sources = preview_sources(pv)
        if pv.error:
            lines = None
        elif first.get("source") == sources[audience]:
            lines = first["lines"]
        else:
            lines = render.render(sources[audience], width)
        self.post_message(PreviewReady(gen, pv, sources, audience, width, lines, perf_counter() - t0))

    def on_preview_first(self, msg: PreviewFirst) -> None:
        if msg.gen != self.state.generation:
            return  # a newer edit is on its way
        self.last_first_seconds = msg.seconds
        self.query_one("#stale", Static).display = False   # this text loads
        view = self.view(msg.audience)
        view.source = msg.source
        view.show_lines(msg.source, msg.width, msg.lines)

    def on_preview_ready(self, msg: PreviewReady) -> None:
        if msg.gen != self.state.generation:
            return  # a newer edit is on its way
        self.last_preview_seconds = msg.seconds
        first = self.state.preview is None
        self.state.apply(msg.preview)
        stale = self.query_one("#stale", Static)
        if msg.preview.error:
            first = msg.preview.findings[0] if msg.preview.findings else None
            where = f" (line {first.line})" if first and first.line else ""
            stale.update(f"STALE: the source does not load{where}; last good render shown")
            stale.display = True
        else:
            stale.display = False
            for aud in AUDIENCE_TABS:
                self.view(aud).source = msg.sources[aud]
            if msg.lines is not None:
                self.view(msg.audience).show_lines(msg.sources[msg.audience], msg.width, msg.lines)
            self._render_if_dirty(self.audience)
            self.query_one(SeenBefore).refresh_for(msg.preview.loaded)
        self.findings_table.show(self.state.findings)
        self.status_bar.show(self.state)
        if first and self._gc_threshold is None:
            self._gc_threshold = gc.get_threshold()
            self.set_timer(0.1, self._freeze_heap)   # after the first preview is painted

    def _freeze_heap(self) -> None:
        # Everything built so far (Textual, the widgets, the parsed templates, rule tables,
        # the first render's caches) lives as long as the app: move it out of the cyclic
        # collector's generations, so a full collection mid-keystroke does not walk it
        # (those collections were most of the p95 keystroke -> preview time). The full collection
        # this needs (~60 ms) runs once the first preview is on screen, not before it.
        if self._gc_threshold is None or self._frozen:
            return
        self._frozen = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 20)   # a keystroke's preview makes ~100k short-lived objects

    def restore_gc(self) -> None:
        """Undo the collector settings (the app calls this when it ends: tests run many apps)."""
        if self._gc_threshold is not None:
            if self._frozen:
                gc.unfreeze()
                self._frozen = False
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None

    def _render_if_dirty(self, audience: str) -> None:
        view = self.view(audience)
        if view.dirty:
            self.run_render(audience, view.source, view.render_width)

    @work(thread=True, exclusive=True, exit_on_error=False, group="render")
    def run_render(self, audience: str, source: str, width: int) -> None:
        self.post_message(Rendered(audience, source, width, render.render(source, width)))

    def on_rendered(self, msg: Rendered) -> None:
        view = self.view(msg.audience)
        if view.source == msg.source:
            view.show_lines(msg.source, msg.width, msg.lines)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self._render_if_dirty, self.audience)

    def on_resize(self) -> None:
        self.call_after_refresh(self._render_if_dirty, self.audience)

    # ------------------------------------------------------------------ findings
    def on_finding_selected(self, msg: FindingSelected) -> None:
        self.go_to_line(msg.line, msg.column)

    def go_to_line(self, line: int | None, column: int | None = None) -> None:
        if not line:
            return
        ed = self.editor
        row = min(line - 1, ed.document.line_count - 1)
        col = min(max((column or 1) - 1, 0), len(ed.document[row]))
        ed.move_cursor((row, col), center=True)   # the cursor line is highlighted
        ed.focus()

    def _jump_blocking(self, step: int) -> None:
        table, found = self.findings_table, self.state.findings
        rows = [i for i, f in enumerate(found) if f.blocking]
        if not rows:
            self.notify("No blocking findings.")
            return
        cur = table.cursor_row if table.row_count else -1
        later = [i for i in rows if (i > cur if step > 0 else i < cur)]
        target = (later[0] if step > 0 else later[-1]) if later else (rows[0] if step > 0 else rows[-1])
        table.move_cursor(row=target)
        f = found[target]
        if f.line:
            self.go_to_line(f.line, f.column)
        else:
            self.notify(f"{f.audience or 'all'}: {f.message}", severity="warning")

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
        order = [self.editor, self.view(self.audience), self.findings_table]
        cur = self.focused
        i = next((k for k, w in enumerate(order) if w is cur), -1)
        order[(i + 1) % len(order)].focus()

    def action_focus_editor(self) -> None:
        self.editor.focus()

    def action_toggle_seen(self) -> None:
        self.query_one(SeenBefore).toggle(self.state.preview.loaded if self.state.preview else None)

    def action_toggle_help(self) -> None:
        from commsgen.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    # ------------------------------------------------------------------ editing actions
    def action_add_event(self) -> None:
        try:
            text, (row, c0, c1) = drafts.insert_timeline_event(self.editor.text)
        except drafts.InsertError as e:
            self.notify(str(e), severity="error", title="Cannot add an event")
            return
        ed = self.editor
        old = ed.text
        # replace only the changed span so undo works and the view does not jump
        prefix = len(_common_prefix(old, text))
        start = _location(old, prefix)
        inserted = text[prefix: prefix + len(text) - len(old)]
        ed.insert(inserted, start)
        ed.selection = type(ed.selection)((row, c0), (row, c1))
        ed.scroll_cursor_visible(center=True)
        ed.focus()

    def save_to(self, path: Path) -> bool:
        try:
            drafts.save(path, self.state.text)
        except OSError as e:
            self.notify(f"Could not save {path}: {e.strerror or e}", severity="error", timeout=10)
            return False
        if self.state.path is None or Path(path) != self.state.path:
            drafts.discard_recovery(self.state.path)
        self.state.mark_saved(Path(path), self.state.text)
        self.status_bar.show(self.state)
        self.notify(f"Saved {path}")
        return True

    def action_save(self, then=None) -> None:
        if self.state.path is None:
            self.action_save_as(then)
            return
        if self.save_to(self.state.path) and then:
            then()

    def action_save_as(self, then=None) -> None:
        from commsgen.tui.screens.save_as import SaveAsScreen

        def chosen(path: Path | None) -> None:
            if path is not None and self.save_to(path) and then:
                then()

        self.app.push_screen(SaveAsScreen(str(self.state.path or drafts.UNTITLED)), chosen)

    def autosave(self) -> None:
        """Write the recovery copy while there are unsaved changes (called on an interval)."""
        s = self.state
        if s.modified and s.text != s.autosaved_text:
            try:
                drafts.write_recovery(s.path, s.text)
                s.autosaved_text = s.text
            except OSError as e:
                self.notify(f"Autosave failed: {e.strerror or e}", severity="error")

    # ------------------------------------------------------------------ export
    def action_export_current(self) -> None:
        self._export([self.audience])

    def action_export_all(self) -> None:
        self._export(list(AUDIENCE_TABS))

    def _export(self, audiences: list[str]) -> None:
        if self.state.path is None:
            self.notify("Save the postmortem first (ctrl+s): exports go beside it.", severity="warning")
            return
        self.run_export(self.state.text, str(self.state.path), audiences)

    @work(thread=True, exit_on_error=False, group="export")
    def run_export(self, text: str, source: str, audiences: list[str]) -> None:
        try:
            loaded = pipeline.loads(text, source)
        except pipeline.UserError as e:
            self.post_message(Exported([f"Not exported: the source does not load. {e.problems[0].paragraph()}"], True))
            return
        lines, refused = [], False
        for aud in audiences:
            out, dest = drafts.export(loaded, self.app.config, aud, source)
            if dest is not None:
                lines.append(f"{aud}: wrote {dest}")
            elif out is None:
                lines.append(f"{aud}: no export format available yet")
            else:
                refused = True
                reasons = "; ".join(f.message for f in out.findings if f.blocking)[:300]
                lines.append(f"{aud}: REFUSED: {out.refused}" + (f" ({reasons})" if reasons else ""))
        self.post_message(Exported(lines, refused))

    def on_exported(self, msg: Exported) -> None:
        self.notify("\n".join(msg.lines), title="Export refused" if msg.refused else "Exported",
                    severity="error" if msg.refused else "information", timeout=12)


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def _location(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    row = before.count("\n")
    return row, index - (before.rfind("\n") + 1)
