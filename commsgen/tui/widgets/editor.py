"""The source editor: Textual's code editor with syntax highlighting near the view only
(``commsgen.adapters.textarea_window``), a JSON highlight query that is safe with the installed
tree-sitter, and the keys a writer expects (escape stays here, End goes to the line's end,
ctrl+Home/End, select all)."""

from __future__ import annotations

import re

from textual.binding import Binding
from textual.widgets import TextArea
from textual.widgets.text_area import Document

from commsgen.adapters.textarea_window import WindowedHighlights
from commsgen.tui.actions import bindings
from commsgen.tui.themes import EDITOR_THEME, editor_themes

# Textual's own JSON highlight query uses `#set!`/`#eq?` predicates; with tree-sitter 0.26 and
# tree-sitter-json 0.24 building and running that query corrupts the heap (a segfault, exit 139,
# on opening any .json postmortem). This query has captures only, no predicates or directives.
JSON_HIGHLIGHTS = """
(null) @json.null
(true) @boolean
(false) @boolean
(number) @number
(pair key: (string) @json.label)
(pair value: (string) @string)
(array (string) @string)
(escape_sequence) @string.escape
(ERROR) @json.error
["," ":"] @punctuation.delimiter
["[" "]" "{" "}"] @punctuation.bracket
"""


def json_language():
    """The tree-sitter JSON grammar, or None when it is not installed (no highlighting then)."""
    try:
        import tree_sitter_json
        from tree_sitter import Language
    except ImportError:
        return None
    try:
        return Language(tree_sitter_json.language())
    except Exception:  # an incompatible grammar build: plain text is better than no editor
        return None


class SourceEditor(WindowedHighlights):
    BINDINGS = [
        # Stock TextArea moves focus on escape (so that tab can indent): keystrokes typed after it
        # went to another pane. Here escape only drops the selection; f9 moves focus.
        Binding("escape", "deselect", "Deselect", show=False, priority=True),
        Binding("ctrl+a", "select_all", "Select all", show=False),
        Binding("end", "line_end", "Line end", show=False),
        Binding("shift+end", "line_end(True)", "Select to line end", show=False),
        Binding("ctrl+home", "document_start", "Start", show=False),
        Binding("ctrl+end", "document_end", "End", show=False),
        Binding("ctrl+shift+home", "document_start(True)", "Select to start", show=False),
        Binding("ctrl+shift+end", "document_end(True)", "Select to end", show=False),
        *bindings("editor"),
    ]

    @classmethod
    def for_source(cls, text: str, name: str, *, dark: bool = True, **kw) -> SourceEditor:
        is_json = name.lower().endswith(".json")
        # Made empty, given its language, then its text: TextArea builds a document (and wraps
        # every line) in its constructor, again in the language watcher that the constructor
        # itself triggers, and again for each later language; with the text loaded last, the
        # source is parsed and wrapped once. (``load_text`` posts ``Changed``: the main screen
        # ignores a change that leaves the text as it was.)
        ed = cls.code_editor("", language=None, soft_wrap=True, **kw)
        for theme in editor_themes():
            ed.register_theme(theme)
        ed.theme = EDITOR_THEME["dark" if dark else "light"]
        if is_json:
            lang = json_language()
            if lang is not None:
                ed.register_language("json", lang, JSON_HIGHLIGHTS)
                ed.language = "json"
        else:
            ed.language = "yaml"
        ed.load_text(text)
        assert isinstance(ed, SourceEditor)  # code_editor builds cls
        return ed

    def action_deselect(self) -> None:
        self.selection = type(self.selection).cursor(self.cursor_location)

    def action_line_end(self, select: bool = False) -> None:
        """The end of the document line (stock End stops at the end of the wrapped row)."""
        row = self.cursor_location[0]
        self.move_cursor((row, len(self.document[row])), select=select)

    def action_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_document_end(self, select: bool = False) -> None:
        last = self.document.line_count - 1
        self.move_cursor((last, len(self.document[last])), select=select)

    def find_next(self, needle: str, *, backwards: bool = False) -> bool:
        """Select the next occurrence of ``needle`` after the cursor (wrapping around), ignoring case."""
        if not needle:
            return False
        # Matched in the text itself, ignoring case letter by letter: offsets in ``text.lower()``
        # are not offsets in the text ("İ".lower() is two characters), which moved the selection
        # and, near the end, raised out of the editor.
        text, pattern = self.text, re.compile(re.escape(needle), re.IGNORECASE)
        doc = self.text_document
        spans = [m.span() for m in pattern.finditer(text)]
        if not spans:
            return False
        if backwards:
            start = doc.get_index_from_location(self.selection.start)
            before = [s for s in spans if s[1] <= start]
            i, j = before[-1] if before else spans[-1]
        else:
            here = doc.get_index_from_location(self.selection.end)
            i, j = next((s for s in spans if s[0] >= here), spans[0])
        self.select_span(i, j)
        return True

    @property
    def text_document(self) -> Document:
        """The editor's document as textual's public ``Document`` (index <-> location)."""
        doc = self.document
        assert isinstance(doc, Document)  # a TextArea's document (syntax-aware ones included)
        return doc

    def select_span(self, start: int, end: int) -> None:
        """Select the text between two character offsets of ``self.text``."""
        loc = self.text_document.get_location_from_index
        self.select_range(loc(start), loc(end))

    def select_range(self, start: tuple[int, int], end: tuple[int, int]) -> None:
        self.selection = type(self.selection)(start, end)
        self.scroll_cursor_visible(center=True)

    def on_resize(self) -> None:
        # the wrap changes with the width: keep the cursor's line in view
        self.call_after_refresh(self.scroll_cursor_visible)


__all__ = ["SourceEditor", "TextArea", "json_language", "JSON_HIGHLIGHTS"]
