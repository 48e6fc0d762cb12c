"""One exception family for every mistake a user can cause, and the exit codes.

A ``UserError`` carries the file, line, column and field it is about, and prints as one
readable paragraph. The faces (CLI, TUI) catch ``UserError`` and never show a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0  # nothing blocking / written
EXIT_BLOCKED = 1  # blocking findings / refused
EXIT_INVALID = 2  # invalid input or usage
EXIT_INTERNAL = 3  # a bug in commsgen (never a user mistake): traceback on stderr


def exit_code(*, invalid: bool = False, blocked: bool = False) -> int:
    """The one exit-code rule of every command: invalid input wins over a refusal or a blocking
    finding, which wins over success."""
    if invalid:
        return EXIT_INVALID
    return EXIT_BLOCKED if blocked else EXIT_OK


@dataclass
class Problem:
    """One located problem inside a file (a validation error, a parse error)."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    rule: str = "input.invalid"

    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
            if self.column is not None:
                parts[-1] += f", column {self.column}"
        if self.field:
            parts.append(f"field `{self.field}`")
        return ", ".join(parts)

    def paragraph(self) -> str:
        return f"{self.where()}: {self.message}"


class UserError(Exception):
    """A mistake the user can fix. ``problems`` holds every located problem found."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem] | Problem | str, *, file: str | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, file=file)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        return "\n\n".join(p.paragraph() for p in self.problems)


class InputError(UserError):
    """The input file could not be read or parsed (encoding, syntax, size, safety)."""


class ValidationFailed(UserError):
    """The file parsed but does not follow the postmortem format."""


class ConfigError(UserError):
    """commsgen.toml is missing, unreadable or wrong."""


class TemplateError(UserError):
    """A (user) template failed to load or render."""
