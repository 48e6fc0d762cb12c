"""No text overflows its box or the page: the laid-out brief is walked box by box (WeasyPrint's
layout tree, which only ``commsgen.adapters.weasylayout`` reads), for a short incident and a long one (25 actions, 80-character service names,
10 regions, long executive text)."""

from __future__ import annotations

import pytest
from conftest import DATA

from commsgen import pipeline
from commsgen.adapters.weasylayout import page_box
from commsgen.config import Config
from commsgen.export.fetch import LocalOnlyFetcher
from commsgen.export.pdf import stylesheet_path, template_roots
from commsgen.views import view_for

EPS = 0.5  # CSS px


def layout(name: str, user_dir=None):
    from weasyprint import CSS, HTML

    config = Config(company="Acme Corp")
    view = view_for("executive", pipeline.load(DATA / "pdf" / name).postmortem, config)
    if user_dir is not None:
        config = config.model_copy(update={"templates": str(user_dir)})
    html = pipeline.render_text(view, "html", config, for_print=True)
    fetcher = LocalOnlyFetcher(template_roots(user_dir))
    return HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(stylesheet_path(user_dir)), url_fetcher=fetcher)]
    )


def overflows(document) -> list[str]:
    from weasyprint.formatting_structure import boxes as B

    found = []

    def walk(box, right):
        if isinstance(box, (B.BlockContainerBox, B.TableCellBox)) and not isinstance(box, B.LineBox):
            right = min(right, box.content_box_x() + box.width)
        if isinstance(box, B.TextBox):
            end = box.position_x + box.width
            if end > right + EPS:
                found.append(f"{box.text!r} ends at {end:.1f} > {right:.1f}")
        for child in getattr(box, "children", []) if not isinstance(box, B.TextBox) else []:
            walk(child, right)

    for page in document.pages:
        root = page_box(page)  # WeasyPrint's box tree: read in an adapter (no public API)
        page_right = root.content_box_x() + root.width
        for child in root.children:
            if not isinstance(child, B.MarginBox):
                walk(child, page_right)
    return found


@pytest.mark.parametrize("name", ["short.yaml", "long.yaml", "markers.yaml"])
def test_no_text_overflows(name):
    doc = layout(name)
    assert overflows(doc) == []


def test_the_check_sees_an_overflow(tmp_path):
    """A stylesheet that forbids wrapping in the figure tiles must be caught (the check can fail)."""
    css = (
        stylesheet_path(None).read_text()
        + "\n.tile .value { white-space: nowrap !important; font-size: 30pt !important }\n"
    )
    (tmp_path / "executive.css").write_text(css)
    assert overflows(layout("long.yaml", tmp_path)) != []


def test_page_one_holds_the_essentials_of_every_test_brief():
    for name in ("short.yaml", "long.yaml"):
        doc = layout(name)
        assert len(doc.pages) == 2, name
        # the landmarks the layout check reads: page one's end on page one, the Appendix after it
        assert "page-one-end" in doc.pages[0].anchors and "appendix" in doc.pages[1].anchors, name
