"""Issue 6 figures: `commsgen batch` throughput.

1. Status text over 1,000 generated, varied postmortems: postmortems per second (target >= 500 on
   2 cores), and the ratio of batch time to a bare single-process parse of the same files with
   PyYAML's C loader.
2. Executive PDFs over a smaller set: seconds per file against files x bare WeasyPrint render time
   / cores (target within 1.3x); the bare time is WeasyPrint rendering the very same briefs (HTML
   and stylesheet) in one warm process.

    python benchmarks/bench_batch.py [--files 1000] [--pdf-files 24]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import PY, env
from generate import make_postmortem


def run_batch(src: Path, out: Path, *args: str) -> float:
    t = time.perf_counter()
    p = subprocess.run(
        [PY, "-m", "commsgen", "batch", str(src), "--out", str(out), "--summary", "json", *args],
        env=env(),
        capture_output=True,
        text=True,
    )
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        raise SystemExit(f"batch exited {p.returncode}: {p.stderr[-2000:]}")
    return dt


def bare_parse(files: list[Path]) -> float:
    t = time.perf_counter()
    for f in files:
        yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - t


def bare_weasyprint_total(htmls: list[Path], css: Path) -> float:
    """In-process render time of every brief once, WeasyPrint imported and warmed up first (what the
    workers pay between them)."""
    code = (
        "import sys, time\nfrom weasyprint import CSS, HTML\n"
        "c, hs = sys.argv[1], sys.argv[2:]\nHTML(filename=hs[0]).write_pdf(stylesheets=[CSS(filename=c)])\n"
        "t = time.perf_counter()\nfor h in hs:\n    HTML(filename=h).write_pdf(stylesheets=[CSS(filename=c)])\n"
        "print(time.perf_counter() - t)\n"
    )
    p = subprocess.run(
        [PY, "-c", code, str(css), *map(str, htmls)], env=env(), capture_output=True, text=True, check=True
    )
    return float(p.stdout.strip())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--pdf-files", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    cores = a.jobs
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "in"
        src.mkdir()
        for i in range(a.files):
            (src / f"pm-{i:05d}.yaml").write_text(make_postmortem(20 + i % 60, seed=i), encoding="utf-8")
        files = sorted(src.glob("*.yaml"))
        size = sum(f.stat().st_size for f in files) / len(files)
        parse = min(bare_parse(files) for _ in range(3))
        best = min(
            run_batch(src, tmp / f"out{k}", "--audience", "status", "--format", "txt", "--jobs", str(cores))
            for k in range(3)
        )
        print(
            f"batch --audience status --format txt: {a.files} files (avg {size / 1024:.1f} KB) in {best:.2f} s "
            f"= {a.files / best:.0f} postmortems/s with {cores} jobs (target >= 500/s)"
        )
        print(
            f"bare parse of the same files, 1 process, CSafeLoader: {parse:.2f} s = {a.files / parse:.0f} files/s; "
            f"batch / bare parse = {best / parse:.2f}x"
        )

        if not a.pdf_files:
            return
        # executive PDFs
        pdf_src = tmp / "pdf"
        pdf_src.mkdir()
        for f in files[: a.pdf_files]:
            (pdf_src / f.name).write_text(f.read_text())
        t = run_batch(pdf_src, tmp / "pdfout", "--audience", "executive", "--format", "pdf", "--jobs", str(cores))
        from commsgen import pipeline
        from commsgen.config import Config
        from commsgen.export.pdf import stylesheet_path
        from commsgen.views import view_for

        # the bare baseline renders the very briefs the batch rendered: the same HTML and stylesheet
        htmls = []
        for k, f in enumerate(files[: a.pdf_files]):
            loaded = pipeline.load(f)
            html = pipeline.render_text(
                view_for("executive", loaded.postmortem, Config()), "html", Config(), for_print=True
            )
            hp = tmp / f"brief-{k:04d}.html"
            hp.write_text(html, encoding="utf-8")
            htmls.append(hp)
        total = bare_weasyprint_total(htmls, stylesheet_path(None))
        per = total / len(htmls)
        ideal = total / cores
        print(
            f"batch executive PDFs: {a.pdf_files} files in {t:.2f} s ({t / a.pdf_files * 1000:.0f} ms/file); "
            f"files x bare WeasyPrint render (mean {per * 1000:.0f} ms over the same briefs) / {cores} cores "
            f"= {ideal:.2f} s; ratio {t / ideal:.2f}x (target <= 1.3x)"
        )


if __name__ == "__main__":
    main()
