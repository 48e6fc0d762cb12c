"""The terminal editor: a thin face over ``commsgen.pipeline`` and ``commsgen.drafts``.

Importing this package imports textual; only the ``commsgen tui`` command does.
"""
from __future__ import annotations

from pathlib import Path

from commsgen.config import Config


def run(path: str | Path | None, config: Config) -> None:
    from commsgen.tui.app import CommsgenApp

    CommsgenApp(path, config).run()
