"""commsgen.adapters.textarea_window against stock Textual: a TextArea that highlights only the
lines near the view paints exactly what a stock TextArea paints, after edits and scrolling, and
across a theme change. Compared through public widget APIs only (render_lines)."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from textual.app import App
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widgets import TextArea
from tui_helpers import aio

from commsgen.adapters.textarea_window import MARGIN, WindowedHighlights

BODY = "".join(
    f"  - at: 2026-11-20T10:{i % 60:02d}:00Z\n    text: \"event {i} # not a comment [x] {{y}}\"\n"
    f"    note: |\n      line one of {i}\n      line two: {i}\n"
    for i in range(150)
)
TEXT = "id: INC-1\nsummary: |\n  one\n  two\ntimeline:\n" + BODY


class Pair(App):
    CSS = "TextArea { width: 1fr; height: 1fr; border: none; padding: 0; }"
    AUTO_FOCUS = None

    def compose(self):
        with Horizontal():
            yield TextArea.code_editor(TEXT, language="yaml", id="stock", soft_wrap=True)
            yield WindowedHighlights.code_editor(TEXT, language="yaml", id="windowed", soft_wrap=True)


def painted(ed) -> list:
    return [[(seg.text, seg.style) for seg in strip] for strip in ed.render_lines(Region(0, 0, *ed.size))]


@aio
async def test_windowed_highlighting_paints_as_stock_textarea():
    app = Pair()
    async with app.run_test(size=(160, 40)) as pilot:
        stock, mine = app.query_one("#stock"), app.query_one("#windowed")
        app.set_focus(None)
        await pilot.pause()
        assert painted(stock) == painted(mine)
        for ed in (stock, mine):
            ed.move_cursor((6, 12))
            ed.insert("abc [")
        await pilot.pause()
        assert painted(stock) == painted(mine)
        far = len(TEXT.split("\n")) - 10  # well past the highlighted window
        assert far > 3 * MARGIN
        for ed in (stock, mine):
            ed.move_cursor((far, 3), center=True)
            ed.insert("x")
        await pilot.pause()
        await pilot.pause()
        assert painted(stock) == painted(mine)
        for ed in (stock, mine):
            ed.scroll_to(y=MARGIN + 5, animate=False)
        await pilot.pause()
        assert painted(stock) == painted(mine)
        app.theme = "textual-light"
        for ed in (stock, mine):
            ed.theme = "github_light"
        await pilot.pause()
        assert painted(stock) == painted(mine)
