"""Findings for one text and one audience: scan, apply the audience policy and the waivers, and
describe each finding (location, masked excerpt, what it is and how to fix it)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from operator import attrgetter, itemgetter
from typing import Any

from commsgen.findings import FIELDS, Finding, Severity, sort_key
from commsgen.redact import linemarks, policy
from commsgen.redact.bidi import escape_controls
from commsgen.redact.context import ScanContext
from commsgen.redact.mask import PARTIAL_KINDS, mask_value
from commsgen.redact.ruledocs import ADVICE, all_rule_docs
from commsgen.redact.resolve import Match
from commsgen.redact.scanner import scan

_SUMMARY = {rid: summary for rid, _k, summary, _l in all_rule_docs()}
_EXCERPT_MAX = 80


def excerpt(m: Match) -> str:
    """The matched text, masked for secrets and card numbers, shortened when long."""
    t = m.text
    if m.kind in PARTIAL_KINDS:
        if m.mask_start is not None:
            a, b = m.mask_start - m.start, (m.mask_end if m.mask_end is not None else m.end) - m.start
            t = t[:a] + mask_value(t[a:b]) + t[b:]
        else:
            t = mask_value(t)
    t = escape_controls(" ".join(t.split()))  # never laid out reversed in a report (bidi.py)
    return t if len(t) <= _EXCERPT_MAX else t[: _EXCERPT_MAX - 1] + "\u2026"


def message(m: Match, audience: str | None) -> str:
    key = (m.rule, m.kind, audience)
    msg = _MESSAGES.get(key)
    if msg is None:
        msg = _MESSAGES[key] = _message(m, audience)
    return msg


_MESSAGES: dict[tuple[str, str, str | None], str] = {}


def _message(m: Match, audience: str | None) -> str:
    what = _SUMMARY.get(m.rule, m.kind)
    advice = ADVICE.get(m.kind, "")
    where = f" in the {audience} version" if audience else ""
    if audience == "engineering" and policy.always_masked(m.kind):
        return f"{m.kind}{where} ({what}); it is masked in every version. {advice[0].upper() + advice[1:]}."
    return f"{m.kind}{where} ({what}): {advice}."


# an offset this far past the last one located is located from the learners' newline counts
_FAR = 2 * linemarks.BLOCK


class _Locator:
    """Line and column of increasing offsets, in one pass over the text (C-speed counting)."""

    def __init__(self, text: str, origin: tuple[int, int] | None = None):
        """``origin``: (a line start, its 1-based line number), where counting may begin. Where the
        scan's learners counted the text's newlines (``linemarks``), a far offset's line is told from
        their counts instead of counting up to it."""
        self.text, self.pos, self.line, self.line_start = text, 0, 1, 0
        if origin is not None:
            self.pos, self.line = origin
            self.line_start = self.pos

    def locate(self, off: int) -> tuple[int, int]:
        if off < self.pos:  # not increasing: restart
            self.pos, self.line, self.line_start = 0, 1, 0
        t = self.text
        if off - self.pos > _FAR:
            line = linemarks.line_at(t, off)
            if line is not None:
                # no newline since the last offset: on its line (a megabyte line is not searched back)
                nl = t.rfind("\n", self.pos, off)
                self.pos, self.line, self.line_start = off, line, self.line_start if nl < 0 else nl + 1
                return line, off - self.line_start + 1
        n = t.count("\n", self.pos, off)
        if n:
            self.line += n
            self.line_start = t.rfind("\n", self.pos, off) + 1
        self.pos = off
        return self.line, off - self.line_start + 1


def findings_for(
    text: str,
    audience: str,
    ctx: ScanContext | None = None,
    *,
    file: str | None = None,
    matches: list[Match] | None = None,
    field: str | None = None,
    origin: tuple[int, int] | None = None,
) -> list[Finding]:
    """Redaction findings for ``text`` as the ``audience`` version. Severity comes from
    ``policy.severity``; in the engineering version secrets are reported as ``info`` (they are
    masked). A waiver (``redaction.allow``, config ``redaction.allow``, an approved disclosure's CVEs)
    marks a finding ``waived`` with its reason; it stays in the report. ``line``/``column`` are
    1-based in ``text``; ``end_column`` is exclusive (a multi-line match ends at its first line's end).
    ``origin``: (a line start at or before every match, its line number), where the counting of lines
    may begin."""
    ctx = ctx or ScanContext()
    if matches is None:
        matches = scan(text, ctx)
    out: list[Finding] = []
    for m, sev, line, col, end_col, msg in _located(text, audience, matches, origin):
        f = Finding(
            kind=m.kind,
            rule=m.rule,
            severity=sev,
            message=msg,
            file=file,
            audience=audience,
            field=field,
            line=line,
            column=col,
            end_column=end_col,
            excerpt=excerpt(m),
        )
        for w in ctx.waivers:
            if w.applies(m.text, m.rule, audience):
                f.waived = w.reason
                f.extra = {"waiver": {"match": w.match, "source": w.source}}
                break
        out.append(f)
    return out


def _located(
    text: str, audience: str, matches: list[Match], origin: tuple[int, int] | None
) -> Iterator[tuple[Match, Severity, int, int, int, str]]:
    """(match, severity, line, column, end column, message) of each match the audience is told
    about, in the order of the text (``findings_for``)."""
    lines = _Locator(text, origin)
    for m in sorted(matches, key=_START):
        told = _told(m, audience, getattr(m, "note", None))
        if told is None:
            continue
        line, col = lines.locate(m.start)
        nl = text.find("\n", m.start, m.end)
        end_col = col + ((nl if nl >= 0 else m.end) - m.start)
        yield m, told[0], line, col, end_col, told[1]


def _told(m: Match, audience: str, note: str | None) -> tuple[Severity, str] | None:
    """(severity, message) of a finding for the match ``m`` in the ``audience`` version, or None
    when the audience is not told of it: in the engineering version secrets are ``info`` (masked).
    ``note``: where a learnt term was learnt (extras.py), put before the message."""
    sev: Severity | None = policy.rule_severity(audience, m.kind, m.rule)
    if sev is None:
        if not policy.always_masked(m.kind):
            return None
        sev = "info"
    return sev, message(m, audience) if not note else f"{note}; {message(m, audience)}"


def _body(
    text: str, audience: str, ctx: ScanContext, file: str | None, matches: list[Match], origin: tuple[int, int] | None
) -> tuple[str, bool]:
    """``findings_for(text, audience, ctx, file=file, matches=matches, origin=origin)`` sorted by
    ``findings.sort_key`` and encoded by ``finding_json``, joined with ", ", and whether one blocks:
    without a waiver (none is marked), straight from the matches, the findings not built."""

    def general() -> tuple[str, bool]:
        fs = findings_for(text, audience, ctx, file=file, matches=matches, origin=origin)
        fs.sort(key=sort_key)
        return ", ".join(map(finding_json, fs)), any(f.blocking for f in fs)

    if ctx.waivers:
        return general()
    rows = []
    blocks = False
    # what ``_told`` works out per match, worked out once per (rule, kind, note): the JSON of the
    # fields that repeat, and whether it blocks (None: the audience is not told)
    heads: dict[tuple[str, str, str | None], tuple[str, bool] | tuple[()] | None] = {}
    lines = _Locator(text, origin)
    locate, find = lines.locate, text.find
    for m in sorted(matches, key=_START):
        note = getattr(m, "note", None)
        key = (m.rule, m.kind, note)
        told = heads.get(key, _UNSEEN)
        if told is _UNSEEN:
            told = heads[key] = _head_of(m, audience, file, note)
        if told is None:
            continue
        if not told:  # a field that is not a string (never, with these types)
            return general()
        head, blocking = told
        line, col = locate(m.start)
        nl = find("\n", m.start, m.end)
        end_col = col + ((nl if nl >= 0 else m.end) - m.start)
        rows.append((line, col, m.rule, _tail(head, line, col, end_col, _ENCODE_STR(excerpt(m)), "null", "null")))
        blocks = blocks or blocking
    rows.sort(key=_ROW_ORDER)  # sort_key's order: one file, so line, column, rule (stable)
    return ", ".join([r[3] for r in rows]), blocks


_START = attrgetter("start")
_UNSEEN: Any = object()


def _head_of(m: Match, audience: str, file: str | None, note: str | None) -> tuple[str, bool] | tuple[()] | None:
    """For ``_body``: (the JSON of a finding's repeating fields, whether it blocks) for a match of
    ``m``'s rule, kind and note in the ``audience`` version; None when the audience is not told of
    it (``_told``); ``()`` when a field cannot be written here."""
    told = _told(m, audience, note)
    if told is None:
        return None
    sev, msg = told
    head = _head((m.kind, m.rule, sev, msg, file, audience, None))
    return () if head is None else (head, sev == "block")


_ROW_ORDER = itemgetter(0, 1, 2)


_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) uses


def findings_json(
    text: str, audience: str, ctx: ScanContext | None = None, *, file: str | None = None, data: bytes | None = None
) -> tuple[str, bool]:
    """``findings_json_parts`` joined: the items of the array ``json.dumps([f.to_dict() ...],
    ensure_ascii=False)`` writes, without the brackets (empty when there is none), and whether any
    finding blocks."""
    bodies, blocks = findings_json_parts(text, audience, ctx, file=file, data=data)
    return ", ".join(bodies), blocks


def findings_json_parts(
    text: str, audience: str, ctx: ScanContext | None = None, *, file: str | None = None, data: bytes | None = None
) -> tuple[list[str], bool]:
    """``findings_for(text, audience, ctx, file=file)`` sorted by ``findings.sort_key``, as JSON: the
    items of the array ``json.dumps([f.to_dict() ...], ensure_ascii=False)`` writes, in pieces to be
    joined with ``", "`` (none when there is no finding; a megabyte report is copied once, when
    the caller joins it), and whether any finding blocks. A large text is done in
    parts (``parallel``), each part scanned, located and encoded in its own process: the parts are
    whole lines, so their sorted findings follow each other in the order of the whole. ``data``:
    ``text``'s UTF-8 when the caller has it (the file's bytes)."""
    from commsgen.redact import parallel
    from commsgen.redact.scanner import engine_for

    ctx = ctx or ScanContext()
    # the learning round comes first: what the text teaches applies to every part. While forked
    # processes learn (``looselearn.learn``), this one builds the scanner (``engine_for``) and scans
    # the lines of the head of its part (``parallel.HEAD_SHARE``): the processes forked for the parts
    # then inherit its warm automata, compiled patterns and line memo
    bounds = parallel.split(text, parallel.HEAD_FIRST_EXTRA)
    head: list[Any] = []
    origins: dict[int, tuple[int, int]] = {}
    if len(bounds) > 1:
        from commsgen.redact import looselearn

        a0, b0 = bounds[0]
        h = parallel.head_end(text, a0, b0)

        def scan_head() -> None:
            head[:] = [h, engine_for(ctx).line_matches(text, a0, h, data)]

        looselearn.learn(text, data, looselearn.public_of(ctx), meanwhile=scan_head)
        # where each other part starts, in lines (the forked processes need not count them): from
        # the learners' newline counts (``linemarks``), else counted
        for a, _ in bounds[1:]:
            line = linemarks.line_at(text, a)
            origins[a] = (a, text.count("\n", 0, a) + 1 if line is None else line)

    def part(a: int, b: int) -> tuple[str, bool]:
        done = (head[0], head[1]) if head and a == bounds[0][0] else None
        return _body(text, audience, ctx, file, engine_for(ctx).scan_part(text, a, b, data, done), origins.get(a))

    parts = parallel.run_parts(part, bounds)
    return [body for body, _ in parts if body], any(blocks for _, blocks in parts)


def waivers_report(ctx: ScanContext) -> list[dict[str, Any]]:
    """Every waiver in force (listed in every report, used or not)."""
    return [
        {"match": w.match, "audience": list(w.audiences), "reason": w.reason, "rule": w.rule, "source": w.source}
        for w in ctx.waivers
    ]


# the JSON of a finding, as _JSON.encode(f.to_dict()) writes it: the fields that repeat from one
# finding to the next (kind, rule, severity, message, file, audience, field) encoded once per run
_ENCODE_STR = json.encoder.encode_basestring  # what _JSON (ensure_ascii=False) writes strings with
_HEADS: dict[tuple[Any, ...], str] = {}


def _scalar(v: object) -> str | None:
    if v is None:
        return "null"
    if type(v) is str:
        return _ENCODE_STR(v)
    if type(v) is int:
        return int.__repr__(v)
    return None


def finding_json(f: Finding) -> str:
    """``_JSON.encode(f.to_dict())``, faster for a large report."""
    head = _head((f.kind, f.rule, f.severity, f.message, f.file, f.audience, f.field))
    if head is None or f.extra:
        return _JSON.encode(f.to_dict())
    tail = [_scalar(v) for v in (f.line, f.column, f.end_column, f.excerpt, f.suggestion, f.waived)]
    if None in tail:
        return _JSON.encode(f.to_dict())
    return _tail(head, *tail)


def _head(key: tuple[Any, ...]) -> str | None:
    """The JSON of the fields ``FIELDS[:7]`` (``key``) up to their end, without the closing brace
    (kept for the next finding with those fields); None when one is not a string, an int or None."""
    head = _HEADS.get(key)
    if head is None:
        parts = [_scalar(v) for v in key]
        if None in parts:
            return None
        head = "{" + ", ".join(f'"{k}": {v}' for k, v in zip(FIELDS, parts))
        if len(_HEADS) <= 4096:
            _HEADS[key] = head
    return head


def _tail(
    head: str, line: object, column: object, end_column: object, excerpt: object, suggestion: object, waived: object
) -> str:
    """A finding's JSON: ``head`` and the JSON of its other fields."""
    return (
        f'{head}, "line": {line}, "column": {column}, "end_column": {end_column}, "excerpt": {excerpt}, '
        f'"suggestion": {suggestion}, "waived": {waived}}}'
    )
