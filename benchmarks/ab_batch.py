#!/usr/bin/env python3
"""``commsgen batch --audience status --format txt`` of two source trees, interleaved, over the
same generated postmortems.

    python benchmarks/ab_batch.py --base DIR [--new DIR] [--files 1000] [--jobs 2] [--runs 5] [--fifo]

On a shared machine the load changes from one minute to the next, so two commits timed a minute
apart cannot be compared: here each round runs the base tree, then the new tree (default: this
checkout), each into a fresh output folder (none is deleted until the end: on an ext4 without a
journal, a file made soon after many were deleted costs more system time), and every wall time,
the best of each and the load are printed. ``DIR`` holds a ``commsgen`` package (``git archive
main commsgen templates | tar -x -C DIR``); ``--fifo`` runs each command under ``chrt -f 50`` as
``bench_scan.py --fifo`` does. Each tree's bytecode is compiled first.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import make_postmortem  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", type=lambda p: Path(p).resolve(), required=True)
    ap.add_argument("--new", type=lambda p: Path(p).resolve(), default=ROOT)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fifo", action="store_true")
    a = ap.parse_args(argv)
    trees = {"base": a.base, "new": a.new}
    for tree in trees.values():
        compileall.compile_dir(str(tree / "commsgen"), quiet=1)
    cfg = ROOT / "samples" / "commsgen.toml"
    times: dict[str, list[float]] = {name: [] for name in trees}
    tmp = Path(tempfile.mkdtemp(prefix="ab-batch-"))
    try:
        src = tmp / "in"
        src.mkdir()
        for i in range(a.files):
            (src / f"pm-{i:05d}.yaml").write_text(make_postmortem(20 + i % 60, seed=i), encoding="utf-8")
        for k in range(a.runs):
            for name, tree in trees.items():
                env = dict(os.environ, PYTHONPATH=str(tree), COMMSGEN_CONFIG=str(cfg))
                cmd = [sys.executable, "-m", "commsgen", "batch", str(src), "--out", str(tmp / f"{name}-{k}")]
                cmd += ["--summary", "json", "--audience", "status", "--format", "txt", "--jobs", str(a.jobs)]
                if a.fifo:
                    cmd = ["chrt", "-f", "50", *cmd]
                t = time.perf_counter()
                p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                dt = time.perf_counter() - t
                if p.returncode not in (0, 1):
                    raise SystemExit(f"{name} exited {p.returncode}: {p.stderr.decode()[-2000:]}")
                times[name].append(dt)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    for name, ts in times.items():
        best = min(ts)
        print(f"{name}: {' '.join(f'{t:.2f}' for t in ts)} s; best {best:.2f} s = {a.files / best:.0f} files/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
