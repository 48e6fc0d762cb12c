"""Shared set-up of the knowledge-base tests: a copy of the samples (with samples/history) indexed
once per test module, and the fixed corpus of benchmarks/kb_corpus.py."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import ROOT, SAMPLES, run_cli, run_cli_inproc

sys.path.insert(0, str(ROOT / "benchmarks"))


def copy_samples(dest: Path) -> Path:
    shutil.copytree(SAMPLES, dest, ignore=shutil.ignore_patterns(".commsgen"))
    return dest


def index(folder: Path, *args: str, env=None, inproc: bool = False):
    """``commsgen index`` run in ``folder``: the program (a subprocess), or with ``inproc`` the same
    command line in this process (``run_cli_inproc``: for the steps of a test about what the index
    holds, after a first run of the program)."""
    return (run_cli_inproc if inproc else run_cli)("index", *args, cwd=folder, env=env)


def jrun(*args: str, cwd: Path, env=None) -> dict:
    """The JSON report of a command run in process (``run_cli_inproc``): the tests using it check
    what is found and how it ranks; the program itself is run by each module's other tests."""
    r = run_cli_inproc(*args, cwd=cwd, env=env)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return json.loads(r.stdout)
