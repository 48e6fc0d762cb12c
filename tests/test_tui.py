"""Pilot tests of the TUI: open, type, break, jump, save, recover, export, quit."""
from __future__ import annotations

import asyncio
import functools
import shutil
from pathlib import Path

import pytest
from textual.worker import WorkerCancelled

pytest.importorskip("textual")

from commsgen import drafts  # noqa: E402
from commsgen.config import Config  # noqa: E402
from commsgen.tui import render  # noqa: E402
from commsgen.tui.app import CommsgenApp  # noqa: E402
from commsgen.tui.screens.choice import ChoiceScreen  # noqa: E402
from commsgen.tui.screens.help import HelpScreen  # noqa: E402
from commsgen.tui.screens.save_as import SaveAsScreen  # noqa: E402

DATA = Path(__file__).parent / "data" / "tui"


def aio(fn):
    """Run an async test in a fresh event loop (no asyncio plugin needed)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))
    return wrapper


@pytest.fixture
def outage(tmp_path) -> Path:
    p = tmp_path / "inc-0142.yaml"
    shutil.copy(DATA / "outage.yaml", p)
    return p


@pytest.fixture
def security(tmp_path) -> Path:
    p = tmp_path / "inc-0199.yaml"
    shutil.copy(DATA / "security-pending.yaml", p)
    return p


async def settle(app, pilot) -> None:
    """Let the debounce fire and every worker finish (re-renders after resizes too), then let
    handlers run: no sleeping, just until nothing is pending."""
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        main = app.main
        if main._debounce is not None:
            main._debounce.stop()
            main.refresh_preview()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:   # an exclusive preview replaced by a newer one: wait for that
            continue
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        if main._debounce is None and not main.view(main.audience).dirty and \
                not any(w.is_running for w in app.workers):
            break


def shown(app, audience: str) -> str:
    """What the writer sees in that tab, as plain text."""
    return render.plain(app.main.view(audience).lines)


def shown_markdown(app, audience: str) -> str:
    """The Markdown whose rendering is on screen in that tab."""
    return app.main.view(audience).shown


@aio
async def test_opens_file_with_editor_focused_at_top(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        assert app.focused is ed and ed.cursor_location == (0, 0)
        assert ed.text == outage.read_text(encoding="utf-8")
        assert "INC-2026-0142" in shown(app, "engineering")
        bar = str(app.main.status_bar.render())
        assert outage.name in bar and "saved" in bar and "modified" not in bar


@aio
async def test_typing_in_a_field_updates_the_matching_preview(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.tabs.active = "customer"
        await settle(app, pilot)
        assert "Payment errors on November 20" in shown(app, "customer")
        ed = app.main.editor
        row = next(i for i, ln in enumerate(ed.text.split("\n")) if ln.startswith("  title: Payment errors"))
        ed.move_cursor((row, len(ed.document[row])))
        await pilot.press(*" and 21")
        await settle(app, pilot)
        assert "Payment errors on November 20 and 21" in shown(app, "customer")
        assert "● modified" in str(app.main.status_bar.render())


@aio
async def test_broken_yaml_shows_error_with_line_and_stale_previews(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = shown(app, "engineering")
        rows_before = app.main.findings_table.row_count   # the file's own warnings
        ed = app.main.editor
        ed.move_cursor((4, 0))                      # line 5: `id: INC-2026-0142`
        await pilot.press(*"bad: [")
        await settle(app, pilot)
        table = app.main.findings_table
        assert table.row_count >= 1
        first = table.findings[0]
        assert first.rule == "input.syntax" and first.line is not None and first.blocking
        assert str(first.line) in [str(c) for c in table.get_row_at(0)]
        stale = app.main.query_one("#stale")
        assert stale.display and "STALE" in str(stale.render())
        assert shown(app, "engineering") == before   # last good render kept
        assert "STALE" in str(app.main.status_bar.render())
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert not stale.display and table.row_count == rows_before


@aio
async def test_selecting_a_finding_moves_the_editor_to_its_line(outage):
    text = outage.read_text(encoding="utf-8").replace("severity: SEV2", "severity: SEV9")
    outage.write_text(text, encoding="utf-8")
    want = text.split("\n").index("severity: SEV9") + 1
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        assert table.findings[0].field == "severity" and table.findings[0].line == want
        table.focus()
        table.move_cursor(row=0)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.main.editor
        assert app.main.editor.cursor_location[0] == want - 1
        # next blocking finding from the keyboard lands on the same line
        app.main.editor.move_cursor((0, 0))
        await pilot.press("ctrl+n")
        assert app.main.editor.cursor_location[0] == want - 1


@aio
async def test_save_keeps_text_and_comments_and_drops_recovery(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        ed.move_cursor((0, 0))
        await pilot.press(*"# reviewed", "enter")
        app.main.autosave()
        assert drafts.recovery_path(outage).exists()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = outage.read_text(encoding="utf-8")
        assert saved == "# reviewed\n" + (DATA / "outage.yaml").read_text(encoding="utf-8")
        assert "# Comms started the status page here" in saved
        assert not drafts.recovery_path(outage).exists()
        assert "saved" in str(app.main.status_bar.render())


@aio
async def test_add_event_inserts_text_in_timeline_without_redumping(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        original = app.main.editor.text
        await pilot.press("ctrl+t")
        await settle(app, pilot)
        ed = app.main.editor
        assert ed.selected_text == drafts.EVENT_PLACEHOLDER
        new = ed.text
        assert [ln for ln in new.split("\n") if ln in original.split("\n")] == original.split("\n")
        await pilot.press(*"Rollback verified")
        await settle(app, pilot)
        assert "Rollback verified" in shown_markdown(app, "engineering")
        assert app.main.state.preview.loaded.postmortem.timeline[-1].text == "Rollback verified"


@aio
async def test_recovery_after_a_crash_is_offered_and_restored(outage):
    original = outage.read_text(encoding="utf-8")
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.editor.move_cursor((0, 0))
        await pilot.press(*"# unsaved work", "enter")
        app.main.autosave()        # the interval's job, called directly: no sleeping
    # the session ended without saving (a crash): the file is unchanged, the copy is there
    assert outage.read_text(encoding="utf-8") == original
    app2 = CommsgenApp(outage, Config())
    async with app2.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, ChoiceScreen)
        await pilot.press("r")
        await settle(app2, pilot)
        assert app2.main.editor.text.startswith("# unsaved work\n")
        assert app2.main.state.modified


@aio
async def test_declining_recovery_keeps_the_file(outage):
    drafts.write_recovery(outage, "# other\n" + outage.read_text(encoding="utf-8"))
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("i")
        await settle(app, pilot)
        assert app.main.editor.text == outage.read_text(encoding="utf-8")
        assert not app.main.state.modified


@aio
async def test_export_writes_beside_the_file(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.tabs.active = "customer"
        await pilot.press("f5")
        await settle(app, pilot)
        dest = outage.with_name("inc-0142.customer.md")
        assert dest.exists() and "Payment errors on November 20" in dest.read_text(encoding="utf-8")
        assert any(str(dest) in n.message for n in app._notifications)


@aio
async def test_export_of_security_event_with_pending_disclosure_is_refused(security):
    app = CommsgenApp(security, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.main.state.blocking()["customer"] >= 1
        assert "cust 1" in str(app.main.status_bar.render())
        await pilot.press("f6")
        await settle(app, pilot)
        assert not security.with_name("inc-0199.customer.md").exists()
        assert security.with_name("inc-0199.engineering.md").exists()
        msgs = [n.message for n in app._notifications]
        assert any("customer: REFUSED" in m and "pending" in m for m in msgs)


@aio
async def test_quit_with_unsaved_changes_asks_first(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert outage.read_text(encoding="utf-8").startswith("x")
    assert app.return_code == 0 or app.return_code is None


@aio
async def test_new_postmortem_from_skeleton_saves_as(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = CommsgenApp(None, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.main.state.modified and "format: commsgen/postmortem/v1" in app.main.editor.text
        assert not app.main.state.preview.error
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsScreen)
        inp = app.screen.query_one("Input")
        inp.value = str(tmp_path / "new.yaml")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == app.main.editor.text
        assert not app.main.state.modified


@aio
async def test_help_lists_every_action_key_and_palette_has_them(outage):
    from commsgen.tui.actions import ACTIONS
    from commsgen.tui.screens.help import keys_table

    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = list(keys_table().columns[0].cells)
        assert all(a.key in keys for a in ACTIONS)
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is app.main
        titles = {c.title for c in app.get_system_commands(app.main)}
        assert {a.description for a in ACTIONS} <= titles
        bound = {b.id for b in app.main._bindings.key_to_bindings.get("ctrl+s", [])}
        assert "save" in bound


@aio
async def test_editor_highlights_the_lines_in_view_after_edits_and_scrolling(tmp_path):
    from textual.widgets import TextArea

    long = tmp_path / "long.yaml"
    body = "".join(f"  - at: 2026-11-20T10:{i % 60:02d}:00Z\n    text: \"event {i} # not a comment\"\n"
                   for i in range(400))
    long.write_text("id: INC-1\nsummary: |\n  one\n  two\ntimeline:\n" + body, encoding="utf-8")
    app = CommsgenApp(long, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor

        def full_map() -> dict[int, list]:
            mine = {k: sorted(v, key=str) for k, v in ed._highlights.items() if v}
            TextArea._build_highlight_map(ed)        # the stock whole-document query
            ref = {k: sorted(v, key=str) for k, v in ed._highlights.items() if v}
            ed._build_highlight_map()
            return mine, ref

        def check(rows) -> None:
            mine, ref = full_map()
            assert ref.get(rows[0]) and all(mine.get(r) == ref.get(r) for r in rows)

        check(range(0, 30))
        ed.move_cursor((0, len(ed.document[0])))
        await pilot.press("x")                      # an edit rebuilds the map
        await pilot.pause()
        check(range(0, 30))
        last = ed.document.line_count - 2
        ed.move_cursor((last, 0))                    # far below the highlighted window
        await pilot.pause()
        await pilot.pause()
        ed.refresh()
        await pilot.pause()
        check(range(last - 25, last))


@aio
async def test_collector_settings_are_restored_when_the_app_ends(outage):
    import gc

    before = gc.get_threshold()
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.pause(0.3)      # the heap is frozen just after the first preview is painted
        assert gc.get_freeze_count() > 0 and gc.get_threshold() != before   # frozen after the first preview
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before


def test_table_cells_split_on_unescaped_pipes_only():
    assert render._cells("| 10:02 | +0m | `db-1` failed over |") == ["10:02", "+0m", "`db-1` failed over"]
    assert render._cells("|a||b|") == ["a", "", "b"]
    assert render._cells(r"| x | a \| b |") == ["x", "a | b"]          # escaped: one cell
    assert render._cells(r"| x | ends with \|") == ["x", "ends with |"]


@aio
async def test_editor_lines_cached_by_content_paint_as_textarea_does(tmp_path):
    """The editor's content-keyed line cache gives the lines TextArea itself paints, after typing,
    moving, selecting, scrolling and a theme change."""
    from textual.widgets import TextArea

    long = tmp_path / "long.yaml"
    body = "".join(f"  - at: 2026-11-20T10:{i % 60:02d}:00Z\n    text: \"event {i} [x] {{y}} " + "word " * (i % 25) + "\"\n"
                   for i in range(200))
    long.write_text("id: INC-1\nsummary: |\n  one\n  two\ntimeline:\n" + body, encoding="utf-8")
    app = CommsgenApp(long, Config())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor

        def check() -> None:
            ed._check_content_cache()
            ed._painting = True
            try:
                mine = [ed._render_line(y) for y in range(ed.size.height)]
            finally:
                ed._painting = False
            stock = [TextArea._render_line(ed, y) for y in range(ed.size.height)]
            assert mine == stock

        check()
        ed.move_cursor((6, 12))
        await pilot.press(*"abc")
        await pilot.pause()
        check()
        ed.move_cursor((7, 3))
        await pilot.press("shift+down", "shift+down")          # a selection over three lines
        await pilot.pause()
        check()
        ed.move_cursor((8, 20))                                 # next to a bracket
        await pilot.pause()
        check()
        ed.scroll_to(y=40, animate=False)
        await pilot.pause()
        check()
        app.theme = "textual-light"
        await pilot.pause()
        check()


def test_long_tables_paint_as_rich_tables_do():
    """The fast table painter gives every cell the character and style Rich's Table gives it
    (plain, `code`, **bold**, unicode, long words folded, empty cells, header at the bottom)."""
    import sys

    from rich.style import Style

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import make_postmortem

    from commsgen import pipeline
    from commsgen.tui.state import preview_sources

    def cells(strips):
        return [[(ch, seg.style or Style.null()) for seg in s for ch in seg.text] for s in strips]

    source = preview_sources(pipeline.preview(make_postmortem(60), "t.yaml", Config()))["engineering"]
    extra = "\n".join(["| When | Who | What |", "|---|---|---|"] + [
        f"| 10:{i:02d} | **ops** `db-{i}` | façade ünïcode {'x' * (i * 3)} \\| piped {'word ' * (i % 7)} |"
        for i in range(30)] + ["|  |  |  |"])
    tables = [b for b in render.blocks(source + "\n\n" + extra + "\n")
              if b.lstrip().startswith("|") and b.count("\n") > render.CHUNK_ROWS + 1]
    assert len(tables) == 2
    checked = 0
    for width in (24, 41, 59, 80, 117):
        console = render._console(width)
        for table in tables:
            for _, make in render._table_chunks(table, width):
                rows = make()
                fast = render._trim(rows.strips(console, width))
                rich = render._to_strips(console, render._rich_table(rows), width)
                assert cells(fast) == cells(rich)
                assert all(s.cell_length == width for s in fast)
                checked += 1
    assert checked > 20
