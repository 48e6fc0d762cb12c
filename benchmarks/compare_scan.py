#!/usr/bin/env python3
"""Is ``commsgen scan --format json`` byte for byte the same in two source trees?

    python benchmarks/compare_scan.py --base DIR [--new DIR] [--mb 20]

``DIR`` is a folder holding a ``commsgen`` package (e.g. ``git archive main commsgen | tar -x -C
/tmp/base``); ``--new`` defaults to this checkout. Generates the files ``bench_scan.py`` times (the
prose file and the dense file from the redaction corpus, ``--mb`` each) and a third from the
corpus's development half alone (its positives and negatives in random order, with
non-ASCII lines), scans each with both trees (``PYTHONPATH``) and says whether the outputs and exit
codes are identical. Speed work must keep the scan's output: run this before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_scan  # noqa: E402

UNICODE_LINES = [
    "Über — the deploy on fritz failed at 14:02",
    "ledger.acme.internal—the payments primary",
    "Dana Whitfíeld ran `ssh db-prod-07`",
    "Dec 13 18:59:01 fritz bundle[588687]: error",
]


def corpus_mix(path: Path, mb: float, seed: int = 9) -> None:
    rows = []
    for name in ("positives", "negatives"):
        with (bench_scan.EVAL_CORPUS / f"{name}.jsonl").open(encoding="utf-8") as fh:
            rows += [json.loads(line)["text"] for line in fh if line.strip()]
    rng, out, size = random.Random(seed), [], 0
    while size < mb * 1e6:
        line = rng.choice(rows) if rng.random() < 0.95 else rng.choice(UNICODE_LINES)
        out.append(line)
        size += len(line.encode()) + 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def scan(tree: Path, path: Path) -> tuple[int, bytes]:
    # run in the file's folder: ``-m`` puts the working directory first on the path, so from a
    # checkout the checkout's commsgen would run whatever PYTHONPATH says
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
    p = subprocess.run(
        [sys.executable, "-m", "commsgen", "scan", "--format", "json", str(path)],
        capture_output=True,
        env=env,
        cwd=path.parent,
    )
    return p.returncode, p.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base", required=True, type=Path)
    ap.add_argument("--new", type=Path, default=ROOT)
    ap.add_argument("--mb", type=float, default=20.0)
    args = ap.parse_args(argv)
    differ = 0
    with tempfile.TemporaryDirectory(prefix="commsgen-compare-") as td:
        files = {"prose": Path(td) / "prose.txt", "dense": Path(td) / "dense.txt", "corpus": Path(td) / "corpus.txt"}
        bench_scan.generate(files["prose"], args.mb, 0.02)
        bench_scan.generate_dense(files["dense"], args.mb, 0.02)
        corpus_mix(files["corpus"], min(args.mb, 6.0))
        for name, path in files.items():
            a, b = scan(args.base, path), scan(args.new, path)
            n = len(json.loads(b[1] or b"{}").get("findings", []))
            same = a == b
            differ += not same
            print(f"{name}: {'identical' if same else 'DIFFERENT'} ({n} findings, exit {b[0]})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
