"""Markdown -> terminal lines, off the UI thread, block by block with a cache.

Textual's ``Markdown`` widget takes seconds for a 300-row timeline table, so previews are
rendered with Rich in the worker thread into ``Strip``s that a line-API view only paints.
The document is split into top-level blocks (a line scan); each block's lines are
cached by (text, width, palette), so a keystroke re-renders only the blocks it changed. Tables
are drawn as Rich's ``Table`` draws them (``_table_lines``: the same cells, without building a
``Table`` and its per-cell layout) with cells that wrap (never cut); long ones are split into chunks of rows
sharing one set of column widths, so editing one timeline event re-renders one chunk, not the
whole table. Colours come from ``commsgen.tui.themes`` (dark or light, following the app).
"""

from __future__ import annotations

import io
import re
import threading

from collections.abc import Callable, Iterable

from rich import box
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from commsgen.tui.themes import preview_theme

CHUNK_ROWS = 5
_lock = threading.Lock()
_cache: dict[tuple[str, int, str], list[Strip]] = {}
_CACHE_MAX = 4000


def blocks(source: str) -> list[str]:
    """The top-level blocks of a Markdown document, as source text: runs of lines separated by
    blank lines, keeping fenced code whole and indented continuations with their list item.
    (A line scan: markdown-it's full parse of a 300-row table costs more than rendering it.)"""
    out: list[list[str]] = []
    cur: list[str] = []
    fence = None
    for ln in source.split("\n"):
        s = ln.lstrip()
        if fence:
            cur.append(ln)
            if s.startswith(fence):
                fence = None
            continue
        if s.startswith(("```", "~~~")):
            fence = s[:3]
        elif not s:
            if cur:
                out.append(cur)
                cur = []
            continue
        elif not cur and out and ln[:1] in (" ", "\t"):
            cur = out.pop() + [""]
        cur.append(ln)
    if cur:
        out.append(cur)
    return ["\n".join(b) for b in out]


_local = threading.local()  # one console per thread, width and palette (Console is not thread-safe)


def _cell_cache(console: Console) -> dict:
    """Table cells already drawn with ``console`` (this thread's, for one width and palette):
    (cell, column width, style, padded) -> the cell's lines as segments."""
    caches = _local.__dict__.setdefault("cells", {})
    return caches.setdefault(id(console), {})


_CELLS_MAX = 20_000


def _console(width: int, palette: str = "dark") -> Console:
    consoles = _local.__dict__.setdefault("consoles", {})
    console = consoles.get((width, palette))
    if console is None:
        console = consoles[(width, palette)] = Console(
            width=width,
            file=io.StringIO(),
            force_terminal=True,
            color_system="truecolor",
            legacy_windows=False,
            emoji=False,
            theme=preview_theme(palette),
        )
    return console


def _to_strips(console: Console, renderable, width: int) -> list[Strip]:
    return _trim(
        [Strip(line, width) for line in console.render_lines(renderable, console.options, pad=True, new_lines=False)]
    )


def _trim(strips: list[Strip]) -> list[Strip]:
    while strips and not strips[0].text.strip():
        strips.pop(0)
    while strips and not strips[-1].text.strip():
        strips.pop()
    return strips


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    if "\\" not in row:  # no escapes (nearly every row): a plain split gives the same cells
        return [c.strip() for c in row.split("|")]
    cells, cur, esc = [], "", False
    for ch in row:
        if ch == "|" and not esc:
            cells.append(cur.strip())
            cur = ""
        else:
            cur += ch
        esc = ch == "\\" and not esc
    cells.append(cur.strip())
    return [c.replace("\\|", "|") for c in cells]


_EM = re.compile(r"(?<![\w*])_(\S(?:[^_]*\S)?)_(?!\w)")


def _inline(md: str) -> Text:
    """Cell text: plain, with `code`, **bold** and _emphasis_ styled (cells are short and simple)."""
    text = Text(overflow="fold")
    parts = md.split("`")
    for i, part in enumerate(parts):
        if i % 2:
            text.append(part, style="markdown.code")
            continue
        for j, bit in enumerate(part.split("**")):
            pos = 0
            for m in _EM.finditer(bit):
                text.append(bit[pos : m.start()], style="bold" if j % 2 else "")
                text.append(m.group(1), style="bold italic" if j % 2 else "italic")
                pos = m.end()
            text.append(bit[pos:], style="bold" if j % 2 else "")
    return text


def _is_table(block: str) -> bool:
    """A GitHub-style table: a row of cells, then a delimiter row (|---|---|)."""
    lines = block.split("\n", 2)
    return (
        len(lines) >= 2
        and lines[0].lstrip().startswith("|")
        and set(lines[1].strip()) <= set("|-: ")
        and "-" in lines[1]
    )


def _table_chunks(block: str, width: int) -> list[tuple[str, Callable[[Console], list[Strip]] | None]]:
    """A table as chunks of rows with one set of column widths (header on the first)."""
    rows = [r for r in block.split("\n") if r.strip()]
    header, body = _cells(rows[0]), [_cells(r) for r in rows[2:]]
    n = len(header)
    body = [(r + [""] * n)[:n] for r in body]
    natural = [max([len(header[i])] + [len(r[i]) for r in body]) for i in range(n)]
    avail = max(n * 3, width - 3 * (n - 1))
    widths = [min(natural[i], max(len(header[i]), 8)) for i in range(n)]  # a fair minimum first,
    spare = avail - sum(widths)  # then the rest goes where text is longest
    want = [natural[i] - widths[i] for i in range(n)]
    if spare > 0 and any(want):
        total = sum(want)
        widths = [widths[i] + min(want[i], spare * want[i] // total) for i in range(n)]
    records = sum(widths) + 2 * (n - 1) > width  # too many columns for the pane: one record per row
    chunks: list[tuple[str, Callable[[Console], list[Strip]] | None]] = []
    for start in range(0, len(body), CHUNK_ROWS):
        part = body[start : start + CHUNK_ROWS]

        def make(console: Console, part: list[list[str]] = part, first: bool = start == 0) -> list[Strip]:
            if records:
                return _to_strips(console, _records(header, part, first), width)
            return _trim(_table_lines(console, header if first else None, part, [max(1, w) for w in widths], width))

        key = (
            "\x00table\x00"
            + ("records" if records else "\x01".join(map(str, widths)))
            + "\x00"
            + rows[0]
            + "\n"
            + "\n".join("|".join(r) for r in part)
            + ("\x00first" if start == 0 else "")
        )
        chunks.append((key, make))
    return chunks


def _records(header: list[str], body: list[list[str]], first: bool) -> Text:
    """Rows of a table too wide for the pane, one record each: ``Header: value`` lines (folded,
    never cut), records separated by a rule."""
    out = Text(overflow="fold")
    for k, row in enumerate(body):
        if k or not first:
            out.append("─" * 12 + "\n", style="markdown.table.border")
        for h, cell in zip(header, row):
            if not cell:
                continue
            out.append(f"{h}: ", style="markdown.table.header")
            out.append_text(_inline(cell))
            out.append("\n")
    out.rstrip()
    return out


def _table_lines(
    console: Console, header: list[str] | None, body: list[list[str]], widths: list[int], width: int
) -> list[Strip]:
    """Rows of a table drawn as Rich draws ``Table(box=SIMPLE_HEAVY, show_edge=False,
    pad_edge=False, collapse_padding=True, style="markdown.table.border")`` with fixed column
    widths and folding cells (wrapped, long words and URLs broken, never cut), cell for cell and
    style for style (tests/test_tui_table.py compares the two), without ``Table``'s per-cell
    layout machinery: a cell is wrapped by ``Text.wrap``, as ``Table`` does, and padded."""
    border = console.get_style("markdown.table.border")
    divider = Segment(" ", border)
    last = len(widths) - 1
    rest = width - sum(widths) - 2 * last  # the pane's cells right of the table
    end = [Segment(" " * rest)] if rest > 0 else []
    out: list[Strip] = []

    cached = _cell_cache(console)

    def cell_lines(cell: str, w: int, style: Style, padded: bool) -> list[list[Segment]]:
        """One cell wrapped to ``w`` cells and padded, as segments per line (read only: shared by
        every equal cell, a timeline's kind and actor columns repeat a few values)."""
        key = (cell, w, style, padded)
        rendered = cached.get(key)
        if rendered is not None:
            return rendered
        pad = [Segment(" ", style)] if padded else []
        text = _inline(cell)
        plain = text.plain
        if len(plain) <= w and plain.isascii() and plain.isprintable() and not plain.endswith(" "):
            lines: Iterable[Text] = [text]  # fits on one line: what wrapping returns, before padding
        else:
            lines = text.wrap(console, w, justify="left", overflow="fold")
        rendered = []
        for ln in lines:
            segs = list(Segment.apply_style(ln.render(console), style)) if style else list(ln.render(console))
            short = w - ln.cell_len
            if short > 0:
                segs.append(Segment(" " * short, style))
            rendered.append(segs + pad)
        if len(cached) > _CELLS_MAX:
            cached.clear()
        cached[key] = rendered
        return rendered

    def row(cells: list[str], style: Style, bottom: bool) -> None:
        columns = [cell_lines(cell, w, style, i < last) for i, (cell, w) in enumerate(zip(cells, widths))]
        height = max(len(c) for c in columns)
        for i, c in enumerate(columns):
            if len(c) < height:
                blank = [[Segment(" " * (widths[i] + (i < last)), style)]] * (height - len(c))
                columns[i] = blank + c if bottom else c + blank
        for k in range(height):
            line: list[Segment] = []
            for i, c in enumerate(columns):
                line += c[k]
                if i < last:
                    line.append(divider)
            out.append(Strip(line + end, width))

    if header is not None:
        row(header, console.get_style("table.header"), bottom=True)  # a header cell sits at the bottom
        rule = box.SIMPLE_HEAVY.get_row([w + (i < last) for i, w in enumerate(widths)], "head", edge=False)
        out.append(Strip([Segment(rule, border), *end], width))
    null = Style.null()
    for r in body:
        row(r, null, bottom=False)
    return out


def render(source: str, width: int, palette: str = "dark") -> list[Strip]:
    """The whole document as lines of ``width`` cells, in the ``palette`` ("dark"/"light") colours."""
    width = max(20, width)
    console = _console(width, palette)
    out: list[Strip] = []
    blank = Strip.blank(width)
    for block in blocks(source):
        if out:
            out.append(blank)
        parts: list[tuple[str, Callable[[Console], list[Strip]] | None]] = (
            _table_chunks(block, width) if _is_table(block) else [(block, None)]
        )
        for key, make in parts:
            ck = (key, width, palette)
            strips = _cache.get(ck)
            if strips is None:
                strips = make(console) if make else _to_strips(console, Markdown(block), width)
                with _lock:
                    if len(_cache) > _CACHE_MAX:
                        _cache.clear()
                    _cache[ck] = strips
            out.extend(strips)
    return out


def plain(lines: list[Strip]) -> str:
    """The rendered lines as plain text (tests and benchmarks read what the writer sees)."""
    return "\n".join(s.text.rstrip() for s in lines)
