"""commsgen search and similar over samples/ (with samples/history): ranked hits on true pairs,
filters, snippets with secrets masked, explanations, contracts of the JSON output."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli, run_cli_inproc
from kb_helpers import copy_samples, index, jrun

SECRET = "ghp_R8x2Kq9LmZ4vT7wY1nB5cD3fH6jP0sA2eG4i"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    folder = copy_samples(tmp_path_factory.mktemp("kb") / "pm")
    leak = folder / "history" / "2026-02-api-key-public-gist.yaml"
    leak.write_text(
        leak.read_text(encoding="utf-8").replace(
            "Gist with the curl command and the key is created.",
            f"Gist with the curl command and the key {SECRET} is created.",
        ),
        encoding="utf-8",
    )
    assert index(folder).returncode == 0
    return folder


def search(kb, *args):
    return jrun("search", *args, "--format", "json", cwd=kb)["hits"]


def similar(kb, *args):
    return jrun("similar", *args, "--format", "json", cwd=kb)["similar"]


def test_search_contract_and_ranking(kb):
    hits = search(kb, "certificate", "expired")
    assert all(set(h) >= {"id", "file", "score", "snippet"} for h in hits)
    ids = [h["id"] for h in hits]
    assert {"INC-2025-0412", "INC-2026-0155", "INC-2026-0139"} <= set(ids[:4])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert all("**" in h["snippet"] for h in hits)
    assert "**certificate**" in hits[0]["snippet"].lower()


def test_every_word_must_occur_and_no_hit_exits_1(kb):
    r = run_cli("search", "certificate", "zzyzxnotaword", cwd=kb)
    assert r.returncode == 1 and r.stdout == "" and "no postmortem matches" in r.stderr


@pytest.mark.parametrize(
    "flag, value, check",
    [
        ("--service", "notify-svc", lambda h: "notify-svc" in h["services"]),
        ("--severity", "SEV1", lambda h: h["severity"] == "SEV1"),
        ("--since", "2026-10-01", lambda h: h["started"] >= "2026-10-01"),
        ("--tag", "sms", lambda h: "sms" in h["tags"]),
    ],
)
def test_filters(kb, flag, value, check):
    everything = search(kb, "customers", "--limit", "50")
    hits = search(kb, "customers", flag, value, "--limit", "50")
    assert hits and len(hits) < len(everything)
    import sqlite3

    con = sqlite3.connect(kb / ".commsgen" / "index.sqlite")
    for h in hits:
        rec = json.loads(con.execute("SELECT record FROM postmortems WHERE id = ?", (h["id"],)).fetchone()[0])
        rec["started"] = rec["times"]["started"]
        assert check(rec), h["id"]


def test_secrets_masked_in_snippets_and_never_stored(kb):
    hits = search(kb, "gist", "curl", "created")
    assert hits[0]["id"] == "INC-2026-0047"
    text = json.dumps(hits)
    assert SECRET not in text
    assert "ghp_R***" in text or "ghp_R*" in text
    for f in (kb / ".commsgen").iterdir():
        assert SECRET.encode() not in f.read_bytes(), f.name


@pytest.mark.parametrize(
    "query, expected",
    [
        ("INC-2026-0142", {"INC-2025-0388", "INC-2026-0098"}),  # the pool pinned by IP, twice before
        ("INC-2026-0160", {"INC-2026-0104"}),  # the SMS provider
        ("INC-2026-0133", {"INC-2026-0072"}),  # identity-svc releases
        ("INC-2026-0163", {"INC-2025-0421"}),  # Black Friday capacity
        ("INC-2026-0155", {"INC-2025-0412"}),  # certificates expiring
    ],
)
def test_similar_finds_the_true_pairs_first(kb, query, expected):
    got = similar(kb, query)
    assert {r["id"] for r in got[: len(expected)]} == expected
    assert query not in {r["id"] for r in got}


def test_similar_explains_each_match(kb):
    got = {r["id"]: r for r in similar(kb, "INC-2026-0142", "-k", "5")}
    old = got["INC-2025-0388"]
    assert set(old) >= {"id", "file", "score", "why", "resolution", "prevent_actions"}
    assert old["why"]["services"] == ["payments-api", "payments-db"]
    assert old["why"]["tags"] == ["area:checkout", "connection-pool", "database", "failover"]
    assert old["why"]["trigger_kind"] == "config-push"
    assert {"payments", "pool", "pinned"} <= set(old["why"]["terms"])
    again = got["INC-2026-0098"]
    assert again["why"]["trigger_kind"] is None  # hardware against config-push
    assert again["why"]["related"] == "similar"  # 0142 lists 0098 as similar
    assert again["prevent_actions"] == [
        {
            "title": "Point the payments pool at the writer endpoint instead of an IP",
            "status": "open",
            "due": "2026-06-15",
            "owner": "Payments SRE",
            "overdue": True,
        }
    ]
    assert "repointed" in again["resolution"]


def test_similar_text_output_says_the_fix_was_never_done(kb):
    r = run_cli_inproc("similar", "INC-2026-0142", cwd=kb)
    assert r.returncode == 0
    block = r.stdout.split("INC-2026-0098", 1)[1].split("\n2. ", 1)[0]
    assert "seen before, and the fix was never done" in r.stdout
    assert (
        "why: services: checkout-web, payments-api, payments-db; tags: area:checkout, connection-pool, database, failover; linked as similar"
        in block
    )


def test_similar_looks_back_unless_all(kb):
    before = {r["id"] for r in similar(kb, "INC-2026-0098", "-k", "10")}
    assert "INC-2025-0388" in before and "INC-2026-0142" not in before
    every = {r["id"] for r in similar(kb, "INC-2026-0098", "-k", "10", "--all")}
    assert "INC-2026-0142" in every and "INC-2026-0098" not in every


def test_similar_for_a_file_being_written(kb, tmp_path):
    draft = tmp_path / "new.yaml"
    draft.write_text(
        (kb / "history" / "2026-11-sms-provider-outage.yaml")
        .read_text(encoding="utf-8")
        .replace("INC-2026-0160", "INC-2026-0999")
        .replace("2026-11-12", "2026-12-06"),
        encoding="utf-8",
    )
    got = similar(kb, str(draft), "-k", "3")
    assert got[0]["id"] == "INC-2026-0160" and len(got) == 3


def test_unknown_target_is_a_user_error(kb):
    r = run_cli("similar", "INC-0000-0000", cwd=kb)
    assert r.returncode == 2 and "neither a file nor the id" in r.stderr
