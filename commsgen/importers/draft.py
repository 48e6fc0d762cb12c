"""``commsgen new --from SOURCE:PATH ...``: the skeleton, pre-filled from exports.

The shipped skeleton stays the base (its guiding comments are kept); these parts are filled from
the imports: ``id`` (an ``INC-YYYY-NNNN`` found in a channel name or title), ``title``, ``services``
(the alerts' service label), ``people`` (the actors; whoever acknowledged first is the lead),
``times`` (started, and the suggested key times), ``timeline`` and ``status_page.updates``. Each
guessed value carries a comment saying what to check.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from commsgen.errors import Problem, UserError
from commsgen.importers import SOURCES, parse_source
from commsgen.importers.base import KEY_TIMES, Proposed
from commsgen.importers.merge import block_item, yaml_value, insert
from commsgen.importers.plan import mask_secrets, stamp, suggest, timeline_fields

_INC = re.compile(r"\binc[-_ ]?(\d{4})[-_ ](\d{2,6})\b", re.I)


def split_spec(spec: str) -> tuple[str, str]:
    """``SOURCE:PATH`` -> (source, path), with a clear error for anything else."""
    source, sep, path = spec.partition(":")
    if not sep or source not in SOURCES or not path:
        raise UserError(
            Problem(
                f"`{spec}` is not SOURCE:PATH with SOURCE one of {', '.join(SOURCES)} "
                "(e.g. pagerduty:log_entries.json)",
                field="--from",
                rule="new.from",
            )
        )
    return source, path


def draft_text(
    specs: list[str], *, take_all: bool = False, service_label: str = "service", config=None
) -> tuple[str, list[str]]:
    """(the draft's text, warnings). The text validates (``commsgen check`` reads it)."""
    from commsgen.model.loader import loads
    from commsgen.skeleton import skeleton_text

    events: list[Proposed] = []
    warnings: list[str] = []
    hints_people: list[dict[str, str]] = []
    ids: list[str] = []
    titles: list[str] = []
    for spec in specs:
        source, path = split_spec(spec)
        parsed = parse_source(source, path, take_all=take_all, service_label=service_label)
        seen = {(e.source, e.external_id) for e in events}
        events += [e for e in parsed.events if (e.source, e.external_id) not in seen]
        warnings += parsed.warnings
        hints_people += parsed.people
        ids += parsed.ids
        titles += parsed.titles
    events.sort(key=lambda e: (e.at, e.external_id))
    text = skeleton_text()
    timeline = [e for e in events if e.target == "timeline"]
    updates = [e for e in events if e.target != "timeline"]
    for e, t in zip(events, mask_secrets([e.text for e in events], None, config)):
        e.text = t
    inc = next((m for s in ids + titles if (m := _INC.search(s))), None)
    if inc:
        text = _set_line(
            text, "id", f"INC-{inc.group(1)}-{inc.group(2)}", "# from the imports: check it is this incident's id"
        )
    if titles:
        text = _set_line(text, "title", titles[0], "# from the imports: rewrite it to name what failed and why")
    services = sorted({e.service for e in events if e.service})
    if services:
        lines = ["services:                         # from the alerts' service label; add each public_name"]
        for s in services:
            lines += [
                f"  - id: {yaml_value(s)}",
                "    # public_name: what customers call it (else never named to them)",
            ]
        text = _replace_block(text, "services", lines)
    people = _people(timeline, hints_people)
    if people:
        lines = ["people:                           # from the imports: check names and roles, add who is missing"]
        for p in people:
            lines.append(f"  - name: {yaml_value(p['name'])}")
            lines.append(
                f"    role: {p['role']}"
                + ("                    # acknowledged first: check" if p["role"] == "lead" else "")
            )
            if p.get("handle"):
                lines.append(f"    handle: {yaml_value(p['handle'])}")
            if p.get("email"):
                lines.append(f"    email: {yaml_value(p['email'])}")
        text = _replace_block(text, "people", lines)
        idx = {k.casefold(): p["name"] for p in people for k in p["keys"]}
        for e in timeline:
            if e.actor:
                e.actor = next((idx[k.casefold()] for k in (*e.actor_keys, e.actor) if k.casefold() in idx), None)
    if events:
        text = _replace_block(text, "times", _times(events))
    if timeline:
        lines = ["timeline:                         # imported: check each event; add decisions and context"]
        for e in timeline:
            lines += block_item(timeline_fields(e), 2, 4, False)
        text = _replace_block(text, "timeline", lines)
    if updates:
        text = insert(
            text,
            ("status_page", "updates"),
            [],
            [(e.at, {"at": stamp(e.at), "status": e.status, "body": e.text}) for e in updates],
        )
    try:
        loads(text, "draft.yaml")
    except UserError as e:  # pragma: no cover - a bug: the draft is built to validate
        raise UserError(
            Problem(f"the pre-filled draft does not validate: {e.problems[0].paragraph()}", rule="new.from")
        ) from None
    return text, warnings


def _set_line(text: str, key: str, value: str, comment: str) -> str:
    rx = re.compile(rf"^{key}:.*$", re.M)
    line = f"{key}: {yaml_value(value)}"
    return rx.sub(lambda _m: f"{line:<33} {comment}", text, count=1)


def _replace_block(text: str, key: str, new: list[str]) -> str:
    """Replace the top-level ``key:`` block (its line and the indented or ``- `` lines under it)."""
    lines = text.split("\n")
    start = next(i for i, ln in enumerate(lines) if re.match(rf"^{key}\s*:", ln))
    end = start
    for j in range(start + 1, len(lines)):
        ln = lines[j]
        if not ln.strip():
            continue
        if ln[0] in " -":
            end = j
            continue
        break
    return "\n".join(lines[:start] + new + lines[end + 1 :])


def _people(events: list[Proposed], hints: list[dict[str, str]]) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []

    def find(keys) -> dict | None:
        ks = {k.casefold() for k in keys if k}
        return next((p for p in people if ks & {k.casefold() for k in p["keys"]}), None)

    for e in events:
        if not e.actor:
            continue
        keys = [*e.actor_keys, e.actor]
        hint = next(
            (
                h
                for h in hints
                if {h.get("name", "").casefold(), h.get("email", "").casefold()} & {k.casefold() for k in keys}
            ),
            {},
        )
        p = find(keys + [hint.get("email", ""), hint.get("name", "")])
        if p is None:
            name = hint.get("name") or e.actor
            if "@" in name:
                name = " ".join(w.capitalize() for w in re.split(r"[._-]+", name.split("@")[0]) if w)
            p = {"name": name, "role": "responder", "keys": set(), "email": "", "handle": "", "acked": None}
            people.append(p)
        p["keys"].update(k for k in keys + [hint.get("email", ""), hint.get("name", "")] if k)
        email = hint.get("email") or next((k for k in keys if "@" in k and " " not in k), "")
        p["email"] = p["email"] or email
        p["handle"] = p["handle"] or hint.get("handle", "")
        if e.suggests == "acknowledged" and (p["acked"] is None or e.at < p["acked"]):
            p["acked"] = e.at
    if people:
        acked = [p for p in people if p["acked"] is not None]
        lead = min(acked, key=lambda p: p["acked"]) if acked else people[0]
        lead["role"] = "lead"
        people.remove(lead)
        people.insert(0, lead)
    return people


def _times(events: list[Proposed]) -> list[str]:
    sug = suggest(events)
    first: datetime = min(e.at for e in events)
    out = ["times:", f"  started: {stamp(first)}          # the first imported event: set it to when impact BEGAN"]
    notes = {
        "detected": "first alert",
        "acknowledged": "first acknowledgement",
        "mitigated": "the alerts recovered",
        "resolved": "closed in the pager",
    }
    for k in ("detected", "acknowledged", "identified", "mitigated", "resolved", "closed"):
        v = sug.get(k) if k in KEY_TIMES else None
        if v is not None:
            out.append(f"  {k}: {stamp(v)}" + " " * max(1, 23 - len(k)) + f"# from the imports ({notes[k]}): check it")
        else:
            out.append(f"  # {k}:" + " " * max(1, 14 - len(k)) + "TODO: not in the imports; fill it in when known")
    return out
