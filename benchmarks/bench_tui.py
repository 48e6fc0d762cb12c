"""TUI speed through Pilot on a 300-event postmortem (prints numbers; asserts nothing).

    python benchmarks/bench_tui.py [--events 300] [--keys 40]

1. start -> first complete preview (app start, parse, validate, render, visible tab painted);
   target under 1.0 s.
2. keystroke -> updated preview, with the 150 ms debounce NOT counted: each keystroke is typed,
   the debounce timer is fired at once, and the time runs until the preview row that shows the
   typed text has been painted again (the edited text is scrolled into view first; the keystroke is
   applied with ``TextArea.insert``, what the key handler does, so Pilot's own per-key waiting is
   not counted). Measured for a keystroke in the summary (engineering tab), in a timeline event
   (engineering tab: the 300-row table) and in the customer summary (customer tab).
   Target p95 under 100 ms. The visible tab is built first; the findings panel and the other tabs
   follow when every output is built (printed too, as "findings and every tab updated").
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import _timing  # noqa: E402,F401  (compiles commsgen's bytecode: measured as installed, like the other benchmarks)
from generate import make_postmortem  # noqa: E402

from commsgen.config import Config  # noqa: E402
from commsgen.tui.app import CommsgenApp  # noqa: E402


async def wait_preview(app, pilot, audience: str, text: str) -> None:
    view = app.main.view(audience)
    while view.shown is None or view.dirty or text not in app.main.state.text or any(w.is_running for w in app.workers):
        await asyncio.sleep(0.001)


async def first_preview(path: Path) -> tuple[float, float]:
    """(wall, CPU of the whole process) from App construction to the first complete preview."""
    t0, c0 = time.perf_counter(), time.process_time()
    app = CommsgenApp(path, Config(), autosave_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_preview(app, pilot, "engineering", "")
        await pilot.pause()
        return time.perf_counter() - t0, time.process_time() - c0


def _watch_paint(view) -> set:
    """The ids of the preview lines the view has put on screen since the set was last cleared
    (render_line is what the compositor calls to paint a row)."""
    painted: set[int] = set()
    render_line = view.render_line

    def spy(y):
        i = y + view.scroll_offset.y
        if i < len(view.lines):
            painted.add(id(view.lines[i]))
        return render_line(y)

    view.render_line = spy
    return painted


async def keystrokes(path: Path, where: str, audience: str, keys: int) -> list[float]:
    """Each keystroke is timed until the preview row that shows the typed text has been painted on
    screen again: the edited text is scrolled into view first, so the change is visible."""
    app = CommsgenApp(path, Config(), autosave_seconds=3600)
    out, full, worker, cpu = [], [], [], []
    marker = "Qzx"
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.tabs.active = audience
        await wait_preview(app, pilot, audience, "")
        ed = app.main.editor
        main = app.main
        view = main.view(audience)
        row = next(i for i, ln in enumerate(ed.text.split("\n")) if ln.startswith(where))
        end = len(ed.document[row]) - (1 if ed.document[row].endswith('"') else 0)
        ed.move_cursor((row, end))  # inside a quoted value: every key keeps it valid
        ed.insert(marker)  # a unique word where the keys go, to find its row
        hit = None
        for _ in range(2000):
            await pilot.pause(0.01)
            hit = next((i for i, strip in enumerate(view.lines) if marker in strip.text), None)
            if hit is not None and not any(w.is_running for w in app.workers):
                break
        if hit is None:
            raise SystemExit(f"{where!r}: the marker never reached the {audience} preview")
        view.scroll_to(y=max(0, hit - 5), animate=False)
        await pilot.pause()
        painted = _watch_paint(view)
        for i in range(keys):
            ch = "abcdefghij"[i % 10]
            await pilot.pause()
            before = view.lines
            t0, c0 = time.perf_counter(), time.process_time()
            painted.clear()
            ed.insert(ch)  # what the key handler does (TextArea edit + re-highlight)
            want = ed.text
            while main.state.text != want:  # the TextArea.Changed handler has run
                await asyncio.sleep(0)
            if main._debounce is not None:  # skip the debounce: it is counted separately
                main._debounce.stop()
                main.refresh_preview()
            t_view = t_all = None
            c_view = 0.0
            lines_seen, changed = before, set()
            while t_view is None or t_all is None:
                await asyncio.sleep(0)
                now = time.perf_counter()
                if t_view is None and view.shown == view.source:
                    # a preview line that the keystroke changed is on screen (the lines the render
                    # did not change are the same objects: the renderer caches them)
                    if view.lines is not lines_seen:
                        lines_seen = view.lines
                        changed = {id(ln) for k, ln in enumerate(lines_seen) if k >= len(before) or ln is not before[k]}
                    if changed & painted:
                        t_view = now
                        c_view = time.process_time()
                st = main.state
                if (
                    t_all is None
                    and st.preview is not None
                    and st.preview.loaded is not None
                    and st.preview.loaded.text == want
                    and not any(w.is_running for w in app.workers)
                ):
                    t_all = now  # the findings panel and the other tabs' sources are updated too
                if now - t0 > 10:
                    raise SystemExit(f"{where!r}: the typed text never reached the screen")
            out.append(t_view - t0)
            full.append(t_all - t0)
            worker.append(main.last_first_seconds)
            cpu.append(c_view - c0)
    return out, full, worker, cpu


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--keys", type=int, default=40)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "big.yaml"
        path.write_text(make_postmortem(a.events), encoding="utf-8")
        lines = path.read_text().count("\n")
        print(f"postmortem: {a.events} events, {lines} lines")
        start, cpu = asyncio.run(first_preview(path))
        print(
            f"start -> first complete preview: {start * 1000:.0f} ms (target < 1000 ms); "
            f"CPU time {cpu * 1000:.0f} ms (the machine's load shows as the gap)"
        )
        print("debounce (counted separately): 150 ms")
        cases = [
            ("summary", "  A configuration change", "engineering"),
            ("timeline event", '    text: "', "engineering"),
            ("customer summary", "  summary: Some requests", "customer"),
        ]
        for label, where, aud in cases:
            xs, fs, ws, cs = asyncio.run(keystrokes(path, where, aud, a.keys))
            xs, fs, ws, cs = xs[2:], fs[2:], ws[2:], cs[2:]  # the first keystrokes warm caches
            print(
                f"keystroke -> preview, {label} ({aud} tab): median {statistics.median(xs) * 1000:.0f} ms, "
                f"p95 {p95(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms (target p95 < 100 ms; n={len(xs)}); "
                f"of which the worker (load + this tab's output + lines): median {statistics.median(ws) * 1000:.0f} ms; "
                f"findings and every tab updated: median {statistics.median(fs) * 1000:.0f} ms, "
                f"p95 {p95(fs) * 1000:.0f} ms; CPU time of the process to the row painted (this loop's own "
                f"polling included): median {statistics.median(cs) * 1000:.0f} ms, p95 {p95(cs) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
