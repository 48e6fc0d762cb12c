"""The SQLite file of the knowledge base: where it is, its tables, opening it.

``.commsgen/index.sqlite`` in the working directory or its nearest parent (or ``--index PATH``).
WAL mode, so a reader (the TUI, a search) never waits for an index run. The file is a disposable
cache: a different schema version or a damaged file is rebuilt, never migrated.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from commsgen.errors import Problem, UserError

SCHEMA_VERSION = "7"
DIR, NAME = ".commsgen", "index.sqlite"
WEIGHTS = (4.0, 4.0, 2.0, 1.0)
US = "\x1f"  # separates the items of services_t, tags_t, related_t (id=relation)   # BM25 column weights: title, summary, cause, body

TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, hash TEXT,
    pm INTEGER, problem TEXT);
CREATE INDEX IF NOT EXISTS files_invalid ON files(path) WHERE problem IS NOT NULL;
CREATE TABLE IF NOT EXISTS postmortems(rowid INTEGER PRIMARY KEY, id TEXT, file TEXT, title TEXT,
    status TEXT, event_type TEXT, severity TEXT, started TEXT, detected TEXT, acknowledged TEXT,
    identified TEXT, mitigated TEXT, resolved TEXT, closed TEXT, time_to_detect REAL,
    time_to_acknowledge REAL, time_to_identify REAL, time_to_mitigate REAL, time_to_resolve REAL,
    impact_minutes REAL, trigger_kind TEXT, detection_source TEXT, exclude_from_metrics INTEGER,
    slo_breached INTEGER, services_t TEXT, tags_t TEXT, related_t TEXT, prevent_n INTEGER, prevent_done INTEGER,
    brief TEXT, record TEXT);
CREATE INDEX IF NOT EXISTS pm_id ON postmortems(id);
CREATE INDEX IF NOT EXISTS pm_started ON postmortems(started);
-- what a review reads of the periods before the one reviewed, without touching the JSON-heavy rows
CREATE INDEX IF NOT EXISTS pm_light ON postmortems(started, id, file, title, status, event_type, severity,
    trigger_kind, detection_source, exclude_from_metrics, slo_breached, impact_minutes, resolved, closed,
    services_t, tags_t, related_t, prevent_n, prevent_done);
CREATE TABLE IF NOT EXISTS services(pm INTEGER, service TEXT);
CREATE INDEX IF NOT EXISTS services_pm ON services(pm);
CREATE INDEX IF NOT EXISTS services_name ON services(service);
CREATE TABLE IF NOT EXISTS tags(pm INTEGER, tag TEXT);
CREATE INDEX IF NOT EXISTS tags_pm ON tags(pm);
CREATE INDEX IF NOT EXISTS tags_name ON tags(tag);
CREATE TABLE IF NOT EXISTS factors(pm INTEGER, kind TEXT, description TEXT);
CREATE INDEX IF NOT EXISTS factors_pm ON factors(pm);
CREATE TABLE IF NOT EXISTS actions(pm INTEGER, idx INTEGER, title TEXT, type TEXT, status TEXT,
    due TEXT, owner TEXT, done_on TEXT);
CREATE INDEX IF NOT EXISTS actions_pm ON actions(pm);
CREATE TABLE IF NOT EXISTS events(pm INTEGER, at TEXT, kind TEXT);
CREATE INDEX IF NOT EXISTS events_pm ON events(pm);
CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, title TEXT, summary TEXT, cause TEXT, body TEXT);
CREATE TABLE IF NOT EXISTS df(term TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
-- the index's own postings for similar (commsgen/kb/postings.py)
CREATE TABLE IF NOT EXISTS tblk(term TEXT, blk INTEGER, offs BLOB, fs BLOB, bits BLOB, hi BLOB,
    fmax_lo INTEGER, fmax_hi INTEGER, dmin INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS tblk_term ON tblk(term, blk);
CREATE TABLE IF NOT EXISTS dlen(blk INTEGER PRIMARY KEY, lens BLOB);
"""
FTS_TABLE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, summary, cause, body, "
    "content='docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 1')"
)
# the in-process BM25 (no FTS5): term -> (document, column, frequency), and document lengths
FALLBACK_TABLES = """
CREATE TABLE IF NOT EXISTS postings(term TEXT, pm INTEGER, col INTEGER, tf INTEGER);
CREATE INDEX IF NOT EXISTS postings_term ON postings(term);
CREATE INDEX IF NOT EXISTS postings_pm ON postings(pm);
CREATE TABLE IF NOT EXISTS doclen(pm INTEGER PRIMARY KEY, len INTEGER);
"""


def has_fts5() -> bool:
    """Whether this Python's sqlite3 has FTS5 (``COMMSGEN_KB_NO_FTS5=1`` pretends it has not: the
    fallback is tested that way)."""
    if os.environ.get("COMMSGEN_KB_NO_FTS5"):
        return False
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        con.close()
        return True
    except sqlite3.OperationalError:
        return False


def find(explicit: str | None = None, start: Path | None = None) -> Path | None:
    """``--index PATH``, else ``.commsgen/index.sqlite`` in the working directory or its nearest parent."""
    if explicit:
        return Path(explicit)
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        p = d / DIR / NAME
        if p.is_file():
            return p
    return None


def require(explicit: str | None = None) -> Path:
    """The index to read, or a user error that says how to make one."""
    p = find(explicit)
    if p is None or not p.is_file():
        where = f"`{explicit}`" if explicit else f"{DIR}/{NAME} in {Path.cwd()} or any parent folder"
        raise UserError(
            Problem(
                f"no knowledge-base index found ({where}); build one with "
                "`commsgen index [PATH...]` in the folder that holds your postmortems",
                rule="kb.no-index",
            )
        )
    return p


def base_of(index: Path) -> Path:
    """The folder file paths in the index are relative to: the one holding ``.commsgen/``."""
    index = index.resolve()
    return index.parent.parent if index.parent.name == DIR else index.parent


def connect(path: Path, *, write: bool = False) -> sqlite3.Connection:
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
    uri = path.resolve().as_uri() + ("" if write else "?mode=ro")
    try:
        con = sqlite3.connect(uri, uri=True, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 5000")
        if write:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("PRAGMA synchronous = NORMAL")
        version = meta(con, "schema")
    except sqlite3.DatabaseError as e:
        if write:
            return _recreate(path)
        raise UserError(
            Problem(
                f"the index is unreadable ({e}); rebuild it with `commsgen index --rebuild`",
                file=str(path),
                rule="kb.bad-index",
            )
        ) from None
    if version is not None and version != SCHEMA_VERSION:
        if write:
            con.close()
            return _recreate(path)
        raise UserError(
            Problem(
                "the index was made by another version of commsgen; rebuild it with `commsgen index --rebuild`",
                file=str(path),
                rule="kb.old-index",
            )
        )
    return con


def _recreate(path: Path) -> sqlite3.Connection:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return connect(path, write=True)


def meta(con: sqlite3.Connection, key: str) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # a new, empty file
        return None
    return row[0] if row else None


def set_meta(con: sqlite3.Connection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))


def create(con: sqlite3.Connection, fts5: bool) -> None:
    """The tables (once: an index of this schema version, made with the same search backend, has them)."""
    if meta(con, "schema") == SCHEMA_VERSION and meta(con, "fts5") == ("1" if fts5 else "0"):
        return
    con.executescript(TABLES)
    con.executescript(FALLBACK_TABLES if not fts5 else "")
    if fts5:
        con.execute(FTS_TABLE)
    set_meta(con, "schema", SCHEMA_VERSION)
    set_meta(con, "fts5", "1" if fts5 else "0")
