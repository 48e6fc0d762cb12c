"""Reading a postmortem file: size limit, folder or missing file, binary content, UTF-8 decoding.
Every failure is an ``InputError`` naming the file (and line and column for a bad byte)."""

from __future__ import annotations

from pathlib import Path

from commsgen.errors import InputError, Problem

MAX_BYTES = 8 * 1024 * 1024


def read(path: Path) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(Problem("no such file", file=name, rule="input.missing")) from None
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror}", file=name, rule="input.unreadable")) from None
    if path.is_dir():
        raise InputError(Problem("is a folder, not a postmortem file", file=name, rule="input.unreadable"))
    if size > MAX_BYTES:
        raise InputError(
            Problem(
                f"is {size / 1048576:.1f} MiB; postmortem files are limited to {MAX_BYTES // 1048576} MiB "
                "(split attachments out and link to them)",
                file=name,
                rule="input.too-large",
            )
        )
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror}", file=name, rule="input.unreadable")) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise InputError(Problem("is empty; start from `commsgen new`", file=name, line=1, rule="input.empty"))
    if b"\x00" in raw[:8192]:
        raise InputError(Problem("is a binary file, not YAML or JSON text", file=name, rule="input.binary"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(
            Problem(
                f"is not UTF-8 text (byte 0x{raw[e.start]:02x} cannot be decoded); save it as UTF-8",
                file=name,
                line=line,
                column=col,
                rule="input.encoding",
            )
        ) from None
    return text.removeprefix("\ufeff")
