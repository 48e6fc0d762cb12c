"""Shared set-up of the knowledge-base tests: a copy of the samples (with samples/history) indexed
once per test module, and the fixed corpus of benchmarks/kb_corpus.py."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from conftest import ROOT, SAMPLES, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))


def copy_samples(dest: Path) -> Path:
    shutil.copytree(SAMPLES, dest, ignore=shutil.ignore_patterns(".commsgen"))
    return dest


def index(folder: Path, *args: str, env=None):
    return run_cli("index", *args, cwd=folder, env=env)


def jrun(*args: str, cwd: Path, env=None) -> dict:
    r = run_cli(*args, cwd=cwd, env=env)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    return json.loads(r.stdout)
