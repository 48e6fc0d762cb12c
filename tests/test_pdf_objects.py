"""``commsgen.export.pdfobjects``: the PDF objects the gate's read-back needs, parsed on demand. On
what WeasyPrint writes it must read exactly what the pypdf-parsed reading gives (``pdf_yardstick``);
on anything it does not cover it must raise ``Unsupported`` so that pypdf reads the file (never
less text); and what a hostile layout does to a secret (letter spacing, split spans, ligatures,
mathematical letters, per-glyph SVG text) must still be refused by the gate."""

from __future__ import annotations

import zlib

import pytest
from conftest import SAMPLES
from pdf_yardstick import classic_pdf, reader, same_reading

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.export.pdf import pdf_text, readback, render_pdf
from commsgen.export.pdfobjects import Document, Unsupported
from commsgen.export.pdftext import page_texts
from commsgen.findings import refusal_reason
from commsgen.gate import gate

CMAP = (
    b"begincmap\n1 beginbfchar\n<0001> <0020>\nendbfchar\n"
    b"1 beginbfrange\n<0021> <007E> <0021>\nendbfrange\nendcmap"
)  # codes 0x21-0x7E read as the ASCII character of the same code, 0x01 as a space


def pdf(
    content: bytes,
    *,
    info: bytes = b"",
    outline: bool = False,
    trailer_extra: bytes = b"",
    filter_: bytes = b"/FlateDecode",
) -> bytes:
    """A one-page PDF with a classic cross-reference table: a Type0 font (codes = ASCII) as /F1,
    ``content`` as the page's content stream, optional document information and outline."""
    data = zlib.compress(content) if filter_ == b"/FlateDecode" else content.hex().encode() + b">"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R" + (b" /Outlines 8 0 R" if outline else b"") + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R >>",  # inherits its fonts
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(data), filter_) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /T /Encoding /Identity-H /ToUnicode 6 0 R"
        b" /DescendantFonts [7 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(CMAP) + CMAP + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /T /DW 500 >>",
        b"<< /Type /Outlines /First 9 0 R /Last 10 0 R >>",
        b"<< /Title (Top) /Parent 8 0 R /Next 10 0 R /First 11 0 R /Last 11 0 R >>",
        b"<< /Title <feff00cb0073006300e100700065> /Parent 8 0 R /Prev 9 0 R >>",  # "Ëscápe", UTF-16
        b"<< /Title (Child \\(one\\)) /Parent 9 0 R >>",
        b"<< " + info + b" >>",
    ]
    return classic_pdf(objs, b"/Info %d 0 R %s" % (len(objs), trailer_extra))


def glyphs(text: str) -> bytes:
    """``text`` (ASCII) as the hex string of the test font's 2-byte codes."""
    return b"<" + "".join(f"{ord(c) if c != ' ' else 1:04x}" for c in text).encode() + b">"


PAGE = b"BT /F1 10 Tf 1 0 0 1 20 150 Tm [" + glyphs("Hello there") + b"] TJ ET"
INFO = b"/Title (Status: \\(all\\) clear) /Author <feff004100e9> /Subject (s) /Keywords (a, b)"


def test_a_classic_table_inherited_resources_metadata_and_outline_read_as_pypdf_reads_them():
    data = pdf(PAGE, info=INFO, outline=True)
    assert same_reading(data) == "Hello there"
    doc = Document(data)
    assert doc.outline() == [(1, "Top"), (2, "Child (one)"), (1, "Ëscápe")]
    assert doc.info(("/Title", "/Author")) == {"/Title": "Status: (all) clear", "/Author": "Aé"}


def test_an_incremental_update_is_left_to_pypdf_which_reads_the_new_text():
    """An update appended to the file (``/Prev``) replaces the page's content: reading the first
    section alone would give the old text, so the file goes to pypdf."""
    data = pdf(PAGE, info=INFO)
    new = zlib.compress(b"BT /F1 10 Tf 1 0 0 1 20 150 Tm [" + glyphs("AKIA2E4RTQ7WXY3ZP5LM") + b"] TJ ET")
    prev = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    at = len(data)
    update = b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(new) + new + b"\nendstream\nendobj\n"
    xref = at + len(update)
    update += b"xref\n4 1\n%010d 00000 n \ntrailer\n<< /Size 13 /Root 1 0 R /Info 12 0 R /Prev %d >>\n" % (at, prev)
    update += b"startxref\n%d\n%%%%EOF\n" % xref
    data += update
    with pytest.raises(Unsupported):
        Document(data)
    assert "AKIA2E4RTQ7WXY3ZP5LM" in pdf_text(data)
    assert "Hello" not in pdf_text(data)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda d: d.replace(b"/Size 13", b"/Size 13 /Encrypt 12 0 R"), id="encrypted"),
        pytest.param(
            lambda d: d.replace(b"%010d 00000 n" % d.index(b"4 0 obj"), b"%010d 00000 n" % 3), id="wrong-offset"
        ),
        pytest.param(lambda d: d.replace(b"startxref\n", b"startxref\n1"), id="startxref-nowhere"),
    ],
)
def test_a_file_it_does_not_cover_is_read_by_pypdf(change):
    data = change(pdf(PAGE, info=INFO))
    with pytest.raises(Unsupported):
        page_texts(Document(data))
    if b"/Encrypt" not in data:
        assert "Hello there" in pdf_text(data)  # pypdf's own reading (it rebuilds the table)


def test_another_filter_and_a_title_beyond_ascii_are_left_to_pypdf():
    data = pdf(PAGE, filter_=b"/ASCIIHexDecode", info=b"/Title (Caf\xe9 \x18)")
    doc = Document(data)
    with pytest.raises(Unsupported):
        page_texts(doc)
    with pytest.raises(Unsupported):
        doc.info(("/Title",))  # PDFDocEncoding: pypdf's table
    assert "Hello there" in pdf_text(data)
    assert readback(data) == readback(reader(data)) and "Caf" in readback(data)


def test_an_outline_in_a_cycle_is_refused():
    data = pdf(PAGE, outline=True).replace(b"/Parent 9 0 R >>", b"/Parent 9 0 R /Next 9 0 R >>")
    with pytest.raises(Unsupported):
        Document(data).outline()


def test_long_runs_of_operands_read_in_one_pass():
    """Numbers that no operator follows, in an array or not, are taken once (possessive patterns):
    a dash array of 20,000 numbers does not make the reader try every way to split its digits."""
    numbers = b" ".join(b"1234567.1234567" for _ in range(20000))
    content = b"[" + numbers + b"] 0 d " + PAGE + b" /P <</MCID 0>> BDC 1 2 3 4 re f EMC"
    assert same_reading(pdf(content)) == "Hello there"
    with pytest.raises(Unsupported):
        page_texts(Document(pdf(numbers + b" (unterminated")))


HOSTILE = {
    "letter-spaced": '<h1 style="letter-spacing: .35em">AKIA2E4RTQ7WXY3ZP5LM</h1>',
    "split-spans": "<p>host ledger.<b>acme</b><i>.inte</i>rnal answered</p>",
    "ligatures": "<p>the host offline-staff.acme.internal answered</p>",
    "math-bold": "<p>\U0001d400\U0001d40a\U0001d408\U0001d4002E4RTQ7WXY3ZP5LM was used</p>",
    "svg-glyphs": '<svg width="400" height="60"><text x="5" y="30">AKIA2E4RTQ7WXY3ZP5LM</text></svg>',
    "justified": '<p style="text-align: justify; width: 50mm">words spread out so that the line is full '
    "ledger.acme.internal and then some more words to wrap</p>",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_layouts_read_as_pypdf_reads_them_and_are_refused(case, tmp_path):
    html = f'<html><body style="font-family: DejaVu Sans">{HOSTILE[case]}</body></html>'
    data = render_pdf(html, tmp_path, stylesheets=[])
    text = same_reading(data, words=False)
    loaded = pipeline.load(SAMPLES / "outage-checkout-failover.yaml")
    _, findings = gate(text, "executive", loaded, load_config(str(SAMPLES / "commsgen.toml")), None, fmt="txt")
    assert refusal_reason(findings), (case, text)


def test_a_reference_to_an_unlisted_object_is_never_read_as_null():
    """pypdf reads an object the cross-reference does not list its own way; the reader must not
    take it for an empty page (a page with no text would pass the gate), then or on a second try."""
    data = pdf(PAGE).replace(b"/Contents 4 0 R", b"/Contents 0 0 R")  # object 0: always free
    doc = Document(data)
    for _ in range(2):
        with pytest.raises(Unsupported):
            page_texts(doc)
    assert pdf_text(data) == ""  # pypdf's reading: a free object is null, the page is empty
