"""One audience's rendered preview: lines pre-rendered off the UI thread, painted by line."""
from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class PreviewView(ScrollView, can_focus=True):
    """Shows ``Strip``s rendered by ``commsgen.tui.render``; keeps the Markdown it shows."""

    BINDINGS = [Binding("escape", "screen.focus_editor", "Editor", show=False)]
    DEFAULT_CSS = "PreviewView { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; }"

    def __init__(self, audience: str, **kw) -> None:
        super().__init__(id=f"view-{audience}", **kw)
        self.audience = audience
        self.source: str | None = None     # Markdown currently wanted here
        self.shown: str | None = None      # Markdown whose lines are on screen
        self.shown_width = 0
        self._lines: list[Strip] = []

    @property
    def render_width(self) -> int:
        return max(20, self.size.width - 1)  # one cell for the scrollbar, shown or not

    @property
    def dirty(self) -> bool:
        return self.source is not None and (self.source != self.shown or self.shown_width != self.render_width)

    def show_lines(self, source: str, width: int, lines: list[Strip]) -> None:
        self.shown, self.shown_width, self._lines = source, width, lines
        self.virtual_size = Size(width, len(lines))
        self.refresh()

    @property
    def lines(self) -> list[Strip]:
        return self._lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        i = y + scroll_y
        width = self.scrollable_content_region.width
        if i >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        return self._lines[i].crop_extend(scroll_x, scroll_x + width, self.rich_style)
