"""Snapshots of the main screen (pytest-textual-snapshot) at 80x24 and 160x45 in the dark and
light themes. Update with --snapshot-update only after looking at the SVGs in the report."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

pytest.importorskip("pytest_textual_snapshot")

DATA = Path(__file__).parent / "data" / "tui"
SIZES = [(80, 24), (160, 45)]
THEMES = ["textual-dark", "textual-light"]


def make_app(path: Path, name: str):
    """The app on a test postmortem, showing a stable file name and never autosaving."""
    from commsgen.config import Config
    from commsgen.tui.app import CommsgenApp

    app = CommsgenApp(path, Config(), autosave_seconds=3600, now=datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc))
    app.state.path = Path(name)
    return app


async def _settled(pilot) -> None:
    """The Pilot tests' settle (until nothing is pending), with the cursor blink off."""
    from tui_helpers import settle

    pilot.app.main.editor.cursor_blink = False
    await settle(pilot.app, pilot)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_leak_in_the_customer_text_selected_in_the_findings(snap_compare, tmp_path, size, theme):
    """A leaked host in a folded customer text: customer tab, findings focused on it, detail shown."""
    from test_tui_findings import leaky

    p = tmp_path / "leak.yaml"
    p.write_text(leaky("folded"), encoding="utf-8")

    async def before(pilot):
        pilot.app.theme = theme
        pilot.app.main.tabs.active = "customer"
        await _settled(pilot)
        table = pilot.app.main.findings_table
        table.focus()
        table.move_cursor(row=next(i for i, f in enumerate(table.findings) if f.rule == "infra.internal-host"))
        await _settled(pilot)

    assert snap_compare(make_app(p, "inc-0142.yaml"), terminal_size=size, run_before=before)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_broken_yaml_with_stale_previews(snap_compare, size, theme):
    """A YAML syntax error: the findings show it with its line, previews are stale."""

    async def before(pilot):
        from tui_helpers import type_keys

        pilot.app.theme = theme
        await _settled(pilot)  # a good render first, then break the YAML
        ed = pilot.app.main.editor
        ed.move_cursor((4, 0))
        await type_keys(pilot.app, pilot, "bad: [")
        await _settled(pilot)

    assert snap_compare(make_app(DATA / "outage.yaml", "inc-0142.yaml"), terminal_size=size, run_before=before)
