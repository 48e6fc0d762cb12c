"""Knowledge-base figures against the issue's targets (2 cores):

    python benchmarks/bench_kb.py [--files 1000] [--keep DIR]

- cold index of N generated postmortems (``commsgen index``, a subprocess, wall time and peak memory);
- re-index with nothing changed; one changed file;
- search and similar latency in process (p50, p95 over many queries; process start-up reported apart);
- review -f json in process (records read from the index + figures + JSON).
Targets at 1,000: cold <= 6 s, no-change <= 0.2 s, one file <= 50 ms, search/similar p95 <= 10 ms.
At 100,000: cold <= 6 min, no-change <= 2 s, p95 <= 50 ms, review <= 1 s; memory <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import ROOT, env
from kb_corpus import FAMILIES, generate

sys.path.insert(0, str(ROOT))


def cli(args: list[str], cwd: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "commsgen", *args], cwd=cwd, env=env(), capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise SystemExit(f"{args} exited {p.returncode}: {p.stderr[:500]}")
    return dt, p.stdout


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(round(q / 100 * len(v) + 0.5)) - 1))]


def in_process(folder: Path) -> dict[str, float]:
    from commsgen.kb import records, store
    from commsgen.kb.period import parse, previous
    from commsgen.kb.report import edition, to_json
    from commsgen.kb.review import PREVIOUS, review
    from commsgen.kb.search import search
    from commsgen.kb.similar import similar

    con = store.connect(folder / ".commsgen" / "index.sqlite")
    rnd = random.Random(3)
    words = [w for f in FAMILIES for w in f["words"]]
    search(con, "warm up")
    s_times = []
    for _ in range(300):
        q = " ".join(rnd.sample(words, k=rnd.choice([1, 1, 2])))
        t0 = time.perf_counter()
        search(con, q, limit=10)
        s_times.append(time.perf_counter() - t0)
    ids = [r for (r,) in con.execute("SELECT id FROM postmortems ORDER BY random() LIMIT 200")]
    m_times = []
    for i in ids:
        t0 = time.perf_counter()
        similar(con, i, 5, every=True)
        m_times.append(time.perf_counter() - t0)
    p = parse("2026Q4")
    t0 = time.perf_counter()
    recs = records.from_index(
        con, previous(p, PREVIOUS)[-1].start.isoformat(), p.end.isoformat(), detail_from=p.start.isoformat()
    )
    text = to_json(
        edition(review(recs, p, as_of=date(2026, 12, 31), actions_of=records.actions_reader(con)), "engineering")
    )
    review_s = time.perf_counter() - t0
    return {
        "search_p50_ms": 1000 * pct(s_times, 50),
        "search_p95_ms": 1000 * pct(s_times, 95),
        "similar_p50_ms": 1000 * pct(m_times, 50),
        "similar_p95_ms": 1000 * pct(m_times, 95),
        "review_json_s": review_s,
        "review_records": len(recs),
        "review_bytes": len(text),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--keep", type=Path, default=None, help="Generate into (and keep) this folder.")
    a = ap.parse_args()
    n = a.files
    folder = a.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    if not any(folder.glob("*/*.json")):
        t0 = time.perf_counter()
        generate(folder, n)
        print(f"generated {n} postmortems in {time.perf_counter() - t0:.1f} s ({folder})")
    shutil.rmtree(folder / ".commsgen", ignore_errors=True)
    cold, out = cli(["index", "--format", "json"], folder)
    rep = json.loads(out)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    warm, _ = cli(["index"], folder)
    one = next(folder.glob("000/*.json"))
    data = json.loads(one.read_text(encoding="utf-8"))
    data["summary"] += " Edited for the benchmark."
    one.write_text(json.dumps(data), encoding="utf-8")
    changed, out = cli(["index"], folder)
    start_search, _ = cli(["search", "pool"], folder)
    start_version, _ = cli(["--version"], folder)

    # the index's own work, without process start-up: the same runs in this process
    from commsgen.kb import index as kbindex

    t0 = time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    warm_lib = time.perf_counter() - t0
    data["summary"] += " Again."
    one.write_text(json.dumps(data), encoding="utf-8")
    t0 = time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    one_lib = time.perf_counter() - t0
    data["summary"] += " Once more."  # the same in a process that has parsed a file before (TUI, watch)
    one.write_text(json.dumps(data), encoding="utf-8")
    t0 = time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    one_warm = time.perf_counter() - t0
    figures = in_process(folder)
    cores = os.cpu_count()
    print(
        f"{n} postmortems ({rep['postmortems']} valid, {len(rep['invalid'])} invalid), {cores} cores, "
        f"search backend {rep['search']}"
    )
    print(f"cold index (CLI, wall):                  {cold:8.2f} s    peak RSS of the index process {peak_mb:.0f} MB")
    print(f"re-index, nothing changed (CLI / library): {warm:6.3f} s / {warm_lib * 1000:.1f} ms")
    print(
        f"re-index, one file changed (CLI / library, first parse in the process / later): {changed:5.3f} s / "
        f"{one_lib * 1000:.1f} ms / {one_warm * 1000:.1f} ms"
    )
    print(
        f"search  p50 / p95 (in process):          {figures['search_p50_ms']:6.2f} / {figures['search_p95_ms']:.2f} ms"
    )
    print(
        f"similar p50 / p95 (in process):          {figures['similar_p50_ms']:6.2f} / {figures['similar_p95_ms']:.2f} ms"
    )
    print(f"process start-up: `commsgen search` {start_search:.3f} s, `commsgen --version` {start_version:.3f} s")
    print(f"review -f json (in process): {figures['review_json_s']:.3f} s over {figures['review_records']} records")
    if a.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
