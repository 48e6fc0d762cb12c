"""The one registry of user actions: it drives key bindings, the footer, the help screen and
the command palette, so they can never disagree."""
from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    id: str            # stable id; also the binding id (a user keymap can refer to it)
    key: str
    description: str   # short: footer and palette title
    help: str          # one line: help screen and palette
    action: str        # the Textual action it runs
    show: bool = True  # shown in the footer


ACTIONS: tuple[Action, ...] = (
    Action("save", "ctrl+s", "Save", "Save the draft exactly as typed (atomic write)", "save"),
    Action("save-as", "f2", "Save as", "Save the draft under a new file name", "save_as", show=False),
    Action("add-event", "ctrl+t", "Add event", "Add a timeline event stamped with the current UTC time",
           "add_event"),
    Action("export", "f5", "Export", "Export the audience shown in the preview (executive: PDF)",
           "export_current"),
    Action("export-all", "f6", "Export all", "Export every audience beside the source file", "export_all",
           show=False),
    Action("next-blocking", "ctrl+n", "Next block", "Go to the next blocking finding", "next_blocking"),
    Action("prev-blocking", "ctrl+b", "Prev block", "Go to the previous blocking finding", "prev_blocking",
           show=False),
    Action("prev-audience", "f7", "Prev tab", "Show the previous audience's preview", "prev_tab", show=False),
    Action("next-audience", "f8", "Next tab", "Show the next audience's preview", "next_tab", show=False),
    Action("switch-pane", "f9", "Switch pane", "Move focus: editor, preview, findings", "cycle_focus",
           show=False),
    Action("seen-before", "f3", "Seen before?", "Show or hide similar past incidents from the knowledge-base index",
           "toggle_seen", show=False),
    Action("help", "f1", "Help", "Show or hide this list of keys", "toggle_help"),
    Action("quit", "ctrl+q", "Quit", "Quit (asks first when there are unsaved changes)", "app.quit"),
)

# Keys that are not actions of ours but that a keyboard-only user needs (help screen only).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "Command palette: every action by name"),
    ("enter", "In the findings table: go to the finding's line in the editor"),
    ("escape", "In the findings table or preview: back to the editor; in a dialog: cancel"),
    ("left / right", "In the audience tabs: switch audience"),
    ("ctrl+z / ctrl+y", "Undo / redo in the editor"),
    ("tab", "In the editor: indent"),
)


def bindings() -> list[Binding]:
    return [Binding(a.key, a.action, a.description, show=a.show, id=a.id, tooltip=a.help, priority=True)
            for a in ACTIONS]
