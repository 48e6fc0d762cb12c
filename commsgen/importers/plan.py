"""``commsgen import``'s library side: from an export and a postmortem to the new text.

load the target -> parse the export -> keep the --since/--until window -> drop what the file
already holds (by ``source`` + ``external_id``; status updates by time and status) -> match actors
to ``people`` -> mask secrets -> insert into the text (``merge``) -> re-validate. Key times are
suggested, never written.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from commsgen.errors import Problem, UserError
from commsgen.importers import parse_source
from commsgen.importers.base import KEY_TIMES, UTC, Proposed
from commsgen.importers.textdiff import insertion_diff

LATEST = {"resolved", "mitigated"}  # suggested from the last event; the others from the first
AGREES = timedelta(minutes=1)  # a key time this close to the suggestion is not reported as differing


@dataclass
class ImportResult:
    file: str
    source: str
    old_text: str
    new_text: str
    events: list[Proposed] = field(default_factory=list)  # new to the file, in time order
    already: int = 0  # in the export and already in the file
    suggested: dict[str, datetime | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text

    def diff(self) -> str:
        a, b = self.old_text.splitlines(keepends=True), self.new_text.splitlines(keepends=True)
        out = []
        rel = not Path(self.file).is_absolute()
        names = (f"a/{self.file}", f"b/{self.file}") if rel else (self.file, self.file)
        lines = insertion_diff(a, b, *names) if self.changed else []
        if lines is None:  # not only insertions (never from this module): the general algorithm
            lines = list(difflib.unified_diff(a, b, *names, n=2))
        for line in lines:
            out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
        return "".join(out)

    def as_json(self) -> dict[str, Any]:
        return {
            "events": [event_json(e) for e in self.events],
            "suggested_times": {k: stamp(v) if v else None for k, v in self.suggested.items()},
            "warnings": list(self.warnings),
            "file": self.file,
            "source": self.source,
            "already_present": self.already,
            "written": self.written,
            "diff": self.diff(),
        }


def stamp(t: datetime) -> str:
    """ISO 8601 in UTC, whole seconds (``2026-11-20T14:09:31Z``): what a reader of a timeline needs."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def event_json(e: Proposed) -> dict[str, Any]:
    d: dict[str, Any] = {
        "at": stamp(e.at),
        "text": e.text,
        "kind": e.kind,
        "source": e.source,
        "external_id": e.external_id,
        "actor": e.actor,
        "target": e.target,
    }
    if e.status:
        d["status"] = e.status
    if e.service:
        d["service"] = e.service
    if e.suggests:
        d["suggests"] = e.suggests
    return d


# ------------------------------------------------------------------------------------ options
def parse_when(value: str | None, tz: tzinfo | None, option: str) -> datetime | None:
    """``--since``/``--until``: ISO 8601 (``2026-11-20T14:00Z``, with any offset) or a date. A time
    without an offset is read in the postmortem's ``timezone:``, else UTC."""
    if value is None:
        return None
    v = value.strip().replace(" ", "T", 1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        v += "T00:00:00"
    try:
        t = datetime.fromisoformat(v.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise UserError(
            Problem(
                f"`{value}` is not an ISO 8601 time (2026-11-20T14:00:00Z) or a date (2026-11-20)",
                field=option,
                rule="import.usage",
            )
        ) from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=tz or UTC)
    return t.astimezone(UTC)


# ------------------------------------------------------------------------------------ people
def people_index(people) -> dict[str, str]:
    """name, handle (with or without ``@``) and email, case-folded -> the person's name."""
    idx: dict[str, str] = {}
    for p in people:
        for k in (p.name, p.handle, p.email):
            if k:
                idx.setdefault(k.strip().lstrip("@").casefold(), p.name)
    return idx


def match_actor(e: Proposed, idx: dict[str, str]) -> str | None:
    for k in (*e.actor_keys, e.actor or ""):
        name = idx.get(k.strip().lstrip("@").casefold()) if k else None
        if name:
            return name
    return None


# ------------------------------------------------------------------------------------ masking
def mask_secrets(texts: list[str], pm, config) -> list[str]:
    """Each text with its secrets masked (``AKIA****...``), as every version of the postmortem would
    show them: imported text never lands in the file unmasked. One scan for all texts."""
    from commsgen.redact import context_for, mask_text, scan

    if not texts:
        return texts
    joined = "\n".join(texts)
    matches = scan(joined, context_for(pm, config), kinds=frozenset({"secret"}))
    if not matches:
        return texts
    out, pos = [], 0
    by_text: dict[int, list] = {}
    bounds = []
    for t in texts:
        bounds.append((pos, pos + len(t)))
        pos += len(t) + 1
    begins = [b[0] for b in bounds]
    for m in matches:
        i = bisect.bisect_right(begins, m.start) - 1
        by_text.setdefault(i, []).append(m)
    for i, t in enumerate(texts):
        ms = by_text.get(i)
        if not ms:
            out.append(t)
            continue
        s0, e0 = bounds[i]
        local = [_shift(m, s0, e0) for m in ms]
        out.append(mask_text(t, [m for m in local if m is not None], only_kinds={"secret"}))
    return out


def _shift(m, s0: int, e0: int):
    start, end = max(m.start, s0) - s0, min(m.end, e0) - s0
    ms = m.mask_start - s0 if m.mask_start is not None else None
    me = m.mask_end - s0 if m.mask_end is not None else None
    if ms is not None:
        ms = min(max(ms, start), end)
    if me is not None:
        me = min(max(me, start), end)
    if end <= start:
        return None
    return m._replace(start=start, end=end, text=m.text[: end - start], mask_start=ms, mask_end=me)


# ------------------------------------------------------------------------------------ suggestions
def suggest(events: list[Proposed]) -> dict[str, datetime | None]:
    out: dict[str, datetime | None] = {k: None for k in KEY_TIMES}
    for e in events:
        k = e.suggests
        if k not in out:
            continue
        cur = out[k]
        if cur is None or (e.at > cur if k in LATEST else e.at < cur):
            out[k] = e.at
    return out


def time_warnings(suggested: dict[str, datetime | None], times) -> list[str]:
    out = []
    for k, v in suggested.items():
        if v is None:
            continue
        have = getattr(times, k, None)
        if have is None:
            out.append(
                f"times.{k} is empty; the export suggests {stamp(v)} (key times are never written by "
                "import: add it if it is right)"
            )
        elif abs(have.astimezone(UTC) - v) >= AGREES:  # a writer's 14:09 agrees with the pager's 14:09:12
            out.append(
                f"times.{k} is {stamp(have)} in the file; the export suggests {stamp(v)} (the file's value is kept)"
            )
    return out


# ------------------------------------------------------------------------------------ the plan
def timeline_fields(e: Proposed) -> dict[str, Any]:
    d: dict[str, Any] = {"at": stamp(e.at), "text": e.text, "kind": e.kind}
    if e.actor:
        d["actor"] = e.actor
    d["source"] = e.source
    d["external_id"] = e.external_id
    d["audience"] = ["engineering"]
    return d


def update_fields(e: Proposed) -> dict[str, Any]:
    return {"at": stamp(e.at), "status": e.status, "body": e.text}


def plan(
    source: str,
    export: str | Path,
    target: str | Path,
    *,
    since: str | None = None,
    until: str | None = None,
    take_all: bool = False,
    service_label: str = "service",
    config=None,
) -> ImportResult:
    """What importing ``export`` into ``target`` would change (nothing is written here)."""
    from commsgen.model.loader import load

    loaded = load(target)
    pm = loaded.postmortem
    tz = None
    if pm.timezone:
        from zoneinfo import ZoneInfo

        tz = ZoneInfo(pm.timezone)
    lo, hi = parse_when(since, tz, "--since"), parse_when(until, tz, "--until")
    parsed = parse_source(source, export, take_all=take_all, service_label=service_label)
    events = [e for e in parsed.events if (lo is None or e.at >= lo) and (hi is None or e.at <= hi)]
    res = ImportResult(
        file=str(target), source=source, old_text=loaded.text, new_text=loaded.text, warnings=list(parsed.warnings)
    )
    res.suggested = suggest(events)
    res.warnings += time_warnings(res.suggested, pm.times)
    have = {(e.source, e.external_id) for e in pm.timeline if e.external_id}
    updates = pm.status_page.updates if pm.status_page else []
    have_updates = {(u.at.astimezone(UTC).replace(microsecond=0), u.status) for u in updates}  # written to the second
    new: list[Proposed] = []
    for e in events:
        if e.target == "timeline" and (e.source, e.external_id) in have:
            res.already += 1
        elif e.target != "timeline" and (e.at.replace(microsecond=0), e.status) in have_updates:
            res.already += 1
        else:
            new.append(e)
    idx = people_index(pm.people)
    unmatched: dict[str, int] = {}
    for e in new:
        if e.actor:
            name = match_actor(e, idx)
            if name:
                e.actor = name
            else:
                unmatched[e.actor] = unmatched.get(e.actor, 0) + 1
    for actor, n in unmatched.items():
        res.warnings.append(
            f"actor `{actor}` ({n} event{'s' if n > 1 else ''}) matches no one in `people` by "
            "name, handle or email; kept as the export names them: add them to `people` or "
            "correct the actor"
        )
    services = {s.id for s in pm.services}
    for svc in sorted({e.service for e in new if e.service and e.service not in services}):
        res.warnings.append(f"service `{svc}` (from the alerts' labels) is not in `services`")
    for e, text in zip(new, mask_secrets([e.text for e in new], pm, config)):
        if text != e.text:
            e.text = text
    res.events = new
    res.new_text = merge_into(loaded, new)
    return res


FULL_CHECK = 300  # up to this many new entries the whole new text is re-loaded; beyond, a probe (below)


def merge_into(loaded, new: list[Proposed]) -> str:
    """``loaded``'s text with ``new`` inserted, re-validated; ``UserError`` (exit 2) when the file's
    lists cannot be edited safely or the result would not validate.

    Validation: every new event against the model, then the edited text re-loaded. For a large
    import (more than ``FULL_CHECK`` entries) re-parsing thousands of generated items would cost
    seconds, so the text that is re-loaded is a probe: the same edit with only the first and last
    entry of each insertion point. Items of one insertion point are written by the same code with
    the same indentation, and each value is either a plain scalar checked by a strict pattern or a
    JSON string that YAML reads the same way, so the probe proves the placement and the model
    check proves the values."""
    from commsgen.importers.merge import MergeError, groups, insert
    from commsgen.model.loader import loads
    from commsgen.model.schema import Event, StatusUpdate

    pm, text, name = loaded.postmortem, loaded.text, loaded.path
    is_json = name.lower().endswith(".json")
    timeline = [(e.at, timeline_fields(e)) for e in new if e.target == "timeline"]
    updates = [(e.at, update_fields(e)) for e in new if e.target != "timeline"]
    have_tl = [e.at.astimezone(UTC) for e in pm.timeline]
    have_up = [u.at.astimezone(UTC) for u in (pm.status_page.updates if pm.status_page else [])]
    from pydantic import TypeAdapter, ValidationError

    for model, entries in ((Event, timeline), (StatusUpdate, updates)):
        if not entries:
            continue
        try:  # one call for the whole list: pydantic's loop runs in Rust
            TypeAdapter(list[model]).validate_python([fields for _at, fields in entries])  # type: ignore[valid-type]
        except ValidationError as e:  # a bug in a parser, or odd export data
            err = e.errors()[0]
            fields = entries[err["loc"][0]][1] if err["loc"] and isinstance(err["loc"][0], int) else {}
            raise UserError(
                Problem(
                    f"an imported entry does not validate, so nothing was written: "
                    f"{fields.get('external_id') or fields.get('at')}: "
                    f"`{'.'.join(str(x) for x in err['loc'][1:])}` {err['msg']}",
                    file=name,
                    rule="import.target",
                )
            ) from None

    def edit(tl, up) -> str:
        out = text
        try:
            if tl:
                out = insert(out, ("timeline",), have_tl, tl, is_json=is_json)
            if up:
                out = insert(out, ("status_page", "updates"), have_up, up, is_json=is_json)
        except MergeError as e:
            raise UserError(
                Problem(
                    f"cannot add the imported events safely: {e}. Nothing was written.", file=name, rule="import.target"
                )
            ) from None
        return out

    result = edit(timeline, updates)
    if result == text:
        return result
    if len(timeline) + len(updates) <= FULL_CHECK:
        probe, probe_tl, probe_up = result, timeline, updates
    else:
        probe_tl, probe_up = _ends(groups(have_tl, timeline)), _ends(groups(have_up, updates))
        probe = edit(probe_tl, probe_up)
    try:
        after = loads(probe, name).postmortem
    except UserError as e:
        raise UserError(
            Problem(
                f"the file would no longer validate after the import, so nothing was written: {e.problems[0].message}",
                file=name,
                line=e.problems[0].line,
                field=e.problems[0].field,
                rule="import.target",
            )
        ) from None
    got_up = after.status_page.updates if after.status_page else []
    added = {(f["source"], f["external_id"]) for _a, f in probe_tl}
    kept = [e for e in after.timeline if (e.source, e.external_id) not in added]
    kept_up = [
        u
        for u in got_up
        if (u.at.astimezone(UTC), u.status, u.body)
        not in {(a.replace(microsecond=0), f["status"], f["body"]) for a, f in probe_up}
    ]
    if (
        kept != pm.timeline
        or kept_up != (pm.status_page.updates if pm.status_page else [])
        or len(after.timeline) != len(have_tl) + len(probe_tl)
        or len(got_up) != len(have_up) + len(probe_up)
    ):
        hint = " (the file ends without a newline inside a block scalar: add one)" if not text.endswith("\n") else ""
        raise UserError(
            Problem(
                f"the edit would change events already in the file, so nothing was written{hint}",
                file=name,
                rule="import.target",
            )
        )
    return result


def _ends(grouped: dict) -> list:
    out = []
    for entries in grouped.values():
        out += [entries[0]] if len(entries) == 1 else [entries[0], entries[-1]]
    return out


def write(res: ImportResult) -> None:
    from commsgen.atomic import write_atomic

    if res.changed:
        bom = Path(res.file).read_bytes()[:3] == b"\xef\xbb\xbf"  # the loader drops it; keep it
        write_atomic(res.file, ("\ufeff" if bom else "") + res.new_text)
        res.written = True


__all__ = ["ImportResult", "plan", "write", "merge_into", "stamp", "event_json"]
