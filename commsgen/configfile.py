"""Finding and reading ``commsgen.toml`` without the configuration models (no pydantic import), so
commands that need a few settings (``commsgen scan``) start fast. ``commsgen.config`` validates.

Found in this order: ``--config FILE``; the file named by ``$COMMSGEN_CONFIG``; ``commsgen.toml``
in the working directory or the nearest parent folder; none (built-in defaults).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from commsgen.errors import ConfigError, Problem

CONFIG_NAME = "commsgen.toml"
ENV_VAR = "COMMSGEN_CONFIG"


def discover(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def read(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its parsed TOML, or a ``ConfigError`` (missing, unreadable, syntax)."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(Problem("configuration file not found", file=name, rule="config.missing")) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(Problem(f"cannot read it: {e}", file=name, rule="config.unreadable")) from None
    import tomllib  # only when there is a file: not on the start-up of a scan without one

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+), column (\d+)", str(e))
        raise ConfigError(
            Problem(
                f"TOML syntax error: {str(e).split(' (at')[0]}",
                file=name,
                line=int(m.group(1)) if m else None,
                column=int(m.group(2)) if m else None,
                rule="config.syntax",
            )
        ) from None
    return text, data
