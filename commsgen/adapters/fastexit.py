"""End the program without the interpreter's tear-down.

Uses CPython's ``atexit._run_exitfuncs`` (not a documented API) to run the exit handlers, then
``os._exit``. Freeing every module and object (pydantic, jinja2, our rule tables, ...) at the end
of a short command costs more than the command's own work; nothing is left to do by then. On an
interpreter without that function the program exits the ordinary way. Tests: tests/test_entry.py
(handlers still run, buffered output is flushed, the exit code is kept, 120 when a stream cannot
be flushed).
"""

from __future__ import annotations

import sys


def exit_now(code: int) -> None:
    """Run the ``atexit`` handlers (they also remove temporary folders and stop child processes),
    flush the standard streams, then ``os._exit(code)``."""
    import atexit
    import os

    run = getattr(atexit, "_run_exitfuncs", None)
    if run is None:  # not CPython: exit the ordinary way
        sys.exit(code)
    run()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            # 120, as the interpreter exits when it cannot flush; never 1, which is "refused" here
            code = code or 120
    os._exit(code)
