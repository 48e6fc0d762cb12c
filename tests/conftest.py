"""Shared test fixtures.

Every test runs with ``COMMSGEN_CONFIG`` pointing at an empty config in a temporary folder, so a
developer's own commsgen.toml never leaks into a test. ``cli`` runs the real command line in a
subprocess (``python -m commsgen``) against this checkout; ``cli_inproc`` runs the same command
line inside the test process (see ``run_cli_inproc`` for when each is used).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    empty = tmp_path_factory.getbasetemp() / "empty-commsgen.toml"
    if not empty.exists():
        empty.write_text("", encoding="utf-8")
    monkeypatch.setenv("COMMSGEN_CONFIG", str(empty))
    # compiled-template cache in a folder of the test run, never the developer's own
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("NO_COLOR", "1")
    env.update(extra)
    return env


def run_cli(
    *args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "commsgen", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        input=input,
        env=env or cli_env(),
        timeout=timeout,
    )


def run_cli_inproc(
    *args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """The command line run inside this process: ``commsgen.entry.main(argv)``, the function
    ``python -m commsgen`` calls, with its own stdin, stdout, stderr, environment and working folder,
    all put back afterwards. Returns what ``run_cli`` returns (exit code, stdout, stderr).

    For tests of what a command finds, prints or writes, where the interpreter's start-up (half a
    second per run) would be most of the test's time. Whatever is about the program itself stays
    on ``run_cli``: exit paths and tracebacks, signals, entry points, the network, atomic writes
    when the process dies, ``batch`` (it forks workers), PDF renders (a child process), usage text
    (click names the program after ``sys.argv``). Every subcommand and every exit code keeps at
    least one ``run_cli`` test. ``timeout`` is accepted for the same signature and not applied."""
    from commsgen.entry import main

    argv = [str(a) for a in args]
    new_env = env if env is not None else cli_env()
    saved_env, saved_cwd, saved_umask = dict(os.environ), os.getcwd(), os.umask(0o022)
    os.umask(saved_umask)
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    code: int = 0
    try:
        os.environ.clear()
        os.environ.update(new_env)
        os.chdir(cwd or ROOT)
        sys.stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
        sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
        try:
            main(argv)
        except SystemExit as e:
            if e.code is None or isinstance(e.code, int):
                code = e.code or 0
            else:  # sys.exit("message"), as the interpreter prints it
                sys.stderr.write(f"{e.code}\n")
                code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        assert os.umask(saved_umask) == saved_umask, "the command changed the umask"
    return subprocess.CompletedProcess(["commsgen", *argv], code, stdout, stderr)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def cli_inproc():
    return run_cli_inproc


@pytest.fixture
def sample_config() -> Path:
    return SAMPLES / "commsgen.toml"


def pytest_collection_modifyitems(config, items):
    """The tests marked ``slow`` run first, in their collection order, then the others in theirs.
    ``make test`` hands tests to its workers with xdist's ``worksteal``: a worker that runs out
    takes half of another's queue, so what is left at the end is small tests, and neither worker
    waits for the other through a long one (with the collection order, a file of TUI or PDF tests
    could come last and hold one worker while the other idles)."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_sessionfinish(session):
    """After the last test, pytest's unraisable-exception check collects the garbage five times over
    (a single collection may leave some); each collection goes over the whole heap the run built up,
    about a second in a worker of ``make test``, and ``make test`` ends when its last worker does.
    Collected here until a collection finds nothing (usually twice), then what is still alive is
    frozen (``gc.freeze``): the check's collections then go over objects made after this only, and
    find what they would have found (a collection that found nothing leaves nothing to find)."""
    import gc

    for _ in range(5):
        if not gc.collect():
            break
    gc.freeze()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output (review the diff before committing).",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def forked(monkeypatch):
    """The pids this test forks (``os.fork``, as ``commsgen.redact.parallel`` calls it), for
    ``assert_reaped``: asking for any child of the process (``waitpid(-1)``) would also see what
    other tests in the same worker left running (a PDF child, a scan's parts still exiting)."""
    pids: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def assert_reaped(pids: list[int], *, reap: bool = True) -> None:
    """Every process in ``pids`` (the ``forked`` fixture's) was forked and has been waited for, once
    the parts still exiting are (``parallel.reap``; ``reap=False``: without it, every one already)."""
    from commsgen.redact import parallel

    if reap:
        parallel.reap()
    assert pids, "the test forked nothing"
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
