"""``commsgen search``: ranked hits for a query, with a highlighted snippet of the best passage.

Every query word must occur (AND), in any column; ranking is BM25 with column weights (title and
summary 4, cause 2, body 1). Filters narrow the candidates first. Snippets come from the indexed
text, where secrets were masked before it was stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

from commsgen.kb.extract import COLUMNS
from commsgen.kb.rank import rank
from commsgen.kb.text import fold, query_terms

WINDOW = 28  # words in a snippet
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Filters:
    service: str | None = None
    severity: str | None = None
    since: date | None = None
    tag: str | None = None

    def sql(self) -> tuple[str | None, tuple]:
        """A subquery of the postmortem rowids that pass, or None for no filter."""
        where, params = [], []
        if self.severity:
            where.append("severity = ?")
            params.append(self.severity.upper())
        if self.since:
            where.append("started >= ?")
            params.append(self.since.isoformat())
        if self.service:
            where.append("rowid IN (SELECT pm FROM services WHERE service = ?)")
            params.append(self.service)
        if self.tag:
            where.append("rowid IN (SELECT pm FROM tags WHERE tag = ?)")
            params.append(self.tag)
        if not where:
            return None, ()
        return "SELECT rowid FROM postmortems WHERE " + " AND ".join(where), tuple(params)


def snippet(text: str, terms: set[str], mark: tuple[str, str] = ("**", "**"), window: int = WINDOW) -> str:
    """The passage of ``text`` (about ``window`` words) holding the most distinct query terms, with
    every term marked; "…" where the passage was cut."""
    words = list(_WORD.finditer(text))
    if not words:
        return ""
    hits = [i for i, w in enumerate(words) if fold(w.group()) in terms]
    if not hits:
        start = 0
    else:
        best, start = -1, hits[0]
        for h in hits:  # windows that begin a few words before a hit
            s = max(0, h - 3)
            found = {fold(words[i].group()) for i in hits if s <= i < s + window}
            if len(found) > best:
                best, start = len(found), s
    end = min(len(words), start + window)
    a, b = words[start].start(), words[end - 1].end()
    out, pos = [], a
    for w in words[start:end]:
        if fold(w.group()) in terms:
            out.append(text[pos : w.start()] + mark[0] + w.group() + mark[1])
            pos = w.end()
    out.append(text[pos:b])
    body = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(words) else "")


def search(
    con: sqlite3.Connection,
    query: str,
    filters: Filters | None = None,
    *,
    limit: int = 20,
    mark: tuple[str, str] = ("**", "**"),
) -> list[dict[str, Any]]:
    terms = query_terms(query)
    allowed, params = (filters or Filters()).sql()
    ranked = rank(con, terms, any_term=False, allowed=allowed, params=params, limit=limit)
    if not ranked:
        return []
    ids = [r for r, _ in ranked]
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            f"SELECT p.rowid, p.id, p.file, p.title, p.severity, p.started, d.title, d.summary, d.cause, d.body "
            f"FROM postmortems p JOIN docs d ON d.rowid = p.rowid WHERE p.rowid IN ({','.join('?' * len(ids))})",
            ids,
        )
    }
    wanted = set(terms)
    hits = []
    for rowid, score in ranked:
        pid, file, title, sev, started, *cols = rows[rowid]
        # the snippet comes from the highest-weighted column holding the most query terms
        best = max(range(len(COLUMNS)), key=lambda i: (len(wanted & set(_folded(cols[i]))), -i))
        hits.append(
            {
                "id": pid,
                "file": file,
                "score": round(score, 4),
                "snippet": snippet(cols[best], wanted, mark),
                "title": title,
                "severity": sev,
                "started": started,
                "column": COLUMNS[best],
            }
        )
    return hits


def _folded(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def to_json(hits: list[dict[str, Any]]) -> str:
    return json.dumps({"hits": hits}, indent=2, ensure_ascii=False)
