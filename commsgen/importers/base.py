"""What every source parser shares: the proposed event, reading export files, times in UTC, and
one clear error for a malformed export (file, JSON path, what was expected; exit 2).

Parsers are pure functions of the files they read: no network, no clock, no target postmortem.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from collections.abc import Iterator

from commsgen.errors import InputError, Problem

UTC = timezone.utc
KEY_TIMES = ("detected", "acknowledged", "mitigated", "resolved")


@dataclass
class Proposed:
    """One event an export proposes for the timeline (or, ``target='status_page.updates'``, one
    status-page update: ``status`` is then its status and ``text`` its body)."""

    at: datetime  # aware, UTC
    text: str
    kind: str
    source: str
    external_id: str
    actor: str | None = None  # as the source names them (display name, login or email)
    actor_keys: tuple[str, ...] = ()  # every identifier the source gives for the actor
    suggests: str | None = None  # the key time this event suggests (detected, acknowledged, ...)
    service: str | None = None  # the value of the service label, when the source has labels
    target: str = "timeline"
    status: str | None = None  # status-page updates only


@dataclass
class Parsed:
    """What one export holds: proposals, plus hints for a pre-filled draft."""

    events: list[Proposed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    people: list[dict[str, str]] = field(default_factory=list)  # {name, handle, email} seen in the export
    ids: list[str] = field(default_factory=list)  # incident ids or channel names seen
    titles: list[str] = field(default_factory=list)
    # for ``new --from`` only (``import`` never reads them):
    notes: list[str] = field(default_factory=list)  # other incident text (channel topics): an id, a SEV
    refs: list[str] = field(default_factory=list)  # the source's own incident number (PD-4121)
    services: list[str] = field(default_factory=list)  # services the source names (PagerDuty's service)
    components: list[str] = field(default_factory=list)  # public component names (Statuspage)
    times: dict[str, datetime] = field(default_factory=dict)  # key times the export states (Statuspage)
    impact: str | None = None  # the status page's impact (none, minor, major, critical)


class ExportError(InputError):
    """A malformed export file (exit 2): names the file, the JSON path and what was expected."""


def fail(file: Path | str, path: str, expected: str, found: Any = None) -> ExportError:
    got = "" if found is None else f", found {describe(found)}"
    return ExportError(
        Problem(
            f"expected {expected}{got}. Is this the right export for this source? "
            "See docs/IMPORT.md for the formats each source reads.",
            file=str(file),
            field=path or "$",
            rule="import.malformed",
        )
    )


def describe(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if isinstance(v, str):
        s = v if len(v) <= 40 else v[:39] + "\u2026"
        return f"the text {json.dumps(s)}"
    if isinstance(v, list):
        return f"a list of {len(v)}"
    if isinstance(v, dict):
        return "an object" + (f" with keys {', '.join(list(v)[:6])}" if v else " (empty)")
    return type(v).__name__


# ------------------------------------------------------------------------------------ reading
MAX_EXPORT_BYTES = 256 * 1024 * 1024


def read_json(path: Path) -> Any:
    """One JSON document, or JSON lines (one document a line: a webhook receiver's log)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(Problem("not found", file=str(path), rule="import.missing")) from None
    except IsADirectoryError:
        raise ExportError(Problem("is a folder; give a file", file=str(path), rule="import.missing")) from None
    except OSError as e:
        raise ExportError(Problem(f"cannot be read: {e.strerror}", file=str(path), rule="import.unreadable")) from None
    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportError(Problem("is larger than 256 MiB", file=str(path), rule="import.too-large"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ExportError(
            Problem(f"is not UTF-8 text (byte {e.start})", file=str(path), rule="import.encoding")
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as first:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        if len(lines) > 1 and lines[0].lstrip().startswith("{"):
            docs = []
            for i, ln in enumerate(text.splitlines(), 1):
                if not ln.strip():
                    continue
                try:
                    docs.append(json.loads(ln))
                except json.JSONDecodeError as e:
                    raise ExportError(
                        Problem(
                            f"is neither JSON nor JSON lines: line {i}: {e.msg}",
                            file=str(path),
                            line=i,
                            column=e.colno,
                            rule="import.syntax",
                        )
                    ) from None
            return docs
        raise ExportError(
            Problem(
                f"is not JSON: {first.msg}", file=str(path), line=first.lineno, column=first.colno, rule="import.syntax"
            )
        ) from None


def json_files(path: Path) -> list[Path]:
    """A file itself, or a folder's ``*.json`` and ``*.jsonl`` files (recursively, sorted: pages in order)."""
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file()
            and p.suffix.lower() in (".json", ".jsonl")
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not files:
            raise ExportError(Problem("holds no .json file", file=str(path), rule="import.missing"))
        return files
    if not path.exists():
        raise ExportError(Problem("not found", file=str(path), rule="import.missing"))
    return [path]


def documents(path: Path) -> Iterator[tuple[Path, str, Any]]:
    """(file, JSON path, document) for every document under ``path`` (a file, or a folder of pages).
    A list at the top level (or JSON lines) gives one document per item: ``[3]``."""
    for f in json_files(path):
        data = read_json(f)
        if isinstance(data, list):
            for i, d in enumerate(data):
                yield f, f"[{i}]", d
        else:
            yield f, "", data


# ------------------------------------------------------------------------------------ fields
def get(
    obj: Any, key: str, file: Path, path: str, expected: str, kind: type | tuple = str, required: bool = True
) -> Any:
    if not isinstance(obj, dict):
        raise fail(file, path, "an object", obj)
    v = obj.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, kind) or isinstance(v, bool) and kind is not bool:
        raise fail(file, f"{path}.{key}", expected, v)
    return v


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$")


def iso_utc(v: Any, file: Path, path: str) -> datetime:
    """An ISO 8601 time with its offset (``Z``, ``+02:00``, ``-0500``) to UTC. A time without an
    offset is refused: guessing its zone is how timelines go wrong."""
    if not isinstance(v, str):
        raise fail(file, path, "an ISO 8601 time with an offset (2026-11-20T14:02:00Z)", v)
    if len(v) >= 20 and v[10] == "T" and v[-1] in "Z+-0123456789":  # the common forms, in C
        try:
            t = datetime.fromisoformat(v)
            if t.tzinfo is not None:
                return t.astimezone(UTC)
        except ValueError:
            pass
    m = _ISO.match(v.strip())
    if not m:
        raise fail(file, path, "an ISO 8601 time with an offset (2026-11-20T14:02:00Z)", v)
    y, mo, d, h, mi, s, frac, off = m.groups()
    if off is None:
        raise fail(file, path, "a time with a UTC offset (Z or +01:00); this one has none, so its zone is unknown", v)
    try:
        micro = int((frac or ".0")[1:7].ljust(6, "0"))
        if off in ("Z", "z"):
            tz = UTC
        else:
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
        t = datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), micro, tzinfo=tz)
    except ValueError:
        raise fail(file, path, "a valid calendar time", v) from None
    return t.astimezone(UTC)


NEVER = datetime(1, 1, 1, tzinfo=UTC)


def epoch_utc(v: Any, file: Path, path: str, *, unit: str = "s") -> datetime:
    """Seconds (Slack ``ts``: ``"1605880920.000200"``) or milliseconds since the epoch to UTC, exact
    to the microsecond (no float rounding)."""
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        raise fail(file, path, f"epoch {'milliseconds' if unit == 'ms' else 'seconds'} (a number)", v)
    s = str(v).strip() if not isinstance(v, float) else repr(v)
    m = re.fullmatch(r"(\d+)(?:\.(\d+))?", s)
    if not m:
        raise fail(file, path, f"epoch {'milliseconds' if unit == 'ms' else 'seconds'} (digits)", v)
    whole, frac = int(m.group(1)), (m.group(2) or "")
    if unit == "ms":
        micros = whole * 1000 + int((frac[:3]).ljust(3, "0"))
    else:
        micros = whole * 1_000_000 + int(frac[:6].ljust(6, "0"))
    try:
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
    except OverflowError:
        raise fail(file, path, "a time between years 1 and 9999", v) from None


def one_line(s: str, limit: int = 500) -> str:
    """Whitespace runs (newlines too) to single spaces; very long texts cut with an ellipsis."""
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "\u2026"
