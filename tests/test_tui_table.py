"""The preview's table drawing (``commsgen.tui.render._table_lines``) against stock Rich: the very
``rich.table.Table`` the preview used to build, rendered by Rich, must paint the same character in
the same style in every cell, for every table of every sample's audience outputs and for cells
that wrap, fold, carry code/bold/emphasis, escaped pipes, wide characters or nothing, at pane
widths from narrow to wide, in both palettes, with and without the header row."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rich import box
from rich.style import Style
from rich.table import Table
from textual.strip import Strip

from commsgen import pipeline
from commsgen.config import Config
from commsgen.model.source import read
from commsgen.tui import render
from commsgen.tui.state import preview_sources

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WIDTHS = (20, 38, 59, 80, 119)


def stock_table(header: list[str] | None, body: list[list[str]], widths: list[int]) -> Table:
    """What the preview drew with before: a Rich ``Table`` of fixed column widths, cells folding."""
    t = Table(
        box=box.SIMPLE_HEAVY,
        show_header=header is not None,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
        style="markdown.table.border",
    )
    for h, w in zip(header or [""] * len(widths), widths):
        t.add_column(render._inline(h), width=w, overflow="fold")
    for r in body:
        t.add_row(*[render._inline(c) for c in r])
    return t


def cells(strips: list[Strip]) -> list[list[tuple[str, Style]]]:
    """Each line as (character, style) per cell: what a terminal shows, whatever the segments."""
    out = []
    for strip in strips:
        line = []
        for seg in strip:
            style = seg.style or Style.null()
            for ch in seg.text:
                line.append((ch, style))
        out.append(line)
    return out


@functools.cache
def sample_tables() -> tuple[str, ...]:
    found = []
    for path in sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json")):
        pv = pipeline.preview(read(path), path.name, Config())
        if pv.error:
            continue
        for source in preview_sources(pv).values():
            found += [b for b in render.blocks(source) if render._is_table(b)]
    assert len(found) >= 8
    return tuple(found)


TRICKY = (
    "| Time | Who | What | Link |\n|---|---|---|---|\n"
    "| 10:02 | `db-1` | failed **over** to _the_ replica | https://status.example.com/incidents/2026-11-20/very-long-path |\n"
    "|  |  |  |  |\n"
    r"| 10:05 | a \| b | 東京リージョンで遅延が発生しました（再試行で回復） | x |" + "\n"
    "| 10:07 | Supercalifragilisticexpialidocious | short | **bold `code` end** |\n"
)


def compare(block: str, width: int, palette: str) -> int:
    console = render._console(width, palette)
    chunks = render._table_chunks(block, width)
    rows = [r for r in block.split("\n") if r.strip()]
    header, body = render._cells(rows[0]), [render._cells(r) for r in rows[2:]]
    n = len(header)
    body = [(r + [""] * n)[:n] for r in body]
    compared = 0
    for k, (key, make) in enumerate(chunks):
        assert make is not None
        if "\x00records\x00" in key:
            continue  # too wide for a table: records, drawn by Rich itself
        widths = [max(1, int(w)) for w in key.split("\x00")[2].split("\x01")]
        part = body[k * render.CHUNK_ROWS : (k + 1) * render.CHUNK_ROWS]
        stock = render._to_strips(console, stock_table(header if k == 0 else None, part, widths), width)
        assert cells(make(console)) == cells(stock), (block[:200], width, palette, k)
        compared += 1
    return compared


@pytest.mark.slow
@pytest.mark.parametrize("palette", ["dark", "light"])
def test_tables_of_every_sample_paint_as_rich_table_paints_them(palette):
    compared = 0
    for block in sample_tables():
        for width in WIDTHS:
            compared += compare(block, width, palette)
    assert compared > 50


@pytest.mark.parametrize("width", WIDTHS)
def test_tricky_cells_paint_as_rich_table_paints_them(width):
    for palette in ("dark", "light"):
        compare(TRICKY, width, palette)
    # a header that wraps sits at the bottom of its row, as Rich puts it
    compare("| Duration of impact | x |\n|---|---|\n| 1h | y |\n", 24, "dark")


def test_a_long_table_is_drawn_in_chunks_with_one_set_of_column_widths():
    rows = "".join(f"| 10:{i:02d} | event {i} {'word ' * (i % 7)}|\n" for i in range(23))
    block = "| Time | Event |\n|---|---|\n" + rows
    assert compare(block, 40, "dark") == 5  # 23 rows: 5 chunks of at most CHUNK_ROWS
    widths = {key.split("\x00")[2] for key, _ in render._table_chunks(block, 40)}
    assert len(widths) == 1
