"""The index's own postings and ``similar``'s pruned top-k BM25 (commsgen/kb/postings.py, topk.py).

Generated corpora (Zipf-like vocabularies, documents of varied lengths and repetitions, rowids spread
over several blocks, identical documents for ties): the pruned top k equals exhaustive scoring, and
both equal FTS5's own ``bm25()`` ranking (same rowids, same floating-point scores, ties by rowid),
for queries of 1 to 14 terms and k from 1 to more than the matches. Postings kept up to date through
removals and re-additions equal those of a fresh build; ``index.update`` of named files leaves the
same index as a full run.
"""

from __future__ import annotations

import random
import sqlite3
from array import array
from pathlib import Path

import pytest

from commsgen.kb import postings, rank, store, topk
from kb_helpers import copy_samples

WORDS = [f"w{i}" for i in range(80)]


def _text(rnd: random.Random, n: int) -> str:
    # Zipf-like: low-numbered words are common; some words repeat (f above and below the split)
    return " ".join(WORDS[min(int(rnd.paretovariate(0.9)) - 1, len(WORDS) - 1)] for _ in range(n))


def _doc(rnd: random.Random) -> tuple[str, str, str, str]:
    return (_text(rnd, rnd.randint(0, 6)), _text(rnd, rnd.randint(0, 12)), _text(rnd, rnd.randint(0, 10)),
            _text(rnd, rnd.randint(1, 60)))  # fmt: skip


class Corpus:
    """An index's text tables written directly: docs, FTS5 (when there is one), df, postings, meta."""

    def __init__(self, path: Path, fts5: bool) -> None:
        self.con = store.connect(path, write=True)
        store.create(self.con, fts5)
        self.fts5 = fts5
        self.docs: dict[int, tuple[str, ...]] = {}

    def apply(self, adds: dict[int, tuple[str, ...]], drops: list[int]) -> None:
        from collections import Counter

        from commsgen.kb.index import _flush_df

        con, post, df = self.con, postings.Writer(self.con), Counter[str]()
        con.execute("BEGIN")
        for rowid in drops:
            old = self.docs.pop(rowid)
            df.subtract(post.drop(rowid, old))
            if self.fts5:
                con.execute("INSERT INTO fts(fts, rowid, title, summary, cause, body) VALUES ('delete', ?, ?, ?, ?, ?)",
                            (rowid, *old))  # fmt: skip
            con.execute("DELETE FROM docs WHERE rowid = ?", (rowid,))
        for rowid, values in adds.items():
            self.docs[rowid] = values
            con.execute("INSERT INTO docs(rowid, title, summary, cause, body) VALUES (?, ?, ?, ?, ?)", (rowid, *values))
            if self.fts5:
                con.execute("INSERT INTO fts(rowid, title, summary, cause, body) VALUES (?, ?, ?, ?, ?)",
                            (rowid, *values))  # fmt: skip
            df.update(post.add(rowid, values))
        _flush_df(con, df, post)
        store.set_meta(con, "docs", str(int(store.meta(con, "docs") or 0) + post.docs))
        con.execute("COMMIT")


def _corpus(tmp_path: Path, seed: int, fts5: bool = True) -> tuple[Corpus, random.Random]:
    rnd = random.Random(seed)
    c = Corpus(tmp_path / f"c{seed}-{fts5}.sqlite", fts5)
    n = rnd.choice([30, 150, 400])
    spread = rnd.choice([1, 7, 53])  # rowids over one block or many
    docs = {}
    for i in range(n):
        docs[1 + i * spread] = _doc(rnd)
    for rowid in rnd.sample(sorted(docs), k=n // 10):  # identical documents: equal scores, ties by rowid
        docs[rowid + 1] = docs[rowid] if rowid + 1 not in docs else docs[rowid + 1]
    c.apply(docs, [])
    return c, rnd


def _queries(rnd: random.Random) -> list[list[str]]:
    qs = [rnd.sample(WORDS, k=rnd.randint(1, 14)) for _ in range(25)]
    qs.append(["absentword", *rnd.sample(WORDS, k=3)])
    qs.append(WORDS[:12])  # the commonest words: nearly every document matches
    return qs


@pytest.mark.parametrize("seed", range(8))
def test_pruned_top_k_is_exhaustive_scoring_and_fts5_bm25(tmp_path, seed):
    c, rnd = _corpus(tmp_path, seed)
    for terms in _queries(rnd):
        for k in (1, 5, 100, 10_000):
            got = topk.top(c.con, terms, k)
            assert got == topk.exhaustive(c.con, terms, k), (terms, k)
            assert got == rank.rank(c.con, terms, any_term=True, limit=k), (terms, k)  # FTS5: same floats


@pytest.mark.parametrize("seed", range(4))
def test_postings_kept_through_changes_equal_a_fresh_build(tmp_path, seed):
    c, rnd = _corpus(tmp_path, 100 + seed)
    for _ in range(4):  # remove some documents, change some (removed and given again), add some
        rowids = sorted(c.docs)
        drops = rnd.sample(rowids, k=len(rowids) // 5)
        adds = {r: _doc(rnd) for r in drops[: len(drops) // 2]}
        top_id = max(rowids)
        adds.update({top_id + 1 + i * rnd.choice([1, 4096]): _doc(rnd) for i in range(rnd.randint(0, 20))})
        c.apply(adds, drops)
    fresh = Corpus(tmp_path / "fresh.sqlite", True)
    fresh.apply(dict(c.docs), [])

    def content(con: sqlite3.Connection):
        rows = con.execute("SELECT term, blk, offs, fs, bits, hi FROM tblk ORDER BY term, blk").fetchall()
        lens = {}
        for blk, raw in con.execute("SELECT blk, lens FROM dlen"):
            a = array("I")
            a.frombytes(raw)
            lens.update((blk * postings.BLOCK + i, n) for i, n in enumerate(a) if n)
        df = con.execute("SELECT term, n FROM df ORDER BY term").fetchall()
        return rows, lens, df, store.meta(con, "docs"), store.meta(con, "tokens")

    assert content(c.con) == content(fresh.con)
    for terms in _queries(rnd):
        assert topk.top(c.con, terms, 20) == rank.rank(fresh.con, terms, any_term=True, limit=20)
        assert topk.top(c.con, terms, 20) == rank.rank(c.con, terms, any_term=True, limit=20)


def test_same_results_without_fts5(tmp_path):
    """The postings are kept with or without FTS5: the top k is the same either way."""
    a, rnd = _corpus(tmp_path, 7, fts5=True)
    b = Corpus(tmp_path / "nofts.sqlite", False)
    b.apply(dict(a.docs), [])
    for terms in _queries(rnd):
        assert topk.top(a.con, terms, 10) == topk.top(b.con, terms, 10)


def test_update_of_named_files_equals_a_full_run(tmp_path):
    """``index.update(files)``: a changed, a new and a deleted file named, and an unchanged one; the
    index is then the same as after a full run over the same files."""
    from commsgen.kb import index as kbindex

    one, two = copy_samples(tmp_path / "one"), copy_samples(tmp_path / "two")
    for d in (one, two):
        kbindex.run([], d / ".commsgen" / "index.sqlite")
    changed = "history/2026-06-sms-provider-change.yaml"
    gone = "history/2026-02-api-key-public-gist.yaml"
    new = "history/copy-of-capacity.yaml"
    for d in (one, two):
        f = d / changed
        f.write_text(f.read_text(encoding="utf-8").replace("rate limits", "rate limits zanzibarquota"), "utf-8")
        (d / gone).unlink()
        src = next((d / "history").glob("*black-friday*"))
        text = src.read_text(encoding="utf-8")
        (d / new).write_text(text.replace(text.split("id:", 1)[1].split()[0], "INC-2026-9999", 1), "utf-8")
    rep = kbindex.update([str(one / p) for p in (changed, gone, new, "history/2026-02-api-key-public-gist.yml")]
                         + [str(one / "outage-checkout-failover.yaml")], one / ".commsgen" / "index.sqlite")  # fmt: skip
    assert (rep.changed, rep.added, rep.removed, rep.unchanged) == ([changed], [new], [gone], 1)
    full = kbindex.run([], two / ".commsgen" / "index.sqlite")
    assert (full.changed, full.added, full.removed) == ([changed], [new], [gone])

    def content(d: Path):
        con = sqlite3.connect(d / ".commsgen" / "index.sqlite")
        return (
            con.execute("SELECT id, file, title, severity, started FROM postmortems ORDER BY file").fetchall(),
            con.execute("SELECT term, n FROM df ORDER BY term").fetchall(),
            con.execute("SELECT key, value FROM meta ORDER BY key").fetchall(),
            con.execute("SELECT path, size, hash FROM files ORDER BY path").fetchall(),
        )

    assert content(one) == content(two)
    from commsgen.kb.similar import similar

    a = similar(store.connect(one / ".commsgen" / "index.sqlite"), "INC-2026-0142", 5, today="2026-12-31")[1]
    b = similar(store.connect(two / ".commsgen" / "index.sqlite"), "INC-2026-0142", 5, today="2026-12-31")[1]
    assert a == b and a


def test_index_only_the_named_files_from_the_cli(tmp_path):
    """``commsgen index --only FILE...``: the files that changed (edited, new, deleted) and nothing else;
    a folder is a user error (exit 2)."""
    import json

    from conftest import run_cli, run_cli_inproc

    corpus = copy_samples(tmp_path / "pm")
    assert run_cli("index", cwd=corpus).returncode == 0
    edited = corpus / "history" / "2026-06-sms-provider-change.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("rate limits", "rate limits qwertyquota"), "utf-8")
    (corpus / "history" / "2026-02-api-key-public-gist.yaml").unlink()
    r = run_cli_inproc("index", "--only", "history/2026-06-sms-provider-change.yaml",
                "history/2026-02-api-key-public-gist.yaml", "--format", "json", cwd=corpus)  # fmt: skip
    rep = json.loads(r.stdout)
    assert (rep["changed"], rep["removed"], rep["added"], rep["postmortems"]) == (
        ["history/2026-06-sms-provider-change.yaml"], ["history/2026-02-api-key-public-gist.yaml"], [], 19)  # fmt: skip
    hits = json.loads(run_cli_inproc("search", "qwertyquota", "--format", "json", cwd=corpus).stdout)["hits"]
    assert [h["id"] for h in hits] == ["INC-2026-0104"]
    r = run_cli_inproc("index", "--only", "history", cwd=corpus)
    assert r.returncode == 2 and "name the files" in r.stderr and "Traceback" not in r.stderr
    assert run_cli("index", "--only", cwd=corpus).returncode == 2
