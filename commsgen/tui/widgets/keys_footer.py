"""The footer: Textual's ``Footer``, recomposed only when the keys it shows change.

Stock ``Footer`` rebuilds its keys on every bindings update (each focus change, screen push or
pop), three times while the editor starts; most updates leave the shown keys as they were. This
one compares what it would show with what it shows and skips the rebuild then.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple:
    """What the footer would show for ``screen``: each shown binding, whether it is enabled, its tooltip."""
    return tuple(
        (b.key, b.key_display, b.description, b.action, b.group, enabled, tooltip)
        for _node, b, enabled, tooltip in screen.active_bindings.values()
        if b.show
    )


class KeysFooter(Footer):
    shown: tuple | None = None  # the keys of the last rebuild

    def bindings_changed(self, screen: Screen) -> None:
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            super().bindings_changed(screen)  # stock: nothing is rebuilt now
            return
        keys = shown_keys(screen)
        if keys == self.shown:
            return
        self.shown = keys
        super().bindings_changed(screen)
