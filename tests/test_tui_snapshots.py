"""Snapshots of the main screen (pytest-textual-snapshot). Update with --snapshot-update only
after looking at the SVGs in the report."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

DATA = Path(__file__).parent / "data" / "tui"


def make_app(name: str):
    """The app on a test postmortem, showing a stable file name and never autosaving."""
    from commsgen.config import Config
    from commsgen.tui.app import CommsgenApp

    from datetime import datetime, timezone

    app = CommsgenApp(DATA / name, Config(), autosave_seconds=3600,
                      now=datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc))
    app.state.path = Path(name)
    return app


async def _settled(pilot) -> None:
    """The Pilot tests' settle (no sleeping: until nothing is pending), with the cursor blink off:
    a blinking cursor would make snapshots flaky."""
    from test_tui import settle

    pilot.app.main.editor.cursor_blink = False
    await settle(pilot.app, pilot)


def test_main_screen_120x40(snap_compare):
    """Outage postmortem, engineering tab, no findings, wide terminal."""
    assert snap_compare(make_app("outage.yaml"), terminal_size=(120, 40), run_before=_settled)


def test_main_screen_80x24_with_refusal(snap_compare):
    """Security event with pending disclosure at the smallest supported size: customer refused."""
    async def before(pilot):
        pilot.app.main.tabs.active = "customer"
        await _settled(pilot)

    assert snap_compare(make_app("security-pending.yaml"), terminal_size=(80, 24), run_before=before)


def test_main_screen_80x24_light_theme_broken_yaml(snap_compare):
    """Light theme, a YAML syntax error: the findings table shows it and previews are stale."""
    async def before(pilot):
        pilot.app.theme = "textual-light"
        await _settled(pilot)                  # a good render first, then break the YAML
        ed = pilot.app.main.editor
        ed.move_cursor((4, 0))
        await pilot.press(*"bad: [")
        await _settled(pilot)

    assert snap_compare(make_app("outage.yaml"), terminal_size=(80, 24), run_before=before)
