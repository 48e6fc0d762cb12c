"""The warmed-up WeasyPrint child process of a one-shot ``commsgen render --format pdf``.

Kept apart from ``commsgen.export.pdf`` and light to import (os and sys only): the command line
starts the child before it imports anything else, so every millisecond spent before the child
starts delays the PDF. It is started with ``os.posix_spawn`` (``_Spawned``), not ``subprocess``,
whose import alone (``locale``, ``re``, ``signal``, ``threading``, ``selectors``) takes some 12 ms.
The child itself runs ``commsgen.export.pdf._serve``.
"""

from __future__ import annotations

import os
import sys
import time

TYPE_CHECKING = False  # ``typing`` is not imported either: with ``re`` and more it costs ~5 ms here
if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path
    from typing import IO


class _Spawned:
    """A child process started with ``os.posix_spawn``, its standard input, output and error piped
    to this process: the part of ``subprocess.Popen``'s interface that ``PdfProcess`` uses (``stdin``,
    ``stdout``, ``stderr``, ``poll``, ``wait``, ``kill``, ``communicate``, ``returncode``). The
    pipes' other ends are given to the child as its file descriptors 0-2 by the spawn's own file
    actions (as ``subprocess`` does); every other descriptor of this process is non-inheritable
    (Python's default), so the child gets none of them."""

    def __init__(self, argv: list[str]):
        if not hasattr(os, "posix_spawn"):  # not a POSIX system: ``PdfProcess.start`` renders in-process
            raise OSError("os.posix_spawn is not available here")
        ends: list[int] = []
        try:
            in_r, in_w = os.pipe()
            ends += [in_r, in_w]
            out_r, out_w = os.pipe()
            ends += [out_r, out_w]
            err_r, err_w = os.pipe()
            ends += [err_r, err_w]
            actions = [(os.POSIX_SPAWN_DUP2, in_r, 0), (os.POSIX_SPAWN_DUP2, out_w, 1), (os.POSIX_SPAWN_DUP2, err_w, 2)]
            self.pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
        except BaseException:
            for fd in ends:
                os.close(fd)
            raise
        for fd in (in_r, out_w, err_w):  # the child's ends
            os.close(fd)
        self.stdin: IO[bytes] | None = open(in_w, "wb")
        self.stdout: IO[bytes] | None = open(out_r, "rb")
        self.stderr: IO[bytes] | None = open(err_r, "rb")
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """The exit code once the child has ended (reaped here), else None."""
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit code, waiting for it (``TimeoutError`` after ``timeout`` seconds)."""
        if timeout is None:
            if self.returncode is None:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            return self.returncode
        end = time.monotonic() + timeout
        while (code := self.poll()) is None:
            if time.monotonic() >= end:
                raise TimeoutError(f"process {self.pid} still running after {timeout} s")
            time.sleep(0.005)
        return code

    def kill(self) -> None:
        if self.poll() is None:
            import signal

            os.kill(self.pid, signal.SIGKILL)

    def communicate(self) -> tuple[bytes, bytes]:
        """After ``kill``: close its input, read what it wrote, reap it."""
        if self.stdin is not None and not self.stdin.closed:
            self.stdin.close()
        out = self.stdout.read() if self.stdout is not None else b""
        err = self.stderr.read() if self.stderr is not None else b""
        self.wait()
        return out, err


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
        self._exiting: _Spawned | None = None  # the child that rendered, until reaped
        self.proc: _Spawned | None = _Spawned([sys.executable, "-c", code])

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
            stuck: tuple[type[BaseException], ...] = (TimeoutError,)
            if "subprocess" in sys.modules:  # a Popen (the tests' stand-ins) raises its own
                stuck += (sys.modules["subprocess"].TimeoutExpired,)
            try:
                done.wait(timeout=5)
            except stuck:  # stuck in its tear-down: it has delivered already
                done.kill()
                done.wait()
            for pipe in (done.stdout, done.stderr):
                if pipe is not None:
                    pipe.close()


def _exchange(proc: _Spawned, request: bytes) -> tuple[bytes, bytes]:
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
