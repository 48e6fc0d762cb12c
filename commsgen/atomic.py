"""Atomic writes: a temporary file in the same folder, fsync, then os.replace.

No crash can leave a half-written output: readers see the old file or the new one.

Two kinds of target are not replaced:
- a target that is not a regular file (``/dev/null``, ``/dev/stdout``, a FIFO, a terminal), or a
  file reached through a descriptor (``/dev/stdout`` sent to a file), is written to directly:
  renaming over it would replace the device or pipe with a plain file, or undo the shell's ``>>``;
- a symbolic link keeps pointing where it did: the file it points to is replaced.

A new file gets the permissions ``open`` gives it (0666 less the umask); a replaced file keeps its
own; ``mode`` sets them explicitly (recovery copies: 0600).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from pathlib import Path

from commsgen.errors import Problem, UserError


def _direct(target: Path) -> bool:
    """Whether ``target`` is written in place: it exists and is not a regular file (after links),
    or it is reached through a file descriptor (``_descriptor``)."""
    try:
        st = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
    return not stat.S_ISREG(st.st_mode) or _descriptor(str(target)) is not None


_OWN_FD = r"/(?:proc/(?:self|thread-self|{pid})/fd|dev/fd)/(\d+)"


def _descriptor(path: str) -> str | int | None:
    """For a path that is, or links through, a file descriptor's name (``/dev/stdout`` ->
    ``/proc/self/fd/1``, ``/dev/fd/3``, ``/proc/<pid>/fd/3``): this process's descriptor number,
    or the name to open for another process's. None for any other path."""
    own = re.compile(_OWN_FD.replace("{pid}", str(os.getpid())))
    for _ in range(40):
        absolute = os.path.abspath(path)
        m = own.fullmatch(absolute)
        if m:
            return int(m.group(1))
        if absolute.startswith("/proc/"):
            return absolute
        if not os.path.islink(absolute):
            return None
        path = os.path.join(os.path.dirname(absolute), os.readlink(absolute))
    return None


def _write_in_place(target: Path, payload: bytes) -> None:
    """Write to a device, a FIFO or a descriptor as it is. One of this process's descriptors
    (``-o /dev/stdout``) is written to, not opened again: opening it anew would truncate a file
    the shell opened for ``>>``."""
    fd = _descriptor(str(target))
    if isinstance(fd, int):
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        return
    with open(target, "wb") as fh:
        fh.write(payload)


def _temp_beside(target: Path) -> tuple[int, str]:
    """A new, empty file beside ``target``, created with mode 0666 so that the umask applies."""
    while True:
        tmp = str(target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8", mode: int | None = None
) -> Path:
    """Write ``data`` to ``path`` atomically and return the path. Raises ``OSError`` (a folder, no
    permission, disk full): the caller says what it was writing."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    if _direct(target):
        _write_in_place(target, payload)
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
