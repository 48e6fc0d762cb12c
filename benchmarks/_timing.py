"""Small timing helpers shared by the benchmark scripts (best-of-N wall time)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Measure commsgen as installed: pip compiles an installed package's bytecode, so do the same for
# this checkout (a PYTHONDONTWRITEBYTECODE environment would otherwise recompile it every run).
import compileall  # noqa: E402

compileall.compile_dir(str(ROOT / "commsgen"), quiet=1)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    cfg = ROOT / "samples" / "commsgen.toml"
    if cfg.exists():
        e.setdefault("COMMSGEN_CONFIG", str(cfg))
    return e


def time_cmd(argv: list[str], runs: int = 7, cwd: Path | None = None, ok=(0, 1)) -> float:
    """Best wall time of ``runs`` runs of a command, in seconds."""
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run(argv, cwd=cwd or ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        dt = time.perf_counter() - t0
        if p.returncode not in ok:
            raise SystemExit(f"{argv} exited {p.returncode}: {p.stderr.decode()[:500]}")
        best = min(best, dt)
    return best


class Timings(dict):
    """Wall times (seconds) of each command, run by run: ``best``, ``median`` and ``paired``."""

    def best(self, name: str) -> float:
        return min(self[name])

    def median(self, name: str) -> float:
        v = sorted(self[name])
        return v[len(v) // 2]

    def paired(self, name: str, base: str) -> float:
        """The median of the run-by-run ratios ``name / base``: each ratio compares two runs made
        one after the other, so a slow spell of a shared machine cancels out."""
        r = sorted(a / b for a, b in zip(self[name], self[base]))
        return r[len(r) // 2]


def time_cmds(cmds: dict[str, list[str]], runs: int = 11, cwd: Path | None = None, ok=(0, 1)) -> Timings:
    """Wall times of each command, the commands taking turns run by run (see ``Timings``)."""
    times = Timings({k: [] for k in cmds})
    for _ in range(runs):
        for name, argv in cmds.items():
            t0 = time.perf_counter()
            p = subprocess.run(argv, cwd=cwd or ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            times[name].append(time.perf_counter() - t0)
            if p.returncode not in ok:
                raise SystemExit(f"{argv} exited {p.returncode}: {p.stderr.decode()[:500]}")
    return times


def time_fn(fn, runs: int = 20) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


PY = sys.executable
