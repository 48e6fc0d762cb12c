"""``commsgen.export.pdftext``: the fast reader of a PDF's text for the redaction gate. On what
WeasyPrint writes it must read exactly the characters pypdf reads, in the same order; on anything
else it must give way to pypdf (never less text)."""

from __future__ import annotations

import re
import zlib
from io import BytesIO

import pytest
from conftest import DATA
from pdf_yardstick import classic_pdf, same_reading
from pypdf import PdfReader

from commsgen import pipeline
from commsgen.config import Config
from commsgen.export.pdf import pdf_text, render_pdf
from commsgen.export.pdftext import Unsupported, page_texts


def pypdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(BytesIO(data)).pages)


def fast_text(data: bytes) -> str:
    return "\n".join(page_texts(PdfReader(BytesIO(data))))


def same_as_pypdf(data: bytes) -> None:
    ours, theirs = fast_text(data), pypdf_text(data)
    assert re.sub(r"\s+", "", ours) == re.sub(r"\s+", "", theirs)  # every character, in order
    assert re.sub(r"\s+", " ", ours).strip() == re.sub(r"\s+", " ", theirs).strip()  # and the words


@pytest.mark.parametrize("name", ["short.yaml", pytest.param("long.yaml", marks=pytest.mark.slow), "markers.yaml"])
def test_the_briefs_read_as_pypdf_reads_them(name):
    loaded = pipeline.load(DATA / "pdf" / name)
    out = pipeline.build(loaded, Config(company="Acme Corp"), "executive", "pdf", lint=False)
    same_as_pypdf(out.content)
    assert out.scan_text == fast_text(out.content)
    assert out.scan_text == same_reading(out.content)  # commsgen's own objects: the same reading


HARD = """<html><body style="font-family: DejaVu Sans">
<h1 style="letter-spacing: .2em; text-transform: uppercase">spaced title</h1>
<p style="text-align: justify; width: 60mm">Justified text spreads its words over the whole line so that
the gaps between them grow: host db-07.corp.acme.internal sits in the middle of it, then more words.</p>
<table><tr><td>cell one</td><td style="text-align: right">cell two</td></tr></table>
<p>ligatures: office, ffl; accents: Zürich, Ελληνικά; <b>bold</b>and<i>italic</i> joined; x<sup>2</sup></p>
<p style="hyphens: auto; width: 25mm" lang="en">An extraordinarily uncharacteristically long sentence.</p>
<svg width="300" height="120"><text x="10" y="20">svg label</text>
<text x="60" y="100" transform="rotate(-90 60 100)">rotated</text></svg>
<p style="opacity: .5">half transparent</p>
</body></html>"""


def test_hard_layouts_read_as_pypdf_reads_them(tmp_path):
    data = render_pdf(HARD, tmp_path, stylesheets=[])
    same_as_pypdf(data)
    text = fast_text(data)
    for words in (
        "SPACED TITLE",
        "db-07.corp.acme.internal",
        "cell one",
        "cell two",
        "Zürich",
        "Ελληνικά",
        "svg label",
        "rotated",
        "half transparent",
        "office",
    ):
        assert words in text, words


def minimal_pdf(content: bytes, font: bytes, *, xobjects: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF whose page draws ``content`` with font /F1 = ``font`` (object 5); ``extra``
    objects are numbered from 6, ``xobjects`` is the page's /XObject dictionary body."""
    stream = zlib.compress(content)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >>"
        b" /XObject << " + xobjects + b" >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        font,
        *extra,
    ]
    return classic_pdf(objs)


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def test_a_simple_font_is_left_to_pypdf():
    data = minimal_pdf(b"BT /F1 12 Tf 20 100 Td (Leaked db-07.corp.acme.internal) Tj ET", HELVETICA)
    with pytest.raises(Unsupported):
        fast_text(data)
    assert "Leaked db-07.corp.acme.internal" in pdf_text(data)  # still read, by pypdf


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F1 12 Tf 20 100 Td [(a) Tj] TJ ET",  # an operator inside an array
        b"BT /F9 12 Tf (x) Tj ET",  # an unknown font
        b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",  # an inline image
        b"BT /F1 12 Tf 20 100 Td (unterminated Tj ET",
        b"BT /F1 12 Tf 20 100 Td Tj ET",  # a missing operand
    ],
)
def test_what_it_does_not_cover_raises_unsupported(content):
    with pytest.raises(Unsupported):
        fast_text(minimal_pdf(content, HELVETICA))


def type0_font(cmap: bytes) -> bytes:
    """A Type0 font (no font file: enough for text extraction) with the ``cmap`` as /ToUnicode."""
    return (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H /ToUnicode "
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream /DescendantFonts [<< /Type /Font "
        b"/Subtype /CIDFontType2 /BaseFont /Test /DW 500 /W [1 [250] 2 3 600] >>] >>"
    )


CMAP = (
    b"begincmap\n2 beginbfchar\n<0001> <0020>\n<0002> <0041>\nendbfchar\n"
    b"1 beginbfrange\n<0003> <0005> <0062>\nendbfrange\n1 beginbfrange\n<0006> <0007> [<00DF> <D83DDE00>]\n"
    b"endbfrange\nendcmap"
)


def test_type0_text_spacing_lines_and_literal_strings():
    content = (
        b"BT /F1 10 Tf 1 0 0 1 20 150 Tm [<0002>0<0003>] TJ "  # "Ab", then adjacent: "c"
        b"[<0004>] TJ [<0002> -300 <0005>] TJ "  # a big TJ offset is a space
        b"1 0 0 1 20 130 Tm (\\000\\006\\000\\007) Tj "  # next line; octal escapes
        b"1 0 0 1 200 130 Tm <00 02> Tj ET"
    )  # same line, far right: a space
    text = fast_text(minimal_pdf(content, type0_font(CMAP)))
    assert text == "AbcA d\nß\U0001f600 A"


def test_a_glyph_without_text_is_left_to_pypdf():
    """Code 0x0009 is not in the /ToUnicode table: the fast reader must not read it as nothing."""
    data = minimal_pdf(b"BT /F1 10 Tf 1 0 0 1 20 150 Tm [<0002><0009>] TJ ET", type0_font(CMAP))
    with pytest.raises(Unsupported):
        fast_text(data)
    assert "A" in pdf_text(data)  # the gate still gets pypdf's reading


def form(content: bytes, xobjects: bytes = b"") -> bytes:
    return (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [2 0 0 2 0 0] /Resources << /Font << "
        b"/F1 5 0 R >> /XObject << "
        + xobjects
        + b" >> >> /Length %d >>\nstream\n" % len(content)
        + content
        + b"\nendstream"
    )


def test_form_xobjects_are_read_and_cycles_refused():
    page = b"BT /F1 10 Tf 1 0 0 1 20 20 Tm <0002> Tj ET q 1 0 0 1 26 20 cm /X1 Do Q"
    text = b"BT /F1 5 Tf 1 0 0 1 0 0 Tm <0004> Tj ET"  # at 2x: same size, right after the "A"
    assert fast_text(minimal_pdf(page, type0_font(CMAP), xobjects=b"/X1 6 0 R", extra=(form(text),))) == "Ac"
    cyclic = form(text + b" /X1 Do", xobjects=b"/X1 6 0 R")
    with pytest.raises(Unsupported):
        fast_text(minimal_pdf(page, type0_font(CMAP), xobjects=b"/X1 6 0 R", extra=(cyclic,)))
