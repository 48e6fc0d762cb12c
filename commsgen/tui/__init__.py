"""The terminal editor: a thin face over ``commsgen.pipeline``, ``commsgen.drafts`` and
``commsgen.fixes``.

Importing this package does not import textual; ``commsgen.tui.app`` does. ``commsgen tui`` runs
the editor in a child process under ``commsgen.tui.guard`` (the terminal is restored even when the
editor dies of a signal); ``python -m commsgen.tui`` is that child.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from commsgen import drafts
from commsgen.errors import InputError, Problem


def check_path(path: str | None, new: bool) -> None:
    """A mistyped path is an error, not a new skeleton: only ``--new`` starts a file that does not
    exist yet. An existing file is read as ``check`` reads it (size, encoding, binary)."""
    if path is None:
        return
    p = Path(path)
    if new:
        if p.exists():
            raise InputError(Problem("already exists; open it without --new", file=path, rule="input.exists"))
        if not p.parent.exists():
            raise InputError(
                Problem(f"cannot be created: the folder {p.parent} does not exist", file=path, rule="input.missing")
            )
        return
    if not p.exists():
        raise InputError(
            Problem(
                "no such file. To start a new postmortem, run `commsgen tui` (saved where you "
                f"choose) or `commsgen tui --new {path}`",
                file=path,
                rule="input.missing",
            )
        )
    from commsgen.model.source import read

    read(p)


def run(path: str | None, config_path: str | None, *, new: bool = False) -> int:
    """Run the editor under the terminal guard (in this process when there is no terminal)."""
    check_path(path, new)
    args = (
        [sys.executable, "-m", "commsgen.tui"]
        + (["--config", config_path] if config_path else [])
        + (["--new"] if new else [])
        + ([path] if path else [])
    )
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or os.name != "posix":
        return main(args[3:])
    from commsgen.tui.guard import run_guarded

    return run_guarded(args, recovery=drafts.recovery_path(path))


def main(argv: list[str]) -> int:
    """The editor process: ``[--config PATH] [--new] [FILE]``."""
    from commsgen.config import load_config
    from commsgen.errors import UserError
    from commsgen.tui.guard import enable_crash_log

    enable_crash_log()
    config_path = None
    new = False
    rest: list[str] = []
    it = iter(argv)
    for a in it:
        if a == "--config":
            config_path = next(it)
        elif a == "--new":
            new = True
        else:
            rest.append(a)
    path = rest[0] if rest else None
    try:
        config = load_config(config_path)
        check_path(path, new)
    except UserError as e:
        print(f"commsgen: {e.render()}", file=sys.stderr)
        return e.exit_code
    from commsgen.tui.app import CommsgenApp

    app = CommsgenApp(path, config)
    app.run()
    return app.return_code or 0
