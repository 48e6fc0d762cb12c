"""How much does `commsgen render --format pdf` cost over WeasyPrint itself?

Times, in one run, best of N, each as a fresh subprocess (start-up included):
  A. `python -m commsgen render FILE --audience executive --format pdf -o OUT`
     (load, validate, view, template, WeasyPrint, PDF text read back for the redaction gate);
  B. a bare WeasyPrint script rendering the very same HTML, with the same stylesheet linked the
     same way (`stylesheets=[CSS(filename=...)]`), plus the extra style sheet commsgen's layout
     settled on, if any (a long Appendix set tighter: see commsgen/export/brieflayout.py), so that
     both make the same PDF from one layout each, tagged as commsgen's brief is (`pdf_tags=True`), that ends with `os._exit(0)` once the PDF is
     written, as commsgen's processes do (freeing WeasyPrint's objects at interpreter exit takes
     0.1-0.15 s that a script need not pay: without it B would be slower than it has to be, and
     the ratio flattering), and that runs with the cyclic garbage collector off, as commsgen's
     WeasyPrint child does (6-10% of WeasyPrint's CPU; same reason);
  B0. the same script as a user would write it: collector on, ordinary exit (shown for
     comparison: "ratio vs plain").
Prints A, B and the ratio A/B (target: at most 1.2). commsgen is measured as installed, with its
bytecode compiled (``_timing`` compiles this checkout, as for the other benchmarks): WeasyPrint's
comes compiled from site-packages, and a PYTHONDONTWRITEBYTECODE environment would otherwise
make A compile some 35 of commsgen's modules from source on every run (~0.13 s of CPU).

    python benchmarks/bench_pdf.py [FILE ...] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _timing  # noqa: F401  (compiles commsgen's bytecode, as pip does for an installed package)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """\
import sys
from weasyprint import CSS, HTML
css = [CSS(filename=p) for p in sys.argv[2].split("|")]
HTML(filename=sys.argv[1]).write_pdf(sys.argv[3], stylesheets=css, pdf_tags=True)
"""
BARE_EXIT = "import gc\ngc.disable()\n" + BARE + "import os\nos._exit(0)\n"


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def interleaved(cmds: list[list[str]], runs: int, env: dict[str, str]) -> list[list[tuple[float, float]]]:
    """The commands run in turn, so all see the same machine load (other jobs come and go)."""
    times: list[list[tuple[float, float]]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, t in zip(cmds, times):
            t.append(once(cmd, env))
    return times


def html_for(path: Path, tmp: Path) -> tuple[Path, str]:
    """The brief's HTML, and its style sheets as the bare script takes them: the print stylesheet,
    then the extra one commsgen's layout keeps for this brief, if any (found here, untimed)."""
    from weasyprint.text.fonts import FontConfiguration

    from commsgen import pipeline
    from commsgen.config import Config
    from commsgen.export.brieflayout import layout
    from commsgen.export.fetch import LocalOnlyFetcher
    from commsgen.export.pdf import stylesheet_path, template_roots
    from commsgen.resources import builtin_templates
    from commsgen.views import view_for

    loaded = pipeline.load(path)
    config = Config()
    html = pipeline.render_text(view_for("executive", loaded.postmortem, config), "html", config, for_print=True)
    out = tmp / f"{path.stem}.html"
    out.write_text(html, encoding="utf-8")
    sheets = [str(stylesheet_path(None))]
    fetcher = LocalOnlyFetcher(template_roots(None))
    _, extra = layout(
        html, builtin_templates(), stylesheets=[stylesheet_path(None)], fetcher=fetcher, fonts=FontConfiguration()
    )
    if extra:
        more = tmp / f"{path.stem}.extra.css"
        more.write_text("\n".join(extra), encoding="utf-8")
        sheets.append(str(more))
    return out, "|".join(sheets)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "files",
        nargs="*",
        type=Path,
        default=[
            ROOT / "tests/data/pdf/short.yaml",
            ROOT / "tests/data/pdf/long.yaml",
            ROOT / "tests/data/brief/stress.yaml",
        ],
    )
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--inprocess",
        action="store_true",
        help="render in the CLI process (COMMSGEN_PDF_INPROCESS=1) instead of a warmed-up child",
    )
    args = ap.parse_args()
    # one "as of" for the brief and for the HTML given to the bare script (the same document)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1796428800")
    env = dict(os.environ, PYTHONPATH=str(ROOT), COMMSGEN_CONFIG=os.devnull)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        empty = tmp / "empty.toml"
        empty.write_text("")
        env["COMMSGEN_CONFIG"] = str(empty)
        bare, plain = tmp / "bare.py", tmp / "plain.py"
        bare.write_text(BARE_EXIT)
        plain.write_text(BARE)
        print(
            f"{'file':<10} {'commsgen':>9} {'weasyprint':>11} {'ratio':>6} {'median pair':>12} {'cpu ratio':>10}"
            f" {'ratio vs plain':>15}   (wall: best of {args.runs}, seconds; runs interleaved;"
            f" load average at start {os.getloadavg()[0]:.1f})"
        )
        worst = 0.0
        for f in args.files:
            html, css = html_for(f, tmp)
            if args.inprocess:
                env["COMMSGEN_PDF_INPROCESS"] = "1"
            ta, tb, tp = interleaved(
                [
                    [
                        sys.executable,
                        "-m",
                        "commsgen",
                        "render",
                        str(f),
                        "--audience",
                        "executive",
                        "--format",
                        "pdf",
                        "-o",
                        str(tmp / "a.pdf"),
                    ],
                    [sys.executable, str(bare), str(html), str(css), str(tmp / "b.pdf")],
                    [sys.executable, str(plain), str(html), str(css), str(tmp / "c.pdf")],
                ],
                args.runs,
                env,
            )
            a, b, p = min(w for w, _ in ta), min(w for w, _ in tb), min(w for w, _ in tp)
            pair = statistics.median(x[0] / y[0] for x, y in zip(ta, tb))
            cpu = min(c for _, c in ta) / min(c for _, c in tb)
            worst = max(worst, a / b)
            from commsgen.export.pdf import pdf_text  # the fairness check: both made the same document

            if pdf_text((tmp / "a.pdf").read_bytes()) != pdf_text((tmp / "b.pdf").read_bytes()):
                print(f"{f.stem}: the bare script's PDF does not read like commsgen's: the baseline is not comparable")
            print(f"{f.stem:<10} {a:>9.3f} {b:>11.3f} {a / b:>6.2f} {pair:>12.2f} {cpu:>10.2f} {a / p:>15.2f}")
        print(
            f"worst wall ratio {worst:.2f} (target <= 1.20); cpu count {os.cpu_count()}, load average "
            f"{os.getloadavg()[0]:.1f}. The CLI imports WeasyPrint in a child process on a second core while "
            "it loads and templates (cpu ratio counts both); on a busy machine that overlap is lost."
        )


if __name__ == "__main__":
    main()
