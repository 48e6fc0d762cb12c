"""Fit (issue #14 defects 12-14): the cursor stays in view on resize; at 80x24 every count and tab
label is visible; preview tables wrap, never cut."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from tui_helpers import aio, settle

from commsgen.config import Config
from commsgen.tui import render
from commsgen.tui.app import CommsgenApp

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def long_pm(tmp_path) -> Path:
    p = tmp_path / "long.yaml"
    shutil.copy(SAMPLES / "long-incident-platform-wide.yaml", p)
    return p


@pytest.mark.slow
@aio
async def test_12_the_cursor_stays_in_view_when_the_terminal_is_resized(long_pm):
    app = CommsgenApp(long_pm, Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        ed.move_cursor((400, 0), center=True)
        await pilot.pause()
        for size in ((80, 24), (120, 30), (200, 50), (80, 24)):
            await pilot.resize_terminal(*size)
            await settle(app, pilot)
            y = ed.cursor_screen_offset.y
            region = ed.content_region
            assert region.y <= y < region.bottom, size


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@aio
async def test_13_at_80x24_every_count_and_tab_label_is_visible(tmp_path, theme):
    from test_tui_findings import leaky

    p = tmp_path / ("a-rather-long-folder-name-for-a-postmortem-" * 2)
    p.mkdir()
    f = p / "inc-2026-0142-checkout-failover.yaml"
    f.write_text(leaky("folded"), encoding="utf-8")
    app = CommsgenApp(f, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await settle(app, pilot)
        ed = app.main.editor
        ed.move_cursor((0, len(ed.document[0])))
        await pilot.press("x")  # at the end of the comment on line 1
        await settle(app, pilot)
        bar = str(app.main.status_bar.render())
        assert len(bar) <= 80 and "● modified" in bar
        for label in ("eng 0", "exec 0", "cust 2", "stat 2"):
            assert label in bar
        tabs = app.main.tabs
        for aud in ("engineering", "executive", "customer", "status"):
            tab = tabs.get_tab(aud)
            assert tab.region.right <= app.main.query_one("#right").region.right
            assert str(tab.label) in ("Eng", "Exec", "Cust", "Status")
        assert "blocking" in app.main.findings_table.border_subtitle


def kept(md_cells: str, rendered: str) -> bool:
    """Every letter and digit of the cells is on screen (a cut cell loses some)."""
    from collections import Counter

    want = Counter(c for c in md_cells if c.isalnum())
    have = Counter(c for c in rendered if c.isalnum())
    return not (want - have)


def test_14_preview_tables_wrap_long_cells_instead_of_cutting_them():
    url = "https://status.example.com/incidents/2026-11-20/payments-checkout-failover-details"
    md = (
        "| # | Action | Owner | Due | Ticket |\n|---|---|---|---|---|\n"
        f"| 1 | Drill the failover runbook quarterly | Dana Whitfield | 2026-12-04 **OVERDUE** | {url} |\n"
    )
    for width in (38, 50, 79):
        text = render.plain(render.render(md, width))
        assert kept(md.replace("---", ""), text)
        assert all(len(line) <= width for line in text.split("\n"))
        assert "…" not in text


@pytest.mark.slow
@aio
async def test_14_the_action_table_of_a_long_postmortem_shows_every_due_date_at_80_columns(long_pm):
    app = CommsgenApp(long_pm, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        view = app.main.view("engineering")
        table = next(b for b in render.blocks(view.shown) if b.startswith("| # | Action"))
        assert "| 2027-01-15" in table
        cells = table.replace("---", "").replace("**", "").replace("_(", "(").replace(")_", ")")
        assert kept(cells, render.plain(render.render(table, view.render_width)))


def test_preview_colours_follow_the_palette():
    dark = render.render("# Title\n\nSome `code` here.\n", 40, "dark")
    light = render.render("# Title\n\nSome `code` here.\n", 40, "light")
    assert render.plain(dark) == render.plain(light) and dark != light


def test_table_cells_split_on_unescaped_pipes_only():
    assert render._cells("| 10:02 | +0m | `db-1` failed over |") == ["10:02", "+0m", "`db-1` failed over"]
    assert render._cells("|a||b|") == ["a", "", "b"]
    assert render._cells(r"| x | a \| b |") == ["x", "a | b"]  # escaped: one cell
    assert render._cells(r"| x | ends with \|") == ["x", "ends with |"]


def test_a_long_table_renders_as_one_table_in_chunks():
    rows = "\n".join(f"| 10:{i:02d} | event {i} with some words |" for i in range(60))
    md = "| When | What |\n|---|---|\n" + rows + "\n"
    text = render.plain(render.render(md, 60))
    assert text.count("When") == 1 and all(f"event {i} " in text for i in range(60))
