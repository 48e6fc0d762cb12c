"""bench_tui.py's start -> first complete preview, made for counting instructions (prints a time;
asserts nothing). Run it twice under cachegrind and subtract the imports:

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no python benchmarks/tui_first_instructions.py
    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no python benchmarks/tui_first_instructions.py --imports-only

The work is bench_tui.py's (its imports, ``Config()``, the app on a 300-event postmortem at 120x40,
until the visible tab's lines are shown, every worker has finished and the screen is idle); what
depends on wall time is taken out, because under valgrind a second lasts a minute:
- the end of the preview is awaited on the preview handler itself, not polled every millisecond
  (bench_tui.py's loop turns thousands of times under valgrind);
- the editor's cursor does not blink (every 0.5 s of wall time it repaints a line: dozens of times
  under valgrind, once or twice in a real start).
Two runs of the same code then differ by about 1% (at a fixed hash seed).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_tui  # noqa: E402,F401  (the benchmark's own imports)
from generate import make_postmortem  # noqa: E402

from commsgen.config import Config  # noqa: E402
from commsgen.tui.app import CommsgenApp  # noqa: E402
from commsgen.tui.screens.main import MainScreen  # noqa: E402
from commsgen.tui.widgets.editor import SourceEditor  # noqa: E402


def steady() -> asyncio.Event:
    """No cursor blink; an event set when the first whole preview has been applied."""
    ready = asyncio.Event()
    on_ready, for_source = MainScreen.on_preview_ready, SourceEditor.for_source.__func__

    def applied(self, msg) -> None:
        on_ready(self, msg)
        ready.set()

    def editor(cls, *a, **kw):
        ed = for_source(cls, *a, **kw)
        ed.cursor_blink = False
        return ed

    MainScreen.on_preview_ready = applied  # type: ignore[method-assign]
    SourceEditor.for_source = classmethod(editor)  # type: ignore[method-assign,assignment]
    return ready


async def first_preview(path: Path) -> float:
    ready = steady()
    t0 = time.perf_counter()
    app = CommsgenApp(path, Config(), autosave_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready.wait()
        while any(w.is_running for w in app.workers) or app.main.view("engineering").dirty:
            await asyncio.sleep(0.01)
        await pilot.pause()
        assert app.main.view("engineering").shown is not None
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--imports-only", action="store_true", help="stop after the imports (the baseline)")
    a = ap.parse_args()
    if a.imports_only:
        return
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.yaml"
        path.write_text(make_postmortem(a.events), encoding="utf-8")
        print(f"start -> first complete preview: {asyncio.run(first_preview(path)) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
