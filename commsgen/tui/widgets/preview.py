"""One audience's rendered preview: lines pre-rendered off the UI thread, painted by line."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class PreviewView(ScrollView, can_focus=True):
    """Shows ``Strip``s rendered by ``commsgen.tui.render``; keeps the Markdown it shows."""

    BINDINGS = [Binding("escape", "screen.focus_editor", "Editor")]
    # The vertical scrollbar is always there (its cell is left out of the render width anyway):
    # a preview that grows past the pane then changes no layout, one layout pass less per preview.
    DEFAULT_CSS = "PreviewView { height: 1fr; scrollbar-size-vertical: 1; overflow-x: hidden; overflow-y: scroll; }"

    def __init__(self, audience: str, **kw) -> None:
        super().__init__(id=f"view-{audience}", **kw)
        self.audience = audience
        self.source: str | None = None  # Markdown currently wanted here
        self.shown: str | None = None  # Markdown whose lines are on screen
        self.shown_width = 0
        self.shown_palette = ""
        self.palette = "dark"  # colours wanted here (the app theme's brightness)
        self._lines: list[Strip] = []

    @property
    def render_width(self) -> int:
        return max(20, self.size.width - 1)  # one cell for the scrollbar, shown or not

    @property
    def dirty(self) -> bool:
        return self.source is not None and (
            self.source != self.shown or self.shown_width != self.render_width or self.shown_palette != self.palette
        )

    def show_lines(self, source: str, width: int, lines: list[Strip], palette: str) -> None:
        old = self._lines
        same_size = width == self.shown_width and len(lines) == len(old) and palette == self.shown_palette
        self.shown, self.shown_width, self.shown_palette, self._lines = source, width, palette, lines
        self.virtual_size = Size(width, len(lines))
        if not same_size:
            self.refresh()
            return
        # Same size (most keystrokes): repaint only the rows in view whose line changed. Unchanged
        # blocks come back from the render cache as the same Strip objects.
        top, height = self.scroll_offset.y, self.size.height
        changed = [
            y
            for y in range(height)
            if top + y < len(lines) and not (lines[top + y] is old[top + y] or lines[top + y] == old[top + y])
        ]
        if changed:
            self.refresh(Region(0, changed[0], self.size.width, changed[-1] - changed[0] + 1))

    @property
    def lines(self) -> list[Strip]:
        return self._lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        i = y + scroll_y
        width = self.scrollable_content_region.width
        if i >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        # the widget's colours under the rendered ones: unstyled text and padding take the theme's
        # background and text colour, not the terminal's
        style = self.rich_style
        line = self._lines[i].apply_style(style)  # cached on the line for this style
        if scroll_x == 0 and line.cell_length == width:
            return line
        return line.crop_extend(scroll_x, scroll_x + width, style)
