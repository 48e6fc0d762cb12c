"""`commsgen batch`: real subprocess runs over a folder of valid, invalid and refused files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from commsgen import batch
from commsgen.batch import collect, select_outputs
from conftest import DATA, run_cli

MARKERS = DATA / "render" / "markers.yaml"


@pytest.fixture
def inbox(tmp_path) -> Path:
    src = MARKERS.read_text()
    d = tmp_path / "in"
    (d / "nested").mkdir(parents=True)
    (d / "ok.yaml").write_text(src)
    (d / "nested" / "ok2.yml").write_text(src.replace("INC-2026-0900", "INC-2026-0901"))
    sec = src.replace("INC-2026-0900", "INC-2026-0902").replace("event_type: outage", "event_type: security")
    sec += "security:\n  vulnerability_exposed: true\n  disclosure: {decision: pending}\n"
    (d / "pending.yaml").write_text(sec)
    (d / "broken.yaml").write_text("format: commsgen/postmortem/v1\nid: [\n")
    (d / "notes.txt").write_text("not a postmortem")
    (d / ".hidden").mkdir()
    (d / ".hidden" / "x.yaml").write_text("nope: [")
    return d


def _run(inbox: Path, out: Path, *extra: str):
    r = run_cli("batch", inbox, "--out", out, "--summary", "json", "-a", "engineering,customer", *extra)
    return r, json.loads(r.stdout)


def test_batch_mixed_folder(inbox, tmp_path):
    out = tmp_path / "out"
    r, summary = _run(inbox, out)
    assert r.returncode == 2, r.stderr  # some input invalid
    by_file = {Path(x["file"]).name: x for x in summary["results"]}
    assert set(by_file) == {"ok.yaml", "ok2.yml", "pending.yaml", "broken.yaml"}
    assert by_file["ok.yaml"]["status"] == "written"
    assert by_file["ok.yaml"]["written"] == ["engineering.md", "customer.md"]
    assert by_file["pending.yaml"]["status"] == "refused"
    assert "pending" in by_file["pending.yaml"]["refused"]["customer.md"]
    assert by_file["broken.yaml"]["status"] == "invalid"
    assert "broken.yaml, line" in by_file["broken.yaml"]["error"]
    assert summary["totals"] == {"written": 2, "refused": 1, "invalid": 1}
    assert sorted(p.name for p in out.iterdir()) == ["INC-2026-0900", "INC-2026-0901", "INC-2026-0902"]
    assert sorted(p.name for p in (out / "INC-2026-0902").iterdir()) == ["engineering.md"]
    eng = (out / "INC-2026-0900" / "engineering.md").read_text()
    assert eng.startswith("# INC-2026-0900")
    assert "MKR-SUMMARY" not in (out / "INC-2026-0900" / "customer.md").read_text()


def test_batch_refused_only_exits_1(inbox, tmp_path):
    (inbox / "broken.yaml").unlink()
    r, summary = _run(inbox, tmp_path / "out", "--jobs", "1")
    assert r.returncode == 1
    assert summary["totals"]["invalid"] == 0


def test_batch_all_written_exits_0(inbox, tmp_path):
    for name in ("broken.yaml", "pending.yaml"):
        (inbox / name).unlink()
    r, summary = _run(inbox, tmp_path / "out")
    assert r.returncode == 0 and summary["totals"] == {"written": 2, "refused": 0, "invalid": 0}


def test_rerun_replaces_without_stale_files(inbox, tmp_path):
    out = tmp_path / "out"
    _run(inbox, out)
    stale = out / "INC-2026-0900" / "old-output.md"
    stale.write_text("stale")
    r = run_cli("batch", inbox / "ok.yaml", "--out", out, "-a", "customer", "--summary", "json")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (out / "INC-2026-0900").iterdir()) == ["customer.md"]
    assert not any(p.name.startswith(".") for p in out.iterdir())  # no staging left behind


def test_duplicate_id_is_an_error_for_the_later_file(inbox, tmp_path):
    shutil.copy(inbox / "ok.yaml", inbox / "zz-copy.yaml")
    r, summary = _run(inbox, tmp_path / "out")
    by_file = {Path(x["file"]).name: x for x in summary["results"]}
    assert by_file["ok.yaml"]["status"] == "written"
    assert by_file["zz-copy.yaml"]["status"] == "invalid"
    assert "duplicate id `INC-2026-0900`" in by_file["zz-copy.yaml"]["error"]


def test_table_summary_and_no_progress_bar_when_not_a_terminal(inbox, tmp_path):
    r = run_cli("batch", inbox, "--out", tmp_path / "out", "-a", "customer")
    assert "broken.yaml" in r.stdout and "invalid" in r.stdout
    assert "rendering" not in r.stderr  # the progress bar stays quiet off a terminal
    assert "Traceback" not in r.stderr


def test_globs_and_missing_paths(inbox, tmp_path):
    files = collect([str(inbox / "*.yaml")])
    assert sorted(p.name for p in files) == ["broken.yaml", "ok.yaml", "pending.yaml"]
    r = run_cli("batch", tmp_path / "nothing-here", "--out", tmp_path / "o", "-a", "customer", "--summary", "json")
    assert r.returncode == 2


def test_output_selection():
    assert select_outputs([], []) == [
        ("engineering", "md"),
        ("executive", "pdf"),
        ("customer", "md"),
        ("status", "txt"),
        ("status", "json"),
    ]
    assert select_outputs(["status"], ["txt"]) == [("status", "txt")]
    assert select_outputs(["customer"], []) == [("customer", "md")]


@pytest.mark.parametrize(
    "result",
    [
        batch.Result(file="a.yaml", id="INC-1", written=["status.txt"], staging="/x/0000001"),
        batch.Result(file="b.yaml", id="INC-2", refused={"status.txt": "1 blocking finding"}, warnings=["w"]),
        batch.Result(file="c.yaml", error="c.yaml: bad", internal=True),
    ],
)
def test_summary_record_is_the_result_less_its_private_fields(result):
    from dataclasses import asdict

    want = {k: v for k, v in asdict(result).items() if k not in ("staging", "internal")} | {"status": result.status}
    got = result.public()
    assert got == want and list(got) == list(want)
    got["written"].append("x")  # a copy: the result is untouched
    assert "x" not in result.written


@pytest.mark.parametrize("files", [2, 3, 10, 17, 24, 100, 301, 1000, 5000])
@pytest.mark.parametrize("jobs", [1, 2, 4])
def test_chunks_hand_out_every_file_once_in_order_and_end_small(files, jobs):
    parts = batch.chunks(1, files, jobs)
    assert [i for a, b in parts for i in range(a, b)] == list(range(1, files))
    sizes = [b - a for a, b in parts]
    assert all(1 <= s <= batch.MAX_CHUNK for s in sizes)
    assert sizes == sorted(sizes, reverse=True)  # large first, then smaller
    assert sizes[-1] == 1  # the workers finish within a file of each other
    if files - 1 < jobs * 16:  # few files (PDFs are slow): one at a time, as before
        assert set(sizes) == {1}


def _collect_by_rglob(paths: list[str]) -> list[Path]:
    """``collect`` as it was written before its folder walk (``sorted(rglob)``, ``resolve`` per file)."""
    out: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        if p.resolve() not in seen:
            seen.add(p.resolve())
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and f.suffix.lower() in batch.SUFFIXES and not any(x.startswith(".") for x in rel):
                    add(f)
        elif p.exists():
            add(p)
    return out


def test_collect_walks_folders_as_sorted_rglob_did(tmp_path, monkeypatch):
    """Every kind of entry a folder can hold: nested and hidden folders, every suffix and case,
    names that sort around a folder's name, links to files (in and out of the tree, broken, to a
    file found twice) and to folders (not entered), a folder named like a postmortem, a FIFO."""
    import os

    root = tmp_path / "in"
    for rel in [
        "a.yaml",
        "a/x.yml",
        "a/b/c.JSON",
        "a-b.yaml",
        "a.b/y.yaml",
        "A.yaml",
        "z.Yaml",
        "x.txt",
        "x.",
        ".hidden.yaml",
        ".h/in.yaml",
        "d.yaml/inner.json",
        "deep/er/and/deeper.yml",
        "sp ace.yaml",
    ]:
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("id: x\n")
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: o\n")
    (root / "link-out.yaml").symlink_to(outside)
    (root / "link-in.yaml").symlink_to(root / "a.yaml")  # the same file twice: kept once, first found
    (root / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    (root / "linked-dir").symlink_to(root / "a", target_is_directory=True)  # not entered
    (root / "linked-dir.yaml").symlink_to(root / "a", target_is_directory=True)
    os.mkfifo(root / "fifo.yaml")
    (tmp_path / "via").symlink_to(root, target_is_directory=True)  # the folder itself through a link
    monkeypatch.chdir(tmp_path)  # and a relative path
    for args in (
        [str(root)],
        [str(tmp_path / "via")],
        [str(root), str(root / "a.yaml"), str(outside)],
        [str(root / "a.yaml"), str(tmp_path / "via")],
        ["in"],
    ):
        assert collect(args) == _collect_by_rglob(args), args
    assert len(collect([str(root)])) == 11
