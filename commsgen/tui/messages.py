"""Messages workers post; handlers on the main screen own the state and the widgets."""
from __future__ import annotations

from textual.message import Message
from textual.strip import Strip

from commsgen.pipeline import Preview


class PreviewReady(Message):
    """``pipeline.preview`` finished for generation ``gen`` (with the visible tab pre-rendered)."""

    def __init__(self, gen: int, preview: Preview, sources: dict[str, str], audience: str,
                 width: int, lines: list[Strip] | None, seconds: float) -> None:
        super().__init__()
        self.gen, self.preview, self.sources = gen, preview, sources
        self.audience, self.width, self.lines, self.seconds = audience, width, lines, seconds


class PreviewFirst(Message):
    """The visible tab's output of generation ``gen``, built and rendered to lines before the other
    audiences and the findings (a ``PreviewReady`` for the same generation follows)."""

    def __init__(self, gen: int, audience: str, source: str, width: int, lines: list[Strip],
                 seconds: float) -> None:
        super().__init__()
        self.gen, self.audience, self.source = gen, audience, source
        self.width, self.lines, self.seconds = width, lines, seconds


class Rendered(Message):
    """One audience's Markdown rendered to lines (for a tab shown after the preview arrived)."""

    def __init__(self, audience: str, source: str, width: int, lines: list[Strip]) -> None:
        super().__init__()
        self.audience, self.source, self.width, self.lines = audience, source, width, lines


class Exported(Message):
    """An export finished: one line per audience (written path or refusal with reasons)."""

    def __init__(self, lines: list[str], refused: bool) -> None:
        super().__init__()
        self.lines, self.refused = lines, refused


class FindingSelected(Message):
    def __init__(self, line: int | None, column: int | None) -> None:
        super().__init__()
        self.line, self.column = line, column
