"""Text left from the skeleton (``commsgen new``): ``placeholder.marker`` (TODO, TBD, XXX, FIXME,
``<...>``, lorem ipsum) and ``placeholder.skeleton`` (a value or guidance sentence of the skeleton,
left as it was). Both read the source fields an output is made of, so a finding names the field
and its line; by default they refuse the executive, customer and status outputs and warn in the
engineering one (commsgen/lint/ids.py).

The skeleton's own text is read from the shipped ``skeleton.yaml`` itself (its values, and the
values of its commented-out example lines), so the list never drifts from the skeleton.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple
from collections.abc import Iterator

from commsgen.lint.context import LintContext
from commsgen.redact.lazyre import lazy


class SourceIssue(NamedTuple):
    message: str
    start: int = 0  # offset in the field's text
    suggestion: str | None = None
    excerpt: str | None = None


# capitals only ("todo list" and "xxx-large" are words), whole words; `<...>` holds a space, an
# ellipsis, a name in capitals or one of the words templates use for blanks (not an HTML tag)
_MARKER = lazy(
    r"(?<![\w-])(?:TODO|TBD|TBA|FIXME|XXX+)(?![\w-])"
    r"|(?i:\blorem ipsum\b|\bipsum dolor\b)"
    r"|(?<!\w)<(?:\.\.\.|…|[A-Za-z][\w.,'/-]*(?: [\w.,'-]*[A-Za-z][\w.,'/-]*)+|[A-Z][A-Z_]+|"
    r"(?i:date|time|name|service|team|owner|link|url|id|number|value|text|here))>(?!\w)"
)


_HINTS = ("TODO", "TBD", "TBA", "FIXME", "XXX", "<")


@lru_cache(maxsize=256)
def _first_marker(text: str) -> tuple[int, str] | None:
    """Offset and text of the first placeholder in ``text``, or None. Memoised: the same field text
    is checked once per audience and per output that shows it."""
    # substring tests, far cheaper than the pattern ("lorem ipsum" is matched in any case)
    if not any(h in text for h in _HINTS) and not ("orem" in (low := text.lower()) or "psum" in low):
        return None
    if len(text) < 4096:
        m = _MARKER.search(text)
    else:  # RE2 says where a marker may start (the pattern is tried at every position otherwise)
        from commsgen.lint.prefilter import prefilter

        m = next(prefilter((_MARKER,)).finditer_text(0, text), None)
    return (m.start(), m.group()) if m else None


def marker(field: str | None, text: str, ctx: LintContext) -> Iterator[SourceIssue]:
    hit = _first_marker(text)
    if hit is None:
        return
    start, found = hit
    where = f"`{field}`" if field else "the text"
    yield SourceIssue(
        f"{where} still holds the placeholder `{found}`; write the real text before this version goes out",
        start,
        "replace it with what you know now, or leave the optional field out",
        found,
    )


# ------------------------------------------------------------------------------ skeleton text
def _norm(s: str) -> str:
    return " ".join(s.split()).strip().lower()


_COMMENTED = re.compile(r"^\s*#\s+(?:-\s+)?(?:\{)?([a-z_]+):\s+(.+?)\s*$", re.M)
_FLOW_BODY = re.compile(r"\b(?:body|text|summary|why|because|label|description):\s*([^,{}\[\]]+)")
_NOT_TEXT = re.compile(r"^[|>\[{\"'#]|^\S+$|^[a-z]+( \| [a-z-]+)+")


_TIME_KEYS = frozenset("started detected acknowledged identified mitigated resolved closed".split())


def _walk(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in ("format", "status", "event_type", "severity", "role", "kind", "type"):
                yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, str):
        yield value


@lru_cache(maxsize=1)
def skeleton_phrases() -> tuple[frozenset[str], tuple[str, ...]]:
    """(values the skeleton gives, normalised; its sentences of five words or more, normalised).

    Values: every text value of the skeleton (enumerations and the format marker left out).
    Sentences: those values and the values of its commented-out example lines, cut at a ` - `
    after a marker ("TODO - what customers saw ...") and at an ellipsis."""
    import yaml

    from commsgen.model.yamlread import BaseLoader
    from commsgen.skeleton import skeleton_text

    text = skeleton_text()
    data = yaml.load(text, Loader=BaseLoader)  # PyYAML's safe loader, its C parser where there is one
    values = {_norm(v) for v in _walk(data) if isinstance(v, str) and v.strip()}
    candidates = list(_walk(data))
    body = text[text.find("\nformat:") :]  # not the header's explanations
    for m in _COMMENTED.finditer(body):
        if m.group(1) in _TIME_KEYS:
            continue  # `# detected: first alert ...` explains a key
        raw = m.group(2).split("  #", 1)[0].strip()
        if raw.startswith("{"):
            candidates += [b.strip() for b in _FLOW_BODY.findall(raw)]
        elif not _NOT_TEXT.match(raw):
            candidates.append(raw)
        candidates += [b.strip() for b in _FLOW_BODY.findall(m.group(0))]
    sentences = set()
    for c in candidates:
        c = re.sub(r"^(?:TODO|TBD)\s*-\s*", "", c.strip())
        for part in re.split(r"\s*(?:\.\.\.|…)\s*", c):
            part = part.strip(" .")
            if len(part.split()) >= 5:
                sentences.add(_norm(part))
    return frozenset(values), tuple(sorted(sentences, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=1)
def _sentence_rx() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in skeleton_phrases()[1]))


@lru_cache(maxsize=256)
def _skeleton_hit(text: str) -> str | None:
    """The skeleton's value or sentence ``text`` still holds, or None. Memoised: the same field text
    is checked once per audience and per output that shows it."""
    values, _ = skeleton_phrases()
    n = _norm(text)
    if n in values:
        return text.strip()
    m = _sentence_rx().search(n)  # one pass over the field, longest sentences first
    return m.group() if m else None


def skeleton(field: str | None, text: str, ctx: LintContext) -> Iterator[SourceIssue]:
    hit = _skeleton_hit(text)
    if hit is None or (not any(c.isalpha() for c in hit)):
        return
    if _first_marker(text) is not None:
        return  # the field is reported once, by placeholder.marker
    where = f"`{field}`" if field else "the text"
    start = max(0, text.lower().find(hit.lower()[:30]))
    short = hit if len(hit) <= 60 else hit[:59] + "…"
    yield SourceIssue(
        f"{where} is still the skeleton's text (\"{short}\"); write your own",
        start,
        "replace the example with this incident's facts, or remove the optional field",
        short,
    )


# ------------------------------------------------------------------------------ fields shown
def structural_fields(pm, audience: str) -> list[tuple[str, str | None]]:
    """Fields an output shows that are not prose (names, ids), so ``Sources`` does not list them."""
    out: list[tuple[str, str | None]] = [("id", pm.id)]
    for i, s in enumerate(pm.services):
        out.append((f"services[{i}].public_name", s.public_name))
    if audience == "engineering":
        for i, s in enumerate(pm.services):
            out.append((f"services[{i}].id", s.id))
        for i, p in enumerate(pm.people):
            out += [(f"people[{i}].name", p.name), (f"people[{i}].team", p.team)]
        for i, a in enumerate(pm.action_items):
            out.append((f"action_items[{i}].owner", a.owner))
    if audience == "executive":
        for i, a in enumerate(pm.action_items):
            out.append((f"action_items[{i}].owner", a.owner))
    return out
