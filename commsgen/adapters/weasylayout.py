"""WeasyPrint's laid-out box tree of one page, which no public API hands out.

``Document.pages[i]`` (public) gives a page's size, anchors, links and bookmarks, but not the boxes
they were gathered from; ``Page._page_box`` holds them. Only the layout test reads it
(tests/test_pdf_layout.py walks every text box to prove that no text overflows its box or the
page): commsgen itself never does. tests/test_adapters_weasylayout.py holds this function to the
stock behaviour it relies on (the box is the page's, every anchor the public page lists sits in
it), so a WeasyPrint that changes it fails there first, by name. Not pinned: no user-visible
figure depends on it, only a test would break.
"""

from __future__ import annotations

from typing import Any


def page_box(page: Any) -> Any:
    """The root box (``PageBox``) of a page of a laid-out ``weasyprint.Document``."""
    return page._page_box
