"""Syntax highlighting of a Textual ``TextArea`` queried for the lines near the view only.

Stock ``TextArea`` re-queries the whole syntax tree after every edit: about 14 ms for a
1,000-line postmortem, on the UI thread, for every keystroke. ``WindowedHighlights`` queries the
visible document lines plus ``MARGIN`` lines either side; when scrolling leaves that window the
map is rebuilt before the lines are painted. The lines painted are highlighted exactly as stock
(a ranged query returns every node that overlaps the range, multi-line ones included; overlaps
are ordered wide-first, see ``_build_highlight_map``).

Textual internals used (textual is pinned exactly in pyproject.toml for this module):
``TextArea._build_highlight_map`` (overridden), ``TextArea._highlights`` (the row -> spans map it
fills), ``TextArea._highlight_query`` and ``TextArea._line_cache``. Test against stock:
tests/test_adapters_textarea.py paints the same document with a stock ``TextArea`` and with this
one, after edits and scrolling, and compares the painted lines.
"""

from __future__ import annotations

from textual.geometry import Offset, Region
from textual.strip import Strip
from textual.widgets import TextArea

MARGIN = 60  # document lines highlighted above and below the view


class WindowedHighlights(TextArea):
    _hl_window: tuple[int, int] | None = None

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
        except Exception:  # not laid out yet: the first paint builds it
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
        # Overlapping spans are painted in list order (the last wins). Stock order follows the
        # capture names' first appearance in the whole document, which a window cannot know; wide
        # spans first and narrow ones over them gives the same paint for the overlaps a postmortem
        # has (a block scalar's `|` over its string colour).
        for spans in highlights.values():
            spans.sort(key=lambda s: -((s[1] if s[1] is not None else 1 << 20) - s[0]))

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._highlight_query:
            top, bottom = self._visible_rows()
            w = self._hl_window
            if w is None or top < w[0] or bottom > w[1]:
                self._build_highlight_map()
        return super().render_lines(crop)
