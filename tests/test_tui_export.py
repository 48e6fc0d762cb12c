"""Exports from the TUI (issue #14 defects 20-21): the buffer is exported beside the file and the
toast says where; progress while it runs; refusals are rows of the findings pane; an untouched
skeleton or an audience with blocking findings is not exported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from tui_helpers import DATA, aio, settle, type_keys

from commsgen.config import Config
from commsgen.tui.app import CommsgenApp


@pytest.fixture
def outage(tmp_path) -> Path:
    p = tmp_path / "inc-0142.yaml"
    shutil.copy(DATA / "outage.yaml", p)
    return p


def toasts(app) -> list[str]:
    """The messages on screen (one at most, by design)."""
    text = app.main.query_one("#notice").text
    return [text] if text else []


@pytest.mark.slow
@aio
async def test_20_export_writes_the_buffer_and_says_where(outage):
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.tabs.active = "customer"
        ed = app.main.editor
        row = next(i for i, ln in enumerate(ed.text.split("\n")) if ln.startswith("  title: Payment errors"))
        ed.move_cursor((row, len(ed.document[row])))
        await type_keys(app, pilot, " (unsaved)")
        await settle(app, pilot)
        await pilot.press("f5")
        await settle(app, pilot)
        dest = outage.with_name("inc-0142.customer.md")
        assert "Payment errors on November 20 (unsaved)" in dest.read_text(encoding="utf-8")
        shown = toasts(app)
        assert len(shown) == 1 and str(dest) in shown[0]


@pytest.mark.slow
@aio
async def test_20_pdf_export_shows_progress_and_refusals_are_rows(tmp_path, monkeypatch):
    from commsgen.tui.screens.main import MainScreen

    p = tmp_path / "inc-0199.yaml"
    shutil.copy(DATA / "security-pending.yaml", p)
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = []
        original = MainScreen.on_exporting

        def spy(screen, msg):
            original(screen, msg)
            seen.append((screen.export_bar()[0].display, msg.text))

        monkeypatch.setattr(MainScreen, "on_exporting", spy)
        await pilot.press("f6")
        await settle(app, pilot)
        assert seen and all(shown for shown, _ in seen) and any("executive PDF" in t for _, t in seen)
        assert not app.main.export_bar()[0].display
        assert p.with_name("inc-0199.executive.pdf").exists() and not p.with_name("inc-0199.customer.md").exists()
        rows = [f for f in app.main.findings_table.findings if f.rule == "export.refused"]
        assert {f.audience for f in rows} == {"customer", "status"}
        assert all("pending" in f.message for f in rows)
        assert len(toasts(app)) == 1 and "findings pane" in toasts(app)[0]


@aio
async def test_21_an_untouched_skeleton_is_not_exported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = CommsgenApp(tmp_path / "new.yaml", Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.state.path = tmp_path / "new.yaml"
        await pilot.press("f6")
        await settle(app, pilot)
        assert not [p for p in tmp_path.iterdir() if ".customer." in p.name or ".engineering." in p.name]
        assert "skeleton" in toasts(app)[0]


@aio
async def test_21_an_audience_with_blocking_findings_is_held_back(tmp_path):
    from test_tui_findings import leaky

    p = tmp_path / "leak.yaml"
    p.write_text(leaky("folded"), encoding="utf-8")
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.tabs.active = "customer"
        await pilot.press("f5")
        await settle(app, pilot)
        assert not p.with_name("leak.customer.md").exists()
        held = [f for f in app.main.findings_table.findings if f.rule == "export.refused"]
        assert [f.audience for f in held] == ["customer"] and "blocking" in held[0].message


@aio
async def test_20_a_failed_write_is_shown_not_swallowed(outage):
    """The export's file cannot be written (a folder is in its place): the message names the file and
    the reason, the progress bar goes away, and the failure is a row of the findings pane."""
    dest = outage.with_name("inc-0142.customer.md")
    dest.mkdir()
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main.tabs.active = "customer"
        await pilot.press("f5")
        await settle(app, pilot)
        shown = toasts(app)
        assert len(shown) == 1 and "Not written" in shown[0] and str(dest) in shown[0]
        assert not app.main.query_one("#export-bar").display
        rows = [f for f in app.main.findings_table.findings if f.rule == "export.failed"]
        assert [f.audience for f in rows] == ["customer"] and str(dest) in rows[0].message


@aio
async def test_20_an_export_that_breaks_is_shown_and_the_others_still_written(outage, monkeypatch):
    """A bug while exporting one audience: said on screen, and the other audiences are written."""
    from commsgen import drafts

    real = drafts.export

    def export(loaded, config, audience, source):
        if audience == "engineering":
            raise RuntimeError("boom")
        return real(loaded, config, audience, source)

    monkeypatch.setattr(drafts, "export", export)
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.main._export(["engineering", "customer"])
        await settle(app, pilot)
        shown = toasts(app)
        assert len(shown) == 1 and "engineering: RuntimeError: boom" in shown[0]
        assert "inc-0142.customer.md" in shown[0]
        assert outage.with_name("inc-0142.customer.md").exists()
        assert not app.main.query_one("#export-bar").display
