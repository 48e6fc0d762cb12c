"""``commsgen new --from SOURCE:PATH ...``: the skeleton, pre-filled from exports.

The shipped skeleton stays the base (its guiding comments are kept). Filled from the imports, each
guessed value with a comment saying what to check: ``id``, ``title``, ``severity`` (when the
exports name one), ``services``, ``people``, ``times``, the facts the imports give for ``summary``
and ``impact``, ``timeline`` and ``status_page``.

What the imports cannot give stays the writer's, and ``commsgen check`` accepts the draft (exit 0)
with warnings that list it: the internal ``summary`` and ``impact`` keep a ``TODO`` (a warning: only
the engineering version shows them); the public sections the skeleton fills with examples
(``action_items``, ``customer``) are commented out, because a skeleton example there refuses every
public version (placeholder rules) and an import knows nothing to put in them; an id, title or
service the imports do not name is made from what they do say, with a comment. See docs/IMPORT.md.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from typing import Any

from commsgen.errors import Problem, UserError
from commsgen.importers import SOURCES, parse_source
from commsgen.importers.base import Parsed, Proposed, one_line
from commsgen.importers.draft_edit import (
    comment_block,
    replace_block,
    replace_commented,
    set_comment,
    set_line,
    with_comment,
)
from commsgen.importers.merge import block_item, yaml_value
from commsgen.importers.plan import mask_secrets, stamp, suggest, timeline_fields, update_fields

_INC = re.compile(r"\binc[-_ ]?(\d{4})[-_ ](\d{2,6})\b", re.I)
_SEV = re.compile(r"\bSEV ?([1-5])\b", re.I)
_LABEL = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")  # "[Triggered] ...", "[FIRING:1] ..."
_LINK = re.compile(r"\s*\[[^\]]*\]\(https?://[^)\s]*\)|\s*https?://\S+")  # Grafana's dashboard links


def _plain(text: str, limit: int) -> str:
    """An imported text as a title or a fact: no leading ``[label]``, no links."""
    return one_line(_LINK.sub("", _LABEL.sub("", text)), limit)


# where a key time came from, by the source of the event that suggested it
TIME_NOTES = {
    "detected": "the first alert",
    "acknowledged": "the first acknowledgement",
    "mitigated": "the alerts recovered",
    "resolved": "resolved in the pager",
}


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


def gather(specs: list[str], *, take_all: bool = False, service_label: str = "service") -> Parsed:
    """Every export of ``specs`` parsed into one ``Parsed`` (events de-duplicated and in time order;
    hints in the order of the specs; the first export to state a key time or impact wins)."""
    out = Parsed()
    for spec in specs:
        source, path = split_spec(spec)
        p = parse_source(source, path, take_all=take_all, service_label=service_label)
        seen = {(e.source, e.external_id) for e in out.events}
        out.events += [e for e in p.events if (e.source, e.external_id) not in seen]
        for name in ("warnings", "people", "ids", "titles", "notes", "refs", "services", "components"):
            getattr(out, name).extend(getattr(p, name))
        out.times = p.times | out.times
        out.impact = out.impact or p.impact
    out.events.sort(key=lambda e: (e.at, e.external_id))
    return out


def draft_text(
    specs: list[str], *, take_all: bool = False, service_label: str = "service", config: Any = None
) -> tuple[str, list[str]]:
    """(the draft's text, warnings). The text validates, and ``commsgen check`` accepts it."""
    from commsgen.model.loader import loads
    from commsgen.skeleton import skeleton_text

    g = gather(specs, take_all=take_all, service_label=service_label)
    events = g.events
    if not events:
        g.warnings.append(
            "the exports hold no event to import (from Slack, only pinned messages and messages with a "
            ":stopwatch: reaction are taken): the draft is the plain skeleton, and `check` refuses it "
            "until it is filled in"
        )
    # every imported text that lands in the file is masked for secrets first (one scan)
    masked = mask_secrets([e.text for e in events] + g.titles, None, config)
    for e, t in zip(events, masked):
        e.text = t
    titles = [_plain(t, 200) for t in masked[len(events) :]]
    updates = [e for e in events if e.target != "timeline"]
    timeline = [e for e in events if e.target == "timeline"] + [_posted(u) for u in updates]
    timeline.sort(key=lambda e: (e.at, e.external_id))
    times = _key_times(events, g)

    text = skeleton_text()
    text = _header(text, g, titles, events, times)
    named = list(dict.fromkeys([e.service for e in events if e.service] + g.services))
    text = _services(text, named, g.components, bool(events))
    people = _people(timeline, g.people)
    if events and not people:
        text = set_comment(text, "people", "# nobody named in the imports: who took part, and the lead")
    if people:
        text = replace_block(text, "people", _people_lines(people))
        idx = {k.casefold(): p["name"] for p in people for k in p["keys"]}
        for e in timeline:
            if e.actor:
                e.actor = next((idx[k.casefold()] for k in (*e.actor_keys, e.actor) if k.casefold() in idx), None)
    if times:
        text = replace_block(text, "times", _times_lines(times))
    text = _prose(text, events, times, named, g)
    if timeline:
        lines = [with_comment("timeline:", "# imported: check each event; add decisions and context")]
        for e in timeline:
            lines += block_item(timeline_fields(e), 2, 4, False)
        text = replace_block(text, "timeline", lines)
    if events:  # else the plain skeleton, which check refuses until it is filled in
        text = comment_block(text, "action_items", "# none yet: uncomment and write them (owner, due date)")
        text = comment_block(text, "customer", "# write it before the customer version goes out")
    if updates or g.components or g.impact:
        text = replace_commented(text, "status_page", _status_lines(updates, g))
    try:
        loads(text, "draft.yaml")
    except UserError as e:  # pragma: no cover - a bug: the draft is built to validate
        raise UserError(
            Problem(f"the pre-filled draft does not validate: {e.problems[0].paragraph()}", rule="new.from")
        ) from None
    return text, g.warnings


# ------------------------------------------------------------------------------------ header
def _header(
    text: str, g: Parsed, titles: list[str], events: list[Proposed], times: dict[str, tuple[datetime, str]]
) -> str:
    """``id``, ``title``, ``severity`` and the comments on ``event_type``."""
    inc = next((m for s in g.ids + g.titles + g.notes if (m := _INC.search(s))), None)
    first = times["started"][0] if "started" in times else None
    if inc:
        text = set_line(
            text, "id", f"INC-{inc.group(1)}-{inc.group(2)}", "# from the imports: check it is this incident's id"
        )
    elif g.refs:
        text = set_line(text, "id", g.refs[0], "# the pager's incident number: use your incident id if it differs")
    elif first is not None:
        text = set_line(
            text,
            "id",
            first.strftime("INC-%Y%m%d-%H%M"),
            "# made from the start time (no id in the imports): use your incident id",
        )
    alert = next((e for e in events if e.kind == "alert"), None)
    if titles:
        text = set_line(text, "title", titles[0], "# from the imports: rewrite it to name what failed and why")
    elif alert is not None:
        what = _plain(alert.text, 200)
        text = set_line(text, "title", what, "# the first alert: rewrite it to name what failed and why")
    elif first is not None:
        text = set_line(
            text,
            "title",
            f"Incident of {first:%Y-%m-%d}",
            "# no title in the imports: name what failed and why",
        )
    sev = next((m for s in g.titles + g.notes if (m := _SEV.search(s))), None)
    if sev:
        text = set_line(
            text, "severity", f"SEV{sev.group(1)}", "# named in the imports (a title or channel topic): check it"
        )
    elif events:
        text = set_line(text, "severity", "SEV3", "# not in the imports: set it, SEV1 (worst) .. SEV5")
    if events:
        text = set_line(text, "event_type", "outage", "# not in the imports: outage | degradation | security | ...")
    return text


# ------------------------------------------------------------------------------------ services
def _services(text: str, ids: list[str], components: list[str], imported: bool) -> str:
    if ids:
        lines = [with_comment("services:", "# named by the imports; add each public_name")]
        for s in ids:
            lines += [
                f"  - id: {yaml_value(s)}",
                "    # public_name: what customers call it (else never named to them)",
            ]
        return replace_block(text, "services", lines)
    if components:  # the status page names the public side only
        lines = [with_comment("services:", "# the status page's components: set each id to the internal name")]
        for c in components:
            slug = re.sub(r"[^a-z0-9]+", "-", c.lower()).strip("-") or "service"
            lines += [f"  - id: {yaml_value(slug)}", f"    public_name: {yaml_value(c)}"]
        return replace_block(text, "services", lines)
    if not imported:
        return text
    return replace_block(
        text,
        "services",
        [
            with_comment("services:", "# not in the imports: name what was affected"),
            "  - id: my-service",
            "    # public_name: what customers call it (else never named to them)",
        ],
    )


# ------------------------------------------------------------------------------------ people
def _people(events: list[Proposed], hints: list[dict[str, str]]) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []

    def find(keys: list[str]) -> dict[str, Any] | None:
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
        lead["why"] = "acknowledged first" if acked else "the first to act"
        people.remove(lead)
        people.insert(0, lead)
    return people


def _people_lines(people: list[dict[str, Any]]) -> list[str]:
    lines = [with_comment("people:", "# from the imports: check names and roles, add who is missing")]
    for p in people:
        lines.append(f"  - name: {yaml_value(p['name'])}")
        role = f"    role: {p['role']}"
        lines.append(with_comment(role, f"# {p['why']}: check") if p["role"] == "lead" else role)
        if p.get("handle"):
            lines.append(f"    handle: {yaml_value(p['handle'])}")
        if p.get("email"):
            lines.append(f"    email: {yaml_value(p['email'])}")
    return lines


# ------------------------------------------------------------------------------------ times
def _key_times(events: list[Proposed], g: Parsed) -> dict[str, tuple[datetime, str]]:
    """key -> (time, where it came from). Events first (the pager and the alerts), then the times
    the status page states; ``started`` is the status page's, else the first imported event."""
    if not events and "started" not in g.times:
        return {}
    out: dict[str, tuple[datetime, str]] = {}
    for k, v in suggest(events).items():
        if v is not None:
            out[k] = (v, TIME_NOTES[k])
    first_identified = next((e.at for e in events if e.target != "timeline" and e.status == "identified"), None)
    if first_identified is not None:
        out.setdefault("identified", (first_identified, "the status page's first `identified` update"))
    for k, word in (("mitigated", "monitoring"), ("resolved", "resolved")):
        if k in g.times:
            out.setdefault(k, (g.times[k], f"the status page's `{word}`"))
    if "started" in g.times:
        out["started"] = (g.times["started"], "the status page's start of impact: check it")
    else:
        out["started"] = (events[0].at, "the first imported event: set it to when impact BEGAN")
    ends = [out[k][0] for k in ("resolved", "mitigated") if k in out]
    if ends and out["started"][0] > min(ends):  # resolved before started would not validate
        out["started"] = (min(t for t, _ in out.values()), "the first imported time: set it to when impact BEGAN")
    return out


def _times_lines(times: dict[str, tuple[datetime, str]]) -> list[str]:
    at, note = times["started"]
    out = ["times:", with_comment(f"  started: {stamp(at)}", f"# {note}")]
    for k in ("detected", "acknowledged", "identified", "mitigated", "resolved", "closed"):
        if k in times:
            at, note = times[k]
            out.append(with_comment(f"  {k}: {stamp(at)}", f"# {note}: check it"))
        else:
            out.append(with_comment(f"  # {k}:", "not in the imports; fill it in when known"))
    return out


# ------------------------------------------------------------------------------------ prose
def _prose(
    text: str, events: list[Proposed], times: dict[str, tuple[datetime, str]], named: list[str], g: Parsed
) -> str:
    """``summary`` and ``impact.description``: the facts the imports give, after a ``TODO`` for what
    only the writer knows (the marker keeps ``check`` warning until the text is written)."""
    facts = []
    alert = next((e for e in events if e.kind == "alert"), None)
    if alert is not None:
        facts.append(f'first alert at {alert.at:%H:%M} UTC on {alert.at:%Y-%m-%d} ("{_plain(alert.text, 160)}")')
    for k, word in (("acknowledged", "acknowledged"), ("mitigated", "mitigated"), ("resolved", "resolved")):
        if k in times:
            facts.append(f"{word} at {times[k][0]:%H:%M} UTC")
    if facts:
        fact_text = "From the imports, to check: " + "; ".join(facts) + "."
        lines = ["summary: |", "  TODO - what broke, what users saw, for how long, and what restored service."]
        lines += ["  " + ln for ln in textwrap.wrap(fact_text, 94, break_long_words=False, break_on_hyphens=False)]
        text = replace_block(text, "summary", lines)
    seen = []
    if named:
        seen.append("services named " + ", ".join(named))
    if g.components:
        seen.append("the status page named " + ", ".join(g.components) + (f" ({g.impact} impact)" if g.impact else ""))
    if seen:
        facts_text = f"From the imports: {'; '.join(seen)}."
        lines = ["  description: |", "    TODO - who was affected and how (error rates, slowness, failed actions)."]
        lines += ["    " + ln for ln in textwrap.wrap(facts_text, 92, break_long_words=False, break_on_hyphens=False)]
        text = re.sub(r"^  description: .*$", lambda _m: "\n".join(lines), text, count=1, flags=re.M)
    return text


# ------------------------------------------------------------------------------------ status page
def _posted(u: Proposed) -> Proposed:
    """A status-page update as a timeline event: when customers were told what."""
    return Proposed(
        at=u.at,
        text=one_line(f"Status page update posted ({u.status}): {u.text}", 300),
        kind="communication",
        source=u.source,
        external_id=u.external_id,
    )


def _status_lines(updates: list[Proposed], g: Parsed) -> list[str]:
    lines = [with_comment("status_page:", "# from the status page: as posted")]
    if g.impact:
        lines.append(f"  impact: {g.impact}")
    if g.components:
        lines.append(f"  components: {yaml_value(g.components)}")
    if updates:
        lines.append("  updates:")
        for u in updates:
            lines += block_item(update_fields(u), 4, 6, False)
    return lines
