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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from commsgen.kb import postings, store
from commsgen.kb.walk import listing
from commsgen.kb.earlier import prevent_counts
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

    return _apply(con, rep, base, fts5, found.fresh, known, removed, json.dumps(keep_roots), jobs)


def update(files: list[str], index: Path, *, jobs: int | None = None) -> Report:
    """Bring the index up to date for the named ``files`` only, for a caller that knows which files
    changed (the TUI on save, a watcher, a hook): each is added, changed (when its content changed),
    touched, or removed (when it no longer exists); no other file is looked at, so the cost does not
    grow with the index. The index's PATHs stay as they are (a file named here that is not under them
    leaves the index at the next full run). Without an index of this schema, a full run."""
    fts5 = store.has_fts5()
    con = store.connect(index, write=True)
    if store.meta(con, "schema") != store.SCHEMA_VERSION or store.meta(con, "fts5") != ("1" if fts5 else "0"):
        con.close()
        return run([], index, jobs=jobs)
    folders = [f for f in files if os.path.isdir(f)]
    if folders:
        from commsgen.errors import Problem, UserError

        con.close()
        raise UserError(Problem("is a folder: name the files that changed", file=folders[0], rule="kb.only-files"))
    base = store.base_of(index).resolve()
    rep = Report(index=index, fts5=fts5)
    keys = {_key(Path(f), base): os.path.abspath(f) for f in files}
    known: dict[str, tuple[int, int]] = {}
    for k in keys:
        row = con.execute("SELECT size, mtime_ns FROM files WHERE path = ?", (k,)).fetchone()
        if row:
            known[k] = (row[0], row[1])
    fresh: list[tuple[str, str, int, int]] = []
    removed: list[str] = []
    for k, path in sorted(keys.items()):
        try:
            st = os.stat(path)
        except OSError:
            if k in known:
                removed.append(k)
            continue
        if known.get(k) != (st.st_size, st.st_mtime_ns):
            fresh.append((k, path, st.st_size, st.st_mtime_ns))
        else:
            rep.unchanged += 1
    return _apply(con, rep, base, fts5, fresh, known, removed, store.meta(con, "roots") or '["."]', jobs)


def _apply(
    con: sqlite3.Connection,
    rep: Report,
    base: Path,
    fts5: bool,
    fresh: list[tuple[str, str, int, int]],
    known: dict[str, tuple[int, int]],
    removed: list[str],
    roots_json: str,
    jobs: int | None,
) -> Report:
    """Write the changes found: ``fresh`` files (key, path, size, mtime) are hashed (same content:
    touched) or parsed and re-indexed, ``removed`` ones dropped; ``known``: (size, mtime) of the
    files the index had among them."""

    def stored(key: str) -> tuple[str, int | None]:
        """(content hash, postmortem rowid) recorded for a file."""
        row = con.execute("SELECT hash, pm FROM files WHERE path = ?", (key,)).fetchone()
        return (row[0], row[1]) if row else ("", None)

    todo: list[tuple[str, str]] = []
    touched: list[tuple[int, str]] = []
    for key, path, size, mtime in fresh:
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
    if not (todo or touched or removed) and store.meta(con, "roots") == roots_json and store.meta(con, "docs"):
        rep.invalid = _invalid(con)  # nothing to write: the index is up to date
        rep.total = int(store.meta(con, "docs") or 0)
        con.close()
        return rep
    parsed = _parse_all(todo, jobs or os.cpu_count() or 1)
    df: Counter[str] = Counter()
    post = postings.Writer(con)
    con.execute("BEGIN IMMEDIATE")
    try:
        con.executemany("UPDATE files SET mtime_ns = ? WHERE path = ?", touched)
        for key in removed:
            _drop(con, key, stored(key)[1], fts5, df, post)
            con.execute("DELETE FROM files WHERE path = ?", (key,))
        for n, (key, digest, rec, extra) in enumerate(parsed, 1):
            if n % WINDOW == 0:  # commit as we go: a cold index of many files keeps a small WAL
                _flush_df(con, df, post)
                con.execute("COMMIT")
                con.execute("BEGIN IMMEDIATE")
            old = known.get(key)
            if old is not None:
                _drop(con, key, stored(key)[1], fts5, df, post)
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
                rowid = _insert(con, rec, extra, fts5, df, post)
                con.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, NULL)", (key, size, mtime, digest, rowid)
                )
        _flush_df(con, df, post)
        store.set_meta(con, "roots", roots_json)
        store.set_meta(con, "docs", str(int(store.meta(con, "docs") or 0) + post.docs))
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


def _drop(
    con: sqlite3.Connection, key: str, rowid: int | None, fts5: bool, df: Counter[str], post: postings.Writer
) -> None:
    if rowid is None:
        return
    row = con.execute("SELECT title, summary, cause, body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
    if row:
        df.subtract(post.drop(rowid, row))
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


def _flush_df(con: sqlite3.Connection, df: Counter[str], post: postings.Writer) -> None:
    """Apply the document-frequency and postings changes of the files written so far (``similar``
    reads ``df`` and the postings)."""
    post.flush()
    changes = [(t, n) for t, n in df.items() if n]
    if changes:
        con.executemany(
            "INSERT INTO df(term, n) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET n = n + excluded.n", changes
        )
        if any(n < 0 for _, n in changes):
            con.execute("DELETE FROM df WHERE n <= 0")
    df.clear()


def _insert(
    con: sqlite3.Connection,
    rec: dict[str, Any],
    texts: dict[str, str],
    fts5: bool,
    df: Counter[str],
    post: postings.Writer,
) -> int:
    t, fig = rec["times"], rec["figures"]
    slo = rec["slo_breached"]
    cur = con.execute(
        "INSERT INTO postmortems(id, file, title, status, event_type, severity, started, detected, acknowledged, "
        "identified, mitigated, resolved, closed, time_to_detect, time_to_acknowledge, time_to_identify, "
        "time_to_mitigate, time_to_resolve, impact_minutes, trigger_kind, detection_source, exclude_from_metrics, "
        "slo_breached, services_t, tags_t, related_t, prevent_n, prevent_done, brief, record) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
            *prevent_counts(rec["actions"]),
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
    df.update(post.add(rowid, values))
    if fts5:
        con.execute("INSERT INTO fts(rowid, title, summary, cause, body) VALUES (?, ?, ?, ?, ?)", (rowid, *values))
    else:
        from commsgen.kb.text import tokens

        counts: Counter[tuple[str, int]] = Counter()
        length = 0
        for col, text in enumerate(values):
            toks = tokens(text)
            length += len(toks)
            counts.update((tok, col) for tok in toks)
        con.executemany(
            "INSERT INTO postings VALUES (?, ?, ?, ?)", [(term, rowid, col, n) for (term, col), n in counts.items()]
        )
        con.execute("INSERT INTO doclen VALUES (?, ?)", (rowid, length))
    return rowid
