"""Edits undone back to the file's text leave no recovery copy behind: the copy of the undone edits
would otherwise be offered back after a crash as a newer draft (found by reading the code the TUI
fuzz's actions go through, session 31)."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("textual")

from tui_helpers import DATA, aio, settle

from commsgen import drafts
from commsgen.config import Config
from commsgen.tui.app import CommsgenApp


@aio
async def test_undoing_every_edit_discards_the_recovery_copy(tmp_path):
    path = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", path)
    original = path.read_text(encoding="utf-8")
    app = CommsgenApp(path, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        main = app.main
        main.editor.move_cursor((0, 0))
        await pilot.press("#", " ")
        await settle(app, pilot)
        main.autosave()
        rec = drafts.recovery_path(path)
        assert rec.exists() and rec.read_text(encoding="utf-8") == main.editor.text
        for _ in range(5):
            if main.editor.text == original:
                break
            await pilot.press("ctrl+z")
            await settle(app, pilot)
        assert main.editor.text == original and not main.state.modified
        main.autosave()
        assert not rec.exists()
        assert drafts.pending_recovery(path) is None  # nothing offered at the next start
        # a new edit writes a copy again
        await pilot.press("x")
        await settle(app, pilot)
        main.autosave()
        assert rec.exists() and rec.read_text(encoding="utf-8") == main.editor.text


@aio
async def test_quitting_after_undoing_every_edit_leaves_no_recovery_copy(tmp_path):
    """The autosave runs every few seconds: a quit right after the undo must not leave the copy."""
    path = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", path)
    app = CommsgenApp(path, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.editor.move_cursor((0, 0))
        await pilot.press("#")
        await settle(app, pilot)
        app.main.autosave()
        assert drafts.recovery_path(path).exists()
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not drafts.recovery_path(path).exists()


@aio
async def test_quitting_keeps_a_recovery_copy_this_session_did_not_write(tmp_path):
    """A copy left by an earlier crash, not restored, is the writer's to decide on: a quit with
    nothing typed leaves it."""
    path = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", path)
    app = CommsgenApp(path, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        drafts.write_recovery(path, path.read_text(encoding="utf-8") + "# from a crash\n")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert drafts.recovery_path(path).exists()
