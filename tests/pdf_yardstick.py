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
