"""The yardstick of the PDF read-back: what commsgen reads from a PDF (``pdf_text``, ``readback``:
``commsgen.export.pdfobjects`` objects) must equal what the pypdf-parsed reading gives (the same
content reader on pypdf's objects, pypdf's metadata and outline), and the characters and words
pypdf's own ``extract_text`` reads."""

from __future__ import annotations

import re
from io import BytesIO

from pypdf import PdfReader

from commsgen.export.pdf import pdf_outline, pdf_text, readback
from commsgen.export.pdfobjects import Document
from commsgen.export.pdftext import page_texts

KEYS = ("/Title", "/Subject", "/Author", "/Keywords")


def reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def same_reading(data: bytes, *, words: bool = True) -> str:
    """Assert that the read-back of ``data`` is the pypdf-parsed one; return its page text.
    ``words=False``: pypdf's ``extract_text`` is held to the characters only (it sets the letters
    of a widely letter-spaced line apart, ``A K I A``, where the reader keeps the word whole)."""
    doc = Document(data)
    text = "\n".join(page_texts(doc))
    assert text == "\n".join(page_texts(reader(data)))  # the same content reader on pypdf's objects
    assert pdf_text(data) == text  # and the gate's reading takes this path
    assert readback(data) == readback(reader(data))  # metadata and outline, as pypdf reads them
    assert doc.outline() == pdf_outline(data)
    meta = reader(data).metadata or {}
    assert doc.info(KEYS) == {k: str(meta[k]) for k in KEYS if k in meta}
    theirs = "\n".join(p.extract_text() or "" for p in reader(data).pages)
    assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", theirs)  # every character, in order
    if words:
        assert re.sub(r"\s+", " ", text).strip() == re.sub(r"\s+", " ", theirs).strip()  # and the words
    return text


def classic_pdf(objs: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of ``objs`` (numbered from 1, the first the catalog) with a classic cross-reference
    table; ``trailer``: more entries of the trailer dictionary."""
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, trailer, xref)
    return bytes(out)
