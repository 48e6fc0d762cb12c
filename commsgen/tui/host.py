"""What the main screen's mixins (saving, editing, exporting) use of the screen they are mixed
into, declared for the type checker: under mypy each mixin is a ``Screen`` with these members, and
``MainScreen`` must define them compatibly (mypy checks the overrides). At run time the mixins
derive from ``object``, so nothing here costs an import or changes the screen's MRO."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.containers import Horizontal
    from textual.screen import Screen
    from textual.widgets import ProgressBar, Static

    from commsgen.tui.app import CommsgenApp
    from commsgen.tui.state import DraftState
    from commsgen.tui.widgets.editor import SourceEditor
    from commsgen.tui.widgets.findings import FindingsTable
    from commsgen.tui.widgets.status_bar import StatusBar

    class MainScreenHost(Screen[None]):
        state: DraftState

        @property
        def editor_app(self) -> CommsgenApp: ...
        @property
        def editor(self) -> SourceEditor: ...
        @property
        def status_bar(self) -> StatusBar: ...
        @property
        def findings_table(self) -> FindingsTable: ...
        @property
        def audience(self) -> str: ...
        def say(self, message: str, *, severity: str = ..., title: str = ..., timeout: float = ...) -> None: ...
        def set_text(self, text: str, *, modified: bool = ...) -> None: ...
        def show_findings(self) -> None: ...
        def export_bar(self) -> tuple[Horizontal, Static, ProgressBar]: ...
        def go_to_line(self, line: int | None, column: int | None = ..., end_column: int | None = ...) -> None: ...

else:
    MainScreenHost = object
