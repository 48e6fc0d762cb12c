"""The one registry of user actions: it drives key bindings, the footer, the help screen and
the command palette, so they can never disagree.

Each action has a scope: ``screen`` actions work everywhere; ``editor``, ``findings`` and
``preview`` actions are bound on that pane, so the footer (which shows the bindings of the
focused pane and of the screen) always shows the keys that matter where the focus is."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Action:
    id: str  # stable id; also the binding id (a user keymap can refer to it)
    key: str
    description: str  # short: footer and palette title
    help: str  # one line: help screen and palette
    action: str  # the Textual action it runs (on the main screen unless prefixed app.)
    show: bool = True  # shown in the footer
    scope: str = "screen"  # screen | editor | findings | preview


ACTIONS: tuple[Action, ...] = (
    Action(
        "save",
        "ctrl+s",
        "Save",
        "Save the draft exactly as typed (atomic write; checks the file did not change on disk)",
        "save",
    ),
    Action(
        "save-as",
        "f2",
        "Save as",
        "Save the draft under a new file name (asks before replacing a file)",
        "save_as",
        show=False,
    ),
    Action("find", "ctrl+f", "Find", "Find text in the source (f3: find the next match)", "find", scope="editor"),
    Action(
        "find-next",
        "f3",
        "Find next",
        "Find the next match of the last search",
        "find_next",
        show=False,
        scope="editor",
    ),
    Action("go-to-line", "ctrl+g", "Line", "Move the cursor to a line number", "go_to_line", scope="editor"),
    Action(
        "add-event",
        "ctrl+t",
        "Event",
        "Add a timeline event stamped with the current UTC time",
        "add_event",
        scope="editor",
    ),
    Action("next-blocking", "ctrl+n", "Next", "Go to the next blocking finding that has a line", "next_blocking"),
    Action(
        "prev-blocking",
        "ctrl+b",
        "Previous",
        "Go to the previous blocking finding that has a line",
        "prev_blocking",
        show=False,
    ),
    Action(
        "jump", "enter", "Jump", "Go to the selected finding's text in the editor", "jump_finding", scope="findings"
    ),
    Action(
        "mask",
        "m",
        "Mask",
        "Replace the finding's text in the source with its masked form",
        "mask_finding",
        scope="findings",
    ),
    Action(
        "waive",
        "w",
        "Waive",
        "Accept the finding with a reason (writes a `redaction.allow` entry)",
        "waive_finding",
        scope="findings",
    ),
    Action("export", "f5", "Export", "Export the audience shown in the preview (executive: PDF)", "export_current"),
    Action("export-all", "f6", "Export all", "Export every audience beside the source file", "export_all", show=False),
    Action("prev-audience", "f7", "Prev tab", "Show the previous audience's preview", "prev_tab", show=False),
    Action("next-audience", "f8", "Next tab", "Show the next audience's preview", "next_tab", show=False),
    Action("switch-pane", "f9", "Pane", "Move focus: editor, preview, findings, finding detail", "cycle_focus"),
    Action(
        "seen-before",
        "f4",
        "Seen before?",
        "Show or hide similar past incidents from the knowledge-base index",
        "toggle_seen",
        show=False,
    ),
    Action("help", "f1", "Help", "Show or hide this list of keys", "toggle_help"),
    Action("quit", "ctrl+q", "Quit", "Quit (asks first when there are unsaved changes)", "app.quit"),
)

# Keys that are not actions of ours but that a keyboard-only user needs (help screen only).
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+p", "Command palette: every action by name"),
    ("ctrl+a", "In the editor: select all"),
    ("ctrl+home / ctrl+end", "In the editor: start / end of the document (with shift: select)"),
    ("home / end", "In the editor: start / end of the line"),
    ("escape", "In the editor: drop the selection; elsewhere: back to the editor; in a dialog: cancel"),
    ("left / right", "In the audience tabs: switch audience"),
    ("ctrl+z / ctrl+y", "Undo / redo in the editor"),
    ("tab", "In the editor: indent"),
)


def bindings(scope: str) -> list[Binding]:
    """The bindings of one scope. Screen-wide ones take priority over the panes' own keys."""
    out = []
    for a in ACTIONS:
        if a.scope != scope:
            continue
        target = a.action if a.action.startswith("app.") or scope == "screen" else f"screen.{a.action}"
        out.append(
            Binding(
                a.key,
                target,
                a.description,
                show=a.show,
                id=a.id,
                tooltip=a.help,
                priority=scope in ("screen", "editor"),
            )
        )
    return out
