"""Markdown -> terminal lines, off the UI thread, block by block with a cache.

Textual's ``Markdown`` widget takes seconds for a 300-row timeline table, so previews are
rendered with Rich in the worker thread into ``Strip``s that a line-API view only paints.
The document is split into top-level blocks (a line scan); each block's lines are
cached by (text, width), so a keystroke re-renders only the blocks it changed. Long tables are
split into chunks of rows sharing one set of column widths, so editing one timeline event
re-renders one chunk, not the whole table.
"""
from __future__ import annotations

import io
import re
import threading

from rich import box
from rich._wrap import divide_line
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.strip import Strip

CHUNK_ROWS = 20
_lock = threading.Lock()
_cache: dict[tuple[str, int], list[Strip]] = {}
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


def _console(width: int) -> Console:
    return Console(width=width, file=io.StringIO(), force_terminal=True, color_system="truecolor",
                   legacy_windows=False, emoji=False)


def _to_strips(console: Console, renderable, width: int) -> list[Strip]:
    return _trim([Strip(line, width) for line in console.render_lines(renderable, console.options, pad=True,
                                                                       new_lines=False)])


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
    if "\\" not in row:   # no escapes (nearly every row): a plain split gives the same cells
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


def _inline(md: str) -> Text:
    """Cell text: plain, with `code` and **bold** styled (cells are short and simple)."""
    text = Text()
    parts = md.split("`")
    for i, part in enumerate(parts):
        if i % 2:
            text.append(part, style="markdown.code")
        else:
            for j, bit in enumerate(part.split("**")):
                text.append(bit, style="bold" if j % 2 else "")
    return text


def _table_chunks(block: str, width: int) -> list[tuple[str, object]]:
    """A long table as chunks of rows with one set of column widths (header on the first)."""
    rows = [r for r in block.split("\n") if r.strip()]
    header, body = _cells(rows[0]), [_cells(r) for r in rows[2:]]
    n = len(header)
    body = [(r + [""] * n)[:n] for r in body]
    natural = [max([len(header[i])] + [len(r[i]) for r in body]) for i in range(n)]
    avail = max(n * 3, width - 3 * (n - 1))
    widths = [min(natural[i], max(len(header[i]), 8)) for i in range(n)]  # a fair minimum first,
    spare = avail - sum(widths)                     # then the rest goes where text is longest
    want = [natural[i] - widths[i] for i in range(n)]
    if spare > 0 and sum(want):
        total = sum(want)
        widths = [widths[i] + min(want[i], spare * want[i] // total) for i in range(n)]
    chunks = []
    for start in range(0, len(body), CHUNK_ROWS):
        part = body[start:start + CHUNK_ROWS]

        def make(part=part, first=start == 0):
            return _TableRows(header if first else None, part, [max(1, w) for w in widths])

        key = "\x00table\x00" + "\x01".join(map(str, widths)) + "\x00" + rows[0] + "\n" + \
              "\n".join("|".join(r) for r in part) + ("\x00first" if start == 0 else "")
        chunks.append((key, make))
    return chunks


def _rich_table(rows: "_TableRows") -> Table:
    """The chunk as a Rich ``Table`` (what ``_TableRows`` paints the same as, only faster)."""
    t = Table(box=box.SIMPLE_HEAVY, show_header=rows.header is not None, show_edge=False, pad_edge=False,
              collapse_padding=True, style="markdown.table.border")
    for h, w in zip(rows.header or [""] * len(rows.widths), rows.widths):
        t.add_column(_inline(h), width=w, overflow="fold")
    for r in rows.body:
        t.add_row(*[_inline(c) for c in r])
    return t


_TRAILING_SPACE = re.compile(r"\s+$")


def _fold(plain: str, width: int) -> list[str]:
    """``Text(plain).wrap(console, width, justify="left", overflow="fold")`` for one line of
    printable ASCII (one cell per character), as strings of exactly ``width`` characters."""
    offsets = divide_line(plain, width, fold=True)
    out = []
    for a, b in zip([0, *offsets], [*offsets, len(plain)]):
        line = plain[a:b]
        if len(line) > width:                       # Text.rstrip_end(width)
            m = _TRAILING_SPACE.search(line)
            if m:
                line = line[:len(line) - min(len(m.group(0)), len(line) - width)]
        out.append(line[:width].ljust(width))        # Text.truncate(width, pad=True)
    return out


class _TableRows:
    """Rows of a long table with fixed column widths, painted line by line as Rich paints
    ``_rich_table`` (box SIMPLE_HEAVY, no edge, collapsed padding, cells folded to their
    width), without Rich's general table layout: a 300-row timeline took ~0.4 s through
    ``Table``, most of the first preview. ``test_tui`` compares the two cell by cell."""

    def __init__(self, header: list[str] | None, body: list[list[str]], widths: list[int]) -> None:
        self.header, self.body, self.widths = header, body, widths

    def strips(self, console: Console, width: int) -> list[Strip]:
        widths, n = self.widths, len(self.widths)
        if sum(widths) + 2 * (n - 1) > width:   # Rich shrinks the columns to fit: let it
            return _to_strips(console, _rich_table(self), width)
        border = console.get_style("markdown.table.border")
        sep = Segment(" ", border)
        null = Style.null()
        out: list[list[Segment]] = []

        def row(cells: list[str], style: Style, header: bool) -> None:
            cols = []
            for cell, w in zip(cells, widths):
                if cell.isascii() and cell.isprintable() and "`" not in cell and "**" not in cell:
                    cols.append([[Segment(ln, style)] for ln in _fold(cell, w)])   # plain cell
                else:
                    lines = _inline(cell).wrap(console, w, justify="left", overflow="fold")
                    cols.append([list(Segment.apply_style(ln.render(console), style)) for ln in lines])
            height = max(len(c) for c in cols)
            for y in range(height):
                segs: list[Segment] = []
                for i, (c, w) in enumerate(zip(cols, widths)):
                    k = y - (height - len(c)) if header else y   # header cells sit at the bottom
                    segs.extend(c[k] if 0 <= k < len(c) else [Segment(" " * w, style)])
                    if i < n - 1:
                        segs.append(Segment(" ", style))
                        segs.append(sep)
                out.append(segs)

        if self.header is not None:
            row(self.header, console.get_style("table.header"), True)
            padded = [w + (1 if i < n - 1 else 0) for i, w in enumerate(widths)]
            out.append([Segment(box.SIMPLE_HEAVY.get_row(padded, "head", edge=False), border)])
        for r in self.body:
            row(r, null, False)
        # every line is the columns' widths plus a padding cell and a divider between columns
        used = sum(widths) + 2 * (n - 1)
        tail = [Segment(" " * (width - used))] if used < width else []
        strips = [Strip(segs + tail, width) for segs in out]
        return strips


def render(source: str, width: int) -> list[Strip]:
    """The whole document as lines of ``width`` cells."""
    width = max(20, width)
    console = _console(width)
    out: list[Strip] = []
    blank = Strip.blank(width)
    for block in blocks(source):
        if out:
            out.append(blank)
        is_table = block.lstrip().startswith("|") and block.count("\n") > CHUNK_ROWS + 1
        parts = _table_chunks(block, width) if is_table else [(block, None)]
        for key, make in parts:
            ck = (key, width)
            strips = _cache.get(ck)
            if strips is None:
                strips = _trim(make().strips(console, width)) if make else _to_strips(console, Markdown(block), width)
                with _lock:
                    if len(_cache) > _CACHE_MAX:
                        _cache.clear()
                    _cache[ck] = strips
            out.extend(strips)
    return out


def plain(lines: list[Strip]) -> str:
    """The rendered lines as plain text (tests and benchmarks read what the writer sees)."""
    return "\n".join(s.text.rstrip() for s in lines)
