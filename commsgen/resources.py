"""Where the built-in templates live: inside the installed package (``commsgen/_templates``,
put there by the wheel build) or, in a source checkout, the repository's ``templates/``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def builtin_templates() -> Path:
    # the package's own folder (what importlib.resources.files("commsgen") gives for an installed
    # package; read from __file__, without importing importlib.resources on every run)
    packaged = Path(__file__).resolve().parent / "_templates"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "templates"
    if source.is_dir():
        return source
    raise RuntimeError("commsgen's built-in templates are missing; reinstall the package")  # pragma: no cover
