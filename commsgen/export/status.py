"""Status-page outputs of a ``StatusView``: the public incident text (and its 280-character
``--short`` variant), and the incident payloads of Atlassian Statuspage, Cachet 3, cState and
Gatus. Every field name, value and mapping is documented (with its source) in
docs/STATUS-PAGES.md.

JSON: insertion-ordered keys (stable), UTF-8, 2-space indent, trailing newline.
YAML: ``yaml.dump`` with a ``SafeDumper`` subclass (plain data only), timestamps as RFC 3339 UTC.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import yaml

from commsgen.config import Config
from commsgen.errors import Problem, UserError
from commsgen.outputs import STATUS_FILENAMES, STATUS_FORMATS
from commsgen.views.status import StatusView


SHORT_LIMIT = 280
CUT_MARK = "…"
CUT_NO_URL = "… [shortened]"

STATUSPAGE_NAME_MAX = 255  # "Incident Name. There is a maximum limit of 255 characters."
STATUSPAGE_BODY_MAX = 25000  # "There is a maximum limit of 25000 characters"
CACHET_NAME_MAX = 255  # CreateIncidentRequestData: name max:255

# Cachet 3 IncidentStatusEnum: investigating 1, identified 2, watching 3, fixed 4
CACHET_STATUS = {"investigating": 1, "identified": 2, "monitoring": 3, "resolved": 4}
CACHET_OPERATIONAL = 1  # ComponentStatusEnum::operational
STATUSPAGE_OPERATIONAL = "operational"
GATUS_RESOLVED = "operational"  # "Indicates resolved issues or normal operations"


class StatusFormatError(UserError):
    """An unknown status format, or ``--short`` with a format other than txt."""


def render_status(view: StatusView, fmt: str, *, short: bool = False, config: Config) -> str:
    """The ``fmt`` output (txt | json | cachet | cstate | gatus) of ``view``."""
    if fmt not in STATUS_FILENAMES:
        raise StatusFormatError(
            Problem(
                f"unknown status format `{fmt}`; use one of {', '.join(STATUS_FORMATS)}",
                field="--format",
                rule="usage.status-format",
            )
        )
    if short and fmt != "txt":
        raise StatusFormatError(
            Problem(f"--short applies to --format txt only, not `{fmt}`", field="--short", rule="usage.status-short")
        )
    if fmt == "txt":
        return short_text(view) if short else _render_template("status.txt.j2", _text_context(view), config)
    if fmt == "json":
        return _json(statuspage_payload(view, config))
    if fmt == "cachet":
        return _json(cachet_payload(view, config))
    if fmt == "cstate":
        return cstate_markdown(view, config)
    return _yaml(gatus_payload(view, config))


# ----------------------------------------------------------------------------------- text
def _render_template(name: str, context: dict[str, Any], config: Config) -> str:
    """The one call into the shared sandboxed engine (StrictUndefined, user overrides)."""
    from commsgen.render import engine
    from commsgen.render.markdown import tidy

    return tidy(engine.render(name, context, config.templates_dir()))


def summary_paragraphs(view: StatusView) -> list[str]:
    """The customer's resolution summary, without repeating the text of the latest update."""
    latest = _norm(view.latest.body)
    out = []
    for p in (view.summary, view.what_happened, view.what_we_are_doing, view.apology):
        if p and p.strip() and _norm(p) != latest and p not in out:
            out.append(p.strip())
    return out


def _text_context(view: StatusView) -> dict[str, Any]:
    return {
        "title": view.title,
        "status": view.status,
        "status_word": view.latest.word,
        "components": view.component_names,
        "started": _utc_text(view.started),
        "resolved": _utc_text(view.resolved) if view.resolved else None,
        "updates": [
            {"word": u.word, "status": u.status, "at_utc": u.at_utc, "at": _rfc3339(u.at), "body": u.body}
            for u in reversed(view.updates)
        ],
        "summary": summary_paragraphs(view),
        "status_url": view.status_url,
        "company": view.company,
    }


def _fit(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters, at a word boundary when there is one."""
    if len(text) <= n:
        return text
    if n <= 0:
        return ""
    head = text[: n + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head.strip() else text[:n]
    return cut[:n].rstrip(" ,;:.-—–")


def short_text(view: StatusView, limit: int = SHORT_LIMIT) -> str:
    """One social post of at most ``limit`` characters (the trailing newline included).

    ``<title> — <Status> (<UTC time>): <latest update>``. When it had to cut, it ends with
    ``… Full update: <[status] url>`` or, with no URL configured, ``… [shortened]``."""
    from commsgen.render.markdown import plain

    budget = limit - 1  # the trailing newline
    u = view.latest
    title = _one_line(plain(view.title))
    if len(title) > budget // 2:
        title = _fit(title, budget // 2 - len(CUT_MARK)) + CUT_MARK
    head = f"{title} — {u.word} ({u.at_utc}): "
    body = _one_line(plain(u.body))
    if len(head) + len(body) <= budget:
        return head + body + "\n"
    marker = CUT_NO_URL
    if view.status_url and len(head) + len(view.status_url) + 40 <= budget:
        marker = f"{CUT_MARK} Full update: {view.status_url}"
    room = budget - len(head) - len(marker)
    return head + _fit(body, room) + marker + "\n"


# ----------------------------------------------------------------------------------- payloads
def incident_body(view: StatusView) -> str:
    """The incident message: the latest update, then the customer's resolution summary."""
    return "\n\n".join([view.latest.body.strip(), *summary_paragraphs(view)])


def statuspage_payload(view: StatusView, config: Config) -> dict[str, Any]:
    """Request body of ``POST /v1/pages/{page_id}/incidents`` (Statuspage REST API v1)."""
    resolved = view.status == "resolved"
    inc: dict[str, Any] = {
        "name": _cap(view.title, STATUSPAGE_NAME_MAX),
        "status": view.status,
        "impact_override": view.impact,
        "body": _cap(incident_body(view), STATUSPAGE_BODY_MAX),
    }
    mapped = view.mapped_components
    if config.status.backfill and resolved:
        # "backfilled: If true, components cannot be specified."
        inc["backfilled"] = True
        inc["backfill_date"] = _rfc3339(view.started)
    elif mapped:
        value = STATUSPAGE_OPERATIONAL if resolved else view.table("component_status", config)
        inc["components"] = {c.component_id: value for c in mapped}
        inc["component_ids"] = [c.component_id for c in mapped]
    if config.status.deliver_notifications is not None:
        inc["deliver_notifications"] = config.status.deliver_notifications
    return {"incident": inc}


def _cachet_id(cid: str) -> int | str:
    return int(cid) if cid.isdigit() else cid


def cachet_payload(view: StatusView, config: Config) -> dict[str, Any]:
    """Request body of Cachet 3 ``POST /api/incidents`` (CreateIncidentRequestData)."""
    resolved = view.status == "resolved"
    value = CACHET_OPERATIONAL if resolved else view.table("cachet", config)
    body: dict[str, Any] = {
        "name": _cap(view.title, CACHET_NAME_MAX),
        "status": CACHET_STATUS[view.status],
        "message": incident_body(view),
        "visible": True,
        "occurred_at": view.started.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if config.status.deliver_notifications is not None:
        body["notifications"] = config.status.deliver_notifications
    body["components"] = [
        {"component_id": _cachet_id(c.component_id or ""), "component_status": value}
        for c in view.mapped_components  # each has an id
    ]
    return body


def cstate_markdown(view: StatusView, config: Config) -> str:
    """A cState incident file (content/issues/*.md): YAML front matter, then one
    ``*Status* - text {{< track "time" >}}`` paragraph per update, newest first. Raw HTML in an
    update shows as text (``render.markdown.inert``, as in customer.md): Hugo renders this body."""
    from commsgen.render.markdown import inert

    front: dict[str, Any] = {
        "title": view.title,
        "date": view.started,
        "resolved": view.resolved is not None and view.status == "resolved",
    }
    if front["resolved"]:
        front["resolvedWhen"] = view.resolved
    front["severity"] = view.table("cstate", config)
    front["affected"] = view.component_names
    front["section"] = "issue"
    lines = []
    for u in reversed(view.updates):
        stamp = u.at.strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"*{u.word}* - {_hugo_inert(_one_line(inert(u.body)))} {{{{< track \"{stamp}\" >}}}}")
    return "---\n" + _yaml(front) + "---\n\n" + "\n\n".join(lines) + "\n"


def gatus_payload(view: StatusView, config: Config) -> dict[str, Any]:
    """A Gatus ``announcements:`` block: one announcement per update, newest first; every one but
    the newest is ``archived`` (shown under past announcements)."""
    ongoing = view.table("gatus", config)
    out = []
    for i, u in enumerate(reversed(view.updates)):
        item: dict[str, Any] = {
            "timestamp": u.at,
            "type": GATUS_RESOLVED if u.status == "resolved" else ongoing,
            "message": f"{_one_line(view.title)} - {u.word}: {_one_line(u.body)}",
        }
        if i:
            item["archived"] = True
        out.append(item)
    return {"announcements": out}


# ----------------------------------------------------------------------------------- helpers
def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cap(text: str, n: int) -> str:
    return text if len(text) <= n else _fit(text, n - len(CUT_MARK)) + CUT_MARK


def _hugo_inert(text: str) -> str:
    """Text that Hugo will not read as a shortcode (``{{<``, ``{{%``) inside a cState file."""
    return re.sub(r"\{\{(?=\s*[<%])", "{ {", text)


def _utc_text(dt: datetime) -> str:
    from commsgen.model.derived import fmt_utc

    return fmt_utc(dt)


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


PAYLOAD_FORMATS = ("json", "cachet", "gatus")


def decode_payload(fmt: str, text: str) -> Any:
    """The data of a payload as a program reads it (``json.loads`` / ``yaml.safe_load``)."""
    if fmt == "gatus":
        return yaml.safe_load(text)
    return json.loads(text)


def encode_payload(fmt: str, data: Any) -> str:
    """A payload's text, exactly as ``render_status`` writes it: ``encode_payload(fmt,
    decode_payload(fmt, text)) == text`` for every payload it renders (tests/test_gate_evasions.py)."""
    return _yaml(data) if fmt == "gatus" else _json(data)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml emitter when present


class _Dumper(_SafeDumper):  # type: ignore[misc, valid-type]
    """Safe dumper (plain data only) that writes aware datetimes as plain RFC 3339 UTC
    (``2026-11-20T14:02:00Z``)."""


def _represent_datetime(dumper, dt: datetime):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", _rfc3339(dt))


_Dumper.add_representer(datetime, _represent_datetime)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100000)
