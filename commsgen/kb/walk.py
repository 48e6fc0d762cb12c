"""Listing the postmortem files under an index's PATHs, with one ``stat`` each (``commsgen index``)."""

from __future__ import annotations

import os
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

SUFFIXES = (".yaml", ".yml", ".json")
_NAME = attrgetter("name")


class Listing(NamedTuple):
    keys: list[str]  # every postmortem file found, in walk order
    fresh: list[tuple[str, str, int, int]]  # (key, path, size, mtime_ns) of those not matching ``known``


def listing(roots: list[str], base: Path, known: set[tuple[str, int, int]]) -> Listing:
    """Every postmortem file under ``roots`` (files, folders, globs), in a stable order (names sorted
    folder by folder): ``*.yaml``, ``*.yml``, ``*.json``, skipping hidden files and folders
    (``.commsgen`` among them). A key is the path relative to ``base`` (the index's folder). A file
    whose (key, size, mtime_ns) is in ``known`` is unchanged; the others are ``fresh`` (size and
    mtime -1 when the file cannot be stat'ed). One ``stat`` per file, and no other per-file work."""
    import glob

    base_s = str(base)
    prefix = base_s.rstrip(os.sep) + os.sep
    keys: list[str] = []
    fresh: list[tuple[str, str, int, int]] = []
    seen: set[str] | None = set() if len(roots) > 1 else None  # overlapping roots: first one wins

    def key_of(path: str) -> str:
        return path[len(prefix) :] if path.startswith(prefix) else os.path.relpath(path, base_s)

    def found(key: str, path: str, st: os.stat_result | None) -> None:
        if seen is not None:
            if key in seen:
                return
            seen.add(key)
        keys.append(key)
        if st is None:
            fresh.append((key, path, -1, -1))
        elif (key, st.st_size, st.st_mtime_ns) not in known:
            fresh.append((key, path, st.st_size, st.st_mtime_ns))

    def stat(path: str) -> os.stat_result | None:
        try:
            return os.stat(path)
        except OSError:
            return None

    def scan(folder: str, kprefix: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_NAME)
        except OSError:
            return
        for e in entries:
            name = e.name
            if name.startswith("."):
                continue
            if e.is_dir():
                scan(e.path, kprefix + name + os.sep)
            elif name.lower().endswith(SUFFIXES):
                try:
                    st = e.stat()
                except OSError:
                    st = None
                if seen is None and st is not None:  # the common case, inline
                    key = kprefix + name
                    keys.append(key)
                    if (key, st.st_size, st.st_mtime_ns) not in known:
                        fresh.append((key, e.path, st.st_size, st.st_mtime_ns))
                else:
                    found(kprefix + name, e.path, st)

    for raw in roots:
        if os.path.isdir(raw):
            folder = os.path.abspath(raw)
            if (folder + os.sep).startswith(prefix):  # the index's folder ("") or one inside it
                scan(folder, (folder + os.sep)[len(prefix) :])
            else:
                scan(folder, os.path.relpath(folder, base_s) + os.sep)
        elif os.path.isfile(raw):
            path = os.path.abspath(raw)
            found(key_of(path), path, stat(path))
        else:
            for m in sorted(glob.glob(raw, recursive=True)):
                if os.path.isfile(m) and m.lower().endswith(SUFFIXES):
                    path = os.path.abspath(m)
                    found(key_of(path), path, stat(path))
    return Listing(keys, fresh)
