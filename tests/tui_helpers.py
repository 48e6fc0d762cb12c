"""Helpers of the TUI tests: run an async test, wait until the app is idle, read what is shown."""

from __future__ import annotations

import asyncio
import functools
import unicodedata
from pathlib import Path

from textual import events
from textual.keys import KEY_NAME_REPLACEMENTS, KEY_TO_UNICODE_NAME, REPLACED_KEYS
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
        await app.animator.wait_until_complete()  # scrolls scheduled by what the workers did
        await pilot.pause()
        if main._debounce is None and not main.view(main.audience).dirty and not any(w.is_running for w in app.workers):
            break


def key_event(key: str) -> events.Key:
    """The event for ``key``: a key name ("enter", "ctrl+s", "space") with the character Pilot gives
    it, or a character typed, named as Textual's driver names it ("colon", "slash", "é"), with the
    character itself ("\\n" is enter and "\\t" tab)."""
    key = {"\n": "enter", "\t": "tab", " ": "space"}.get(key, key)
    if len(key) == 1:
        try:
            name = key if key.isalnum() else unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
        except ValueError:  # a control character: its own name
            name = key
        return events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(KEY_TO_UNICODE_NAME.get(original, original))
    except KeyError:
        char = None
    return events.Key(key, char)


async def type_keys(app, pilot, keys) -> None:
    """Type ``keys`` (characters or key names) as keys that arrive together, then wait until the app
    and the widgets it hands them to have handled them. ``pilot.press`` waits for the app to be idle
    after each key (at least 40 ms a key): tests that are not about typing key by key put their text
    in with this."""
    for k in keys:
        app.post_message(key_event(k))
    await pilot.pause()  # the app has handed each key on to the focused widget
    await pilot.pause()  # ... and the widget has handled it (its queue is behind the app's)


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
