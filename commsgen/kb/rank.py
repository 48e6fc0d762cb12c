"""BM25 ranking over the index: SQLite FTS5's ``bm25()`` with column weights when the index has
FTS5, else the same formula computed here from the index's own postings (``store.FALLBACK_TABLES``).

Both score a document for the query terms it holds as FTS5 does:
    idf(t) = ln((N - n(t) + 0.5) / (n(t) + 0.5)), 1e-6 when that is not positive
    f(t, d) = sum over columns of weight(column) * hits of t in that column
    score(d) = sum over t of idf(t) * f * (k1 + 1) / (f + k1 * (1 - b + b * |d| / avgdl)),  k1 = 1.2, b = 0.75
Scores here are positive (FTS5's are negated): higher is better.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict

from commsgen.kb.store import WEIGHTS

K1, B = 1.2, 0.75


def is_fts5(con: sqlite3.Connection) -> bool:
    from commsgen.kb.store import meta

    return meta(con, "fts5") == "1"


def rank(
    con: sqlite3.Connection,
    terms: list[str],
    *,
    any_term: bool,
    allowed: str | None = None,
    params: tuple = (),
    limit: int = 50,
) -> list[tuple[int, float]]:
    """(rowid, score) best first for ``terms`` (all of them, or ``any_term``). ``allowed``: an SQL
    subquery of postmortem rowids the hits must be among (filters), with its ``params``."""
    if not terms:
        return []
    if is_fts5(con):
        match = (" OR " if any_term else " ").join(f'"{t}"' for t in terms)
        w = ", ".join(str(x) for x in WEIGHTS)
        sql = f"SELECT rowid, -bm25(fts, {w}) AS s FROM fts WHERE fts MATCH ?"
        if allowed:
            sql += f" AND rowid IN ({allowed})"
        sql += " ORDER BY s DESC, rowid LIMIT ?"
        return [(r, s) for r, s in con.execute(sql, (match, *params, limit))]
    return _fallback(con, terms, any_term, allowed, params, limit)


def idf_of(n_docs: int, n: int) -> float:
    """FTS5's idf: ln((N - n + 0.5) / (n + 0.5)), or 1e-6 when that is not positive."""
    x = math.log((n_docs - n + 0.5) / (n + 0.5))
    return x if x > 0.0 else 1e-6


def _fallback(con, terms, any_term, allowed, params, limit):
    n_docs, avgdl = con.execute("SELECT count(*), avg(len) FROM doclen").fetchone()
    if not n_docs:
        return []
    keep = None
    if allowed:
        keep = {r for (r,) in con.execute(allowed, params)}
    freq: dict[int, dict[str, float]] = defaultdict(dict)
    idf: dict[str, float] = {}
    for t in terms:
        rows = con.execute("SELECT pm, col, tf FROM postings WHERE term = ?", (t,)).fetchall()
        docs = {pm for pm, _, _ in rows}
        n = len(docs)
        idf[t] = idf_of(n_docs, n)
        for pm, col, tf in rows:
            if keep is None or pm in keep:
                freq[pm][t] = freq[pm].get(t, 0.0) + WEIGHTS[col] * tf
    need = len(terms)
    cand = [pm for pm, f in freq.items() if any_term or len(f) == need]
    if not cand:
        return []
    lens = {}
    for i in range(0, len(cand), 900):
        chunk = cand[i : i + 900]
        lens.update(con.execute(f"SELECT pm, len FROM doclen WHERE pm IN ({','.join('?' * len(chunk))})", chunk))
    out = []
    for pm in cand:
        norm = K1 * (1 - B + B * lens.get(pm, 0) / (avgdl or 1))
        s = sum(idf[t] * f * (K1 + 1) / (f + norm) for t, f in freq[pm].items())
        out.append((pm, s))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:limit]


def doc_freq(con: sqlite3.Connection, terms: list[str]) -> tuple[int, dict[str, int]]:
    """(number of documents, documents holding each term)."""
    from commsgen.kb.store import meta

    n_docs = int(meta(con, "docs") or 0)
    if not terms:
        return n_docs, {}
    # the index keeps each term's document count (table df) as it writes: FTS5's own vocabulary
    # view counts them by walking every posting list, too slow on a large index
    return n_docs, dict(con.execute(f"SELECT term, n FROM df WHERE term IN ({','.join('?' * len(terms))})", terms))
