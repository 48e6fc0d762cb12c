"""Pilot tests of the TUI: open, type, break, save, recover, quit; issue #14 defects 1-5 and 15-18
(crash and data loss, keys and focus). Findings: test_tui_findings.py; export: test_tui_export.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from tui_helpers import DATA, aio, settle, shown, type_keys

from commsgen import drafts
from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.screens.choice import ChoiceScreen
from commsgen.tui.screens.help import HelpScreen
from commsgen.tui.screens.prompt import PromptScreen
from commsgen.tui.widgets.keys_footer import KeysFooter

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def outage(tmp_path) -> Path:
    p = tmp_path / "inc-0142.yaml"
    shutil.copy(DATA / "outage.yaml", p)
    return p


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
        rows_before = app.main.findings_table.row_count  # the file's own warnings
        app.main.editor.move_cursor((4, 0))  # line 5: `id: INC-2026-0142`
        await type_keys(app, pilot, "bad: [")
        await settle(app, pilot)
        table = app.main.findings_table
        first = table.findings[0]
        assert first.rule == "input.syntax" and first.line is not None and first.blocking
        assert str(first.line) in [str(c) for c in table.get_row_at(0)]
        stale = app.main.query_one("#stale")
        assert stale.display and "STALE" in str(stale.render())
        assert shown(app, "engineering") == before  # last good render kept
        assert "STALE" in str(app.main.status_bar.render())
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert not stale.display and table.row_count == rows_before


# ---------------------------------------------------------------------------------- 1: JSON
@pytest.mark.parametrize("name", ["degradation-search-latency.json"])
@aio
async def test_1_json_postmortem_opens_highlighted_and_previews(tmp_path, name):
    """Any .json postmortem used to segfault (Textual's JSON query with this tree-sitter). It opens,
    highlighted, and edits keep it highlighted."""
    p = tmp_path / name
    shutil.copy(SAMPLES / name, p)
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        assert ed.language == "json"
        assert not app.main.state.stale and shown(app, "engineering").strip()
        plain = [ed.render_line(y) for y in range(ed.size.height)]
        assert any(len({seg.style.color for seg in strip if seg.style and seg.text.strip()}) > 2 for strip in plain)
        ed.move_cursor((1, 0))
        await type_keys(app, pilot, ' "x": 1,')
        await settle(app, pilot)
        assert app.main.state.stale is False or app.main.state.findings


def test_1_json_query_has_no_predicates_or_directives():
    """`#set!`/`#eq?` in a query are what crashed; ours has captures only."""
    from commsgen.tui.widgets.editor import JSON_HIGHLIGHTS

    assert "#" not in JSON_HIGHLIGHTS


# ---------------------------------------------------------------------------------- 2-4: saving
@pytest.mark.slow
@aio
async def test_2_save_as_asks_before_replacing_an_existing_file(outage, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("keep me\n", encoding="utf-8")
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "already exists" in app.screen.question
        await pilot.press("escape")
        await pilot.pause()
        assert other.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("Input").value = str(other)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert other.read_text(encoding="utf-8") == outage.read_text(encoding="utf-8")
        assert app.main.state.path == other


@pytest.mark.slow
@aio
async def test_3_save_does_not_overwrite_a_file_changed_on_disk(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_keys(app, pilot, [*"# mine", "enter"])
        outage.write_text("# theirs\n" + outage.read_text(encoding="utf-8"), encoding="utf-8")
        os.utime(outage, ns=(1, 1))  # another program's write (mtime and size differ)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "changed by another program" in app.screen.question
        await pilot.press("escape")  # cancel: nothing written
        await pilot.pause()
        assert outage.read_text(encoding="utf-8").startswith("# theirs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")  # reload: their version in the editor
        await settle(app, pilot)
        assert app.main.editor.text.startswith("# theirs") and not app.main.state.modified
        await type_keys(app, pilot, [*"# mine", "enter"])
        await pilot.press("ctrl+s")  # unchanged on disk since the reload: saved without asking
        await pilot.pause()
        assert outage.read_text(encoding="utf-8").startswith("# mine\n# theirs")


@pytest.mark.slow
@aio
async def test_3_overwrite_after_a_change_on_disk_is_an_explicit_choice(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_keys(app, pilot, [*"# mine", "enter"])
        outage.write_text("# theirs\n", encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert outage.read_text(encoding="utf-8").startswith("# mine\n")


@pytest.mark.slow
@aio
async def test_4_saving_through_a_symlink_writes_its_target(outage, tmp_path):
    link = tmp_path / "link.yaml"
    link.symlink_to(outage)
    app = CommsgenApp(link, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_keys(app, pilot, [*"# via link", "enter"])
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert link.is_symlink() and os.readlink(link) == str(outage)
    assert outage.read_text(encoding="utf-8").startswith("# via link\n")


# ---------------------------------------------------------------------------------- 5: escape
@pytest.mark.slow
@aio
async def test_5_escape_in_the_editor_keeps_focus_and_keystrokes(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        await pilot.press("shift+right", "shift+right", "escape")
        assert app.focused is ed and ed.selected_text == ""
        await pilot.press(*"abc")
        assert ed.text.startswith("# abcPostmortem")
        # the tab strip never takes focus (f7/f8 switch tabs), so focus cycling cannot strand keys there
        for _ in range(5):
            await pilot.press("f9")
            assert "Tabs" not in type(app.focused).__name__


# ---------------------------------------------------------------------------------- 15-16: start
def test_15_a_mistyped_path_is_an_error_not_a_skeleton(tmp_path):
    import subprocess
    import sys

    from conftest import cli_env

    missing = tmp_path / "inc-0124.yml"
    r = subprocess.run(
        [sys.executable, "-m", "commsgen", "tui", str(missing)],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=tmp_path,
    )
    assert r.returncode == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr
    assert not list(tmp_path.iterdir())  # no recovery copy, nothing written


@pytest.mark.slow
@aio
async def test_15_no_recovery_copy_until_the_writer_edits(outage, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in (outage, None):  # an opened file, and the untitled skeleton
        app = CommsgenApp(path, Config())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            app.main.autosave()
            assert not drafts.recovery_path(path).exists()
            await pilot.press("x")
            app.main.autosave()
            assert drafts.recovery_path(path).exists()
            await pilot.press("ctrl+q")
            await pilot.pause()
            await pilot.press("d")


@pytest.mark.slow
@aio
async def test_recovery_after_a_crash_is_offered_and_restored(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_keys(app, pilot, [*"# unsaved work", "enter"])
        app.main.autosave()  # the interval's job, called directly: no sleeping
    app2 = CommsgenApp(outage, Config())
    async with app2.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app2.screen, ChoiceScreen)
        await pilot.press("r")
        await settle(app2, pilot)
        assert app2.main.editor.text.startswith("# unsaved work\n")
        assert app2.main.state.modified


@pytest.mark.slow
@aio
async def test_16_keeping_the_file_is_asked_once(outage):
    drafts.write_recovery(outage, "# other\n" + outage.read_text(encoding="utf-8"))
    for expect_question in (True, False):
        app = CommsgenApp(outage, Config())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ChoiceScreen) is expect_question
            if expect_question:
                await pilot.press("i")
            await settle(app, pilot)
            assert app.main.editor.text == outage.read_text(encoding="utf-8")
            assert not app.main.state.modified


# ---------------------------------------------------------------------------------- 17: keys
@pytest.mark.slow
@aio
async def test_17_find_go_to_line_select_all_and_document_ends(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        lines = ed.text.split("\n")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await type_keys(app, pilot, [*"pagerduty", "enter"])
        await pilot.pause()
        first = next(i for i, ln in enumerate(lines) if "PagerDuty" in ln)
        assert ed.selected_text == "PagerDuty" and ed.cursor_location[0] == first and app.focused is ed
        await pilot.press("ctrl+g")
        await pilot.pause()
        await type_keys(app, pilot, [*"999999", "enter"])
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # out of range: says so, stays open
        app.screen.query_one("Input").value = "12"
        await pilot.press("enter")
        await pilot.pause()
        assert ed.cursor_location == (11, 0)
        await pilot.press("ctrl+end")
        assert ed.cursor_location == (len(lines) - 1, len(lines[-1]))
        await pilot.press("ctrl+home")
        assert ed.cursor_location == (0, 0)
        await pilot.press("end")  # the document line's end, though the line wraps
        assert ed.cursor_location == (0, len(lines[0]))
        await pilot.press("ctrl+a")
        assert ed.selected_text == ed.text


# ---------------------------------------------------------------------------------- 18: footer
@aio
async def test_18_footer_follows_focus_and_the_preview_shows_focus(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)

        def footer_keys() -> set[str]:
            return {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}

        editor_keys = footer_keys()
        assert {"ctrl+f", "ctrl+g", "ctrl+s", "ctrl+n"} <= editor_keys and "m" not in editor_keys
        await pilot.press("f9")
        assert app.focused is app.main.view("engineering")
        assert app.focused.styles.border.top[0] == "thick"
        assert "escape" in footer_keys() and "ctrl+f" not in footer_keys()
        await pilot.press("f9")
        assert app.focused is app.main.findings_table
        assert {"m", "w", "enter"} <= footer_keys()


@aio
async def test_18_the_footer_shows_the_focused_panes_keys_and_is_redrawn_only_when_they_change(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        footer = app.main.query_one(KeysFooter)

        def shown() -> set[str]:
            return {k.key for k in footer.keys}

        def line() -> str:
            return str(footer.render())

        before = footer.keys
        assert {"ctrl+f", "ctrl+s", "f9"} <= shown()
        assert "^f Find" in line() and "^s Save" in line()
        for _ in range(3):  # bindings updates that change no key: the same keys, nothing redrawn
            app.main.refresh_bindings()
            await pilot.pause()
        await pilot.pause()
        assert footer.keys is before
        await pilot.press("f9", "f9")  # the findings pane: its own keys
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.main.findings_table
        assert {"m", "w"} <= shown() and "ctrl+f" not in shown()
        await pilot.press("f9", "f9")  # the detail pane, then the editor again: its keys are back
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.main.editor and {"ctrl+f", "ctrl+s"} <= shown() and "m" not in shown()


@aio
async def test_18_a_click_on_a_footer_key_presses_it(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        footer = app.main.query_one(KeysFooter)
        start, _end, key = next(s for s in footer.spans if s[2].key == "f1")
        await pilot.click(KeysFooter, offset=(start + 1, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        hovered = next(s for s in footer.spans if s[2].key == "ctrl+s")
        await pilot.hover(KeysFooter, offset=(hovered[0], 0))
        await pilot.pause()
        assert footer.hover is not None and footer.hover.key == "ctrl+s"
        assert footer.tooltip


@pytest.mark.slow
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
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = str(tmp_path / "new.yaml")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == app.main.editor.text
        assert not app.main.state.modified


@pytest.mark.slow
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
        assert [ln for ln in ed.text.split("\n") if ln in original.split("\n")] == original.split("\n")
        await type_keys(app, pilot, "Rollback verified")
        await settle(app, pilot)
        assert app.main.state.preview.loaded.postmortem.timeline[-1].text == "Rollback verified"


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


@aio
async def test_collector_settings_are_restored_when_the_app_ends(outage):
    import gc

    before = gc.get_threshold()
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for _ in range(50):  # the heap is frozen just after the first preview is painted
            if gc.get_freeze_count() > 0:
                break
            await pilot.pause()
        assert gc.get_freeze_count() > 0 and gc.get_threshold() != before
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == before
