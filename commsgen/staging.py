"""The staging folders of ``batch``: private to one run, inside the output folder, swapped into
place whole.

A run writes every postmortem's outputs into ``OUT/.commsgen-stage-<random>/<n>/`` and then renames
each into place as ``OUT/<id>/``, so a reader sees a postmortem's old outputs or its new ones, never
a mix. The run holds an exclusive ``flock`` on ``.lock`` inside its staging root for as long as it
lives (its forked workers share it). The root is made as ``OUT/.commsgen-init-<random>/``, its
lock taken, and only then renamed to its ``.commsgen-stage-`` name: a staging root under that name
always has its lock file. A killed run leaves its staging root behind; the next run in the same
folder removes every staging root whose lock nobody holds, every ``.commsgen-init-`` folder over a
minute old (a run spends microseconds in that state), and, where there is no lock file at all (no
``flock`` here), every staging root over an hour old. Two runs writing into one folder at once each
keep their own staging root, and the last to place an id wins.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = ".commsgen-stage-"
INIT_PREFIX = ".commsgen-init-"  # a staging root before its lock is taken
LOCK = ".lock"
STALE_AFTER = 3600  # seconds: a staging root without a lock file is left alone this long
INIT_STALE_AFTER = 60  # seconds: a root still in its making this long was killed in it
NAME_MAX = 255  # bytes in one file name (Linux, macOS, Windows)

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: staging roots are aged out instead
    fcntl = None  # type: ignore[assignment]


class StagingRoot:
    """This run's staging root, locked while it lives; ``close`` removes it."""

    def __init__(self, out_dir: Path) -> None:
        making = Path(tempfile.mkdtemp(prefix=INIT_PREFIX, dir=out_dir))
        self._lock = os.open(making / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        if fcntl is not None:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # the lock is held before the root takes the name the next run cleans up by
        self.path = making.with_name(PREFIX + making.name.removeprefix(INIT_PREFIX))
        os.rename(making, self.path)
        self._moves = 0

    def place(self, staged: str | os.PathLike[str], target: Path, *, free: bool = False) -> None:
        """Swap ``staged`` in as ``target``, replacing an earlier folder of that name whole. A
        concurrent run placing the same name between our two renames is retried, then loses.
        ``free``: the caller found no ``target`` a moment ago (the first rename is tried at once)."""
        last: OSError | None = None
        for attempt in range(20):
            if attempt or not free:
                self._move_aside(target)
            try:
                os.replace(staged, target)
                return
            except OSError as e:
                if not target.is_dir() or target.is_symlink():
                    raise
                last = e
        assert last is not None
        raise last

    def remove(self, target: Path) -> None:
        """Remove an earlier folder of outputs (nothing was written for it this time)."""
        self._move_aside(target)

    def _move_aside(self, target: Path) -> None:
        """Rename ``target`` (a folder) into this staging root, where ``close`` deletes it. Anything
        but a real folder (a file, a symbolic link) is left alone."""
        if not target.is_dir() or target.is_symlink():
            return
        self._moves += 1
        try:
            os.replace(target, self.path / f"old-{self._moves}")
        except FileNotFoundError:
            pass

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        os.close(self._lock)


def clean_stale(out_dir: Path) -> list[Path]:
    """Remove the staging roots of runs that are gone (see the module's text); return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith((PREFIX, INIT_PREFIX)) or not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name.startswith(INIT_PREFIX):
            abandoned = _older_than(Path(entry.path), INIT_STALE_AFTER)
        else:
            abandoned = _abandoned(Path(entry.path))
        if abandoned:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _abandoned(root: Path) -> bool:
    try:
        fd = os.open(root / LOCK, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:  # made by a version without the init name, or no flock here
        return _older_than(root, STALE_AFTER)
    except OSError:
        return False
    try:
        if fcntl is None:  # pragma: no cover
            return time.time() - os.fstat(fd).st_mtime > STALE_AFTER
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a live run holds it
        return True
    finally:
        os.close(fd)


def _older_than(root: Path, seconds: float) -> bool:
    try:
        return time.time() - root.stat().st_mtime > seconds
    except OSError:
        return False


def safe_dirname(ident: str) -> str:
    """A postmortem id as a folder name: letters, digits, ``-_.``; anything else becomes ``_``."""
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in ident).strip(".")
    return keep or "_"


def dirname_problem(name: str) -> str | None:
    """Why ``name`` cannot be a folder name, or None."""
    size = len(name.encode("utf-8"))
    if size > NAME_MAX:
        return f"the id makes a folder name of {size} bytes; file systems allow {NAME_MAX}: use a shorter id"
    return None
