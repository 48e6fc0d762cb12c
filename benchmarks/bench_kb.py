"""Knowledge-base figures against the issue's targets (2 cores):

    python benchmarks/bench_kb.py [--files 1000] [--keep DIR] [--reuse-index]

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


CPU: dict[str, float] = {}  # CPU seconds (user + system) of each figure, printed beside its wall time


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cli(args: list[str], cwd: Path, name: str = "") -> tuple[float, str]:
    c0 = _children_cpu()
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "commsgen", *args], cwd=cwd, env=env(), capture_output=True, text=True)
    dt = time.perf_counter() - t0
    CPU[name or args[0]] = _children_cpu() - c0
    if p.returncode not in (0, 1):
        raise SystemExit(f"{args} exited {p.returncode}: {p.stderr[:500]}")
    return dt, p.stdout


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[max(0, min(len(v) - 1, int(round(q / 100 * len(v) + 0.5)) - 1))]


def in_process(folder: Path) -> dict[str, float]:
    from commsgen.kb import records, store
    from commsgen.kb.earlier import FromIndex, actions_reader
    from commsgen.kb.period import parse
    from commsgen.kb.report import edition, to_json
    from commsgen.kb.review import review
    from commsgen.kb.search import search
    from commsgen.kb.similar import similar

    con = store.connect(folder / ".commsgen" / "index.sqlite")
    rnd = random.Random(3)
    words = [w for f in FAMILIES for w in f["words"]]
    search(con, "warm up")
    s_times, s_cpu = [], []
    for _ in range(300):
        q = " ".join(rnd.sample(words, k=rnd.choice([1, 1, 2])))
        c0, t0 = time.process_time(), time.perf_counter()
        search(con, q, limit=10)
        s_times.append(time.perf_counter() - t0)
        s_cpu.append(time.process_time() - c0)
    ids = [r for (r,) in con.execute("SELECT id FROM postmortems ORDER BY random() LIMIT 200")]
    m_times, m_cpu = [], []
    for i in ids:
        c0, t0 = time.process_time(), time.perf_counter()
        similar(con, i, 5, every=True)
        m_times.append(time.perf_counter() - t0)
        m_cpu.append(time.process_time() - c0)
    p = parse("2026Q4")
    c0, t0 = time.process_time(), time.perf_counter()
    recs = records.from_index(con, p.start.isoformat(), p.end.isoformat())  # as `commsgen review -f json` reads
    rv = review(recs, p, as_of=date(2026, 12, 31), actions_of=actions_reader(con), earlier=FromIndex(con))
    text = to_json(edition(rv, "engineering"))
    review_s = time.perf_counter() - t0
    review_cpu = time.process_time() - c0
    return {
        "search_p95_cpu_ms": 1000 * pct(s_cpu, 95),
        "similar_p95_cpu_ms": 1000 * pct(m_cpu, 95),
        "review_cpu_s": review_cpu,
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
    ap.add_argument(
        "--reuse-index",
        action="store_true",
        help="With --keep: keep the folder's index if it is current (the cold index is then not measured; "
        "every other figure is measured as usual).",
    )
    a = ap.parse_args()
    n = a.files
    folder = a.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    if not any(folder.glob("*/*.json")):
        t0 = time.perf_counter()
        generate(folder, n)
        print(f"generated {n} postmortems in {time.perf_counter() - t0:.1f} s ({folder})")
    reuse = a.reuse_index and a.keep is not None and (folder / ".commsgen" / "index.sqlite").is_file()
    if not reuse:
        shutil.rmtree(folder / ".commsgen", ignore_errors=True)
    print(load(), "(start)")
    cold, out = cli(["index", "--format", "json"], folder, "cold")  # with --reuse-index: an update (or nothing)
    rep = json.loads(out)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    warm, _ = cli(["index"], folder, "warm")
    one = next(folder.glob("000/*.json"))
    data = json.loads(one.read_text(encoding="utf-8"))
    data["summary"] += " Edited for the benchmark."
    one.write_text(json.dumps(data), encoding="utf-8")
    changed, out = cli(["index"], folder, "changed")
    start_search, _ = cli(["search", "pool"], folder)
    start_version, _ = cli(["--version"], folder)

    # the index's own work, without process start-up: the same runs in this process
    from commsgen.kb import index as kbindex

    c0, t0 = time.process_time(), time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    warm_lib = time.perf_counter() - t0
    CPU["warm_lib"] = time.process_time() - c0
    data["summary"] += " Again."
    one.write_text(json.dumps(data), encoding="utf-8")
    t0 = time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    one_lib = time.perf_counter() - t0
    data["summary"] += " Once more."  # the same in a process that has parsed a file before (TUI, watch)
    one.write_text(json.dumps(data), encoding="utf-8")
    c0, t0 = time.process_time(), time.perf_counter()
    kbindex.run([], folder / ".commsgen" / "index.sqlite")
    one_warm = time.perf_counter() - t0
    CPU["one_warm"] = time.process_time() - c0
    named = []  # the same file named (index.update: what a face that knows the changed file calls)
    for i in range(5):
        data["summary"] += f" Named {i}."
        one.write_text(json.dumps(data), encoding="utf-8")
        c0, t0 = time.process_time(), time.perf_counter()
        up = kbindex.update([str(one)], folder / ".commsgen" / "index.sqlite")
        named.append((time.process_time() - c0, time.perf_counter() - t0))
        assert up.changed == [str(one.relative_to(folder))], up.public()
    CPU["one_named"], one_named = min(named)
    figures = in_process(folder)
    cores = os.cpu_count()
    print(
        f"{n} postmortems ({rep['postmortems']} valid, {len(rep['invalid'])} invalid), {cores} cores, "
        f"search backend {rep['search']}"
    )
    if reuse:
        print(f"cold index: not measured (--reuse-index; bringing the kept index up to date took {cold:.2f} s)")
    else:
        print(
            f"cold index (CLI, wall):                  {cold:8.2f} s    peak RSS of the index process {peak_mb:.0f} MB"
            f"  (CPU {CPU['cold']:.1f} s, workers included)"
        )
    print(
        f"re-index, nothing changed (CLI / library): {warm:6.3f} s / {warm_lib * 1000:.1f} ms"
        f"  (CPU {CPU['warm']:.3f} s / {CPU['warm_lib'] * 1000:.1f} ms)"
    )
    print(
        f"re-index, one file changed (CLI / library, first parse in the process / later): {changed:5.3f} s / "
        f"{one_lib * 1000:.1f} ms / {one_warm * 1000:.1f} ms  (CPU of the later one {CPU['one_warm'] * 1000:.1f} ms)"
    )
    print(
        f"re-index, one file changed and named (library index.update, best of 5): {one_named * 1000:.1f} ms"
        f"  (CPU {CPU['one_named'] * 1000:.1f} ms)"
    )
    print(
        f"search  p50 / p95 (in process):          {figures['search_p50_ms']:6.2f} / {figures['search_p95_ms']:.2f} ms"
        f"  (CPU p95 {figures['search_p95_cpu_ms']:.2f} ms)"
    )
    print(
        f"similar p50 / p95 (in process):          {figures['similar_p50_ms']:6.2f} / {figures['similar_p95_ms']:.2f} ms"
        f"  (CPU p95 {figures['similar_p95_cpu_ms']:.2f} ms)"
    )
    print(
        f"process start-up: `commsgen search` {start_search:.3f} s, `commsgen --version` {start_version:.3f} s"
        f"  (CPU {CPU['search']:.3f} s / {CPU['--version']:.3f} s)"
    )
    print(
        f"review -f json (in process): {figures['review_json_s']:.3f} s over {figures['review_records']} records"
        f"  (CPU {figures['review_cpu_s']:.3f} s)"
    )
    print(load(), "(end)")
    if a.keep is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
