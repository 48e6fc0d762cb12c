"""The footer: the focused pane's keys, as Textual's compact ``Footer`` shows them, drawn as one
line by one widget.

Stock ``Footer`` is a scrolling container that builds a ``FooterKey`` widget per key and rebuilds
them all on every bindings update (each focus change, screen push or pop): while the editor starts
that is a dozen widgets styled, laid out and painted before the first preview. This one keeps the
keys it shows and repaints its line only when they change. It looks like the compact stock footer
(the same theme variables: key in bold accent, description after it, one cell between keys, a
disabled key dimmed, the key under the mouse on the hover colour with its tooltip), and a click
on a key presses it, as stock does. Keys that do not fit the width are cut at the edge (stock
scrolls them with the mouse wheel).
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class Key(NamedTuple):
    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str


def shown_keys(screen: Screen) -> tuple[Key, ...]:
    """What the footer shows for ``screen``: the first shown binding of each action, in the order
    of the screen's active bindings (as stock ``Footer`` does), whether it is enabled, its tooltip."""
    seen: set[str] = set()
    keys = []
    for _node, b, enabled, tooltip in screen.active_bindings.values():
        if not b.show or b.action in seen:
            continue
        seen.add(b.action)
        keys.append(Key(b.key, screen.app.get_key_display(b), b.description, b.action, enabled, tooltip or ""))
    return tuple(keys)


class KeysFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--hover"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--hover {
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.keys: tuple[Key, ...] = ()
        self.spans: list[tuple[int, int, Key]] = []  # cells each key takes on the line
        self.hover: Key | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        keys = shown_keys(screen)
        if keys != self.keys:  # most updates (focus moving within a pane) change no key
            self.keys = keys
            self.hover = None
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        hover_bg = Style(bgcolor=self.get_component_rich_style("keys-footer--hover").bgcolor)
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self.spans = []
        for k in self.keys:
            start = line.cell_len
            ks, ds = key_style, description_style
            if k == self.hover:
                ks, ds = ks + hover_bg, ds + hover_bg
            if not k.enabled:
                ks, ds = ks + dim, ds + dim
            line.append(k.display, ks)
            if k.description:
                line.append(" " + k.description, ds)
            self.spans.append((start, line.cell_len, k))
            line.append(" ")
        line.stylize_before(self.rich_style)
        return line

    def key_at(self, x: int) -> Key | None:
        return next((k for a, b, k in self.spans if a <= x < b), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        k = self.key_at(event.x)
        if k is None:
            return
        if k.enabled:
            self.app.simulate_key(k.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        k = self.key_at(event.x)
        if k != self.hover:
            self.hover = k
            self.tooltip = (k.tooltip or None) if k else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self.hover is not None:
            self.hover = None
            self.tooltip = None
            self.refresh()
