"""Reading files for ``commsgen scan``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

# a file at least this large is read in a thread while the scanner's modules are imported
PREFETCH_SIZE = 1_000_000


def prefetch(path: str) -> Callable[[], bytes | None]:
    """Start reading ``path`` in a thread when it is a large file, and return what waits for its
    bytes (None: not read ahead, or the read failed; ``read_file`` then reads it and says why it
    cannot). Reading a file copies it into memory without holding the interpreter, so the read
    and the imports that follow run on two cores. The thread is joined by the caller before
    anything forks (``parallel.can_fork`` asks for a single thread)."""
    try:
        if os.stat(path).st_size < PREFETCH_SIZE:
            return lambda: None
    except OSError:
        return lambda: None
    box: list[bytes | None] = [None]

    def read() -> None:
        try:
            box[0] = _read(path)
        except OSError:
            pass

    t = threading.Thread(target=read, name="commsgen-prefetch", daemon=True)
    t.start()

    def wait() -> bytes | None:
        t.join()
        return box[0]

    return wait


def _read(path: str) -> bytes:
    """The bytes of the file ``path`` (``pathlib`` is not imported for this: a scan's start-up)."""
    with open(path, "rb") as fh:
        return fh.read()


def read_text(path: str) -> str:
    """A file as UTF-8 text, or an ``InputError`` saying in one paragraph why it cannot be read."""
    return read_file(path)[0]


def read_file(path: str, data: bytes | None = None) -> tuple[str, bytes]:
    """``read_text(path)`` and the file's bytes (the text's UTF-8: the scanner need not encode it).
    ``data``: the file's bytes when they were read ahead (``prefetch``)."""
    data = read_bytes(path, data)
    return decode(path, data), data


def read_bytes(path: str, data: bytes | None = None) -> bytes:
    """The bytes of the file ``path`` (``data`` when they were read ahead), or an ``InputError``
    saying in one paragraph why it cannot be read."""
    # (``commsgen.errors`` is imported when a file cannot be read: not on a scan's start-up)
    try:
        if data is None:
            data = _read(path)
    except FileNotFoundError:
        from commsgen.errors import InputError, Problem

        raise InputError(
            Problem(
                "file not found; check the path (commsgen scan takes text or Markdown files)",
                file=path,
                rule="input.missing",
            )
        ) from None
    except IsADirectoryError:
        from commsgen.errors import InputError, Problem

        raise InputError(
            Problem("this is a folder; pass the files to scan (e.g. docs/*.md)", file=path, rule="input.unreadable")
        ) from None
    except OSError as e:
        from commsgen.errors import InputError, Problem

        raise InputError(Problem(f"cannot read it: {e.strerror or e}", file=path, rule="input.unreadable")) from None
    return data


def decode(path: str, data: bytes) -> str:
    """The file ``path``'s bytes ``data`` as text, or an ``InputError`` saying where it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        from commsgen.errors import InputError, Problem

        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            Problem(
                f"not UTF-8 text (byte 0x{data[e.start]:02x} at byte offset {e.start}); "
                "save the file as UTF-8 and scan it again",
                file=path,
                line=line,
                column=col,
                rule="input.encoding",
            )
        ) from None
