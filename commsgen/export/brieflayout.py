"""Laying the executive brief out so that page one is one page and no page is near-empty.

``layout`` lays the brief out with WeasyPrint, reads where the ids ``page-one-end``, ``appendix``
and ``brief-end`` landed (``Page.anchors``, public), and lays it out again only when a rule is
broken (docs/EXECUTIVE-BRIEF.md):

1. page one overflowed -> again a little tighter (``TIGHT_CSS``);
2. the Appendix would fit in the room left on page one -> again with the Appendix joined to page
   one (kept when that saves a page);
3. the Appendix spills a little past a page -> again with the Appendix set tighter
   (``APPENDIX_TIGHT_CSS``), kept when that saves a page.

Every layout costs as much as the rest of the PDF together, so rule 3 is foreseen before the
first one: ``appendix_pages`` estimates the Appendix's length from the HTML (its text, rows and
graphic; calibrated on the samples), and when the estimate spills just past a page the first
layout already sets the Appendix tighter. That layout is kept only when it is certain that the
ordinary setting needs one page more (``Layout.tight_saves_a_page``: the ordinary setting is at
least ``MIN_TIGHT_GAIN`` taller); otherwise the ordinary setting is laid out too and compared,
as without the estimate. The estimate decides how many layouts are made, never what is kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

# layout fallbacks: page one made tighter; the Appendix joined to page one; the Appendix tighter
TIGHT_CSS = """html { font-size: 8.8pt; line-height: 1.32; } .lead { font-size: 9.2pt; }
h1 { font-size: 14pt; } h2 { margin: 2.4mm 0 .8mm; }"""
JOIN_CSS = ".appendix { break-before: auto; margin-top: 4mm; }"
APPENDIX_TIGHT_CSS = """.appendix { font-size: 8.2pt; line-height: 1.28; } .appendix h3 { margin: 2mm 0 .6mm; }
.appendix .list td { padding: .5mm 2mm .5mm 0; } .appendix .timeline-graphic { width: 88%; }"""
PX_PER_MM = 96 / 25.4
PAPER = {"a4": "A4", "letter": "letter"}

# The Appendix set normally is 1.15-1.2 times as tall as set tightly (measured on the samples and
# the stress input, A4 and Letter); 1.1 is the bound a tight layout is judged by (conservative).
MIN_TIGHT_GAIN = 1.10
# Pages of Appendix per estimated line (A4 0.0169, Letter 0.0181 on the samples: the larger one)
PAGES_PER_LINE = 0.0181
# an estimate this far past a page boundary or less is laid out tight first
FORESEE_SPILL = 0.25


@dataclass
class Layout:
    """Where the brief's landmarks fell: page index and height share of each id (None = absent)."""

    pages: int
    page_one_end: tuple[int, float] | None
    appendix: tuple[int, float] | None
    end: tuple[int, float] | None
    content_bottom: float  # share of the page height where the content area ends

    @classmethod
    def of(cls, document: Any, bottom_margin_mm: float = 16.0) -> Layout:
        found: dict[str, tuple[int, float]] = {}
        for i, page in enumerate(document.pages):
            for name in ("page-one-end", "appendix", "brief-end"):
                if name in page.anchors and name not in found:
                    found[name] = (i, page.anchors[name][1] / page.height)
        first = document.pages[0]
        return cls(
            len(document.pages),
            found.get("page-one-end"),
            found.get("appendix"),
            found.get("brief-end"),
            1 - bottom_margin_mm * PX_PER_MM / first.height,
        )

    def page_one_overflows(self) -> bool:
        return self.page_one_end is not None and self.page_one_end[0] > 0

    def appendix_fits_on_page_one(self) -> bool:
        """The Appendix (alone on its page) is shorter than the room left under page one."""
        if self.appendix is None or self.end is None or self.page_one_end is None:
            return False
        if self.appendix[0] != self.end[0]:  # the Appendix runs over more than one page
            return False
        used = self.end[1] - self.appendix[1]
        room = self.content_bottom - self.page_one_end[1] - 0.02
        return used < room

    def appendix_height(self) -> float | None:
        """The Appendix's height in pages of content (1.0 = one full page), or None."""
        if self.appendix is None or self.end is None:
            return None
        top = self.appendix[1]
        return (self.end[0] - self.appendix[0]) + (self.end[1] - top) / (self.content_bottom - top)

    def tight_saves_a_page(self) -> bool:
        """For a layout with the Appendix set tightly: the ordinary setting, at least
        ``MIN_TIGHT_GAIN`` times as tall, would certainly need one page more."""
        h = self.appendix_height()
        return h is not None and math.ceil(h * MIN_TIGHT_GAIN) > math.ceil(h)


class _AppendixLines(HTMLParser):
    """Body lines of the Appendix, roughly: each paragraph, item and row by its length."""

    BLOCKS = frozenset({"p", "li", "tr", "h2", "h3", "div", "ul", "table"})
    PER_LINE = 100  # characters a line of the Appendix holds on either paper

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = self.in_svg = False
        self.lines = 0.0
        self.text: list[str] = []

    def _flush(self) -> None:
        n = len(" ".join("".join(self.text).split()))
        self.text = []
        if n:
            self.lines += math.ceil(n / self.PER_LINE)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.inside and ("id", "appendix") in attrs:
            self.inside = True
        if not self.inside:
            return
        if tag == "svg":
            self.in_svg = True
            self.lines += 9  # the timeline graphic
        elif tag in self.BLOCKS:
            self._flush()
            if tag == "h3":
                self.lines += 1  # its margins

    def handle_endtag(self, tag: str) -> None:
        if self.inside and tag == "svg":
            self.in_svg, self.text = False, []
        elif self.inside and tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.inside and not self.in_svg:
            self.text.append(data)


def appendix_pages(html: str) -> float:
    """The Appendix's estimated height in pages when set normally (0 when there is none)."""
    parser = _AppendixLines()
    parser.feed(html)
    parser.close()
    return parser.lines * PAGES_PER_LINE


def foresee_tight(html: str) -> bool:
    """Whether the Appendix is expected to spill just past a page (rule 3 foreseen)."""
    est = appendix_pages(html)
    return est > 1 and est - math.floor(est) <= FORESEE_SPILL


def layout(
    html: str,
    base_dir: Path,
    *,
    stylesheets: list[Path],
    fetcher: Any,
    fonts: Any,
    paper: str | None = None,
) -> tuple[Any, list[str]]:
    """Lay the brief out (a WeasyPrint ``Document``) following the rules of the module doc; also
    returns the extra style sheets the kept layout used. Documents without the landmarks (a
    user's own template) are laid out once."""
    from weasyprint import CSS, HTML

    base_url = Path(base_dir).resolve().as_uri() + "/"
    css = [CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts) for p in stylesheets]
    if paper:  # --paper / `paper` in commsgen.toml: after the stylesheet, so it wins
        css.append(CSS(string=f"@page {{ size: {PAPER[paper]}; }}", font_config=fonts))
    source = HTML(string=html, base_url=base_url, url_fetcher=fetcher)

    def attempt(extra: list[str]) -> tuple[Any, Layout, list[str]]:
        more = [CSS(string=x, font_config=fonts) for x in extra]
        doc = source.render(font_config=fonts, stylesheets=css + more, pdf_tags=True)
        return doc, Layout.of(doc), extra

    tight_first = foresee_tight(html)
    first = [APPENDIX_TIGHT_CSS] if tight_first else []
    kept = attempt(first)
    if kept[1].page_one_overflows():
        kept = attempt([TIGHT_CSS, *first])
    base = [x for x in kept[2] if x != APPENDIX_TIGHT_CSS]
    if tight_first:
        if kept[1].appendix is None or kept[1].tight_saves_a_page():
            return kept[0], kept[2]
        ordinary = attempt(base)  # not certain: compare with the ordinary setting, as rule 3 does
        if ordinary[1].pages > kept[1].pages:
            return kept[0], kept[2]
        kept = ordinary
    found = kept[1]
    if found.pages > 1 and found.appendix_fits_on_page_one():
        joined = attempt(base + [JOIN_CSS])
        if joined[1].pages < found.pages:
            return joined[0], joined[2]
    if found.pages > 2 and not tight_first:  # the Appendix runs past its page: tighter if it saves one
        tighter = attempt(base + [APPENDIX_TIGHT_CSS])
        if tighter[1].pages < found.pages:
            return tighter[0], tighter[2]
    return kept[0], kept[2]
