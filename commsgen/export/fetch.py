"""The only way a PDF reads a file: ``LocalOnlyFetcher``, a subclass of WeasyPrint's public
``weasyprint.urls.URLFetcher`` (WeasyPrint 68 and later) that fetches nothing from the network and
nothing from outside the template folders. Imports WeasyPrint: import this module only where a
PDF is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Iterable
from urllib.parse import urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class FetchRefused(ValueError):
    pass


class LocalOnlyFetcher(URLFetcher):
    """Serves files inside ``roots`` and ``data:`` URLs; refuses every other URL.

    Every URL asked for is recorded in ``calls``; refused ones also in ``refused``. Nothing
    here opens a socket: network schemes are refused before anything is parsed further."""

    def __init__(self, roots: Iterable[Path]):
        # public options of URLFetcher: only file: and data: URLs, no redirects, and a refusal is
        # not fatal (WeasyPrint leaves the resource out and renders the rest)
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=False)
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

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """``URLFetcher.fetch``: a ``data:`` URL is decoded, a file inside the roots is read, and
        any other URL is refused with ``FetchRefused``."""
        import mimetypes

        self.calls.append(url)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            from urllib.request import DataHandler, Request

            resp = DataHandler().data_open(Request(url))
            return URLFetcherResponse(url, body=resp.read(), headers={"Content-Type": resp.headers["Content-Type"]})
        path = self.local_path(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise FetchRefused(
                f"refused {url[:200]!r}: commsgen fetches nothing from the network or from outside the template folders"
            )
        self.served.append(path)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime})
