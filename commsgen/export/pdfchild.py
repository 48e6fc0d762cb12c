"""The warmed-up WeasyPrint child process of a one-shot ``commsgen render --format pdf``.

Kept apart from ``commsgen.export.pdf`` and light to import (os, sys, subprocess): the command
line starts the child before it imports anything else, so every millisecond spent before the
``Popen`` delays the PDF. The child itself runs ``commsgen.export.pdf._serve``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path


class PdfProcess:
    """WeasyPrint warmed up in a child process while the caller does its own work.

    For one-shot command lines: importing WeasyPrint takes about a second, as long as loading,
    validating and templating together; started first, the child imports it on the other core
    while the parent does the rest, then renders the HTML it is sent with ``render_pdf`` (the same
    function, the same local-only fetcher). ``render`` has ``render_pdf``'s signature and returns
    the same bytes plus the URLs the child's fetcher refused. Batch workers should call
    ``render_pdf`` directly: they pay the import once anyway."""

    _early: PdfProcess | None = None  # started by ``prestart`` before the command line was parsed

    @classmethod
    def start(cls) -> PdfProcess | None:
        """A started child (the one ``prestart`` began, if any), or None when one cannot be started
        or ``COMMSGEN_PDF_INPROCESS=1`` asks for none (a single-core machine gains nothing from
        it): then render in-process."""
        early, cls._early = cls._early, None
        if early is not None:
            return early
        if os.environ.get("COMMSGEN_PDF_INPROCESS", "").strip() in ("1", "true", "yes"):
            return None
        try:
            return cls()
        except OSError:
            return None

    @classmethod
    def prestart(cls) -> None:
        """Start the child now, for the next ``start`` to hand out: ``commsgen.entry`` calls this
        when the command line asks for a PDF, before it imports the rest of commsgen, so that the
        import of WeasyPrint begins some 0.2 s earlier. Stopped at exit if nobody takes it."""
        if cls._early is None:
            cls._early = cls.start()
            if cls._early is not None:
                import atexit

                atexit.register(cls._drop_early)

    @classmethod
    def _drop_early(cls) -> None:
        early, cls._early = cls._early, None
        if early is not None:
            early.close()

    def __init__(self) -> None:
        # the folder this commsgen is imported from (a source checkout or site-packages)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        code = (
            f"import sys\nif {root!r} not in sys.path: sys.path.insert(0, {root!r})\n"
            "from commsgen.export.pdf import _serve\n_serve()\n"
        )
        self.rendered = False  # True once the child has returned a PDF
        self.proc: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )

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
    ) -> tuple[bytes, list[str]]:
        """``render_pdf`` in the child: the PDF bytes and the URLs its fetcher refused."""
        proc, self.proc = self.proc, None
        if proc is None:
            raise RuntimeError("this PdfProcess has already rendered")
        import json

        request = {
            "html": html,
            "base_dir": str(base_dir),
            "stylesheets": [str(p) for p in stylesheets],
            "roots": [str(r) for r in roots],
            "meta": meta,
            "paper": paper,
            "created": created.isoformat(),
        }
        out, err = proc.communicate(json.dumps(request).encode("utf-8"))
        head, _, body = out.partition(b"\n")
        try:
            reply = json.loads(head)
        except ValueError:
            reply = {"ok": False, "error": err.decode("utf-8", "replace").strip()[-2000:] or f"exit {proc.returncode}"}
        if not reply.get("ok"):
            raise RuntimeError(f"PDF worker failed: {reply.get('error')}")
        self.rendered = True
        return body[: reply["size"]], reply["refused"]

    def close(self) -> None:
        """Stop the child if it was never used."""
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()
