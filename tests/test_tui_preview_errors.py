"""A preview that raises (a fault of ours on some text) is said, not swallowed: the writer sees an
error notice and the previews marked stale, the draft is untouched and still saves, and the next
edit that builds tries again and clears the mark. (Before, the worker failed silently: the previews
simply stopped following the text.)"""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("textual")

from tui_helpers import DATA, aio, settle

from commsgen import pipeline
from commsgen.config import Config
from commsgen.tui.app import CommsgenApp


async def _idle(app, pilot) -> None:
    """Wait for the workers without raising on the one that failed (``settle`` would)."""
    for _ in range(50):
        await pilot.pause()
        if not any(w.is_running for w in app.workers) and app.main._debounce is None:
            return


@aio
async def test_a_failing_preview_is_said_and_the_draft_kept(tmp_path, monkeypatch):
    path = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", path)
    app = CommsgenApp(path, Config())
    real = pipeline.preview
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        good = app.main.view("engineering").source

        def broken(*a, **k):
            raise RuntimeError("boom in the renderer")

        monkeypatch.setattr(pipeline, "preview", broken)
        app.main.editor.move_cursor((0, 0))
        await pilot.press("#")
        await pilot.pause(0.3)  # the debounce
        await _idle(app, pilot)
        stale = app.main.query_one("#stale")
        notice = app.main.query_one("#notice")
        assert stale.display and "preview could not be built" in str(stale.render())
        assert "RuntimeError: boom in the renderer" in str(notice.render())
        assert app.return_code is None and app.main in app.screen_stack
        assert app.main.view("engineering").source == good  # the last good render stays
        assert app.main.editor.text.startswith("#")

        await pilot.press("ctrl+s")  # saving does not need a preview
        await _idle(app, pilot)
        assert path.read_text(encoding="utf-8") == app.main.editor.text

        monkeypatch.setattr(pipeline, "preview", real)
        await pilot.press("delete")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert not app.main.query_one("#stale").display
