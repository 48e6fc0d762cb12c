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
        # The child renders one brief and exits, so it runs without the cyclic garbage collector:
        # WeasyPrint's import and layout make millions of objects, and the collector's passes over
        # them cost 6-10% of the child's CPU, while what it would free is about 1.5 MB (peak RSS
        # of the stress input, 70 MB either way). Reference counting still frees everything else.
        code = (
            "import gc\ngc.disable()\n"
            f"import sys\nif {root!r} not in sys.path: sys.path.insert(0, {root!r})\n"
            "from commsgen.export.pdf import _serve\n_serve()\n"
        )
        self.rendered = False  # True once the child has returned a PDF
        self._exiting: subprocess.Popen | None = None  # the child that rendered, until reaped
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
        out, err = _exchange(proc, json.dumps(request).encode("utf-8"))
        self._exiting = proc  # it ends by itself now; ``close`` reaps it
        head, _, body = out.partition(b"\n")
        try:
            reply = json.loads(head)
        except ValueError:  # no reply: it died (or wrote something else); its last words say why
            proc.kill()
            proc.wait()
            err += proc.stderr.read() if proc.stderr is not None else b""
            reply = {"ok": False, "error": err.decode("utf-8", "replace").strip()[-2000:] or f"exit {proc.returncode}"}
        if not reply.get("ok"):
            raise RuntimeError(f"PDF worker failed: {reply.get('error')}")
        self.rendered = True
        return body[: reply["size"]], reply["refused"]

    def close(self) -> None:
        """Stop the child if it was never used; reap it if it rendered (it has exited by then)."""
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()
            proc.communicate()
        done, self._exiting = self._exiting, None
        if done is not None:
            try:
                done.wait(timeout=5)
            except subprocess.TimeoutExpired:  # stuck in its tear-down: it has delivered already
                done.kill()
                done.wait()
            for pipe in (done.stdout, done.stderr):
                if pipe is not None:
                    pipe.close()


def _exchange(proc: subprocess.Popen, request: bytes) -> tuple[bytes, bytes]:
    """Send ``request`` on the child's stdin, then read its reply on stdout: a JSON line whose
    ``size`` says how many bytes of PDF follow. Returns (reply, stderr read so far) as soon as the
    whole reply has arrived, without waiting for the child to exit (its tear-down, some 15 ms, is
    not the caller's to wait for), or at EOF when the child died first. All three pipes are served
    as they become ready, as ``Popen.communicate`` does: a request larger than a pipe's buffer and a
    child that writes much on stderr cannot block each other."""
    import json
    import selectors

    out, err = bytearray(), bytearray()
    need: int | None = None  # length of the whole reply, once its first line has arrived (-1: none)
    todo = memoryview(request)
    stdin, stdout, stderr = proc.stdin, proc.stdout, proc.stderr
    assert stdin is not None and stdout is not None and stderr is not None  # all three are pipes
    with selectors.DefaultSelector() as sel:
        os.set_blocking(stdin.fileno(), False)
        sel.register(stdin, selectors.EVENT_WRITE)
        sel.register(stdout, selectors.EVENT_READ)
        sel.register(stderr, selectors.EVENT_READ)
        while sel.get_map():
            for key, _ in sel.select():
                if key.fileobj is stdin:
                    try:
                        todo = todo[os.write(stdin.fileno(), todo[:65536]) :]
                    except BlockingIOError:
                        continue
                    except BrokenPipeError:  # the child died: read what it said
                        todo = todo[:0]
                    if not todo:
                        sel.unregister(stdin)
                        stdin.close()  # end of the request
                    continue
                chunk = os.read(key.fd, 65536)
                if not chunk:  # EOF
                    sel.unregister(key.fileobj)
                    continue
                if key.fileobj is stderr:
                    err += chunk
                    continue
                out += chunk
                if need is None and b"\n" in out:
                    line = bytes(out[: out.index(b"\n")])
                    try:
                        need = len(line) + 1 + int(json.loads(line).get("size") or 0)
                    except (ValueError, AttributeError, TypeError):
                        need = -1  # not a reply: read on to EOF (the caller then fails)
                if need is not None and 0 <= need <= len(out):
                    return bytes(out), bytes(err)
    return bytes(out), bytes(err)
