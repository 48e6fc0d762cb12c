"""The cyclic garbage collector while the editor runs (public ``gc`` API only).

Everything imported before the app starts (Textual, Rich, pydantic, the rule tables) and
everything the first preview builds (widgets, parsed templates, caches) lives as long as the
app. Left in the collector's generations, it is walked by every full collection: during start-up
(several full and a few dozen middle collections while the widgets and the first preview are
built) and later in the middle of a keystroke's preview. So:

- when the app loads, what exists is moved out of the generations (``gc.freeze``) and the
  collector runs less often (a preview makes ~100k short-lived objects);
- once the first preview is on screen and the app has been idle for a moment, one full
  collection drops start-up garbage and what is left is frozen too;
- when the app ends, the settings are restored (tests run many apps in one process).
"""

from __future__ import annotations

import gc

THRESHOLD = (20_000, 20, 20)


class Heap:
    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None
        self.settled = False

    def start(self) -> None:
        """The app is loading: freeze what the imports made, collect less often."""
        if self._saved is not None:
            return
        self._saved = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(*THRESHOLD)

    def settle(self) -> None:
        """After the first preview: one full collection, then freeze what survived."""
        if self._saved is None or self.settled:
            return
        self.settled = True
        gc.collect()
        gc.freeze()

    def restore(self) -> None:
        if self._saved is None:
            return
        gc.unfreeze()
        gc.set_threshold(*self._saved)
        self._saved = None
        self.settled = False
