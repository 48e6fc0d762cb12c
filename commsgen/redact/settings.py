"""The configuration ``commsgen scan`` reads: the same ``commsgen.toml``, found the same way and
validated by the same schema (``commsgen.config``) as every other command, so a mistake gets the
same message (file, line, key, "did you mean") wherever it is read."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from commsgen.configfile import discover, read

if TYPE_CHECKING:
    from commsgen.config import Config


def scan_config(explicit: str | os.PathLike[str] | None = None) -> Config | None:
    """None (no configuration, or an empty file: built-in defaults) or the validated ``Config``.
    Raises ``ConfigError`` for a missing explicit file, an unreadable file, bad TOML or invalid
    content. Without a file, the configuration models are not imported at all."""
    path = discover(explicit)
    if path is None:
        return None
    text, data = read(path)
    if not data:
        return None
    from commsgen.config import parse_config

    return parse_config(data, str(path), text, path)
