"""``commsgen similar``: "seen before?" for a postmortem file or an indexed id.

Score (deterministic, explained):
    text      BM25 of the query's most distinctive terms (``TERMS`` terms by tf x idf, title and
              summary words counted 4x, cause 2x), divided by the best candidate's BM25: 0..1
  + 0.15 x shared services (at most 2 counted)
  + 0.15 x shared tags (at most 3 counted)
  + 0.35 when both have the same trigger_kind
  + 0.50 when either lists the other under ``related``
Weights were tuned on the labelled corpus of benchmarks/eval_similar.py (docs/KNOWLEDGE-BASE.md
reports precision@5). By default only incidents that started before the query's start are
candidates ("seen before"); ``every=True`` drops that condition.
"""

from __future__ import annotations

from commsgen import clock

import json
import math
import sqlite3
from collections import Counter
from typing import Any

from commsgen.kb.extract import COLUMNS
from commsgen.kb import topk
from commsgen.kb.rank import doc_freq
from commsgen.kb.store import US, WEIGHTS
from commsgen.kb.text import STOP, tokens

TERMS = 12
CANDIDATES = 100
COMMON_SHARE = 0.25  # terms in more than this share of the documents are too common to look for
MAX_SERVICES, MAX_TAGS = 2, 3
SIGNALS = {"service": 0.15, "tag": 0.15, "trigger": 0.35, "related": 0.50}  # tuned: benchmarks/eval_similar.py


def distinctive_terms(con: sqlite3.Connection, texts: dict[str, str], n: int = TERMS) -> list[tuple[str, float]]:
    """The ``n`` terms of a postmortem that best tell it apart: weighted term frequency x idf over
    the index (terms the index does not hold cannot match, and are skipped)."""
    tf: Counter[str] = Counter()  # weighted counts (floats)
    for col, w in zip(COLUMNS, WEIGHTS):
        for t in tokens(texts.get(col, "")):
            if len(t) > 2 and t not in STOP and not t.isdigit():
                tf[t] += int(w)
    n_docs, df = doc_freq(con, list(tf))
    limit = max(20, COMMON_SHARE * n_docs)
    scored = [(t, f * math.log(1 + n_docs / df[t])) for t, f in tf.items() if df.get(t) and df[t] <= limit]
    scored.sort(key=lambda x: (-x[1], x[0]))
    return scored[:n]


def _query(con: sqlite3.Connection, target: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(record, texts) of the query: a postmortem file (indexed or not), or an id in the index."""
    from pathlib import Path

    from commsgen.errors import Problem, UserError

    if Path(target).is_file():
        from commsgen.kb.extract import record
        from commsgen.model.loader import load

        rec, texts = record(load(target).postmortem, target)
        return rec, texts
    rows = con.execute(
        "SELECT p.record, d.title, d.summary, d.cause, d.body FROM postmortems p "
        "JOIN docs d ON d.rowid = p.rowid WHERE p.id = ? ORDER BY p.file",
        (target,),
    ).fetchall()
    if not rows:
        raise UserError(
            Problem(
                f"`{target}` is neither a file nor the id of an indexed postmortem (run `commsgen index` if it is new)",
                rule="kb.unknown",
            )
        )
    rec = json.loads(rows[0][0])
    return rec, dict(zip(COLUMNS, rows[0][1:]))


def similar(
    con: sqlite3.Connection, target: str, k: int = 5, *, every: bool = False, today: str | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the query's record, its top ``k`` similar incidents best first, each with ``why``)."""
    q, texts = _query(con, target)
    return q, rank_similar(con, q, texts, k, every=every, today=today)


def rank_similar(con, q, texts, k=5, *, every=False, today=None, structured=True, signals=None):
    w = signals or SIGNALS
    terms = distinctive_terms(con, texts)
    weights = dict(terms)
    ranked = topk.top(con, [t for t, _ in terms], CANDIDATES)  # FTS5's bm25(), exact, pruned
    text_score = dict(ranked)
    cand = set(text_score)
    if structured:  # linked by `related` (either way), even with no words in common
        rel_ids = [r["id"] for r in q.get("related", [])]
        if rel_ids:
            cand |= {
                r
                for (r,) in con.execute(
                    f"SELECT rowid FROM postmortems WHERE id IN ({','.join('?' * len(rel_ids))})", rel_ids
                )
            }
    if not cand:
        return []
    rows = con.execute(
        "SELECT rowid, id, file, started, trigger_kind, services_t, tags_t, related_t FROM postmortems "
        f"WHERE rowid IN ({','.join('?' * len(cand))})",
        list(cand),
    ).fetchall()
    top = max(text_score.values(), default=0.0) or 1.0
    results = []
    for rowid, pid, file, started, tk, services, tags, related in rows:
        if pid == q["id"] or file == q["file"]:
            continue
        if not every and q["times"]["started"] and started >= q["times"]["started"]:
            continue
        r = {
            "id": pid,
            "started": started,
            "trigger_kind": tk,
            "services": _split(services),
            "tags": _split(tags),
            "related": [dict(zip(("id", "relation"), x.split("=", 1))) for x in _split(related)],
        }
        why = explain(q, r)
        s = text_score.get(rowid, 0.0) / top
        if structured:
            s += (
                w["service"] * min(len(why["services"]), MAX_SERVICES)
                + w["tag"] * min(len(why["tags"]), MAX_TAGS)
                + (w["trigger"] if why["trigger_kind"] else 0.0)
                + (w["related"] if why["related"] else 0.0)
            )
        results.append((round(s, 4), rowid, r, why))
    results.sort(key=lambda x: x[2]["id"])  # ties: later start first, then id
    results.sort(key=lambda x: x[2]["started"] or "", reverse=True)
    results.sort(key=lambda x: -x[0])
    out = []
    best = results[:k]
    full = {
        rowid: (json.loads(raw), set(tokens(" ".join(cols))))
        for rowid, raw, *cols in con.execute(
            "SELECT p.rowid, p.record, d.title, d.summary, d.cause, d.body FROM postmortems p JOIN docs d ON "
            f"d.rowid = p.rowid WHERE p.rowid IN ({','.join('?' * len(best))})",
            [x[1] for x in best],
        )
    }
    ordered_terms = [t for t, _ in sorted(weights.items(), key=lambda x: (-x[1], x[0]))]
    for s, rowid, _, why in best:
        r, have = full[rowid]
        why["factors"] = sorted({f["kind"] for f in q.get("factors", [])} & {f["kind"] for f in r["factors"]})
        why["terms"] = [t for t in ordered_terms if t in have][:6]
        why["text_score"] = round(text_score.get(rowid, 0.0) / top, 4)
        out.append(
            {
                "id": r["id"],
                "file": r["file"],
                "score": s,
                "why": why,
                "title": r["title"],
                "severity": r["severity"],
                "started": r["times"]["started"],
                "resolution": r["resolution"] or None,
                "prevent_actions": prevent_actions(r, today),
            }
        )
    return out


def _split(s: str | None) -> list[str]:
    return s.split(US) if s else []


def explain(q: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    rel = next((x["relation"] for x in q.get("related", []) if x["id"] == r["id"]), None) or next(
        (x["relation"] for x in r.get("related", []) if x["id"] == q["id"]), None
    )
    return {
        "services": sorted(set(q["services"]) & set(r["services"])),
        "tags": sorted(set(q["tags"]) & set(r["tags"])),
        "trigger_kind": q["trigger_kind"] if q["trigger_kind"] and q["trigger_kind"] == r["trigger_kind"] else None,
        "terms": [],
        "factors": [],
        "related": rel,
    }


def prevent_actions(r: dict[str, Any], today: str | None = None) -> list[dict[str, Any]]:

    today = today or clock.today().isoformat()
    return [
        {
            "title": a["title"],
            "status": a["status"],
            "due": a["due"],
            "owner": a["owner"],
            "overdue": a["status"] in ("open", "in-progress") and bool(a["due"]) and a["due"] < today,
        }
        for a in r["actions"]
        if a["type"] == "prevent"
    ]


def fix_never_done(result: dict[str, Any]) -> bool:
    """Seen before, and the fix was never done: prevent actions exist and none is done."""
    acts = result["prevent_actions"]
    return bool(acts) and not any(a["status"] == "done" for a in acts)


def to_json(results: list[dict[str, Any]], query: dict[str, Any] | None = None) -> str:
    doc: dict[str, Any] = {"similar": results}
    if query is not None:
        doc["query"] = {"id": query["id"], "file": query["file"]}
    return json.dumps(doc, indent=2, ensure_ascii=False)


def seen_before(pm: Any, name: str, k: int = 5) -> tuple[str | None, list[dict[str, Any]]]:
    """For a face showing a draft (the TUI): (the index used, or None when there is none, and the
    draft's top ``k`` earlier incidents). The index is the one of the draft's folder or its parents,
    else of the working directory. Each result also carries the earlier incident's summary."""
    from pathlib import Path

    from commsgen.kb import store
    from commsgen.kb.extract import record

    where = store.find(start=Path(name).resolve().parent) or store.find()
    if where is None:
        return None, []
    con = store.connect(where)
    try:
        rec, texts = record(pm, name)
        try:
            rec["file"] = str(Path(name).resolve().relative_to(store.base_of(where)))
        except ValueError:
            pass
        out = rank_similar(con, rec, texts, k)
        for r in out:
            row = con.execute(
                "SELECT record FROM postmortems WHERE id = ? AND file = ?", (r["id"], r["file"])
            ).fetchone()
            r["summary"] = json.loads(row[0])["summary"] if row else ""
        return str(where), out
    finally:
        con.close()
