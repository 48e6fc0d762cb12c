"""commsgen index: incremental on path, size, mtime and content hash; invalid files listed and never
fatal; WAL mode; the FTS5-less fallback; where the index is found."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from conftest import cli_env, run_cli, run_cli_inproc
from kb_helpers import copy_samples, index


def _report(r) -> dict:
    assert r.returncode == 0, r.stdout + r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def corpus(tmp_path):
    return copy_samples(tmp_path / "pm")


@pytest.mark.slow
def test_cold_then_warm_then_each_kind_of_change(corpus):
    """The first run is the program's (a subprocess); the steps after it check what the index holds
    and run the same command lines in process."""
    first = _report(index(corpus, "--format", "json"))
    assert len(first["added"]) == 20 and first["postmortems"] == 20 and first["invalid"] == []
    assert (corpus / ".commsgen" / "index.sqlite").is_file()  # created in the working directory
    assert _report(index(corpus, "--format", "json", inproc=True))["unchanged"] == 20

    # touched (mtime only): re-hashed, not re-indexed
    f = corpus / "history" / "2026-06-sms-provider-change.yaml"
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    rep = _report(index(corpus, "--format", "json", inproc=True))
    assert rep["changed"] == [] and rep["unchanged"] == 20

    # modified: re-indexed, and its new words are searchable
    f.write_text(f.read_text(encoding="utf-8").replace("rate limits", "rate limits zanzibarquota"), encoding="utf-8")
    rep = _report(index(corpus, "--format", "json", inproc=True))
    assert rep["changed"] == ["history/2026-06-sms-provider-change.yaml"] and rep["added"] == []
    hits = json.loads(run_cli_inproc("search", "zanzibarquota", "--format", "json", cwd=corpus).stdout)["hits"]
    assert [h["id"] for h in hits] == ["INC-2026-0104"]

    # deleted: removed from every table
    (corpus / "history" / "2026-02-api-key-public-gist.yaml").unlink()
    rep = _report(index(corpus, "--format", "json", inproc=True))
    assert rep["removed"] == ["history/2026-02-api-key-public-gist.yaml"] and rep["postmortems"] == 19
    con = sqlite3.connect(corpus / ".commsgen" / "index.sqlite")
    assert con.execute("SELECT count(*) FROM postmortems WHERE id = 'INC-2026-0047'").fetchone() == (0,)
    for table in ("services", "tags", "factors", "actions", "events", "docs"):
        orphans = con.execute(
            f"SELECT count(*) FROM {table} WHERE "
            f"{'rowid' if table == 'docs' else 'pm'} NOT IN (SELECT rowid FROM postmortems)"
        ).fetchone()
        assert orphans == (0,), table
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)

    # invalid: listed with file, line and field; the rest is indexed; a fix re-indexes it
    bad = corpus / "history" / "2026-13-broken.yaml"
    bad.write_text(
        (corpus / "outage-checkout-failover.yaml")
        .read_text(encoding="utf-8")
        .replace("severity: SEV2", "severity: SEV9")
        .replace("INC-2026-0142", "INC-2026-0999"),
        encoding="utf-8",
    )
    r = index(corpus, inproc=True)
    assert r.returncode == 0
    assert "invalid  history/2026-13-broken.yaml, line 9, field `severity`" in r.stdout
    rep = _report(index(corpus, "--format", "json", inproc=True))
    assert [p["file"] for p in rep["invalid"]] == ["history/2026-13-broken.yaml"]  # still listed, not re-read
    bad.write_text(bad.read_text(encoding="utf-8").replace("SEV9", "SEV3"), encoding="utf-8")
    rep = _report(index(corpus, "--format", "json", inproc=True))
    assert rep["changed"] == ["history/2026-13-broken.yaml"] and rep["invalid"] == [] and rep["postmortems"] == 20

    # the document frequencies kept as files come and go equal those counted afresh
    from collections import Counter

    from commsgen.kb.text import tokens

    con = sqlite3.connect(corpus / ".commsgen" / "index.sqlite")
    want: Counter[str] = Counter()
    for row in con.execute("SELECT title, summary, cause, body FROM docs"):
        want.update(set(tokens(" ".join(row))))
    assert dict(con.execute("SELECT term, n FROM df")) == dict(want)


def test_rebuild_and_paths_and_parent_lookup(corpus):
    sub = corpus / "history"
    rep = _report(index(corpus, "history", "--format", "json"))
    assert rep["postmortems"] == 16
    # the next run without PATHS keeps the previous run's paths
    assert _report(index(corpus, "--format", "json"))["unchanged"] == 16
    # commands in a sub-folder find the index of the nearest parent
    r = run_cli_inproc("search", "certificate", "--format", "json", cwd=sub)
    assert r.returncode == 0 and json.loads(r.stdout)["hits"]
    rep = _report(index(corpus, ".", "--rebuild", "--format", "json"))
    assert len(rep["added"]) == 20 and rep["changed"] == []


def test_no_index_is_a_clear_user_error(tmp_path):
    r = run_cli("search", "anything", cwd=tmp_path)
    assert r.returncode == 2
    assert "no knowledge-base index found" in r.stderr and "commsgen index" in r.stderr
    assert "Traceback" not in r.stderr


def test_explicit_index_path(corpus, tmp_path):
    where = tmp_path / "elsewhere" / "kb.sqlite"
    rep = _report(index(corpus, "--index", str(where), str(corpus), "--format", "json"))
    assert rep["postmortems"] == 20 and where.is_file()
    r = run_cli_inproc("similar", "INC-2026-0142", "--index", str(where), "--format", "json", cwd=tmp_path)
    assert r.returncode == 0 and json.loads(r.stdout)["similar"]


@pytest.mark.slow
def test_bm25_fallback_without_fts5_ranks_like_fts5(corpus):
    """Forced with COMMSGEN_KB_NO_FTS5: the index says so once, and the in-process BM25 (same formula)
    gives the same hits in the same order with the same scores. Indexing runs the program; the
    searches compared run in process."""
    fts = _report(index(corpus, "--format", "json"))
    assert fts["search"] == "fts5"
    sim_fts = json.loads(run_cli_inproc("similar", "INC-2026-0142", "--format", "json", cwd=corpus).stdout)["similar"]
    queries = ["payments pool", "certificate expired", "sign-in release", "sms provider"]
    with_fts = [json.loads(run_cli_inproc("search", q, "--format", "json", cwd=corpus).stdout)["hits"] for q in queries]
    env = cli_env(COMMSGEN_KB_NO_FTS5="1")
    r = index(corpus, env=env)
    assert r.returncode == 0 and r.stderr.count("has no FTS5") == 1
    con = sqlite3.connect(corpus / ".commsgen" / "index.sqlite")
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fts'").fetchone() == (0,)
    without = [
        json.loads(run_cli_inproc("search", q, "--format", "json", cwd=corpus, env=env).stdout)["hits"] for q in queries
    ]
    for a, b in zip(with_fts, without):
        assert [h["id"] for h in a] == [h["id"] for h in b]
        assert [h["score"] for h in a] == pytest.approx([h["score"] for h in b], rel=1e-3)
    sim = json.loads(run_cli_inproc("similar", "INC-2026-0142", "--format", "json", cwd=corpus, env=env).stdout)[
        "similar"
    ]
    assert [(r["id"], r["score"], r["why"]) for r in sim] == [(r["id"], r["score"], r["why"]) for r in sim_fts]
    assert {r["id"] for r in sim[:2]} == {"INC-2025-0388", "INC-2026-0098"}


def test_listing_keys_for_every_kind_of_path(corpus, tmp_path):
    """Keys are paths relative to the index's folder, whatever the PATH: that folder, a folder inside
    it, a folder outside it, a glob, overlapping PATHs (first one wins); folder by folder in name
    order; only the files whose (key, size, mtime) the index does not hold are fresh."""
    from commsgen.kb.index import listing

    outside = tmp_path / "outside"
    (outside / "b").mkdir(parents=True)
    (outside / "b" / "z.yaml").write_text("x", encoding="utf-8")
    (outside / "a.json").write_text("{}", encoding="utf-8")
    (outside / ".hidden.yaml").write_text("x", encoding="utf-8")
    (outside / "notes.txt").write_text("x", encoding="utf-8")
    base = corpus.resolve()
    whole = listing([str(base)], base, set())
    assert len(whole.keys) == 20 and whole.keys == [k for k, _, _, _ in whole.fresh]
    assert "history/2026-06-sms-provider-change.yaml" in whole.keys
    assert whole.keys.index("history/2026-06-sms-provider-change.yaml") < whole.keys.index(
        "outage-checkout-failover.yaml"
    )  # "history" sorts before "outage..."
    assert listing([str(base / "history")], base, set()).keys == [k for k in whole.keys if k.startswith("history/")]
    rel = os.path.relpath(outside.resolve(), base)
    assert listing([str(outside)], base, set()).keys == [f"{rel}/a.json", f"{rel}/b/z.yaml"]
    assert listing([str(outside / "b" / "*.yaml")], base, set()).keys == [f"{rel}/b/z.yaml"]
    both = listing([str(outside / "b"), str(outside)], base, set())
    assert both.keys == [f"{rel}/b/z.yaml", f"{rel}/a.json"]
    st = (outside / "a.json").stat()
    known = {(f"{rel}/a.json", st.st_size, st.st_mtime_ns)}
    assert [f[0] for f in listing([str(outside)], base, known).fresh] == [f"{rel}/b/z.yaml"]
