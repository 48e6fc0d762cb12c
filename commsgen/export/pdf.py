"""The executive brief as PDF (WeasyPrint), and its text read back for the redaction gate.

- WeasyPrint is imported only inside ``render_pdf``: nothing else in commsgen pays for it, and a
  batch worker pays for it once (the font configuration is also made once per process).
- Nothing is fetched from the network, ever: ``LocalOnlyFetcher`` refuses every URL that is not
  a file inside the template folder(s) (or an inline ``data:`` URL, which fetches nothing), so
  an ``<img src="http://...">`` or ``file:///etc/passwd`` in a postmortem or a user template is
  left out and reported, and the PDF still renders.
- ``pdf_text`` extracts the text of the written PDF bytes (pypdf): the redaction gate scans what
  the reader will see, not only the HTML it was made from.

Page size is A4 (210 x 297 mm), set by ``templates/executive.css``.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from commsgen.export.pdfchild import PdfProcess, creation_time
from commsgen.resources import builtin_templates

STYLESHEET = "executive.css"


def stylesheet_path(user_dir: Path | None) -> Path:
    """The print stylesheet: the user's ``executive.css`` when their template folder has one."""
    if user_dir is not None and (user_dir / STYLESHEET).is_file():
        return user_dir / STYLESHEET
    return builtin_templates() / STYLESHEET


def template_roots(user_dir: Path | None) -> list[Path]:
    """Folders a PDF may read files from: the user's template folder and the built-in one."""
    return [p for p in (user_dir, builtin_templates()) if p is not None]


class FetchRefused(ValueError):
    pass


class LocalOnlyFetcher:
    """A WeasyPrint ``url_fetcher`` that serves files inside ``roots`` and refuses the rest.

    Every URL asked for is recorded in ``calls``; refused ones also in ``refused``. Nothing
    here opens a socket: network schemes are refused before anything is parsed further."""

    _fail_on_errors = False      # read by weasyprint.urls.fetch: a refusal is not fatal

    def __init__(self, roots: Iterable[Path]):
        self.roots = [Path(r).resolve() for r in roots]
        self.calls: list[str] = []
        self.refused: list[str] = []
        self.served: list[Path] = []

    def local_path(self, url: str) -> Path | None:
        """The file a ``file:`` URL names, if it lies inside one of the roots (symlinks resolved)."""
        from urllib.request import url2pathname

        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(parts.path)).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_file():
            return None
        return path if any(path.is_relative_to(r) for r in self.roots) else None

    def __call__(self, url: str, headers: Any = None):
        import mimetypes

        from weasyprint.urls import URLFetcherResponse

        self.calls.append(url)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            from urllib.request import DataHandler, Request

            resp = DataHandler().data_open(Request(url))
            return URLFetcherResponse(url, body=resp.read(), headers={"Content-Type": resp.headers["Content-Type"]})
        path = self.local_path(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise FetchRefused(f"refused {url[:200]!r}: commsgen fetches nothing from the network "
                               "or from outside the template folders")
        self.served.append(path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})

    fetch = __call__


_FONT_CONFIG = None


def _font_config():
    """One fontconfig setup per process (building it scans the installed fonts)."""
    global _FONT_CONFIG
    if _FONT_CONFIG is None:
        from weasyprint.text.fonts import FontConfiguration

        _FONT_CONFIG = FontConfiguration()
    return _FONT_CONFIG


def render_pdf(html: str, base_dir: Path, *, stylesheets: list[Path], title: str | None = None,
               author: str | None = None, subject: str | None = None, created: datetime | None = None,
               fetcher: LocalOnlyFetcher | None = None) -> bytes:
    """HTML -> PDF bytes. Relative URLs resolve against ``base_dir``; files are read only from
    ``base_dir`` (or the roots of ``fetcher``). Metadata given here overrides the HTML's."""
    from weasyprint import CSS, HTML

    fetcher = fetcher or LocalOnlyFetcher([base_dir])
    fonts = _font_config()
    base_url = Path(base_dir).resolve().as_uri() + "/"
    css = [CSS(filename=str(p), url_fetcher=fetcher, font_config=fonts) for p in stylesheets]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=fonts, stylesheets=css)
    meta = document.metadata
    if title:
        meta.title = title
    if author:
        meta.authors = [author]
    if subject:
        meta.description = subject
    meta.created = (created or creation_time()).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    meta.generator = "commsgen"
    return document.write_pdf()


def pdf_text(pdf_bytes: bytes) -> str:
    """The text a reader of the PDF sees, extracted from its bytes, pages separated by a newline.

    Read by ``commsgen.export.pdftext`` (the glyphs of each text operator mapped through the
    fonts' own ``/ToUnicode`` tables, some 5x faster than pypdf on WeasyPrint's per-glyph output);
    a PDF that uses anything it does not cover is read by pypdf's ``extract_text`` instead."""
    from pypdf import PdfReader

    from commsgen.export.pdftext import page_texts

    reader = PdfReader(BytesIO(pdf_bytes))
    try:
        pages = page_texts(reader)
    except Exception:  # Unsupported, or a damaged PDF: pypdf reads it (or raises) as before
        pages = [(page.extract_text() or "") for page in reader.pages]
    return "\n".join(pages)


def pdf_info(pdf_bytes: bytes) -> dict[str, Any]:
    """Page count and document metadata (title, author, creation date) of PDF bytes."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf_bytes))
    meta = reader.metadata or {}
    return {"pages": len(reader.pages), "title": meta.get("/Title"), "author": meta.get("/Author"),
            "subject": meta.get("/Subject"), "created": getattr(reader.metadata, "creation_date", None)}


def _serve() -> None:
    """The child of ``PdfProcess``: import WeasyPrint now, then render one request from stdin."""
    import weasyprint  # noqa: F401  (the point: pay the import before the request arrives)

    _font_config()
    try:
        req = json.loads(sys.stdin.buffer.read())
    except ValueError:
        return                      # the parent went away without a request
    try:
        fetcher = LocalOnlyFetcher([Path(r) for r in req["roots"]])
        data = render_pdf(req["html"], Path(req["base_dir"]), stylesheets=[Path(p) for p in req["stylesheets"]],
                          title=req["title"], author=req["author"], subject=req["subject"],
                          created=datetime.fromisoformat(req["created"]), fetcher=fetcher)
        head = {"ok": True, "size": len(data), "refused": fetcher.refused}
    except Exception as e:  # reported to the parent, which raises it
        data, head = b"", {"ok": False, "error": f"{type(e).__name__}: {e}"}
    sys.stdout.buffer.write(json.dumps(head).encode("utf-8") + b"\n" + data)
    sys.stdout.buffer.flush()
    sys.stderr.flush()
    # done: skip the interpreter's tear-down (freeing WeasyPrint's fonts and layout takes a
    # tenth of a second, and the parent waits for this process to end)
    os._exit(0)


@dataclass
class PdfResult:
    data: bytes                 # the PDF file
    text: str                   # pdf_text(data): what the redaction gate scans
    refused: list[str] = field(default_factory=list)   # URLs left out (network / outside templates)


def _warm_up(while_waiting: Callable[[], object] | None) -> None:
    """What the parent does while the child renders: import what reads the PDF back, then the
    caller's own preparation (errors are left for the real call to raise)."""
    try:
        import pypdf  # noqa: F401

        import commsgen.export.pdftext  # noqa: F401
        if while_waiting is not None:
            while_waiting()
    except Exception:  # noqa: S110  (only a head start: the real call repeats and reports it)
        pass


def brief_pdf(html: str, *, user_dir: Path | None, title: str, author: str, subject: str,
              created: datetime | None = None, process: PdfProcess | None = None,
              while_waiting: Callable[[], object] | None = None) -> PdfResult:
    """The executive brief's HTML as a PDF with the (overridable) print stylesheet, rendered here
    or by a warmed-up ``process``; its text is read back from the bytes in this process.

    ``while_waiting``: work of the caller's that does not need the PDF (the gate's checks warming
    up), run in a thread while the child renders; not called when rendering here."""
    roots, base, css = template_roots(user_dir), user_dir or builtin_templates(), [stylesheet_path(user_dir)]
    data, refused = b"", []
    if process is not None:
        import threading

        # read pypdf in while the child renders (pdf_text needs it next)
        warm = threading.Thread(target=_warm_up, args=(while_waiting,), daemon=True)
        warm.start()
        try:
            data, refused = process.render(html, base, stylesheets=css, roots=roots, title=title, author=author,
                                           subject=subject, created=created)
        except (RuntimeError, OSError):   # the child died: render here (a real error then shows itself)
            process = None
        warm.join()
    if process is None:
        fetcher = LocalOnlyFetcher(roots)
        data = render_pdf(html, base, stylesheets=css, title=title, author=author, subject=subject,
                          created=created, fetcher=fetcher)
        refused = list(fetcher.refused)
    return PdfResult(data, pdf_text(data), refused)

