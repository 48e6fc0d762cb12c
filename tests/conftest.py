"""Shared test fixtures.

Every test runs with ``COMMSGEN_CONFIG`` pointing at an empty config in a temporary folder, so a
developer's own commsgen.toml never leaks into a test. ``cli`` runs the real command line in a
subprocess (``python -m commsgen``) against this checkout.
"""

from __future__ import annotations

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


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def sample_config() -> Path:
    return SAMPLES / "commsgen.toml"


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
