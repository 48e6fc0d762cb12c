"""Reading files for ``commsgen scan``."""

from __future__ import annotations

from pathlib import Path

from commsgen.errors import InputError, Problem


def read_text(path: str) -> str:
    """A file as UTF-8 text, or an ``InputError`` saying in one paragraph why it cannot be read."""
    return read_file(path)[0]


def read_file(path: str) -> tuple[str, bytes]:
    """``read_text(path)`` and the file's bytes (the text's UTF-8: the scanner need not encode it)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(
            Problem(
                "file not found; check the path (commsgen scan takes text or Markdown files)",
                file=path,
                rule="input.missing",
            )
        ) from None
    except IsADirectoryError:
        raise InputError(
            Problem("this is a folder; pass the files to scan (e.g. docs/*.md)", file=path, rule="input.unreadable")
        ) from None
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror or e}", file=path, rule="input.unreadable")) from None
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError as e:
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
