"""`commsgen batch` against hostile files and folders (issue 13, item 7): one bad file never stops
the others, killed runs leave nothing behind for ever, two runs into one folder never crash."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, cli_env, run_cli

MARKERS = DATA / "render" / "markers.yaml"
ID = "INC-2026-0900"


def _good(folder: Path, n: int = 3) -> list[str]:
    src = MARKERS.read_text()
    ids = [f"INC-2026-{900 + i:04d}" for i in range(n)]
    for i, ident in enumerate(ids):
        (folder / f"good-{i}.yaml").write_text(src.replace(ID, ident))
    return ids


def _batch(inbox: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    r = run_cli("batch", inbox, "--out", out, "--summary", "json", "-a", "engineering", *extra)
    assert "Traceback" not in r.stderr, r.stderr[-3000:]
    return r, json.loads(r.stdout)


def _by_file(summary: dict) -> dict[str, dict]:
    return {Path(x["file"]).name: x for x in summary["results"]}


@pytest.fixture
def inbox(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    return d


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_files_never_stop_the_others(inbox, tmp_path, jobs):
    ids = _good(inbox)
    src = MARKERS.read_text()
    (inbox / "deep.json").write_text('{"x": ' * 1000 + "1" + "}" * 1000)
    (inbox / "deep.yaml").write_text("extra:\n" + "".join("  " * (i + 1) + "x:\n" for i in range(200)) + "   y: 1\n")
    (inbox / "long-id.yaml").write_text(src.replace(ID, "INC-" + "é" * 200))  # 404 bytes as a name
    (inbox / "blank-id.yaml").write_text(src.replace(ID, '"   "'))
    (inbox / "nul-id.yaml").write_text(src.replace(ID, '"INC\\0"'))
    out = tmp_path / "out"
    r, summary = _batch(inbox, out, "--jobs", jobs)
    assert r.returncode == 2
    by = _by_file(summary)
    for i in range(3):
        assert by[f"good-{i}.yaml"]["status"] == "written"
    for bad in ("deep.json", "deep.yaml", "long-id.yaml", "blank-id.yaml", "nul-id.yaml"):
        assert by[bad]["status"] == "invalid" and by[bad]["error"], bad
    assert "255" in by["long-id.yaml"]["error"]
    assert sorted(p.name for p in out.iterdir()) == ids


@pytest.mark.parametrize("kind", ["file", "symlink", "dangling-symlink"])
def test_an_output_name_taken_by_a_file_or_a_link(inbox, tmp_path, kind):
    ids = _good(inbox)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep")
    taken = out / ids[1]
    if kind == "file":
        taken.write_text("a file the user keeps")
    elif kind == "symlink":
        taken.symlink_to(elsewhere)
    else:
        taken.symlink_to(tmp_path / "nowhere")
    r, summary = _batch(inbox, out)
    assert r.returncode == 2
    by = _by_file(summary)
    assert by["good-0.yaml"]["status"] == by["good-2.yaml"]["status"] == "written"
    assert by["good-1.yaml"]["status"] == "invalid" and str(taken) in by["good-1.yaml"]["error"]
    assert (out / ids[0] / "engineering.md").is_file() and (out / ids[2] / "engineering.md").is_file()
    # left exactly as it was: never replaced, never written through
    assert taken.is_symlink() == (kind != "file")
    if kind == "file":
        assert taken.read_text() == "a file the user keeps"
    assert [p.name for p in elsewhere.iterdir()] == ["keep.txt"]
    assert not any(p.name.startswith(".") for p in out.iterdir())


def test_stale_staging_roots_are_cleaned_and_live_ones_kept(inbox, tmp_path):
    _good(inbox, 1)
    out = tmp_path / "out"
    out.mkdir()
    dead = out / ".commsgen-stage-dead"  # a killed run: its lock is held by no one
    (dead / "0000000").mkdir(parents=True)
    (dead / ".lock").write_text("")
    (dead / "0000000" / "engineering.md").write_text("half")
    old = out / ".commsgen-stage-nolock"  # killed before it made its lock, long ago
    old.mkdir()
    os.utime(old, (0, 0))
    live = out / ".commsgen-stage-live"  # a run still going: it holds its lock
    live.mkdir()
    # killed while its staging root was being made (before its lock was taken), over a minute ago
    killed_making = out / ".commsgen-init-killed"
    killed_making.mkdir()
    os.utime(killed_making, (time.time() - 120, time.time() - 120))
    making = out / ".commsgen-init-now"  # a run making its root right now: no lock yet, kept
    making.mkdir()
    fd = os.open(live / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        r, _ = _batch(inbox, out)
        assert r.returncode == 0, r.stderr
        assert not dead.exists() and not old.exists() and live.exists()
        assert not killed_making.exists() and making.exists()
        assert sorted(p.name for p in out.iterdir()) == [".commsgen-init-now", ".commsgen-stage-live", ID]
    finally:
        os.close(fd)


def test_a_staging_root_has_its_lock_before_it_has_its_name(tmp_path, monkeypatch):
    """A run killed at any point leaves no staging root the next run must keep for an hour: under
    the name the next run cleans up by, the root already holds its lock file (the test that kills a
    batch as soon as a staging root appears once saw one without it, under load)."""
    from commsgen import staging

    seen: list[tuple[str, bool]] = []
    real_rename = os.rename

    def watching_rename(src, dst):
        seen.append((Path(src).name, (Path(src) / staging.LOCK).exists()))
        real_rename(src, dst)
        seen.append((Path(dst).name, (Path(dst) / staging.LOCK).exists()))

    with monkeypatch.context() as m:
        m.setattr(staging.os, "rename", watching_rename)
        root = staging.StagingRoot(tmp_path)
    try:
        assert [(n.split("-")[1], has) for n, has in seen] == [("init", True), ("stage", True)]
        assert root.path.name.startswith(staging.PREFIX) and root.path.is_dir()
        assert [p.name for p in tmp_path.iterdir()] == [root.path.name]
        assert not staging.clean_stale(tmp_path)  # a live root is never taken for a killed one
    finally:
        root.close()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_killed_batch_is_cleaned_up_by_the_next(inbox, tmp_path):
    _good(inbox, 40)
    out = tmp_path / "out"
    p = subprocess.Popen(
        [sys.executable, "-m", "commsgen", "batch", str(inbox), "--out", str(out), "-j", "1"],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        if out.exists() and any(x.name.startswith(".commsgen-stage-") for x in out.iterdir()):
            break
        if p.poll() is not None:
            break
        time.sleep(0.01)
    p.kill()
    p.wait()
    r, summary = _batch(inbox, out)
    assert r.returncode == 0 and summary["totals"]["written"] == 40
    assert not any(x.name.startswith(".") for x in out.iterdir())


@pytest.mark.slow
def test_two_batches_into_one_folder(inbox, tmp_path):
    ids = _good(inbox, 30)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "commsgen",
        "batch",
        str(inbox),
        "--out",
        str(out),
        "--summary",
        "json",
        "-a",
        "engineering,customer",
    ]
    procs = [
        subprocess.Popen(cmd + ["-j", j], env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for j in ("1", "2")
    ]
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-3000:]
        assert json.loads(stdout)["totals"]["written"] == 30
    assert sorted(p.name for p in out.iterdir()) == ids
    for ident in ids:
        assert sorted(p.name for p in (out / ident).iterdir()) == ["customer.md", "engineering.md"]


def test_a_bug_on_one_file_is_that_files_error(inbox, tmp_path, monkeypatch):
    """In process (a bug cannot be caused from outside): the other files are written, the run
    ends with exit 3, and the summary says which file met it."""
    from commsgen import batch, produce
    from commsgen.config import Config

    ids = _good(inbox)
    real = produce.produce

    def buggy(loaded, *args, **kwargs):
        if loaded.postmortem.id == ids[1]:
            raise RuntimeError("boom")
        return real(loaded, *args, **kwargs)

    monkeypatch.setattr(produce, "produce", buggy)
    out = tmp_path / "out"
    results = batch.run([str(inbox)], out, Config.default(), [("engineering", "md")], jobs=1)
    by = {Path(r.file).name: r for r in results}
    assert by["good-1.yaml"].internal and "RuntimeError: boom" in by["good-1.yaml"].error
    assert by["good-0.yaml"].status == by["good-2.yaml"].status == "written"
    assert batch.batch_exit_code(results) == 3
    assert sorted(p.name for p in out.iterdir()) == [ids[0], ids[2]]


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_workers_are_spawned_while_a_thread_runs(inbox, tmp_path, monkeypatch):
    """batch forks only from a single-threaded process: with a thread running, its workers are
    spawned afresh, and the outputs are those of a run in one process."""
    import multiprocessing
    import threading

    from commsgen import batch
    from commsgen.config import Config

    asked: list[str | None] = []
    real = multiprocessing.get_context

    def get_context(method=None):
        asked.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", get_context)

    _good(inbox, 4)
    (inbox / "bad.yaml").write_text("a: [1\n")
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    try:
        threaded = batch.run([str(inbox)], tmp_path / "threaded", Config.default(), [("status", "txt")], jobs=2)
    finally:
        stop.set()
        waiting.join()
    alone = batch.run([str(inbox)], tmp_path / "alone", Config.default(), [("status", "txt")], jobs=1)
    assert asked == ["spawn"]
    assert [r.public() for r in threaded] == [r.public() for r in alone]
    assert _tree(tmp_path / "threaded") == _tree(tmp_path / "alone") != {}


@pytest.mark.parametrize("victim", [1, 5, 11])
def test_a_worker_that_dies_does_not_end_the_run(inbox, tmp_path, monkeypatch, victim):
    """A worker killed mid-file (out of memory, a crash in a C library: here ``os._exit`` in the
    forked worker, inherited through the monkeypatch) breaks the pool; the files it had not reported
    are then done in this process, and the run's results and outputs are those of ``--jobs 1``, with
    nothing the dead worker half-wrote left in an output."""
    import multiprocessing

    from commsgen import batch
    from commsgen.config import Config

    ids = _good(inbox, 12)
    real = batch._process

    def dying(index, path, res):
        if multiprocessing.parent_process() is not None and path.endswith(f"good-{victim}.yaml"):
            stage = Path(batch._STATE["stage_root"]) / f"{index:07d}"
            stage.mkdir(parents=True, exist_ok=True)
            (stage / "status.txt").write_text("half-writ")  # a crash mid-write: not an output of this run
            os._exit(9)
        return real(index, path, res)

    monkeypatch.setattr(batch, "_process", dying)
    outputs = [("engineering", "md"), ("customer", "md")]
    died = batch.run([str(inbox)], tmp_path / "died", Config.default(), outputs, jobs=2)
    alone = batch.run([str(inbox)], tmp_path / "alone", Config.default(), outputs, jobs=1)
    assert [r.public() for r in died] == [r.public() for r in alone]
    assert all(r.status == "written" for r in died) and len(died) == 12
    assert _tree(tmp_path / "died") == _tree(tmp_path / "alone")
    assert sorted(p.name for p in (tmp_path / "died").iterdir()) == sorted(ids)
