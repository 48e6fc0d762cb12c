"""The terminal driver: Textual's own, writing the screen through its own copy of the terminal's
file descriptor.

Textual's Linux driver writes the screen to file descriptor 2 (``sys.__stderr__``). The live
preview reads YAML through ``commsgen.model.fastyaml``, which points descriptor 2 at /dev/null for
the length of each rapidyaml call (rapidyaml prints its parse errors there). Descriptors belong to
the whole process, so a frame Textual's writer thread wrote in that window was lost: part of the
screen stayed stale until it was painted again. Writing through a duplicate of the descriptor
(the same terminal, another number) keeps every frame, whatever descriptor 2 points at.
"""
from __future__ import annotations

import os
import sys

from textual.app import App
from textual.driver import Driver


def own_descriptor(chosen: type[Driver]) -> type[Driver]:
    """The driver to use when Textual chose ``chosen``: for its Linux driver, the same driver
    writing through its own descriptor; any other (Windows, web, a TEXTUAL_DRIVER override) as is."""
    if _Linux is not None and chosen is _Linux:
        return OwnDescriptorDriver
    return chosen


def _own_copy(stream):
    """A text stream like ``stream`` on a duplicate of its file descriptor."""
    fd = os.dup(stream.fileno())
    return os.fdopen(fd, "w", encoding=stream.encoding, errors=stream.errors or "strict", closefd=True)


try:
    from textual.drivers.linux_driver import LinuxDriver as _Linux
except ImportError:  # pragma: no cover - a platform without termios
    _Linux = None


if _Linux is not None:
    class OwnDescriptorDriver(_Linux):
        """Textual's Linux driver, writing the screen to a duplicate of descriptor 2.

        ``_file`` is where LinuxDriver writes (textual is pinned to 8.x in pyproject.toml). The
        duplicate is made when application mode starts and closed by ``close``, which Textual calls
        at the end and on a suspend (ctrl+z); a resume starts application mode again."""

        def __init__(self, app: App, **kwargs) -> None:
            super().__init__(app, **kwargs)
            self._terminal = self._file if self._file is not None else sys.__stderr__
            self._file = None

        def own_file(self):
            """The stream the screen is written to, made (again, after a suspend) if need be."""
            if self._file is None or self._file.closed:
                self._file = _own_copy(self._terminal)
            return self._file

        def start_application_mode(self) -> None:
            self.own_file()
            super().start_application_mode()

        def close(self) -> None:
            super().close()                  # stops the writer thread: nothing writes after this
            if self._file is not None:
                try:
                    self._file.close()
                except OSError:
                    pass
