"""The terminal is given back in a usable state however the editor ends.

Textual restores the terminal when the app ends or raises. A fatal signal (a segfault in a native
extension, a kill) ends the process before any Python code can run, leaving the terminal in the
alternate screen, in raw mode, with mouse tracking on. So ``commsgen tui`` runs the editor in a
child process (``python -m commsgen.tui``) and waits: the child writes a fatal signal's traceback
to a crash log with ``faulthandler``; when the child dies of a signal, this process restores the
terminal modes it saved before the start, writes the sequences that leave the alternate screen and
turn mouse tracking, bracketed paste and focus events off, shows the cursor, and says what
happened and where the recovery copy is.

Job control keeps working: when the editor suspends itself (ctrl+z) this process stops too, so the
shell gets the terminal back; on ``fg`` both continue. No textual import here.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

# What Textual's Linux driver writes when it stops application mode (the modes it turned on).
RESTORE = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"  # mouse tracking off
    "\x1b[?2004l"  # bracketed paste off
    "\x1b[?1004l"  # focus events off
    "\x1b[<u"  # kitty keyboard protocol: pop
    "\x1b[?1049l"  # leave the alternate screen
    "\x1b[?25h"
)  # show the cursor
CRASH_LOG_ENV = "COMMSGEN_TUI_CRASH_LOG"


def crash_log_path() -> Path:
    return Path(tempfile.gettempdir()) / f"commsgen-tui-crash-{os.getpid()}.log"


def run_guarded(cmd: list[str], *, recovery: Path | None = None, out=None) -> int:
    """Run ``cmd`` (the editor) in a child process and return its exit code; restore the terminal
    and explain when it dies of a signal (exit code 3 then: a bug, not the writer's mistake)."""
    out = out or sys.stdout
    log = crash_log_path()
    env = dict(os.environ, **{CRASH_LOG_ENV: str(log)})
    saved = _save_tty(out)
    old_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # the editor reads ctrl+c itself
    try:
        proc = subprocess.Popen(cmd, env=env)
        status = _wait(proc.pid)
    finally:
        signal.signal(signal.SIGINT, old_int)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        _restore_tty(out, saved)
        out.write(RESTORE)
        out.flush()
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = f"signal {sig}"
        where = (
            f" Unsaved edits are in the recovery copy {recovery} (written every 3 s while you type);"
            " open the file again to restore them."
            if recovery
            else ""
        )
        details = f" Details: {log}." if log.exists() and log.stat().st_size else ""
        print(
            f"\ncommsgen tui: the editor stopped unexpectedly ({name}); the terminal was restored.{where}"
            f"{details} This is a bug in commsgen or a library it uses, not in your file; please report it.",
            file=sys.stderr,
        )
        return 3
    _remove(log)
    return os.WEXITSTATUS(status)


def _wait(pid: int) -> int:
    while True:
        _, status = os.waitpid(pid, os.WUNTRACED)
        if os.WIFSTOPPED(status):
            # the editor suspended itself (ctrl+z): stop too, so that the shell takes the terminal
            # back; when the shell continues this process (fg), continue the editor
            os.kill(os.getpid(), signal.SIGSTOP)
            os.kill(pid, signal.SIGCONT)
            continue
        return status


def _save_tty(out):
    try:
        import termios

        fd = out.fileno()
        return termios.tcgetattr(fd) if os.isatty(fd) else None
    except (ImportError, OSError, ValueError):
        return None


def _restore_tty(out, saved) -> None:
    if saved is None:
        return
    try:
        import termios

        termios.tcsetattr(out.fileno(), termios.TCSANOW, saved)
    except (ImportError, OSError, ValueError):
        pass


def _remove(p: Path) -> None:
    try:
        p.unlink()
    except OSError:
        pass


def enable_crash_log() -> None:
    """In the editor process: a fatal signal's traceback (every thread) goes to the crash log the
    guard named, not to the terminal (which shows the alternate screen until the guard restores it)."""
    import faulthandler

    path = os.environ.get(CRASH_LOG_ENV)
    if not path:
        faulthandler.enable(all_threads=True)
        return
    fh = open(path, "w", encoding="utf-8")  # kept open for the life of the process: faulthandler writes to its fd
    faulthandler.enable(file=fh, all_threads=True)
