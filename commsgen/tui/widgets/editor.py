"""The source editor: Textual's code editor, with syntax highlighting queried for the lines
near the view only.

``TextArea`` re-queries the whole syntax tree after every edit (about 20 ms for a 1,000-line
postmortem, on the UI thread, per keystroke). Here the query covers the visible document lines
plus a margin; when scrolling leaves that window, the map is rebuilt before the lines are
painted. The lines painted are highlighted exactly as before (a ranged query returns every node
that overlaps the range, multi-line ones included).
"""
from __future__ import annotations

from textual.document._wrapped_document import WrappedDocument
from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widgets import TextArea

MARGIN = 60   # document lines highlighted above and below the view


class _WrappedDocument(WrappedDocument):
    """``height`` in O(1): the stock property sums every line's wrap offsets, and ``TextArea``
    reads it once per painted line (30 lines x 1,000 document lines per repaint). The offset ->
    line table holds exactly one entry per wrapped line (``wrap`` and ``wrap_range`` keep it so)."""

    @property
    def height(self) -> int:
        return len(self._offset_to_line_info)


class SourceEditor(TextArea):
    _hl_window: tuple[int, int] | None = None
    _wrapped: WrappedDocument

    @property
    def wrapped_document(self) -> WrappedDocument:
        return self._wrapped

    @wrapped_document.setter
    def wrapped_document(self, wd: WrappedDocument) -> None:
        if type(wd) is WrappedDocument:   # TextArea makes a new one for each document it loads
            wd.__class__ = _WrappedDocument
        self._wrapped = wd

    def _visible_rows(self) -> tuple[int, int]:
        y = self.scroll_offset.y
        h = max(1, self.scrollable_content_region.height)
        wd = self.wrapped_document
        top = wd.offset_to_location(Offset(0, y))[0]
        bottom = wd.offset_to_location(Offset(0, y + h))[0]
        return top, bottom

    def _build_highlight_map(self) -> None:
        self._line_cache.clear()
        highlights = self._highlights
        highlights.clear()
        self._hl_window = None
        if not self._highlight_query:
            return
        try:
            top, bottom = self._visible_rows()
        except Exception:   # not laid out yet: the first paint builds it
            return
        last = self.document.line_count - 1
        lo, hi = max(0, top - MARGIN), min(last, bottom + MARGIN)
        self._hl_window = (lo, hi)
        captures = self.document.query_syntax_tree(self._highlight_query, (lo, 0), (hi + 1, 0))
        for name, nodes in captures.items():
            for node in nodes:
                (r0, c0), (r1, c1) = node.start_point, node.end_point
                if r0 == r1:
                    highlights[r0].append((c0, c1, name))
                else:
                    highlights[r0].append((c0, None, name))
                    for row in range(max(r0 + 1, lo), min(r1, hi + 1)):
                        highlights[row].append((0, None, name))
                    highlights[r1].append((0, c1, name))

    # ------------------------------------------------------------------ painted lines by content
    # TextArea caches painted lines by screen row, with the whole selection in the key when soft
    # wrap is on: every keystroke moves the cursor, so every visible line was painted again
    # (~0.4 ms each). Here a line is also cached by what it shows: its text, its highlights, its
    # wrapped section and line number, under everything that styles all lines alike (size,
    # theme and its styles, gutter, wrap width...: any change there empties the cache). Lines with
    # the cursor, the selection or a matched bracket are always painted by TextArea itself.
    _by_content: dict = {}
    _by_content_for: tuple | None = None
    _painting = False

    def _render_line(self, y: int) -> Strip:
        if not self._painting:
            return super()._render_line(y)
        try:
            line_index, section = self.wrapped_document._offset_to_line_info[y + self.scroll_offset.y]
        except IndexError:
            return super()._render_line(y)
        start, end = self.selection
        if line_index == end[0] or (start != end and min(start[0], end[0]) <= line_index <= max(start[0], end[0])):
            return super()._render_line(y)
        bracket = self._matching_bracket_location
        if bracket is not None and bracket[0] == line_index:
            return super()._render_line(y)
        key = (self.document.get_line(line_index), section, tuple(self._highlights.get(line_index, ())),
               line_index if self.show_line_numbers else None)
        strip = self._by_content.get(key)
        if strip is None:
            strip = self._by_content[key] = super()._render_line(y)
        return strip

    def _check_content_cache(self) -> bool:
        """Empty the cache when anything that styles every line changed; False: no theme yet."""
        theme = self._theme
        if theme is None:
            return False
        theme.apply_css(self)           # (what TextArea.render_lines does first)
        common = (self.size, self.scrollable_content_region.size,
                  None if self.soft_wrap else (self.scroll_offset.x, self.virtual_size.width),
                  self.app.theme, self.theme, id(theme), theme.base_style, theme.gutter_style,
                  self.soft_wrap, self.show_line_numbers, self.line_number_start, self.gutter_width,
                  self.indent_width, self.highlight_cursor_line, self.read_only, self.show_cursor,
                  self.wrapped_document._width)
        if common != self._by_content_for or len(self._by_content) > 4096:
            self._by_content, self._by_content_for = {}, common
        return True

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._highlight_query:
            top, bottom = self._visible_rows()
            w = self._hl_window
            if w is None or top < w[0] or bottom > w[1]:
                self._build_highlight_map()
        self._painting = self._check_content_cache()
        try:
            return super().render_lines(crop)
        finally:
            self._painting = False
