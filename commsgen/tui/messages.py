"""Messages workers post; handlers on the main screen own the state and the widgets."""

from __future__ import annotations

import threading

from textual.message import Message
from textual.strip import Strip

from commsgen.pipeline import Preview


class PreviewReady(Message):
    """``pipeline.preview`` finished for generation ``gen`` (with the visible tab pre-rendered)."""

    def __init__(
        self,
        gen: int,
        preview: Preview,
        sources: dict[str, str],
        audience: str,
        width: int,
        lines: list[Strip] | None,
        seconds: float,
        palette: str = "dark",
        text: str | None = None,
    ) -> None:
        super().__init__()
        self.palette = palette
        self.text = text  # the source text this preview was made from
        self.gen, self.preview, self.sources = gen, preview, sources
        self.audience, self.width, self.lines, self.seconds = audience, width, lines, seconds


class PreviewFirst(Message):
    """The visible tab's output of generation ``gen``, built and rendered to lines before the other
    audiences and the findings (a ``PreviewReady`` for the same generation follows)."""

    def __init__(
        self,
        gen: int,
        audience: str,
        source: str,
        width: int,
        lines: list[Strip],
        seconds: float,
        palette: str = "dark",
        painted: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self.palette = palette
        self.painted = painted or threading.Event()  # set once the lines are on screen
        self.gen, self.audience, self.source = gen, audience, source
        self.width, self.lines, self.seconds = width, lines, seconds


class Rendered(Message):
    """One audience's Markdown rendered to lines (for a tab shown after the preview arrived)."""

    def __init__(self, audience: str, source: str, width: int, lines: list[Strip], palette: str) -> None:
        super().__init__()
        self.audience, self.source, self.width, self.lines, self.palette = audience, source, width, lines, palette


class Exported(Message):
    """An export finished: the paths written, and the findings of what was refused (shown in the
    findings pane); ``problem`` when nothing could be exported at all."""

    def __init__(self, written: list[str], refused: list, problem: str | None = None) -> None:
        super().__init__()
        self.written, self.refused, self.problem = written, refused, problem


class FindingSelected(Message):
    """Enter on a finding: jump to it."""

    def __init__(self, finding) -> None:
        super().__init__()
        self.finding = finding


class FindingHighlighted(Message):
    """The findings table's cursor is on ``finding`` (None: no rows): the detail pane shows it."""

    def __init__(self, finding) -> None:
        super().__init__()
        self.finding = finding


class Exporting(Message):
    """An export started or moved on (``text`` says what is being made)."""

    def __init__(self, text: str | None) -> None:
        super().__init__()
        self.text = text
