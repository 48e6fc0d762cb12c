"""`commsgen new`: the commented skeleton a writer starts a postmortem from.

The skeleton is the built-in template ``skeleton.yaml``, copied verbatim: it loads and validates
as it stands (a draft with TODO text), so the TUI and `commsgen check` can start from it.
"""

from __future__ import annotations

from pathlib import Path

from commsgen.errors import EXIT_BLOCKED, Problem, UserError

SKELETON_NAME = "skeleton.yaml"


class OutputExists(UserError):
    """The output file exists and ``--force`` was not given (refused: exit 1)."""

    exit_code = EXIT_BLOCKED


def skeleton_text() -> str:
    """The skeleton's text, exactly as shipped."""
    from commsgen.resources import builtin_templates

    return (builtin_templates() / SKELETON_NAME).read_text(encoding="utf-8")


def write_skeleton(path: str | Path, *, force: bool = False, text: str | None = None) -> Path:
    """Write the skeleton (or ``text``, a pre-filled one) to ``path`` atomically; refuse to replace an
    existing file unless ``force``."""
    target = Path(path)
    if target.is_dir():
        raise UserError(
            Problem("is a folder; give a file name such as incident.yaml", file=str(target), rule="new.is-folder")
        )
    if target.exists() and not force:
        raise OutputExists(
            Problem("already exists; not replaced (use --force to overwrite it)", file=str(target), rule="new.exists")
        )
    from commsgen.atomic import write_output

    return write_output(target, skeleton_text() if text is None else text)
