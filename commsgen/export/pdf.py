"""The executive brief as PDF (WeasyPrint), and what the redaction gate reads back from it.

- WeasyPrint is imported only inside ``render_pdf``: nothing else in commsgen pays for it, and a
  batch worker pays for it once (the font configuration is also made once per process).
- Nothing is fetched from the network, ever: ``commsgen.export.fetch.LocalOnlyFetcher`` (a
  subclass of WeasyPrint's public ``URLFetcher``) refuses every URL that is not a file inside the template folder(s) (or
  an inline ``data:`` URL, which fetches nothing), so an ``<img src="http://...">`` or
  ``file:///etc/passwd`` in a postmortem or a user template is left out and reported, and the
  PDF still renders.
- Page one fits one page and no page is near-empty: ``commsgen.export.brieflayout`` lays the
  brief out, again only when a rule is broken (and foresees the commonest second layout).
- ``pdf_text``/``readback`` read the written bytes (``commsgen.export.pdfobjects`` and
  ``commsgen.export.pdftext``, pypdf where those do not cover the file): the redaction gate scans
  what a reader gets, text, metadata and bookmarks alike. ``pdf_info``/``pdf_outline`` read them
  with pypdf.
- The PDF is tagged (``pdf_tags``), and its bytes depend only on the input when
  ``SOURCE_DATE_EPOCH`` is set (``commsgen.clock``).

Paper: the stylesheet's (A4 for the built-in one); ``--paper a4|letter`` or ``paper`` in
commsgen.toml adds an ``@page`` size after the stylesheet, so it wins.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from commsgen.clock import creation_time
from commsgen.export.brieflayout import layout
from commsgen.resources import builtin_templates

if TYPE_CHECKING:
    from commsgen.findings import Finding


class Renderer(Protocol):
    """What ``brief_pdf`` needs of a warmed-up child (``commsgen.export.pdfchild.PdfProcess``; not
    imported here, so that the two modules do not depend on each other)."""

    def render(
        self,
        html: str,
        base_dir: Path,
        *,
        stylesheets: list[Path],
        roots: list[Path],
        meta: dict,
        created: datetime,
        paper: str | None = None,
    ) -> tuple[bytes, list[str]]: ...


STYLESHEET = "executive.css"


def stylesheet_path(user_dir: Path | None, name: str = STYLESHEET) -> Path:
    """The print stylesheet ``name``: the user's when their template folder has one."""
    if user_dir is not None and (user_dir / name).is_file():
        return user_dir / name
    return builtin_templates() / name


def template_roots(user_dir: Path | None) -> list[Path]:
    """Folders a PDF may read files from: the user's template folder and the built-in one."""
    return [p for p in (user_dir, builtin_templates()) if p is not None]


_FONT_CONFIG = None


def _font_config():
    """One fontconfig setup per process (building it scans the installed fonts)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def render_pdf(
    html: str,
    base_dir: Path,
    *,
    stylesheets: list[Path],
    title: str | None = None,
    author: str | None = None,
    subject: str | None = None,
    keywords: list[str] | None = None,
    created: datetime | None = None,
    fetcher=None,
    paper: str | None = None,
) -> bytes:
    """HTML -> PDF bytes. Relative URLs resolve against ``base_dir``; files are read only from
    ``base_dir`` (or the roots of ``fetcher``). The metadata given here replaces the HTML's
    entirely (the caller passes values that went through the redaction gate)."""
    if fetcher is None:
        from commsgen.export.fetch import LocalOnlyFetcher

        fetcher = LocalOnlyFetcher([base_dir])
    document, _ = layout(html, base_dir, stylesheets=stylesheets, fetcher=fetcher, fonts=_font_config(), paper=paper)
    meta = document.metadata
    meta.title = title or None
    meta.authors = [author] if author else []
    meta.description = subject or None
    meta.keywords = list(keywords or [])
    stamp = (created or creation_time()).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    meta.created = meta.modified = stamp
    meta.generator = "commsgen"
    return document.write_pdf(pdf_tags=True)


def _reader(pdf: bytes | Any) -> Any:
    """A pypdf reader of PDF bytes (or the reader itself: one parse serves text, metadata, outline)."""
    if isinstance(pdf, (bytes, bytearray)):
        from pypdf import PdfReader

        return PdfReader(BytesIO(pdf))
    return pdf


def _document(pdf: bytes | Any) -> Any:
    """``commsgen.export.pdfobjects.Document`` of PDF bytes (its objects parsed when first used), or
    the bytes themselves when it does not cover the file (pypdf then reads it); anything else as is."""
    if isinstance(pdf, (bytes, bytearray)):
        from commsgen.export.pdfobjects import Document

        try:
            return Document(bytes(pdf))
        except Exception:  # Unsupported, or a damaged PDF: pypdf reads it (or raises) as before
            return pdf
    return pdf


def pdf_text(pdf: bytes | Any) -> str:
    """The text a reader of the PDF sees, extracted from its bytes, pages separated by a newline.

    Read by ``commsgen.export.pdftext`` (the glyphs of each text operator mapped through the
    fonts' own ``/ToUnicode`` tables, some 5x faster than pypdf on WeasyPrint's per-glyph output)
    from the objects ``commsgen.export.pdfobjects`` parses (only those the pages use; pypdf
    parses every object of an object stream, the tagged PDF's structure tree included). A PDF that
    uses anything either does not cover is read by pypdf: its objects, then, if the content still
    is not covered, pypdf's ``extract_text``."""
    from commsgen.export.pdfobjects import Document
    from commsgen.export.pdftext import page_texts

    pdf = _document(pdf)
    if isinstance(pdf, Document):
        try:
            return "\n".join(page_texts(pdf))
        except Exception:
            pdf = pdf.data
    reader = _reader(pdf)
    try:
        pages = page_texts(reader)
    except Exception:  # Unsupported, or a damaged PDF: pypdf reads it (or raises) as before
        pages = [(page.extract_text() or "") for page in reader.pages]
    return "\n".join(pages)


def pdf_info(pdf: bytes | Any) -> dict[str, Any]:
    """Page count and document metadata (title, author, subject, keywords, creation date)."""
    reader = _reader(pdf)
    meta = reader.metadata or {}
    return {
        "pages": len(reader.pages),
        "title": meta.get("/Title"),
        "author": meta.get("/Author"),
        "subject": meta.get("/Subject"),
        "keywords": meta.get("/Keywords"),
        "created": getattr(reader.metadata, "creation_date", None),
    }


def pdf_outline(pdf: bytes | Any) -> list[tuple[int, str]]:
    """The bookmark outline of a PDF: (level, title) in document order, level 1 outermost."""
    out: list[tuple[int, str]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                out.append((level, str(item.title)))

    walk(_reader(pdf).outline, 1)
    return out


_READBACK_KEYS = ("/Title", "/Subject", "/Author", "/Keywords")


def readback(pdf: bytes | Any) -> str:
    """Everything a reader or a program gets from the PDF besides its page text: the metadata
    (Title, Subject, Author, Keywords) and the bookmark outline, one value a line. Read by
    ``commsgen.export.pdfobjects`` where it covers the file, else by pypdf (the same values)."""
    from commsgen.export.pdfobjects import Document

    pdf = _document(pdf)
    if isinstance(pdf, Document):
        try:
            info = pdf.info(_READBACK_KEYS)
            values = [info.get(k) for k in _READBACK_KEYS] + [title for _, title in pdf.outline()]
            return "\n".join(str(v) for v in values if v)
        except Exception:
            pdf = pdf.data
    reader = _reader(pdf)
    meta = reader.metadata or {}  # the strings only: pdf_info's parse of the dates is not needed here
    values = [meta.get(k) for k in _READBACK_KEYS]
    values += [title for _, title in pdf_outline(reader)]
    return "\n".join(str(v) for v in values if v)


def _serve() -> None:
    """The child of ``PdfProcess``: import WeasyPrint now, then render one request from stdin."""
    import weasyprint  # noqa: F401  (the point: pay the import before the request arrives)

    from commsgen.export.fetch import LocalOnlyFetcher

    _font_config()
    try:
        req = json.loads(sys.stdin.buffer.read())
    except ValueError:
        return  # the parent went away without a request
    try:
        fetcher = LocalOnlyFetcher([Path(r) for r in req["roots"]])
        meta = req["meta"]
        data = render_pdf(
            req["html"],
            Path(req["base_dir"]),
            stylesheets=[Path(p) for p in req["stylesheets"]],
            title=meta["title"],
            author=meta["author"],
            subject=meta["subject"],
            keywords=meta["keywords"],
            created=datetime.fromisoformat(req["created"]),
            fetcher=fetcher,
            paper=req["paper"],
        )
        head = {"ok": True, "size": len(data), "refused": fetcher.refused}
    except Exception as e:  # reported to the parent, which raises it
        data, head = b"", {"ok": False, "error": f"{type(e).__name__}: {e}"}
    sys.stdout.buffer.write(json.dumps(head).encode("utf-8") + b"\n" + data)
    sys.stdout.buffer.flush()
    sys.stderr.flush()
    # done: skip the interpreter's tear-down (freeing WeasyPrint's fonts and layout takes a
    # tenth of a second, and the parent waits for this process to end)
    from commsgen.adapters.fastexit import exit_now

    exit_now(0)


@dataclass
class PdfMeta:
    """The PDF's document metadata; the caller builds it from values the redaction gate passed."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "author": self.author, "subject": self.subject, "keywords": self.keywords}


@dataclass
class PdfResult:
    data: bytes  # the PDF file
    text: str  # pdf_text(data): what the redaction gate scans
    refused: list[str] = field(default_factory=list)  # URLs left out (network / outside templates)
    readback: str = ""  # readback(data): metadata and outline, scanned by the gate too


def _warm_up(while_waiting: Callable[[], object] | None) -> None:
    """What the parent does while the child renders: import what reads the PDF back, then the
    caller's own preparation (errors are left for the real call to raise). pypdf is not imported:
    it reads only what ``commsgen.export.pdfobjects`` does not cover."""
    try:
        import commsgen.export.pdfobjects
        import commsgen.export.pdftext  # noqa: F401

        if while_waiting is not None:
            while_waiting()
    except Exception:
        pass


def brief_pdf(
    html: str,
    *,
    user_dir: Path | None,
    meta: PdfMeta,
    paper: str | None = None,
    created: datetime | None = None,
    process: Renderer | None = None,
    while_waiting: Callable[[], object] | None = None,
    stylesheet: str = STYLESHEET,
) -> PdfResult:
    """The executive brief's HTML (or a pattern review's, ``stylesheet="review.css"``) as a PDF with
    the (overridable) print stylesheet, rendered here or by a warmed-up ``process``; its text,
    metadata and outline are read back from the bytes in this process.

    ``while_waiting``: work of the caller's that does not need the PDF (the gate's checks warming
    up), run in a thread while the child renders; not called when rendering here."""
    roots, base = template_roots(user_dir), user_dir or builtin_templates()
    css = [stylesheet_path(user_dir, stylesheet)]
    created = created or creation_time()
    data: bytes = b""
    refused: list[str] = []
    if process is not None:
        import threading

        # read pypdf in while the child renders (pdf_text needs it next)
        warm = threading.Thread(target=_warm_up, args=(while_waiting,), daemon=True)
        warm.start()
        try:
            data, refused = process.render(
                html, base, stylesheets=css, roots=roots, meta=meta.as_dict(), created=created, paper=paper
            )
        except (RuntimeError, OSError):  # the child died: render here (a real error then shows itself)
            process = None
        warm.join()
    if process is None:
        from commsgen.export.fetch import LocalOnlyFetcher

        fetcher = LocalOnlyFetcher(roots)
        data = render_pdf(
            html,
            base,
            stylesheets=css,
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=meta.keywords,
            created=created,
            fetcher=fetcher,
            paper=paper,
        )
        refused = list(fetcher.refused)
    doc = _document(data)  # one parse for the text, the metadata and the outline
    return PdfResult(data, pdf_text(doc), refused, readback(doc))


def gated_findings(
    before: list[tuple[str, list[Finding]]], pdf: PdfResult, scan: Callable[[str], list[Finding]]
) -> list[Finding]:
    """The redaction gate's findings on a PDF: those of the scans made before it was rendered
    (``before``: where, findings; the HTML, the metadata values), then ``scan`` (the caller's gate,
    without masking) of what was read back from the bytes: the page text, then the metadata and
    outline. Each finding once (by rule and excerpt), with where it was found in
    ``extra["scanned"]``. The one read-back step of every PDF commsgen makes (brief and review)."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Finding] = []
    for where, found in [*before, ("pdf-text", scan(pdf.text)), ("pdf-metadata", scan(pdf.readback))]:
        for f in found:
            if (f.rule, f.excerpt) in seen:
                continue
            seen.add((f.rule, f.excerpt))
            f.extra["scanned"] = where
            out.append(f)
    return out
