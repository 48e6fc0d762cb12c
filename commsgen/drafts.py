"""Editing a postmortem draft: saving, crash-recovery copies, text insertions, export paths.

Headless helpers the TUI (and any other editor face) calls; no textual here. The source text is
always kept as the writer typed it: insertions splice lines into the text, never re-dump the
model, so comments and key order survive.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from commsgen.atomic import write_atomic
from commsgen.findings import Finding
from commsgen.outputs import AUDIENCES

RECOVERY_SUFFIX = ".commsgen-recovery"
UNTITLED = "untitled-postmortem.yaml"


# ------------------------------------------------------------------------------------ save / recovery
def recovery_path(path: str | os.PathLike | None, cwd: Path | None = None) -> Path:
    """Where the crash-recovery copy of ``path`` lives: ``.<name>.commsgen-recovery`` beside it.
    An untitled draft (no path yet) recovers from the working folder."""
    p = Path(path) if path else (cwd or Path.cwd()) / UNTITLED
    return p.with_name(f".{p.name}{RECOVERY_SUFFIX}")


def save(path: str | os.PathLike, text: str, cwd: Path | None = None) -> Path:
    """Write the draft exactly as typed (atomically), then drop its recovery copy. A symbolic link
    is followed: its target is written and the link stays a link."""
    target = write_atomic(os.path.realpath(path), text)
    discard_recovery(path, cwd)
    return target


def write_recovery(path: str | os.PathLike | None, text: str, cwd: Path | None = None) -> Path:
    return write_atomic(recovery_path(path, cwd), text, mode=0o600)


def discard_recovery(path: str | os.PathLike | None, cwd: Path | None = None) -> None:
    try:
        recovery_path(path, cwd).unlink()
    except FileNotFoundError:
        pass


def pending_recovery(path: str | os.PathLike | None, cwd: Path | None = None) -> str | None:
    """The recovery copy's text when it is worth offering: newer than the file (or the file is
    gone) and different from it. None otherwise."""
    rec = recovery_path(path, cwd)
    try:
        rec_stat = rec.stat()
        text = rec.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    if path:
        p = Path(path)
        try:
            if p.stat().st_mtime > rec_stat.st_mtime:
                return None
            if p.read_text(encoding="utf-8") == text:
                return None
        except FileNotFoundError:
            pass
        except UnicodeDecodeError:
            return text
    return text


# ------------------------------------------------------------------------------------ insertions
class InsertError(ValueError):
    """The insertion cannot be done safely on this text (the message says why)."""


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")


def utc_stamp(now: datetime | None = None) -> str:
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


EVENT_PLACEHOLDER = "What happened at this moment?"


def insert_timeline_event(
    text: str, *, now: datetime | None = None, kind: str = "observation", body: str = EVENT_PLACEHOLDER
) -> tuple[str, tuple[int, int, int]]:
    """Append a timeline event stamped ``now`` (UTC) at the end of the top-level ``timeline:`` block.

    Returns the new text and ``(row, start_col, end_col)`` (0-based) of the event's text value,
    so an editor can select it for typing over. Works on the lines as typed (comments, key order
    and blank lines are untouched), even when the rest of the file does not parse.
    Raises ``InsertError`` for JSON or a flow-style (``[...]``) timeline.
    """
    if text.lstrip().startswith(("{", "[")):
        raise InsertError("this is a JSON postmortem: add timeline events by hand (or use YAML)")
    lines = text.split("\n")
    start = next((i for i, ln in enumerate(lines) if re.match(r"^timeline\s*:", ln)), None)
    stamp = utc_stamp(now)
    if start is None:  # no timeline at all: add one at the end
        head = lines[:-1] if lines and lines[-1] == "" else lines
        new = head + ["timeline:", f"  - at: {stamp}", f"    kind: {kind}", f"    text: {body}", ""]
        row = len(head) + 3
        return "\n".join(new), (row, 10, 10 + len(body))
    found = _TOP_KEY.match(lines[start])
    assert found is not None  # ``start`` is a line that starts with ``timeline:``
    rest = found.group(2).split("#", 1)[0].strip()
    if rest:
        raise InsertError(
            "`timeline:` is written in flow style (`[...]`) on one line: "
            "write it as a block list (`- at: ...` items) to add events"
        )
    last = start  # last line holding content of the block
    item_indent = None
    for i in range(start + 1, len(lines)):
        ln = lines[i]
        stripped = ln.strip()
        if not stripped:
            continue
        indent = len(ln) - len(ln.lstrip(" "))
        if indent == 0 and not stripped.startswith("- ") and stripped != "-":
            break  # the next top-level key or a top-level comment
        if stripped.startswith("#"):
            continue  # a comment inside the block: the new event goes after real content only
        if item_indent is None and stripped.startswith("-"):
            item_indent = indent
        last = i
    ind = " " * (2 if item_indent is None else item_indent)
    event = [f"{ind}- at: {stamp}", f"{ind}  kind: {kind}", f"{ind}  text: {body}"]
    new = lines[: last + 1] + event + lines[last + 1 :]
    row = last + 3
    col = len(ind) + len("  text: ")
    return "\n".join(new), (row, col, col + len(body))


# ------------------------------------------------------------------------------------ export / findings
def export_path(source: str | os.PathLike, filename: str) -> Path:
    """Where an export of ``source`` goes: beside it, ``<stem>.<audience>.<ext>``."""
    p = Path(source)
    return p.with_name(f"{p.stem}.{filename}")


def preview_findings(preview) -> list[Finding]:
    """The findings of a ``pipeline.Preview``, exactly those ``check`` reports (one row per problem:
    a refused output is explained by its own blocking findings, or by the one ``<audience>.refused``
    finding when nothing else refused it), blocking first, then by line."""
    rank = {"block": 0, "warn": 1, "info": 2}
    return sorted(
        preview.findings, key=lambda f: (0 if f.blocking else rank.get(f.severity, 3), f.line or 0, f.column or 0)
    )


def blocking_counts(findings: list[Finding]) -> dict[str, int]:
    """Blocking findings per audience; a finding about the source (no audience) blocks them all."""
    counts = {a: 0 for a in AUDIENCES}
    for f in findings:
        if not f.blocking:
            continue
        for a in [f.audience] if f.audience in counts else AUDIENCES if f.audience is None else []:
            counts[a] += 1
    return counts


def export(loaded, config, audience: str, source: str | os.PathLike):
    """Build ``audience`` in its export format (``outputs.DEFAULTS``) with the library's render
    path and publish it beside ``source``.

    Returns ``(output, path)``: ``path`` is None when the output was refused (``output.refused``
    and its blocking findings say why)."""
    from commsgen.outputs import DEFAULTS
    from commsgen.produce import produce

    pair = (audience, DEFAULTS[audience].export)
    made = next(produce(loaded, config, [pair], lambda out: export_path(source, out.filename)))
    return made.output, made.path
