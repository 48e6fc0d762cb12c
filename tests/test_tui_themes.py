"""Both themes are legible (issue #14 defect 11): every colour of the editor's syntax highlighting
and of the previews reaches 4.5:1 against the app theme's background and surface (WCAG contrast,
computed from the themes' own colours), and the preview follows the theme."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("textual")

from rich.style import Style
from textual.app import App
from textual.color import Color
from tui_helpers import DATA, aio, settle

from commsgen.config import Config
from commsgen.tui.app import CommsgenApp
from commsgen.tui.themes import EDITOR_SYNTAX, EDITOR_THEME, PREVIEW_STYLES, STATUS_STYLES

THEMES = {"dark": "textual-dark", "light": "textual-light"}


def luminance(c: Color) -> float:
    def ch(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def backgrounds(theme_name: str) -> list[Color]:
    variables = App().get_theme(theme_name).to_color_system().generate()
    return [Color.parse(variables["background"]), Color.parse(variables["surface"]), Color.parse(variables["panel"])]


@pytest.mark.parametrize("palette", ["dark", "light"])
def test_11_every_editor_and_preview_colour_is_legible_on_its_theme(palette):
    bgs = backgrounds(THEMES[palette])
    styles = {**EDITOR_SYNTAX[palette], **PREVIEW_STYLES[palette], **STATUS_STYLES[palette]}
    checked = 0
    for name, spec in styles.items():
        style = Style.parse(spec)
        if style.color is None:
            continue
        r, g, b = style.color.get_truecolor()
        for bg in bgs:
            ratio = contrast(Color(r, g, b), bg)
            assert ratio >= 4.5, f"{palette} {name} {spec}: {ratio:.2f}:1 on {bg.hex}"
            checked += 1
    assert checked > 30


def test_11_the_text_colour_of_each_theme_is_legible_too():
    for palette, name in THEMES.items():
        variables = App().get_theme(name).to_color_system().generate()
        fg = Color.parse(variables["foreground"])
        for bg in backgrounds(name):
            assert contrast(fg, bg) >= 4.5, palette


@aio
async def test_11_editor_and_preview_follow_the_theme(tmp_path):
    p = tmp_path / "inc.yaml"
    shutil.copy(DATA / "outage.yaml", p)
    app = CommsgenApp(p, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.main.view("engineering")

        def colours() -> set:
            return {seg.style.color.get_truecolor() for s in view.lines for seg in s if seg.style and seg.style.color}

        dark = colours()
        assert app.main.editor.theme == EDITOR_THEME["dark"]
        app.theme = "textual-light"
        await settle(app, pilot)
        assert app.main.editor.theme == EDITOR_THEME["light"] and view.shown_palette == "light"
        light = colours()
        assert light and light != dark
        bg = backgrounds("textual-light")[0]
        assert all(contrast(Color(*c), bg) >= 4.5 for c in light)
