"""Colours of the editor's syntax highlighting and of the previews, one set per app theme
brightness (dark or light). Every colour here reaches a contrast of at least 4.5:1 against the
theme's background and surface (tests/test_tui_themes.py computes it); backgrounds are left to the
app's theme, so the panes follow it."""

from __future__ import annotations

from rich.style import Style
from rich.theme import Theme
from textual.widgets.text_area import TextAreaTheme

EDITOR_SYNTAX = {
    "dark": {
        "yaml.field": "bold #6CB6FF",
        "json.label": "bold #6CB6FF",
        "string": "#E5A07B",
        "string.escape": "#E8C16B",
        "number": "#B5CEA8",
        "boolean": "#7EC9B0",
        "constant.builtin": "#7EC9B0",
        "json.null": "#7EC9B0",
        "comment": "#8FBF7F",
        "type": "#EFCB43",
        "punctuation.bracket": "#CCCCCC",
        "punctuation.delimiter": "#CCCCCC",
        "punctuation.special": "#CCCCCC",
        "preproc": "#C8A2E8",
        "error": "#FF8B82",
        "json.error": "#FF8B82",
    },
    "light": {
        "yaml.field": "bold #00367A",
        "json.label": "bold #00367A",
        "string": "#7A2300",
        "string.escape": "#5E3400",
        "number": "#0A5225",
        "boolean": "#52267A",
        "constant.builtin": "#52267A",
        "json.null": "#52267A",
        "comment": "#34501A",
        "type": "#5C3F00",
        "punctuation.bracket": "#2E2E2E",
        "punctuation.delimiter": "#2E2E2E",
        "punctuation.special": "#2E2E2E",
        "preproc": "#5A2A7A",
        "error": "#8F0000",
        "json.error": "#8F0000",
    },
}

# Rich's Markdown styles the preview uses, overriding Rich's defaults (made for a dark terminal:
# cyan code on black, bright blue links, yellow bullets).
PREVIEW_STYLES = {
    "dark": {
        "markdown.h1": "bold #FFFFFF",
        "markdown.h1.border": "#9CC4FF",
        "markdown.h2": "bold underline #9CC4FF",
        "markdown.h3": "bold #9CC4FF",
        "markdown.h4": "bold italic #9CC4FF",
        "markdown.h5": "underline",
        "markdown.h6": "italic",
        "markdown.code": "bold #E8C16B",
        "markdown.code_block": "#E8C16B",
        "markdown.block_quote": "#D7A8F0",
        "markdown.link": "#6CB6FF",
        "markdown.link_url": "underline #6CB6FF",
        "markdown.item.bullet": "bold #E8C16B",
        "markdown.item.number": "#E8C16B",
        "markdown.hr": "#A0A0A0",
        "markdown.table.border": "#A0A0A0",
        "markdown.table.header": "bold",
        "table.header": "bold",
        "markdown.em": "italic",
        "markdown.strong": "bold",
    },
    "light": {
        "markdown.h1": "bold #000000",
        "markdown.h1.border": "#00367A",
        "markdown.h2": "bold underline #00367A",
        "markdown.h3": "bold #00367A",
        "markdown.h4": "bold italic #00367A",
        "markdown.h5": "underline",
        "markdown.h6": "italic",
        "markdown.code": "bold #5E3400",
        "markdown.code_block": "#5E3400",
        "markdown.block_quote": "#52267A",
        "markdown.link": "#00367A",
        "markdown.link_url": "underline #00367A",
        "markdown.item.bullet": "bold #5E3400",
        "markdown.item.number": "#5E3400",
        "markdown.hr": "#4A4A4A",
        "markdown.table.border": "#4A4A4A",
        "markdown.table.header": "bold",
        "table.header": "bold",
        "markdown.em": "italic",
        "markdown.strong": "bold",
    },
}

# The top line (on the theme's $panel): modified, all clear, blocking.
STATUS_STYLES = {
    "dark": {"status.modified": "bold #E8C16B", "status.ok": "#7EC9B0", "status.bad": "bold #FF8B82"},
    "light": {"status.modified": "bold #5E3400", "status.ok": "#0A5225", "status.bad": "bold #8F0000"},
}

EDITOR_THEME = {"dark": "commsgen-dark", "light": "commsgen-light"}


def editor_themes() -> list[TextAreaTheme]:
    """The editor's two themes: syntax colours only, the rest (background, cursor, selection)
    taken from the app's theme."""
    return [
        TextAreaTheme(name=EDITOR_THEME[k], syntax_styles={n: Style.parse(s) for n, s in styles.items()})
        for k, styles in EDITOR_SYNTAX.items()
    ]


def preview_theme(brightness: str) -> Theme:
    return Theme(PREVIEW_STYLES[brightness], inherit=True)


def brightness(dark: bool) -> str:
    return "dark" if dark else "light"
