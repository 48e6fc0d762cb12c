"""Atomic writes: a temporary file in the same folder, fsync, then os.replace.

No crash can leave a half-written output: readers see the old file or the new one.

Two kinds of target are not replaced:
- a target that is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO, a terminal) is
  written to directly: renaming over it would replace the device or pipe with a plain file;
- a symbolic link keeps pointing where it did: the file it points to is replaced.

A new file gets the permissions ``open`` gives it (0666 less the umask); a replaced file keeps its
own; ``mode`` sets them explicitly (recovery copies: 0600).
"""
from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from commsgen.errors import Problem, UserError


def _direct(target: Path) -> bool:
    """Whether ``target`` is written in place: it exists and is not a regular file (after links),
    or it is a link into /proc or /dev (``/dev/stdout`` redirected to a file: write through it)."""
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory", str(target))
    if not stat.S_ISREG(st.st_mode):
        return True
    return os.path.realpath(target).startswith(("/proc/", "/dev/"))


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new, empty file beside ``target``, created with mode 0666 so that the umask applies."""
    while True:
        tmp = str(target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8",
                 mode: int | None = None) -> Path:
    """Write ``data`` to ``path`` atomically and return the path. Raises ``OSError`` (a folder, no
    permission, disk full): the caller says what it was writing."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    if _direct(target):
        with open(target, "wb") as fh:
            fh.write(payload)
        return target
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is None:
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                pass
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return Path(path)


_WHY = {
    errno.EISDIR: "is a folder, not a file name",
    errno.ENOTDIR: "cannot be written: a part of its path is a file, not a folder",
    errno.EEXIST: "cannot be written: a part of its path is a file, not a folder",
    errno.EACCES: "cannot be written: permission denied (a read-only folder or file?)",
    errno.EPERM: "cannot be written: the operation is not permitted here",
    errno.EROFS: "cannot be written: the file system is read-only",
    errno.ENOSPC: "cannot be written: the disk is full; nothing was written and any previous file is unchanged",
    errno.EDQUOT: "cannot be written: the disk quota is exceeded; nothing was written and any previous "
                  "file is unchanged",
    errno.ENAMETOOLONG: "cannot be written: the name is too long for the file system",
    errno.ELOOP: "cannot be written: too many levels of symbolic links",
}


def write_error(path: str | os.PathLike[str], e: OSError) -> UserError:
    """A failed write as the user's one-paragraph error (exit 2), naming the file."""
    why = _WHY.get(e.errno or 0) or f"cannot be written: {e.strerror or e}"
    return UserError(Problem(why, file=str(path), rule="output.unwritable"))


def write_output(path: str | os.PathLike[str], data: str | bytes, *, atomic: bool = True) -> Path:
    """``write_atomic`` (or a plain write, into a private staging folder) for an output the user
    asked for: a failure is a ``UserError`` naming the file, never a traceback."""
    try:
        if atomic:
            return write_atomic(path, data)
        target = Path(path)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return target
    except OSError as e:
        raise write_error(path, e) from None
