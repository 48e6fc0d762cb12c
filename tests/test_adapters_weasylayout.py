"""commsgen/adapters/weasylayout.py reads WeasyPrint's private ``Page._page_box``: checked here
against what the public ``Page`` says of the same page (its size and its anchors)."""

from __future__ import annotations

import pytest

from commsgen.adapters.weasylayout import page_box

HTML = """<html><body><h1 id="top">Title</h1><p style="break-after: page">one</p>
<p id="two">two <a id="inner" href="#top">link</a></p></body></html>"""


def ids_in(box) -> set[str]:
    found = set()
    element = getattr(box, "element", None)
    if element is not None and element.get("id") and getattr(box, "element_tag", "") != "html":
        found.add(element.get("id"))
    for child in getattr(box, "children", []) or []:
        found |= ids_in(child)
    return found


def test_each_page_box_is_the_public_pages_box():
    weasyprint = pytest.importorskip("weasyprint")
    from weasyprint.formatting_structure import boxes

    document = weasyprint.HTML(string=HTML).render()
    assert len(document.pages) == 2
    for page in document.pages:
        box = page_box(page)
        assert isinstance(box, boxes.PageBox)
        assert (box.margin_width(), box.margin_height()) == (page.width, page.height)
        assert set(page.anchors) <= ids_in(box)  # the anchors the public page lists are in its boxes
    assert set(document.pages[0].anchors) == {"top"} and set(document.pages[1].anchors) == {"two", "inner"}
