"""The TUI's "Seen before?" panel (f4), driven with Textual's Pilot over an indexed copy of the samples."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.widgets.seen_before import SeenBefore
from kb_helpers import copy_samples, index
from test_tui import aio, settle


@pytest.mark.slow
@aio
async def test_seen_before_lists_earlier_incidents_and_shows_the_selected_one(tmp_path):
    folder = copy_samples(tmp_path / "pm")
    assert index(folder).returncode == 0
    app = CommsgenApp(folder / "outage-checkout-failover.yaml", Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.main.query(SeenBefore)  # mounted when first asked for
        await pilot.press("f4")
        await settle(app, pilot)
        panel = app.main.query_one(SeenBefore)
        assert panel.display
        ids = [r["id"] for r in panel.results]
        assert set(ids[:2]) == {"INC-2025-0388", "INC-2026-0098"} and "INC-2026-0142" not in ids
        detail = str(panel.query_one("#seen-detail").render())
        assert "Resolution" in detail and "repointed" in detail
        assert "Seen before, and the fix was never done." in detail
        await pilot.press("f9", "f9")  # nothing breaks when focus moves on
        panel.query_one("#seen-list").highlighted = ids.index("INC-2026-0120")
        await settle(app, pilot)
        assert "Game day" in str(panel.query_one("#seen-detail").render())
        await pilot.press("f4")
        assert not panel.display


@aio
async def test_seen_before_without_an_index_says_how_to_make_one(tmp_path, monkeypatch):
    folder = copy_samples(tmp_path / "pm")
    monkeypatch.chdir(tmp_path)
    app = CommsgenApp(folder / "outage-checkout-failover.yaml", Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("f4")
        await settle(app, pilot)
        panel = app.main.query_one(SeenBefore)
        assert panel.results == [] and "commsgen index" in str(panel.query_one("#seen-detail").render())
