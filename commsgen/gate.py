"""The redaction gate: the last step before anything is written.

It scans the final text of an output (for a PDF: the text read back from the PDF bytes), masks
secrets in every version, and refuses an output with blocking findings unless each one is
waived, or masked on request (``--redact``). Each finding names the source field it came from
(``timeline[3].public_text``) when the text can be traced to one.
"""

from __future__ import annotations

import bisect
import re
from itertools import compress
from operator import and_, itemgetter, lt, not_

from typing import Any
from commsgen.findings import Finding
from commsgen.outputs import PAYLOAD_FORMATS
from commsgen.gate_spans import Taken, traced_as_found
from commsgen.model.loader import Loaded
from commsgen.redact.policy import always_masked
from commsgen.views.common import Sources


def scan_context(loaded: Loaded, config):
    """The scan context of one postmortem under one configuration (memoised on the Loaded)."""
    from commsgen.redact.context import context_for

    cache = loaded.__dict__.setdefault("_scan_ctx", {})
    key = id(config)
    if key not in cache:
        cache[key] = (config, context_for(loaded.postmortem, config))
    return cache[key][1]


ENGINEERING_KINDS = frozenset({"secret"})
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_path(field: str) -> tuple:
    """``timeline[3].public_text`` -> ("timeline", 3, "public_text")."""
    return tuple(int(i) if i else name for name, i in _PATH_PART.findall(field))


class _Lines:
    """Line starts of one output, computed once: finding positions <-> offsets in the text."""

    def __init__(self, text: str):
        self.text = text
        starts, find, i = [0], text.find, text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def matched(self, f: Finding) -> str:
        """The text a finding points at (on its first line)."""
        if not f.line or f.line > len(self.starts):
            return ""
        start = self.starts[f.line - 1]
        line_end = self.starts[f.line] - 1 if f.line < len(self.starts) else len(self.text)
        size = line_end - start
        a, b = (f.column or 1) - 1, (f.end_column or size + 1) - 1
        if a >= 0 and b >= 0:  # the slice of the line without copying the line (a megabyte, per finding)
            a, b = min(a, size), min(b, size)
            return self.text[start + a : start + b] if b > a else ""
        line = self.text[start:line_end]
        return line[a:b]


def gate(
    text: str,
    audience: str,
    loaded: Loaded,
    config,
    sources: Sources | None,
    *,
    redact: bool = False,
    fmt: str | None = None,
) -> tuple[str, list[Finding]]:
    """Scan ``text`` as the ``audience`` version. Returns the text to publish (secrets masked; with
    ``redact`` every blocking finding masked) and the findings, located in the output (``line``)
    and traced to their source field (``field``).

    ``fmt`` (md, txt, html, cstate, json, cachet, gatus) says what else a reader or a program gets
    from the text, and that is scanned too (``commsgen.redact.readings``): the text a Markdown or
    HTML viewer shows, the decoded string values of a JSON or YAML payload. Images are findings
    outside the engineering version. With ``redact``, what is masked is checked again: anything
    still found keeps blocking (fail closed)."""
    ctx = scan_context(loaded, config)
    kinds = ENGINEERING_KINDS if audience == "engineering" else None
    if fmt in PAYLOAD_FORMATS:
        return gate_payload(text, fmt, audience, loaded, config, sources, ctx, kinds, redact=redact)
    matches = find_all(text, fmt, ctx, kinds, audience)
    if not matches:
        return text, []
    findings = _findings(text, audience, ctx, loaded, sources, matches)
    published, residual = mask_and_verify(
        text, matches, audience, ctx, redact, lambda t: find_all(t, fmt, ctx, kinds, audience)
    )
    if redact and not residual:
        for f in findings:
            if f.blocking:
                f.severity = "info"
                f.extra["masked"] = True
                f.message = "masked: " + f.message
    return published, findings


def mask_and_verify(text: str, matches, audience: str, ctx, redact: bool, find) -> tuple[str, list]:
    """``text`` with what must be masked masked (secrets always; with ``redact`` every blocking,
    unwaived finding), then looked at again with ``find`` (masking the bytes may leave what a
    reader sees of them): masked again up to twice, whole (``[redacted]``: a partial mask that
    left a secret readable, its stars read as Markdown emphasis say, would leave it again).
    Returns the text and what is still left to mask (empty when masking worked; else the caller's
    findings keep blocking)."""
    from commsgen.redact.mask import mask_text

    todo = _to_mask(matches, audience, ctx, redact)
    if not todo:
        return text, []
    published = mask_text(text, todo)
    for _ in range(3):
        todo = _to_mask(find(published), audience, ctx, redact)
        if not todo:
            return published, []
        published = mask_text(published, todo, whole=True)
    return published, _to_mask(find(published), audience, ctx, redact)


WORD_SPANNING = frozenset({"person", "deny", "service", "vulnerability"})


def _masks(m, audience: str, redact: bool) -> bool:
    """Whether ``m`` is masked in what is published."""
    from commsgen.redact.policy import always_masked, rule_severity

    if always_masked(m.kind):
        return True
    return redact and rule_severity(audience, m.kind, m.rule) == "block"


def _to_mask(matches, audience: str, ctx, redact: bool) -> list:
    """The matches to mask: secrets always; with ``redact`` every blocking finding no waiver accepts.
    Decided once per (rule, kind, text): a long text repeats the same items; without ``redact``, none
    when no match is of a kind always masked (told at C speed: a line of names is 89,000 matches)."""
    if not redact and not any(map(always_masked, set(map(_KIND, matches)))):
        return []
    keys = list(map(_RULE_KIND_TEXT, matches))
    decided = {
        key: _masks(m, audience, redact)
        and (always_masked(m.kind) or not any(w.applies(m.text, m.rule, audience) for w in ctx.waivers))
        for key, m in dict(zip(keys, matches)).items()
    }
    return list(compress(matches, map(decided.__getitem__, keys)))


_RULE_KIND_TEXT = itemgetter(0, 1, 4)  # a Match's (rule, kind, text)
_START_END_RULE = itemgetter(2, 3, 0)  # a Match's (start, end, rule)
_KIND_START_END = itemgetter(1, 2, 3)  # a Match's (kind, start, end)
_START_END, _KIND = itemgetter(2, 3), itemgetter(1)  # a Match's (start, end), kind
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def find_all(text: str, fmt: str | None, ctx, kinds, audience: str) -> list:
    """Every match in ``text`` and in what a reader sees of it (``readings``), on ``text``'s
    characters; images outside the engineering version."""
    from commsgen.redact.scanner import scan

    matches = scan(text, ctx, kinds=kinds)
    from commsgen.redact.readblocks import readings_for

    for reading in readings_for(fmt, text) if fmt else ():
        matches = _with_reading(matches, reading, ctx, kinds, audience)
    return matches


def _with_reading(matches: list, reading, ctx, kinds, audience: str) -> list:
    """``matches`` (of an output's text) with what ``reading`` of it adds, on the text's characters;
    its images outside the engineering version."""
    from commsgen.redact.resolve import Match
    from commsgen.redact.scanner import scan

    read_kinds = kinds
    if reading.plain:  # only a phrase wrapped over lines can differ: kinds that span words
        read_kinds = WORD_SPANNING if kinds is None else kinds & WORD_SPANNING
        if not read_kinds:
            return matches
    taken: Taken | None = None  # the overlap index, built when a match is not in ``ever``
    gone: set[tuple[str, int, int]] = set()
    extra = []
    read = scan(reading.text, ctx, kinds=read_kinds)
    spans = reading.source_spans(list(map(_START_END, read)))
    ss, es = list(map(_FIRST, spans)), list(map(_SECOND, spans))
    if traced_as_found(matches, read, ss, es) and (audience == "engineering" or not reading.images):
        return matches  # each traced to a match of the text (a line of one name): nothing to add
    # every span ever taken: a reading's match traced to one of them is already covered (by it, or
    # by the larger span that replaced it), the common case, decided without ``taken``; those
    # traced to a span the bytes gave already (most of them) or to none, told at C speed
    ever = set(map(_KIND_START_END, matches))
    keys = list(zip(map(_KIND, read), ss, es))
    new = list(map(and_, map(lt, ss, es), map(not_, map(ever.__contains__, keys))))
    for m, key in zip(compress(read, new), compress(keys, new)):
        if key in ever:  # taken by a match of this reading added above
            continue
        _, s, e = key
        # the same thing found in the bytes: keep the larger of the two (``Dana&#32;Whitfield``
        # reads as a full name where the bytes show a surname alone)
        if taken is None:
            taken = Taken((x.kind, x.start, x.end) for x in matches)
        same = taken.overlapping(m.kind, s, e)
        if same and not all(s <= a and b <= e and (a, b) != (s, e) for _, a, b in same.values()):
            continue
        if same:
            gone |= {(m.kind, a, b) for _, a, b in same.values()}
            taken.remove(same)
        ms = me = None
        if m.mask_start is not None:
            ms, me = reading.source_span(m.mask_start, m.mask_end if m.mask_end is not None else m.end)
        extra.append(Match(m.rule, m.kind, s, e, m.text, ms, me))
        taken.add((m.kind, s, e))
        ever.add((m.kind, s, e))
    if gone:
        matches = [x for x in matches if (x.kind, x.start, x.end) not in gone]
    if audience != "engineering":
        for s, e, src in reading.images:
            if ("image", s, e) not in ever:
                extra.append(Match("content.image", "image", s, e, src))
                ever.add(("image", s, e))
    if not extra:
        return matches
    return sorted(matches + extra, key=_START_END_RULE)


MAX_FINDINGS_PER_RULE = 200  # per output: a hostile text can hold a hundred thousand


def _findings(text: str, audience: str, ctx, loaded: Loaded, sources: Sources | None, matches) -> list[Finding]:
    """Findings for ``matches`` (all are masked where they must be; at most
    ``MAX_FINDINGS_PER_RULE`` of one rule are reported, the last one saying how many more)."""
    from commsgen.redact import findings_for

    more: dict[str, int] = {}
    if len(matches) > MAX_FINDINGS_PER_RULE:
        kept: list[Any] = []
        seen: dict[str, int] = {}
        for m in matches:
            n = seen[m.rule] = seen.get(m.rule, 0) + 1
            if n <= MAX_FINDINGS_PER_RULE:
                kept.append(m)
        more = {r: n - MAX_FINDINGS_PER_RULE for r, n in seen.items() if n > MAX_FINDINGS_PER_RULE}
        matches = kept
    findings = findings_for(text, audience, ctx, file=loaded.path, matches=matches)
    for rule, n in more.items():
        last = [f for f in findings if f.rule == rule][-1]
        last.message += f" ({n} more of this rule in this output are not listed)"
        last.extra = dict(last.extra or {}, not_listed=n)
    lines = _Lines(text)
    for f, m in zip(findings, _reported(matches, audience)):
        if sources is not None:
            f.field = sources.field_for(m.text) or sources.field_for(lines.matched(f))
        f.extra = dict(f.extra or {}, output_line=f.line)
        _source_position(f, loaded, lines)
    return findings


def _reported(matches, audience: str):
    """The matches ``findings_for`` turns into findings, in its order."""
    from commsgen.redact.policy import always_masked, rule_severity

    return [
        m
        for m in sorted(matches, key=lambda m: m.start)
        if rule_severity(audience, m.kind, m.rule) is not None or always_masked(m.kind)
    ]


def gate_strings(
    items: list[tuple[str, str]],
    audience: str,
    loaded: Loaded,
    config,
    *,
    redact: bool = False,
    sources: Sources | None = None,
) -> tuple[list[str], list[Finding]]:
    """Gate short texts that are published outside an output's body: a PDF's metadata (Title,
    Subject, Author, Keywords) and outline entries. ``items`` are (label, value) pairs, e.g.
    ``("pdf:/Title", "Checkout outage")``. Returns the values to publish (secrets masked; with
    ``redact`` every blocking finding masked, exactly as on the page) in the same order, and the
    findings, each with ``extra["scanned"]`` set to its label and ``field`` to the source field
    ``sources`` traces it to, else the label. A value is scanned as written and as plain text (folded
    like any output); a caller refuses its output when ``refusal_reason(findings)`` says so."""
    out: list[str] = []
    findings: list[Finding] = []
    for label, value in items:
        published, fs = gate(value or "", audience, loaded, config, sources, redact=redact, fmt="txt")
        for f in fs:
            if sources is None or f.field is None:
                f.field = label
            f.extra = dict(f.extra or {}, scanned=label)
        out.append(published)
        findings += fs
    return out, findings


def lint_context(loaded: Loaded, config):
    from commsgen.lint import context_for

    cache = loaded.__dict__.setdefault("_lint_ctx", {})
    key = id(config)
    if key not in cache:
        cache[key] = (config, context_for(loaded.postmortem, config, file=loaded.path))
    return cache[key][1]


def lint_output(text: str, audience: str, loaded: Loaded, config, sources: Sources | None) -> list[Finding]:
    """Writing checks on an output's final text, traced to source fields like redaction findings."""
    from commsgen.lint import lint_text

    findings = lint_text(text, audience, lint_context(loaded, config))
    lines = _Lines(text) if findings and sources is not None else None
    for f in findings:
        f.file = loaded.path
        f.audience = audience
        if lines is not None and sources is not None and f.field is None and f.end_column:
            f.field = sources.field_for(lines.matched(f))
        f.extra = dict(f.extra or {}, output_line=f.line)
        if lines is not None and f.end_column:
            _source_position(f, loaded, lines)
    return findings


def _source_position(f: Finding, loaded: Loaded, lines: _Lines) -> None:
    """Where the offending text sits in the source (inside its field's value, not at the key):
    ``extra["source_position"]`` = [line, column, end column]; ``pipeline`` moves it to the finding."""
    if f.field:
        pos = loaded.locator.locate_text(parse_path(f.field), lines.matched(f))
        if pos is not None:
            f.extra["source_position"] = list(pos)


# ------------------------------------------------------------------------------------ payloads
# The gate for machine payloads (``statuspage.json``, ``cachet.json``, ``gatus.yaml``).
#
# A program that posts a payload reads its decoded string values, not its bytes: in JSON a line break
# inside a value is the two characters ``\\n``, so a token at the start of a line follows the letter
# ``n`` in the bytes, and YAML may write a character as an escape (``\\U0001D422``). So each string
# value is decoded and scanned on its own, as it is and as the Markdown text a status page shows
# (``readings``), besides the bytes as written. With ``--redact`` the values are masked and the
# payload is encoded again by the writer that made it (``export.status.encode_payload``), then the
# new bytes and values are scanned again: anything left keeps blocking (fail closed).


def _strings(data: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, value) of every string in ``data``, keys excluded, in document order."""
    out: list[tuple[str, str]] = []
    if isinstance(data, str):
        out.append((path, data))
    elif isinstance(data, dict):
        for k, v in data.items():
            out += _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _strings(v, f"{path}[{i}]")
    return out


def _replace(data: Any, new: dict[str, str], path: str = "") -> Any:
    if isinstance(data, str):
        return new.get(path, data)
    if isinstance(data, dict):
        return {k: _replace(v, new, f"{path}.{k}" if path else str(k)) for k, v in data.items()}
    if isinstance(data, list):
        return [_replace(v, new, f"{path}[{i}]") for i, v in enumerate(data)]
    return data


def _value_line(text: str, value: str) -> int | None:
    """The output line where ``value`` is written (its first 40 characters, as JSON writes them)."""
    import json

    for probe in (json.dumps(value[:40], ensure_ascii=False)[1:-1], value[:40]):
        at = text.find(probe) if probe else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def gate_payload(
    text: str, fmt: str, audience: str, loaded, config, sources, ctx, kinds, *, redact: bool = False
) -> tuple[str, list[Finding]]:
    from commsgen.export.status import decode_payload, encode_payload

    def scan_all(t: str) -> tuple[list, list[tuple[str, str, list]]]:
        raw = find_all(t, None, ctx, kinds, audience)
        try:
            data = decode_payload(fmt, t)
        except ValueError:
            data = None
        values = [(p, v, find_all(v, "md", ctx, kinds, audience)) for p, v in _strings(data)]
        return raw, [x for x in values if x[2]]

    raw, values = scan_all(text)
    findings = _findings(text, audience, ctx, loaded, sources, raw) if raw else []
    seen = {(f.rule, f.excerpt) for f in findings}
    for path, value, ms in values:
        for f in _findings(value, audience, ctx, loaded, sources, ms):
            if (f.rule, f.excerpt) in seen:
                continue
            seen.add((f.rule, f.excerpt))
            f.line = _value_line(text, value)
            f.column = f.end_column = None
            f.extra = dict(f.extra or {}, output_line=f.line, scanned=f"{fmt} value `{path}`")
            findings.append(f)
    if not findings:
        return text, []
    published = text
    todo_values = {  # masked and looked at again, as the bytes are (a mask's stars read as emphasis)
        p: mask_and_verify(v, ms, audience, ctx, redact, lambda t: find_all(t, "md", ctx, kinds, audience))[0]
        for p, v, ms in values
        if _to_mask(ms, audience, ctx, redact)
    }
    if todo_values:
        published = encode_payload(fmt, _replace(decode_payload(fmt, text), todo_values))
    published, residual = mask_and_verify(
        published,
        find_all(published, None, ctx, kinds, audience),
        audience,
        ctx,
        redact,
        lambda t: find_all(t, None, ctx, kinds, audience),
    )
    try:  # a mask on the bytes must leave a payload a program can still read
        decode_payload(fmt, published)
    except Exception:  # JSON's ValueError or YAML's YAMLError: unreadable either way
        return text, findings  # not masked: the findings keep blocking (fail closed)
    _, left_values = scan_all(published)
    residual += [m for _, _, ms in left_values for m in _to_mask(ms, audience, ctx, redact)]
    if redact and not residual:
        for f in findings:
            if f.blocking:
                f.severity = "info"
                f.extra["masked"] = True
                f.message = "masked: " + f.message
    return published, findings
