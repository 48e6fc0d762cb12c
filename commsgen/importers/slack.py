"""Slack export (the workspace export's folder layout): ``channels.json``, ``users.json`` and one
folder per channel holding one JSON array of messages per day (``2026-11-20.json``).

- ``ts`` (epoch seconds, as text) becomes UTC, never local time;
- ``<@U123>`` becomes ``@`` and the person's name, ``<url|label>`` becomes ``label``, ``<#C1|name>`` ``#name``;
- joins, leaves, topic and purpose changes, pins and deletions are dropped;
- only pinned messages and messages with a ``:stopwatch:`` reaction are taken, unless ``take_all``;
- thread replies are marked ``(in thread)``; an edit replaces the message it edits (same ``ts``);
- a bot's message is prefixed with the bot's name (``[PagerDuty] ...``) and has no actor;
- times keep Slack's precision in ordering; the file gets whole seconds.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from commsgen.importers.base import ExportError, Parsed, Proposed, epoch_utc, fail, one_line, read_json
from commsgen.errors import Problem

SOURCE = "slack"
DROPPED = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "channel_convert_to_private",
        "channel_convert_to_public",
        "group_join",
        "group_leave",
        "group_topic",
        "group_purpose",
        "group_name",
        "group_archive",
        "group_unarchive",
        "pinned_item",
        "unpinned_item",
        "message_deleted",
        "tombstone",
        "reminder_add",
        "bot_add",
        "bot_remove",
        "channel_posting_permissions",
        "sh_room_created",
        "huddle_thread",
    }
)
MARKS = frozenset({"stopwatch"})
LISTS = ("channels.json", "groups.json", "mpims.json")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
_ANGLE = re.compile(r"<([^<>]*)>")
_INC_WORDS = re.compile(r"\binc[-_ ]?\d{4}[-_ ]\d{2,6}\b", re.I)  # an incident id in a channel's purpose


def parse(path: Path, *, take_all: bool = False, **_: Any) -> Parsed:
    out = Parsed()
    root, channels = _layout(path)
    users = _users(root)
    for ch in channels:
        out.ids.append(ch["name"])
    for ch in channels:
        before = len(out.events)
        _channel(ch, users, take_all, out)
        if len(out.events) > before:  # a channel the incident was worked in: its purpose and topic
            out.notes += [t for t in (ch["purpose"], ch["topic"]) if t]
            title = _INC_WORDS.sub("", ch["purpose"]).strip(" -:|")
            if title:
                out.titles.append(render_text(title, users))
    for u in users.values():
        if u.get("real_name") and not u.get("is_bot"):
            out.people.append(
                {
                    "name": u["real_name"],
                    "handle": "@" + u["name"] if u.get("name") else "",
                    "email": u.get("email") or "",
                }
            )
    return out


def _layout(path: Path) -> tuple[Path | None, list[dict]]:
    """(export root holding users.json, channels to read: {id, name, files, pins})."""
    if not path.exists():
        raise ExportError(Problem("not found", file=str(path), rule="import.missing"))
    if path.is_file():
        root = path.parent.parent if (path.parent.parent / "users.json").exists() else None
        info = _channel_info(root, path.parent.name)
        return root, [dict(info, files=[path])]
    if (path / "channels.json").exists() or (path / "users.json").exists():
        root = path
        out = []
        listed = [(f, i, c) for f in (path / n for n in LISTS) if f.exists() for i, c in enumerate(_read_list(f))]
        for f, i, c in listed:  # public channels, then private ones (groups.json) and group DMs
            if not isinstance(c, dict) or not isinstance(c.get("name"), str):
                raise fail(f, f"$[{i}].name", "a channel object with a name", c)
            folder = path / c["name"]
            if folder.is_dir():
                out.append(_info(c) | {"files": _days(folder)})
        if not out:  # no channels.json, or none of its channels has a folder: every day folder
            out = [
                _channel_info(root, d.name) | {"files": _days(d)}
                for d in sorted(path.iterdir())
                if d.is_dir() and _days(d)
            ]
        if not out:
            raise ExportError(
                Problem(
                    "holds no channel folder with day files (2026-11-20.json)", file=str(path), rule="import.missing"
                )
            )
        return root, out
    files = _days(path)
    if not files:
        raise ExportError(
            Problem(
                "is neither a Slack export (channels.json, users.json) nor a channel "
                "folder of day files (2026-11-20.json)",
                file=str(path),
                rule="import.missing",
            )
        )
    root = path.parent if (path.parent / "users.json").exists() else None
    return root, [_channel_info(root, path.name) | {"files": files}]


def _days(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and _DAY.match(p.name))


def _read_list(f: Path) -> list:
    data = read_json(f)
    if not isinstance(data, list):
        raise fail(f, "$", "a JSON array", data)
    return data


def _info(c: dict) -> dict:
    pins = {p.get("id") for p in c.get("pins") or [] if isinstance(p, dict)}
    return {
        "id": c.get("id") or c["name"],
        "name": c["name"],
        "pins": pins,
        "purpose": _value(c.get("purpose")),
        "topic": _value(c.get("topic")),
    }


def _value(v: Any) -> str:
    """A channel's purpose or topic: ``{"value": ...}`` (or, in older exports, the text)."""
    v = v.get("value") if isinstance(v, dict) else v
    return " ".join(v.split()) if isinstance(v, str) else ""


def _channel_info(root: Path | None, name: str) -> dict:
    for f in (root / n for n in LISTS) if root is not None else ():
        if f.exists():
            for c in _read_list(f):
                if isinstance(c, dict) and c.get("name") == name:
                    return _info(c)
    return {"id": name, "name": name, "pins": set(), "purpose": "", "topic": ""}


def _users(root: Path | None) -> dict[str, dict]:
    if root is None or not (root / "users.json").exists():
        return {}
    f = root / "users.json"
    out = {}
    for i, u in enumerate(_read_list(f)):
        if not isinstance(u, dict) or not isinstance(u.get("id"), str):
            raise fail(f, f"$[{i}].id", "a user object with an id", u)
        prof = _obj(u.get("profile"))
        out[u["id"]] = {
            "name": u.get("name") or "",
            "real_name": u.get("real_name") or prof.get("real_name") or prof.get("display_name") or u.get("name") or "",
            "display_name": prof.get("display_name") or "",
            "email": prof.get("email") or "",
            "is_bot": bool(u.get("is_bot")),
        }
    return out


def _channel(ch: dict, users: dict, take_all: bool, out: Parsed) -> None:
    kept: dict[str, Proposed] = {}
    edits: set[str] = set()
    for f in ch["files"]:
        msgs = _read_list(f)
        for i, m in enumerate(msgs):
            path = f"$[{i}]"
            if not isinstance(m, dict):
                raise fail(f, path, "a message object", m)
            sub = m.get("subtype")
            if sub in DROPPED:
                continue
            if sub == "message_changed":  # an edit: the new version replaces the message
                inner = m.get("message")
                if not isinstance(inner, dict):
                    raise fail(f, f"{path}.message", "the edited message (an object)", inner)
                m, path = inner, f"{path}.message"
            if m.get("type", "message") != "message":
                continue
            ts = m.get("ts")
            if not isinstance(ts, str):
                raise fail(f, f"{path}.ts", "the message's ts (epoch seconds as text, \"1763647320.000200\")", ts)
            at = epoch_utc(ts, f, f"{path}.ts")
            if not take_all and not _marked(m, ch["pins"]):
                if sub == "message_changed":  # edited, and no longer pinned or marked
                    kept.pop(ts, None)
                continue
            text = render_text(m.get("text") or "", users)
            if not text:
                names = [str(x["name"]) for x in m.get("files") or [] if isinstance(x, dict) and x.get("name")]
                if not names:
                    continue
                text = "shared " + ", ".join(names)
            thread = m.get("thread_ts")
            if isinstance(thread, str) and thread != ts:
                text = "(in thread) " + text
            actor, keys = _actor(m, users)
            if keys and keys[0].startswith("bot:"):  # a bot is no person: it is named in the text
                text, keys = f"[{keys[0][4:]}] {text}", ()
            edited = sub == "message_changed" or isinstance(m.get("edited"), dict)
            if ts in kept and ts in edits and not edited:
                continue  # the edited version was read first: it stays
            if edited:
                edits.add(ts)
            kept[ts] = Proposed(
                at=at,
                text=one_line(text),
                kind="observation",
                source=SOURCE,
                external_id=f"{ch['id']}/{ts}",
                actor=actor,
                actor_keys=keys,
            )
    out.events.extend(kept.values())


def _marked(m: dict, pins: set) -> bool:
    if m.get("pinned_to") or m.get("ts") in pins:
        return True
    for r in m.get("reactions") or []:
        if isinstance(r, dict) and str(r.get("name", "")).split("::")[0] in MARKS:
            return True
    return False


def _actor(m: dict, users: dict) -> tuple[str | None, tuple[str, ...]]:
    uid = m.get("user")
    u = users.get(uid) if isinstance(uid, str) else None
    if m.get("subtype") == "bot_message" or (m.get("bot_id") and not u):
        prof = _obj(m.get("bot_profile"))
        name = m.get("username") or prof.get("name") or "a bot"
        return None, ("bot:" + str(name),)
    if u:
        keys = tuple(k for k in (u["real_name"], u["display_name"], u["name"], u["email"]) if k)
        return u["real_name"] or u["name"], keys
    prof = _obj(m.get("user_profile"))
    name = prof.get("real_name") or prof.get("display_name") or prof.get("name") or uid
    keys = tuple(k for k in (prof.get("real_name"), prof.get("display_name"), prof.get("name")) if k)
    return (str(name) if name else None), keys


def _obj(v: Any) -> dict[str, Any]:
    """``v`` when it is an object, else an empty one (optional parts of a message)."""
    return v if isinstance(v, dict) else {}


def render_text(text: str, users: dict) -> str:
    """Slack's markup to plain Markdown-safe text: mentions to names, links to their labels."""

    def sub(m: re.Match) -> str:
        inner = m.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            u = users.get(target[1:])
            return "@" + ((u["real_name"] or u["name"]) if u else (label or target[1:]))
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            if label:
                return label
            word = target[1:].split("^")[0]
            return "@" + word
        return label or target.removeprefix("mailto:")

    return html.unescape(_ANGLE.sub(sub, text)).strip()
