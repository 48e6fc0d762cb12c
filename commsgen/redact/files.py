"""Reading files for ``commsgen scan``, and knowing when there is no configuration to load (so the
fast path does not import pydantic)."""
from __future__ import annotations

import os
import re
from pathlib import Path

from commsgen.errors import InputError, Problem


def read_text(path: str) -> str:
    """A file as UTF-8 text, or an ``InputError`` saying in one paragraph why it cannot be read."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(Problem("file not found; check the path (commsgen scan takes text or Markdown files)",
                                 file=path, rule="input.missing")) from None
    except IsADirectoryError:
        raise InputError(Problem("this is a folder; pass the files to scan (e.g. docs/*.md)", file=path,
                                 rule="input.unreadable")) from None
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror or e}", file=path, rule="input.unreadable")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(Problem(f"not UTF-8 text (byte 0x{data[e.start]:02x} at byte offset {e.start}); "
                                 "save the file as UTF-8 and scan it again", file=path, line=line, column=col,
                                 rule="input.encoding")) from None


_TRIVIAL = re.compile(r"\s*(?:#[^\n]*\s*)*")


def config_needed(explicit: str | None, cwd: Path | None = None) -> bool:
    """False when discovery (same order as ``commsgen.config.discover``) finds no configuration or
    an empty one: built-in defaults apply and the configuration machinery need not be loaded.
    Anything else (including a missing explicit file, which must be reported) returns True."""
    if explicit:
        return True
    env = os.environ.get("COMMSGEN_CONFIG")
    if env:
        candidate = Path(env)
    else:
        candidate = None
        here = (cwd or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "commsgen.toml").is_file():
                candidate = folder / "commsgen.toml"
                break
        if candidate is None:
            return False
    try:
        text = candidate.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return True
    return _TRIVIAL.fullmatch(text) is None
