"""Findings in the TUI (issue #14 defects 6-10 and 19): precise positions (the same in `check`),
the detail pane, one row per problem, counts as `check` counts, no false all-clear while
checking, ctrl+n over rows it can jump to, one toast at a time, mask and waive from the finding."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual")

from conftest import cli_env
from tui_helpers import DATA, aio, settle, type_keys

from commsgen import pipeline
from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.screens.choice import ChoiceScreen
from commsgen.tui.screens.prompt import PromptScreen

HOST = "payments-db-01.corp.acme.internal"


def leaky(style: str) -> str:
    """The outage postmortem with an internal host in the customer text, written in ``style``."""
    text = (DATA / "outage.yaml").read_text(encoding="utf-8")
    old = "  what_happened: A maintenance step on our payment system did not complete as planned.\n"
    value = {
        "folded": f"  what_happened: >-\n    A maintenance step on our payment system did not\n"
        f"    complete as planned, and the pool kept using\n    the old primary {HOST} for\n    46 minutes.\n",
        "literal": f"  what_happened: |\n    A maintenance step did not complete.\n\n    The pool kept using {HOST}.\n",
        "plain-multiline": f"  what_happened: A maintenance step did not complete\n    as planned; the pool kept using {HOST}\n"
        f"    for 46 minutes.\n",
        "quoted": f'  what_happened: "A maintenance step left the pool on {HOST}."\n',
    }[style]
    assert old in text
    return text.replace(old, value)


def where_is(text: str, needle: str) -> tuple[int, int]:
    """Line and column of ``needle`` in the customer section."""
    lines = text.split("\n")
    start = lines.index("customer:")
    for i, ln in enumerate(lines[start:], start):
        if needle in ln:
            return i + 1, ln.index(needle) + 1
    raise AssertionError(needle)


@pytest.mark.parametrize("style", ["folded", "literal", "plain-multiline", "quoted"])
def test_6_check_reports_the_offending_characters_not_the_key(tmp_path, style):
    p = tmp_path / "leak.yaml"
    p.write_text(leaky(style), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "commsgen", "check", "--format", "json", str(p)],
        capture_output=True,
        text=True,
        env=cli_env(),
    )
    hosts = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "infra.internal-host"]
    line, col = where_is(p.read_text(encoding="utf-8"), HOST)
    assert hosts and all((f["line"], f["column"], f["end_column"]) == (line, col, col + len(HOST)) for f in hosts)


def test_6_words_folded_over_lines_are_found_across_the_break():
    from commsgen.model.locate import Locator

    text = "summary: >-\n  the project\n  Falcon rollout\nother: x\n"
    loc = Locator(text)
    assert loc.locate_text(("summary",), "project Falcon") == (2, 7, 14)
    assert loc.locate_text(("summary",), "nowhere") is None
    assert loc.locate_text(("missing",), "x") is None


@pytest.fixture
def leak(tmp_path) -> Path:
    p = tmp_path / "leak.yaml"
    p.write_text(leaky("folded"), encoding="utf-8")
    return p


@aio
async def test_6_7_enter_selects_the_text_and_the_detail_pane_shows_everything(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        row = next(i for i, f in enumerate(table.findings) if f.rule == "infra.internal-host")
        table.focus()
        table.move_cursor(row=row)
        await pilot.pause()
        f = table.findings[row]
        detail = str(app.main.query_one("#detail-text").render())
        assert " ".join(f.message.split()) in " ".join(detail.split())  # the whole message, however long
        assert f.excerpt and f.excerpt in detail  # the excerpt as the gate gives it (secrets masked)
        await pilot.press("enter")
        await pilot.pause()
        ed = app.main.editor
        assert app.focused is ed and ed.selected_text == HOST


@aio
async def test_8_a_refusal_is_one_row_and_counts_match_check(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        found = app.main.findings_table.findings
        checked = pipeline.check_path(leak, Config())[1]
        assert len(found) == len(checked)
        assert sum(f.blocking for f in found) == sum(f.blocking for f in checked)
        assert not any(f.rule == "output.refused" for f in found)
        cust = sum(1 for f in checked if f.blocking and f.audience in ("customer", None))
        assert f"cust {cust}" in str(app.main.status_bar.render())


@aio
async def test_8_a_policy_refusal_is_one_warning_row_marked_in_the_bar(tmp_path):
    p = tmp_path / "sec.yaml"
    shutil.copy(DATA / "security-pending.yaml", p)
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        rows = [f for f in app.main.findings_table.findings if f.audience == "customer" and "refused" in f.rule]
        assert len(rows) == 1
        assert "cust 0⊘" in str(app.main.status_bar.render())


@aio
async def test_10_checking_shows_until_the_first_assessment(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        main = app.main
        # before the first preview lands: no count and no "no findings" anywhere
        assert main.state.preview is None
        bar = str(main.status_bar.render())
        assert "│ checking…" in bar and "0" not in bar.split("│", 1)[1]
        assert main.findings_table.border_subtitle == "Checking…"
        assert "Checking" in str(main.query_one("#detail-text").render())
        await settle(app, pilot)
        assert "│ checking" not in str(main.status_bar.render()) and "blocking" in main.findings_table.border_subtitle


@aio
async def test_9_ctrl_n_skips_rows_it_cannot_jump_to_and_toasts_do_not_stack(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        from commsgen.findings import Finding

        # a blocking finding without a line (as a generated part of an output gives) is skipped
        extra = Finding(kind="secret", rule="secret.x", severity="block", message="m", audience="customer")
        app.main.export_findings = [extra]
        app.main.show_findings()
        rows = set()
        for _ in range(6):
            await pilot.press("ctrl+n")
            f = table.selected
            assert f.blocking and f.line and f is not extra
            rows.add(table.cursor_row)
            assert app.main.editor.cursor_location[0] + 1 == f.line
        assert len(rows) == sum(1 for f in table.findings if f.blocking and f.line) >= 2
        for i in range(4):
            app.main.say(f"message {i}")
        await pilot.pause()
        assert app.main.query_one("#notice").text == "message 3"
        assert not app.screen.query("Toast")


@aio
async def test_19_mask_writes_the_masked_text_into_the_source(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        table.focus()
        table.move_cursor(row=next(i for i, f in enumerate(table.findings) if f.rule == "infra.internal-host"))
        await pilot.press("m")
        await settle(app, pilot)
        customer = app.main.editor.text.split("\ncustomer:")[1]
        assert HOST not in customer and "the old primary [redacted] for" in customer
        assert not any(f.blocking for f in app.main.state.findings)
        await pilot.press("escape", "ctrl+z")  # back in the editor, one undo brings it back
        assert HOST in app.main.editor.text.split("\ncustomer:")[1]


@pytest.mark.slow
@aio
async def test_19_waive_with_a_reason_writes_a_redaction_allow_entry(leak):
    app = CommsgenApp(leak, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        table.focus()
        table.move_cursor(
            row=next(
                i for i, f in enumerate(table.findings) if f.rule == "infra.internal-host" and f.audience == "customer"
            )
        )
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await type_keys(app, pilot, [*"named in the public status post", "enter"])
        await settle(app, pilot)
        pm = app.main.state.preview.loaded.postmortem
        w = pm.redaction.allow[-1]
        assert w.match == HOST and w.reason == "named in the public status post" and w.rule == "infra.internal-host"
        waived = [f for f in app.main.state.findings if f.rule == "infra.internal-host" and f.audience == "customer"]
        assert waived and all(f.waived for f in waived)


def test_19_mask_and_waive_refuse_findings_without_a_position():
    from commsgen import fixes
    from commsgen.findings import Finding

    f = Finding(kind="secret", rule="secret.x", severity="block", message="m", line=3)
    with pytest.raises(fixes.FixError):
        fixes.mask("a\nb\nc\n", f)
    with pytest.raises(fixes.FixError):
        fixes.waive(
            "a: 1\n",
            Finding(kind="secret", rule="s", severity="block", message="m", line=1, column=4, end_column=5),
            "   ",
        )


@pytest.mark.slow
@pytest.mark.parametrize("typed", ["[/x] [bold]SEV9", "SEV9 [link=http://x]y[/link]"])
@aio
async def test_text_that_looks_like_rich_markup_shows_as_typed_and_never_ends_the_editor(tmp_path, typed):
    """A finding quotes what the user typed; the findings table, the detail pane and the dialogs
    show it as typed (a stray closing tag used to raise MarkupError and end the editor)."""
    src = (DATA / "outage.yaml").read_text(encoding="utf-8")
    lines = src.split("\n")
    row = next(i for i, ln in enumerate(lines) if ln.startswith("severity:"))
    lines[row] = f'severity: "{typed}"'
    path = tmp_path / "odd [bold] name.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    app = CommsgenApp(path, Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(app, pilot)
        table = app.main.findings_table
        messages = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert any(f"(got `{typed}`)" in m for m in messages), messages
        assert str(table.get_row_at(0)[0]) in {"BLOCK", "warn", "info", "waived"}
        app.main.detail.show(table.findings[0])
        await pilot.pause()
        assert typed in str(app.main.query_one("#detail-text").render())
        for screen in (  # dialogs name files and quote what was typed
            ChoiceScreen(f"Replace {typed}?", [("replace", "y", "Replace it"), ("cancel", "escape", "Cancel")]),
            PromptScreen(f"Save {typed} as:", check=lambda value: f"cannot use {typed}"),
        ):
            app.push_screen(screen)
            await pilot.pause()
            assert typed in str(screen.query_one("#question").render())
            if isinstance(screen, PromptScreen):
                await pilot.press("z", "enter")
                await pilot.pause()
                assert f"cannot use {typed}" in str(screen.query_one("#prompt-error").render())
            await pilot.press("escape")
            await pilot.pause()
        assert app.is_running and app.screen is app.main
