"""A seeded random-input fuzz of the TUI (issue #14: never crash, never overwrite, never lose a
draft). Each seed drives the real app with Textual's Pilot through ~150 random actions: typing
(YAML-breaking characters, tabs, unicode, long lines, newlines; one typing action in four key by key
with Pilot, which waits until the app is idle after each key, the others as keys arriving together,
then one wait), bursts of keys that arrive before the app is idle, every key the app binds (read from the bindings, not listed here), pastes, tab
switches, saves, dialogs, resizes, another program changing the file, and pauses for the debounce.

After each seed: the app did not die and no worker failed; every file the run wrote holds exactly
what was last written to it (a save writes what the editor held, atomically); the buffer is the
editor's text; the recovery copy, once the autosave runs, holds the latest unsaved text.

CI runs 2 seeds of 100 actions; hunt with more: ``COMMSGEN_FUZZ_SEEDS=300 .venv/bin/python -m pytest -q -n 2
tests/test_tui_fuzz.py`` (``COMMSGEN_FUZZ_ACTIONS`` sets the actions per seed)."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual import events
from textual.binding import Binding
from textual.worker import WorkerState
from tui_helpers import DATA, aio, settle, type_keys

from commsgen import drafts
from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.screens.choice import ChoiceScreen
from commsgen.tui.screens.help import HelpScreen
from commsgen.tui.screens.main import MainScreen
from commsgen.tui.screens.prompt import PromptScreen
from commsgen.tui.widgets.editor import SourceEditor
from commsgen.tui.widgets.findings import FindingsTable
from commsgen.tui.widgets.preview import PreviewView

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SOURCES = [DATA / "outage.yaml", DATA / "security-pending.yaml", SAMPLES / "degradation-search-latency.json"]
SEEDS = int(os.environ.get("COMMSGEN_FUZZ_SEEDS", "2"))
FIRST = int(os.environ.get("COMMSGEN_FUZZ_FIRST", "0"))
ACTIONS = int(os.environ.get("COMMSGEN_FUZZ_ACTIONS", "100"))

# Keys that export (f5/f6: an executive PDF costs seconds of CPU) are pressed in the hunt only.
SLOW_KEYS = {"f5", "f6"}
NAV_KEYS = [
    "left", "right", "up", "down", "home", "end", "pageup", "pagedown", "backspace", "delete",
    "ctrl+z", "ctrl+y", "escape", "enter", "tab", "shift+tab", "shift+left", "shift+down", "ctrl+p",
]  # fmt: skip
YAML_BITS = list(":-#|>&*!{[}]'\"\t\n%@`?~/")
UNICODE = ["é", "ü", "ß", "日本", "🚀", "\u200b", "\u00a0", "Ω", "—"]


def declared_keys() -> list[str]:
    """Every key bound by the app, its screens and the widgets they hold (with the bindings they
    inherit from Textual's classes: the editor's undo, cut and paste, the table's, the input's)."""
    from textual.widgets import Input

    classes = [CommsgenApp, MainScreen, ChoiceScreen, PromptScreen, HelpScreen, SourceEditor, FindingsTable]
    keys: set[str] = set()
    for cls in {base for c in [*classes, PreviewView, Input] for base in c.__mro__}:
        for b in cls.__dict__.get("BINDINGS", []):
            key = b.key if isinstance(b, Binding) else b[0]
            keys.update(k.strip() for k in key.split(","))
    return sorted(keys)


def random_text(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.4:
        return "".join(rng.choice(YAML_BITS + UNICODE + list("abc xyz 019")) for _ in range(rng.randint(1, 8)))
    if pick < 0.6:
        return rng.choice(["key: value\n", "- item\n", "  nested: [a, {b: c}]\n", "&anchor *alias\n", "? q\n"])
    if pick < 0.75:
        return "x" * rng.randint(200, 3000)  # a very long line
    if pick < 0.85:
        return rng.choice(["10.0.0.7", "AKIAIOSFODNN7EXAMPLE", "db-prod-3.internal", "jane@example.com"])
    return "".join(rng.choice(UNICODE) for _ in range(rng.randint(1, 5)))


def key_for(ch: str) -> str:
    return {"\n": "enter", "\t": "tab", " ": "space"}.get(ch, ch)


class Run:
    """What one seed's run did to the files: the last text written to each path, by a save or by
    "another program"; and anything that went wrong on the way."""

    def __init__(self) -> None:
        self.written: dict[Path, str] = {}
        self.problems: list[str] = []


async def fuzz(seed: int, tmp_path: Path, monkeypatch, actions: int, slow: bool) -> None:
    rng = random.Random(seed)
    source = SOURCES[seed % len(SOURCES)]
    path = tmp_path / ("incident" + source.suffix)
    shutil.copy(source, path)
    original = path.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # a save-as prompt may be typed into: relative names land here
    monkeypatch.setenv("HOME", str(tmp_path))  # ... and so does `~`
    run = Run()
    run.written[path.resolve()] = original

    app = CommsgenApp(path, Config(), autosave_seconds=0.5)
    real_save = drafts.save

    def save(p, text, cwd=None):
        target = real_save(p, text, cwd)
        run.written[Path(os.path.realpath(p))] = text
        held = app.main.editor.text
        if text != held:
            run.problems.append(f"saved text differs from the editor's ({len(text)} vs {len(held)} characters)")
        return target

    monkeypatch.setattr(drafts, "save", save)

    def worker_changed(screen, event) -> None:
        if event.state == WorkerState.ERROR:
            run.problems.append(f"worker {event.worker.name} failed: {event.worker.error!r}")

    monkeypatch.setattr(MainScreen, "on_worker_state_changed", worker_changed, raising=False)

    keys = [k for k in declared_keys() if slow or k not in SLOW_KEYS] + NAV_KEYS
    log: list[str] = []
    try:
        await drive(app, rng, keys, path, original, run, log, actions)
    except BaseException as e:
        note(seed, f"{type(e).__name__}: {e}", log)
        raise
    assert not app.return_code, f"seed {seed}: the app ended with {app.return_code}"
    for p, text in run.written.items():
        if not p.exists():
            run.problems.append(f"{p.name} was deleted")
        elif p.read_text(encoding="utf-8") != text:
            run.problems.append(f"{p.name} does not hold what was last written to it")
    if run.problems:
        note(seed, str(run.problems), log)
    assert not run.problems, f"seed {seed}: {run.problems}\nlast actions: {log[-15:]}"


def note(seed: int, what: str, log: list[str]) -> None:
    """In a hunt (``COMMSGEN_FUZZ_LOG=file``), each failure is written down as it happens."""
    if os.environ.get("COMMSGEN_FUZZ_LOG"):
        with open(os.environ["COMMSGEN_FUZZ_LOG"], "a", encoding="utf-8") as fh:
            fh.write(f"seed {seed}: {what}\n  last actions: {log[-20:]}\n")


async def drive(app, rng, keys, path, original, run, log, actions) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        typed = 0
        for _ in range(actions):
            if app.return_code is not None:
                break
            if app.main not in app.screen_stack:
                raise AssertionError(f"the main screen is gone: {app.screen_stack}")
            r = rng.random()
            if r < 0.30:
                text = random_text(rng)[:12]
                typed += 1
                if typed % 4 == 0:  # one in four key by key, each handled before the next is sent
                    log.append(f"type {text!r}")
                    await pilot.press(*map(key_for, text))
                else:  # the others as a typist's keys arrive, then one wait (40 ms a key less)
                    log.append(f"type fast {text!r}")
                    await type_keys(app, pilot, map(key_for, text))
            elif r < 0.55:
                key = rng.choice(keys)
                log.append(f"press {key}")
                await pilot.press(key)
            elif r < 0.65:  # keys arriving faster than the app handles them (a fast typist, a paste)
                burst = [key_for(c) for c in random_text(rng)[:6]] + [rng.choice(keys + ["ctrl+s"])]
                log.append(f"burst {burst}")
                for k in burst:
                    app.post_message(events.Key(k, k if len(k) == 1 else None))
                await pilot.pause()
            elif r < 0.72:
                text = random_text(rng)
                log.append(f"paste {len(text)} chars")
                app.post_message(events.Paste(text))
                await pilot.pause()
            elif r < 0.77:
                log.append("save")
                await pilot.press("ctrl+s")
            elif r < 0.81 and isinstance(app.screen, MainScreen):
                aud = rng.choice(["engineering", "executive", "customer", "status"])
                log.append(f"tab {aud}")
                app.main.tabs.active = aud
                await pilot.pause()
            elif r < 0.86:
                size = (rng.randint(20, 160), rng.randint(6, 50))
                log.append(f"resize {size}")
                await pilot.resize_terminal(*size)
                await pilot.pause()
            elif r < 0.88:  # another program changes (or deletes) the file
                target = app.main.state.path or path
                if rng.random() < 0.2:
                    log.append("external delete")
                    target.unlink(missing_ok=True)
                    run.written.pop(Path(os.path.realpath(target)), None)
                else:
                    text = original + f"# changed elsewhere {rng.random()}\n"
                    log.append("external write")
                    target.write_text(text, encoding="utf-8")
                    run.written[Path(os.path.realpath(target))] = text
                await pilot.pause()
            else:
                log.append("debounce pause")
                await pilot.pause(0.2)
        if app.return_code is None:
            await settle(app, pilot)
            main = app.main
            if main.state.text != main.editor.text:
                run.problems.append("the buffer's text is not the editor's")
            main.autosave()
            rec = drafts.recovery_path(main.state.path)
            if main.state.modified and main.state.edited:
                if not rec.exists() or rec.read_text(encoding="utf-8") != main.state.text:
                    run.problems.append("the recovery copy does not hold the latest text")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(FIRST, FIRST + SEEDS))
@aio
async def test_fuzz_random_input_never_crashes_or_loses_text(seed, tmp_path, monkeypatch):
    await fuzz(seed, tmp_path, monkeypatch, ACTIONS, slow=SEEDS > 2)


def test_fuzz_presses_every_declared_key():
    """The key list is read from the bindings: the registry's keys are all in it."""
    from commsgen.tui.actions import ACTIONS as REGISTRY

    keys = declared_keys()
    assert all(a.key in keys for a in REGISTRY) and "escape" in keys and "ctrl+a" in keys
