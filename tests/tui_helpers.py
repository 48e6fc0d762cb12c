"""Helpers of the TUI tests: run an async test, wait until the app is idle, read what is shown."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from textual.worker import WorkerCancelled

from commsgen.tui import render

DATA = Path(__file__).parent / "data" / "tui"


def aio(fn):
    """Run an async test in a fresh event loop (no asyncio plugin needed)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


async def settle(app, pilot) -> None:
    """Let the debounce fire and every worker finish (re-renders after resizes too), then let
    handlers run: no sleeping, just until nothing is pending."""
    app = pilot.app
    for _ in range(30):
        await pilot.pause()
        main = app.main
        if main._debounce is not None:
            main._debounce.stop()
            main.refresh_preview()
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive preview replaced by a newer one: wait for that
            continue
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        if main._debounce is None and not main.view(main.audience).dirty and not any(w.is_running for w in app.workers):
            break


def shown(app, audience: str) -> str:
    """What the writer sees in that tab, as plain text."""
    return render.plain(app.main.view(audience).lines)


def screen_text(app) -> str:
    """The whole screen as plain text, as a terminal shows it."""
    return app.export_screenshot_text() if hasattr(app, "export_screenshot_text") else _svg_text(app)


def _svg_text(app) -> str:
    import html
    import re

    svg = app.export_screenshot()
    return html.unescape(" ".join(re.findall(r">([^<>]*)</text>", svg)))
