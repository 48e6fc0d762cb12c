"""The crashes and data losses found with the random-input fuzz (test_tui_fuzz.py): by the fuzz
itself (a dialog answered twice), or by reading the code its actions go through (the prompts, find,
mask and waive, save and quit), each reduced to the few keys that cause it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("textual")

from textual import events
from tui_helpers import DATA, aio, settle

from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.screens.prompt import PromptScreen


@pytest.fixture
def outage(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", p)
    return p


async def answer_prompt(app, pilot, key: str, value: str) -> None:
    """Open a prompt with ``key``, replace its text with ``value`` (pasted: any character), enter."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    inp = app.screen.query_one("#prompt-input")
    inp.value = ""
    app.post_message(events.Paste(value))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("name", ["~nosuchuser-commsgen/x.yaml", "bad\x00name.yaml", "x" * 300 + ".yaml"])
@aio
async def test_save_as_a_name_that_cannot_be_a_file_is_said_not_a_crash(outage, name):
    """`~user` of no such user made expanduser raise RuntimeError; a NUL made the write raise
    ValueError, a name too long for the file system made the check raise OSError: each ended the
    editor. Now the prompt says why and stays open."""
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await answer_prompt(app, pilot, "f2", name)
        assert isinstance(app.screen, PromptScreen)
        assert str(app.screen.query_one("#prompt-error").render()).strip()
        await pilot.press("escape")
    assert outage.read_text(encoding="utf-8") == (DATA / "outage.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["²", "١٢", "0", "99999999999999999999"])
@aio
async def test_go_to_line_takes_only_a_line_number(outage, value):
    """ "²" is a digit to str.isdigit but not to int(): it ended the editor."""
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await answer_prompt(app, pilot, "ctrl+g", value)
        if isinstance(app.screen, PromptScreen):
            await pilot.press("escape")
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("before", ["İİİİİ", "ẞ", "ﬃ"])
@aio
async def test_find_selects_the_match_after_letters_whose_lower_case_is_longer(outage, before):
    """Find searched ``text.lower()`` and used its offsets in the text: "İ".lower() is two
    characters, so every "İ" above the match moved the selection one character off (and past the
    end of the text near the end)."""
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        ed = app.main.editor
        app.post_message(events.Paste(f"# {before}\n"))
        await pilot.pause()
        needle = ed.text.split("\n")[-2].strip()[-6:]  # on the last line, near the end of the text
        await answer_prompt(app, pilot, "ctrl+f", needle.upper())
        assert ed.selected_text.lower() == needle.lower()
        await pilot.press("f3")
        assert ed.selected_text.lower() == needle.lower()


@pytest.mark.parametrize("key", ["m", "w"])
@aio
async def test_mask_or_waive_before_the_check_catches_up_touches_nothing(tmp_path, monkeypatch, key):
    """A finding's line and columns point into the text it was made from. Masking it after an
    edit before it on its line, before the next check landed, replaced the wrong characters
    ("Payment errors[redacted]rnal host"); a waiver would accept the wrong text."""
    monkeypatch.chdir(tmp_path)
    p = tmp_path / "inc.yaml"
    text = (DATA / "outage.yaml").read_text(encoding="utf-8")
    p.write_text(text.replace("  title: Payment errors", "  title: Payment errors at db-7.corp.internal"))
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        main, ed = app.main, app.main.editor
        row = next(i for i, f in enumerate(main.findings_table.findings) if f.excerpt == "db-7.corp.internal")
        line = main.findings_table.findings[row].line
        ed.insert("ZZZZ", (line - 1, len("  title: ")))
        await pilot.pause()
        main._debounce.stop()  # a fast writer: the next check has not started yet
        main.findings_table.focus()
        main.findings_table.move_cursor(row=row)
        before = ed.text
        await pilot.press(key)
        await pilot.pause()
        assert ed.text == before and not isinstance(app.screen, PromptScreen)
        assert "changed since this finding" in str(main.query_one("#notice").render())
        await settle(app, pilot)  # the check catches up: now the mask hits the host name
        row = next(i for i, f in enumerate(main.findings_table.findings) if f.excerpt == "db-7.corp.internal")
        main.findings_table.focus()
        main.findings_table.move_cursor(row=row)
        await pilot.press("m")
        await pilot.pause()
        assert "  title: ZZZZPayment errors at [redacted] on November 20\n" in ed.text


async def burst(app, pilot, *keys: str) -> None:
    """Keys that arrive together, before the app has handled the first (as from a fast typist)."""
    for k in keys:
        app.post_message(events.Key(k, k if len(k) == 1 else None))
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize(
    "open_keys, keys",
    [
        (["ctrl+g"], ["1", "enter", "enter"]),  # a prompt answered twice
        (["ctrl+s"], ["r", "r"]),  # the conflict question (file changed elsewhere): reload, twice
        (["ctrl+s"], ["e", "e"]),  # ... save elsewhere, twice
        (["f1"], ["q", "q"]),  # help closed twice
    ],
)
@aio
async def test_a_dialog_answered_twice_at_once_leaves_the_editor(outage, open_keys, keys):
    """Textual's dismiss pops whatever screen is on top: a second answer already queued on a
    dialog popped the editor itself (a blank screen, the draft out of reach)."""
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("x")
        outage.write_text(outage.read_text(encoding="utf-8") + "# elsewhere\n", encoding="utf-8")
        await pilot.press(*open_keys)
        await pilot.pause()
        await burst(app, pilot, *keys)
        assert app.main in app.screen_stack
        while app.screen is not app.main:
            await pilot.press("escape")
            await pilot.pause()
        await settle(app, pilot)
        assert app.main.editor.text == app.main.state.text


@pytest.mark.parametrize("keys", [["ctrl+q"], ["ctrl+s"], ["ctrl+s", "ctrl+q"]])
@aio
async def test_keys_typed_just_before_save_or_quit_are_saved_or_asked_about(outage, keys):
    """ctrl+s and ctrl+q are priority keys: they were handled before a paste (or keys typed while
    the screen was busy) that arrived just ahead of them had reached the editor. "Paste, ctrl+q"
    quit without asking, the pasted text lost; "paste, ctrl+s" saved the text without it."""
    app = CommsgenApp(outage, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.post_message(events.Paste("pasted "))
        for k in keys:
            app.post_message(events.Key(k, None))
        await pilot.pause()
        await pilot.pause()
        if "ctrl+s" in keys:
            assert outage.read_text(encoding="utf-8").startswith("pasted ")
        if keys == ["ctrl+q"]:
            assert app.return_code is None and app.screen is not app.main  # asked first
        else:
            assert app.return_code == 0 or app.main.state.saved_text == app.main.editor.text
