"""Build and write a set of outputs: the one loop behind ``render``, ``batch`` and the TUI's export.

Each (audience, format) pair is built (view -> render -> redaction check, ``pipeline.build``); an
output that is allowed out is written where ``dest`` says. A refused output is never written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commsgen.config import Config
from commsgen.errors import UserError
from commsgen.model.loader import Loaded
from commsgen.outputs import OUTPUT_NAMES
from commsgen.pipeline import Output, build


@dataclass(eq=False)  # compared by identity
class Produced:
    """One output of a set, and where it was written (None: refused, or left to the caller)."""

    output: Output
    path: Path | None = None


def publish(output: Output, dest: str | Path, *, atomic: bool = True) -> Path:
    """Write one produced output (atomically, unless it goes into a private staging folder). A
    failed write is a ``UserError`` naming the file (exit 2)."""
    from commsgen.atomic import write_output

    if not output.ok or output.content is None:
        raise ValueError("refused outputs are never written")
    return write_output(dest, output.content, atomic=atomic)


def produce(
    loaded: Loaded,
    config: Config,
    pairs: Iterable[tuple[str, str]],
    dest: Callable[[Output], str | Path | None],
    *,
    atomic: bool = True,
    keep_going: bool = False,
    **build_options: Any,
) -> Iterator[Produced]:
    """Build each pair and write each output allowed out to ``dest(output)``, in order, one at a
    time (a caller shows each result as it comes). ``dest`` returning None leaves the writing to
    the caller (``render`` to the terminal).

    ``keep_going``: a broken user template refuses that output, and the others are still built
    (``batch``); otherwise its ``UserError`` ends the set (``render``: exit 2).
    ``build_options`` go to ``pipeline.build`` (redact, short, pdf_process, lint)."""
    for audience, fmt in pairs:
        try:
            out = build(loaded, config, audience, fmt, **build_options)
        except UserError as e:
            if not keep_going:
                raise
            out = Output(audience, fmt, OUTPUT_NAMES[(audience, fmt)], refused=e.problems[0].paragraph())
        made = Produced(out)
        if out.ok:
            target = dest(out)
            if target is not None:
                made.path = publish(out, target, atomic=atomic)
        yield made
