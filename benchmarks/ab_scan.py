#!/usr/bin/env python3
"""``commsgen scan --format json`` of two source trees and secretlint, interleaved, on one file.

    python benchmarks/ab_scan.py FILE --base DIR [--new DIR] [--secretlint PATH] [--runs 7] [--fifo]

On a shared machine the load changes from one minute to the next, so two commits timed a minute
apart cannot be compared: here each round runs the base tree, the new tree (default: this
checkout) and secretlint one after the other, and the best and median of each are printed with
the load. ``DIR`` holds a ``commsgen`` package (``git archive main commsgen | tar -x -C DIR``);
``--fifo`` runs each command under ``chrt -f 50`` as ``bench_scan.py --fifo`` does. FILE: e.g. the
files ``compare_scan.py`` or ``bench_scan.py`` generate. Prints numbers only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", type=lambda p: Path(p).resolve())
    ap.add_argument("--base", required=True, type=Path)
    ap.add_argument("--new", type=Path, default=ROOT)
    ap.add_argument("--secretlint", help="path of a secretlint binary (default $SECRETLINT)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--fifo", action="store_true")
    args = ap.parse_args(argv)
    prefix = ["chrt", "-f", "50"] if args.fifo else []
    size = args.file.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(prefix="commsgen-ab-") as td:
        rc = Path(td) / "secretlintrc.json"
        rc.write_text('{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}', encoding="utf-8")
        cmds: dict[str, tuple[list[str], dict[str, str]]] = {}
        for name, tree in (("base", args.base), ("new", args.new)):
            env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
            cmds[name] = ([sys.executable, "-m", "commsgen", "scan", "--format", "json", str(args.file)], env)
        sl = args.secretlint or os.environ.get("SECRETLINT")
        if sl:
            out = str(Path(td) / "secretlint.json")
            flags = ["--format", "json", "--no-maskSecrets", "--no-color", "--no-glob", "--output", out]
            cmds["secretlint"] = ([sl, "--secretlintrc", str(rc), *flags, str(args.file)], dict(os.environ))
        times: dict[str, list[float]] = {name: [] for name in cmds}
        print(f"load before: {os.getloadavg()[0]:.2f}")
        for _ in range(args.runs):
            for name, (cmd, env) in cmds.items():
                t0 = time.perf_counter()
                # in a temporary folder: ``-m`` puts the working directory first on the path
                subprocess.run(prefix + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=td)
                times[name].append(time.perf_counter() - t0)
        print(f"load after: {os.getloadavg()[0]:.2f}")
    for name, ts in times.items():
        best = min(ts)
        print(f"{name}: best {best:.3f} s = {size / best:.1f} MB/s, median {statistics.median(ts):.3f} s")
    if "secretlint" in times:
        for name in ("base", "new"):
            print(f"{name} / secretlint (best): {min(times['secretlint']) / min(times[name]):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
