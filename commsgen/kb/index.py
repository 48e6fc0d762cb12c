"""``commsgen index``: bring the index up to date with the postmortem files, incrementally.

A file is re-read only when its size or mtime changed, and re-indexed only when its content hash
changed too (a touched file costs a hash, not a parse). Invalid files are recorded with their
first problem (file, line, field) and listed on every run; they never stop the index. The index
mirrors exactly the files found under the PATHs of the run (default: the previous run's PATHs,
else the folder holding ``.commsgen/``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import Counter
from operator import attrgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from collections.abc import Iterator

from commsgen.kb import store
from commsgen.kb.extract import COLUMNS, FIGURES, brief

PARALLEL_FROM = 48  # files to parse before worker processes pay for themselves


@dataclass
class Report:
    index: Path
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    invalid: list[dict[str, Any]] = field(default_factory=list)  # every invalid file, new or not
    unchanged: int = 0
    total: int = 0  # valid postmortems in the index
    fts5: bool = True
    fallback_note: str | None = None

    def public(self) -> dict[str, Any]:
        return {
            "index": str(self.index),
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "invalid": self.invalid,
            "unchanged": self.unchanged,
            "postmortems": self.total,
            "search": "fts5" if self.fts5 else "bm25-fallback",
        }


def _hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def parse_one(args: tuple[str, str]) -> tuple[str, str, Any, Any]:
    """(key, hash, record or None, texts or problem) for one file; runs in a worker process."""
    key, path = args
    from commsgen.errors import UserError
    from commsgen.kb.extract import record
    from commsgen.model.loader import loads
    from commsgen.model.source import decode

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return key, "", None, {"file": key, "line": None, "field": None, "message": f"cannot be read: {e.strerror}"}
    digest = _hash(data)
    try:
        loaded = loads(decode(data, key), key)
        rec, texts = record(loaded.postmortem, key)
        return key, digest, rec, texts
    except UserError as e:
        p = e.problems[0]
        return key, digest, None, {"file": key, "line": p.line, "field": p.field, "message": p.message}


WINDOW = 2000  # files parsed, written and committed at a time: memory stays flat however many there are


def _parse_all(todo: list[tuple[str, str]], jobs: int) -> Iterator[tuple[str, str, Any, Any]]:
    """Parsed files in order, a window at a time (worker processes when there are many)."""
    if jobs <= 1 or len(todo) < PARALLEL_FROM:
        yield from map(parse_one, todo)
        return
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as ex:
        for i in range(0, len(todo), WINDOW):
            window = todo[i : i + WINDOW]
            yield from ex.map(parse_one, window, chunksize=max(1, len(window) // (jobs * 8)))


def _roots(con: sqlite3.Connection, paths: list[str], base: Path) -> tuple[list[str], list[str]]:
    """(the paths to scan, as given or stored; the same relative to ``base``, to store for next time)."""
    if paths:
        missing = [p for p in paths if not Path(p).exists() and not any(c in p for c in "*?[")]
        if missing:
            from commsgen.errors import Problem, UserError

            raise UserError(Problem("no such file or folder", file=missing[0], rule="kb.missing-path"))
        keep = [_key(Path(p), base) if Path(p).exists() else p for p in paths]
        return paths, keep
    stored = store.meta(con, "roots")
    keep = json.loads(stored) if stored else ["."]
    return [str(base / k) if not any(c in k for c in "*?[") else k for k in keep], keep


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


def _key(p: Path, base: Path) -> str:
    try:
        return os.path.relpath(p.resolve(), base)
    except ValueError:  # another drive (Windows)
        return str(p.resolve())


def run(paths: list[str], index: Path, *, rebuild: bool = False, jobs: int | None = None) -> Report:
    fts5 = store.has_fts5()
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(str(index) + suffix).unlink(missing_ok=True)
    con = store.connect(index, write=True)
    if store.meta(con, "fts5") not in (None, "1" if fts5 else "0"):  # made with(out) FTS5: start over
        con.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(index) + suffix).unlink(missing_ok=True)
        con = store.connect(index, write=True)
    store.create(con, fts5)
    base = store.base_of(index).resolve()
    roots, keep_roots = _roots(con, paths, base)
    rep = Report(index=index, fts5=fts5)
    if not fts5:
        rep.fallback_note = (
            "this Python's sqlite3 has no FTS5: search and similar use commsgen's own BM25 "
            "(same ranking formula, slower on large indexes)"
        )
    rows = con.execute("SELECT path, size, mtime_ns FROM files").fetchall()
    # stat-only comparison: with nothing changed, no per-file work beyond one set lookup
    found = listing([r for r in roots if Path(r).exists() or any(c in r for c in "*?[")], base, set(rows))
    rep.unchanged = len(found.keys) - len(found.fresh)
    known: dict[str, tuple[int, int]] = {}
    removed: list[str] = []
    if found.fresh or len(found.keys) != len(rows):
        known = {path: (size, mtime) for path, size, mtime in rows}
        present = set(found.keys)
        removed = sorted(k for k in known if k not in present)
    del rows

    def stored(key: str) -> tuple[str, int | None]:
        """(content hash, postmortem rowid) recorded for a file."""
        row = con.execute("SELECT hash, pm FROM files WHERE path = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else ("", None)

    todo: list[tuple[str, str]] = []
    touched: list[tuple[int, str]] = []
    for key, path, size, mtime in found.fresh:
        old = known.get(key)
        if size >= 0 and old is not None and old[0] == size:
            try:
                if _hash(Path(path).read_bytes()) == stored(key)[0]:  # touched, not changed
                    touched.append((mtime, key))
                    rep.unchanged += 1
                    continue
            except OSError:
                pass
        todo.append((key, path))
    rep.removed = removed
    roots_json = json.dumps(keep_roots)
    if not (todo or touched or removed) and store.meta(con, "roots") == roots_json and store.meta(con, "docs"):
        rep.invalid = _invalid(con)  # nothing to write: the index is up to date
        rep.total = int(store.meta(con, "docs") or 0)
        con.close()
        return rep
    parsed = _parse_all(todo, jobs or os.cpu_count() or 1)
    df: Counter[str] = Counter()
    con.execute("BEGIN IMMEDIATE")
    try:
        con.executemany("UPDATE files SET mtime_ns = ? WHERE path = ?", touched)
        for key in removed:
            _drop(con, key, stored(key)[1], fts5, df)
            con.execute("DELETE FROM files WHERE path = ?", (key,))
        for n, (key, digest, rec, extra) in enumerate(parsed, 1):
            if n % WINDOW == 0:  # commit as we go: a cold index of many files keeps a small WAL
                _flush_df(con, df)
                con.execute("COMMIT")
                con.execute("BEGIN IMMEDIATE")
            old = known.get(key)
            if old is not None:
                _drop(con, key, stored(key)[1], fts5, df)
            if rec is not None:  # an invalid file is listed as invalid only
                (rep.changed if old is not None else rep.added).append(key)
            try:
                st = (base / key).stat() if not os.path.isabs(key) else Path(key).stat()
                size, mtime = st.st_size, st.st_mtime_ns
            except OSError:
                size, mtime = -1, -1
            if rec is None:
                con.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, NULL, ?)",
                    (key, size, mtime, digest, json.dumps(extra)),
                )
            else:
                rowid = _insert(con, rec, extra, fts5, df)
                con.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, NULL)", (key, size, mtime, digest, rowid)
                )
        _flush_df(con, df)
        store.set_meta(con, "roots", roots_json)
        store.set_meta(con, "docs", str(con.execute("SELECT count(*) FROM postmortems").fetchone()[0]))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    rep.invalid = _invalid(con)
    rep.total = int(store.meta(con, "docs") or 0)
    con.close()
    return rep


def _invalid(con: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every invalid file's first problem, by path."""
    return [json.loads(r[0]) for r in con.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")]


def _drop(con: sqlite3.Connection, key: str, rowid: int | None, fts5: bool, df: Counter[str]) -> None:
    if rowid is None:
        return
    from commsgen.kb.text import tokens

    row = con.execute("SELECT title, summary, cause, body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
    if row:
        df.subtract(set(tokens(" ".join(row))))
    if fts5:
        if row:
            con.execute(
                "INSERT INTO fts(fts, rowid, title, summary, cause, body) VALUES ('delete', ?, ?, ?, ?, ?)",
                (rowid, *row),
            )
    else:
        con.execute("DELETE FROM postings WHERE pm = ?", (rowid,))
        con.execute("DELETE FROM doclen WHERE pm = ?", (rowid,))
    for table in ("services", "tags", "factors", "actions", "events"):
        con.execute(f"DELETE FROM {table} WHERE pm = ?", (rowid,))
    con.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
    con.execute("DELETE FROM postmortems WHERE rowid = ?", (rowid,))


def _flush_df(con: sqlite3.Connection, df: Counter[str]) -> None:
    """Apply the document-frequency changes of the files written so far (``similar`` reads ``df``)."""
    changes = [(t, n) for t, n in df.items() if n]
    if changes:
        con.executemany(
            "INSERT INTO df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n", changes
        )
        if any(n < 0 for _, n in changes):
            con.execute("DELETE FROM df WHERE n <= 0")
    df.clear()


def _insert(con: sqlite3.Connection, rec: dict[str, Any], texts: dict[str, str], fts5: bool, df: Counter[str]) -> int:
    t, fig = rec["times"], rec["figures"]
    slo = rec["slo_breached"]
    cur = con.execute(
        "INSERT INTO postmortems(id, file, title, status, event_type, severity, started, detected, acknowledged, "
        "identified, mitigated, resolved, closed, time_to_detect, time_to_acknowledge, time_to_identify, "
        "time_to_mitigate, time_to_resolve, impact_minutes, trigger_kind, detection_source, exclude_from_metrics, "
        "slo_breached, services_t, tags_t, related_t, brief, record) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            rec["id"],
            rec["file"],
            rec["title"],
            rec["status"],
            rec["event_type"],
            rec["severity"],
            t["started"],
            t["detected"],
            t["acknowledged"],
            t["identified"],
            t["mitigated"],
            t["resolved"],
            t["closed"],
            *(fig[k] for k in FIGURES),
            rec["impact_minutes"],
            rec["trigger_kind"],
            rec["detection_source"],
            int(rec["exclude_from_metrics"]),
            None if slo is None else int(slo),
            store.US.join(rec["services"]),
            store.US.join(rec["tags"]),
            store.US.join(f"{r['id']}={r['relation']}" for r in rec["related"]),
            json.dumps(brief(rec), separators=(",", ":")),
            json.dumps(rec, separators=(",", ":")),
        ),
    )
    rowid = int(cur.lastrowid or 0)
    con.executemany("INSERT INTO services VALUES (?, ?)", [(rowid, s) for s in rec["services"]])
    con.executemany("INSERT INTO tags VALUES (?, ?)", [(rowid, s) for s in rec["tags"]])
    con.executemany(
        "INSERT INTO factors VALUES (?, ?, ?)", [(rowid, f["kind"], f["description"]) for f in rec["factors"]]
    )
    con.executemany(
        "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (rowid, i, a["title"], a["type"], a["status"], a["due"], a["owner"], a["done_on"])
            for i, a in enumerate(rec["actions"])
        ],
    )
    con.executemany("INSERT INTO events VALUES (?, ?, ?)", [(rowid, e["at"], e["kind"]) for e in rec["events"]])
    values = [texts[c] for c in COLUMNS]
    con.execute("INSERT INTO docs(rowid, title, summary, cause, body) VALUES (?, ?, ?, ?, ?)", (rowid, *values))
    from commsgen.kb.text import tokens

    if fts5:
        con.execute("INSERT INTO fts(rowid, title, summary, cause, body) VALUES (?, ?, ?, ?, ?)", (rowid, *values))
        df.update(set(tokens(" ".join(values))))
    else:
        counts: Counter[tuple[str, int]] = Counter()
        length = 0
        for col, text in enumerate(values):
            toks = tokens(text)
            length += len(toks)
            counts.update((tok, col) for tok in toks)
        con.executemany(
            "INSERT INTO postings VALUES (?, ?, ?, ?)", [(term, rowid, col, n) for (term, col), n in counts.items()]
        )
        df.update({term for term, _ in counts})
        con.execute("INSERT INTO doclen VALUES (?, ?)", (rowid, length))
    return rowid
