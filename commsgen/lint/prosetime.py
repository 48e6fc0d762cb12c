"""Times, windows and durations as customers read them in prose, for the ``time.public-*`` checks.

- a point: a clock time (``14:02``, ``2:02 pm``, with an optional zone ``UTC``, ``CET``, ``+01:00``),
  a date (``November 20``, ``20 Nov 2026``, ``2026-11-20``), or both ("22:47 UTC on November 22",
  "November 22 at 22:47", "2026-11-20 14:02 UTC");
- a window: two points joined by ``to``, ``until``, ``through``, a dash, or ``between ... and``;
- a duration of the incident: "for 78 minutes", "lasted about two hours", "for 1 hour and 18 minutes",
  "an hour and a half", "a 45-minute outage" (response times such as "took five seconds" are not
  durations of the incident: only ``for``/``lasted``/``lasting`` and "N-minute outage" count).

Pure functions over text; the checks decide what to compare them with.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import is_not

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from commsgen.redact.lazyre import LazyPattern, lazy

_MONTHS = {
    m[:3]: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
ZONES = {
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "wet": 0,
    "bst": 60,
    "cet": 60,
    "cest": 120,
    "eet": 120,
    "eest": 180,
    "est": -300,
    "edt": -240,
    "cst": -360,
    "cdt": -300,
    "mst": -420,
    "mdt": -360,
    "pst": -480,
    "pdt": -420,
    "jst": 540,
    "aest": 600,
    "aedt": 660,
    "ist": 330,
}
_ZONE = (
    r"(?:(?:utc|gmt)\s*[+-]\s*\d{1,2}(?::?\d{2})?|utc|gmt|wet|bst|cet|cest|eet|eest|est|edt|cst|cdt|mst|mdt|pst|"
    r"pdt|jst|aest|aedt|ist)"
)
_TIME = lazy(rf"\b(\d{{1,2}})(?::(\d{{2}}))?(?:\s*([ap])\.?m\.?\b)?(?:\s*(?:\(\s*)?({_ZONE})\b\)?)?", re.I)
_DATE = lazy(
    rf"\b(?:({_MON})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?"
    rf"|(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})(?:,?\s+(\d{{4}}))?"
    rf"|(\d{{4}})-(\d{{2}})-(\d{{2}}))",
    re.I,
)
_JOIN = lazy(r"\s*,?\s*(?:on|at)?\s*,?\s*$", re.I)  # what may sit between a time and its date
_CONNECT = lazy(r"^\s*(?:to|until|till|through|and|-|–|—)\s*$", re.I)
_BETWEEN = lazy(r"\bbetween\s*$", re.I)


class Point(NamedTuple):
    start: int
    end: int
    day: date | None  # year 1 when the text gives none (filled from the incident)
    minutes: int | None  # minutes after midnight
    zone: int | None  # minutes east of UTC; None = not said
    year_given: bool


class Window(NamedTuple):
    start: int
    end: int
    a: Point
    b: Point


# ``_TIME`` with the whole match as a group: ``split`` gives, per match, the text before it, the
# match and its four groups, at C speed
_TIME_SPLIT = lazy(f"({_TIME.pattern})", re.I)


def _time_matches(text: str) -> Iterator[tuple[int, int, str, str | None, str | None, str | None]]:
    """(start, end, hour, minutes, am/pm, zone) of each ``_TIME.finditer(text)`` match that has
    minutes or am/pm. A bare number is no time, and a megabyte of numbers holds hundreds of
    thousands: one ``split`` finds the matches, the ones with minutes or am/pm are picked at C
    speed, and only their offsets are summed."""
    if not _may_hold_time(text):
        return
    parts = _TIME_SPLIT.split(text)
    if len(parts) == 1:
        return
    with_minutes = compress(count(), map(is_not, parts[3::6], repeat(None)))
    with_ampm = compress(count(), map(is_not, parts[4::6], repeat(None)))
    wanted = sorted({*with_minutes, *with_ampm})
    if not wanted:
        return
    pieces: list[str] = [""] * (2 * (len(parts) // 6))
    pieces[0::2], pieces[1::2] = parts[0:-1:6], parts[1::6]  # before match k, match k
    ends = list(accumulate(map(len, pieces)))
    for k in wanted:
        g = parts[6 * k + 2 : 6 * k + 6]
        yield ends[2 * k], ends[2 * k + 1], g[0], g[1], g[2], g[3]


# RE2: digits followed by minutes or am/pm, where any match of ``_TIME`` that is a time must start
# (Python's \\d and \\s go beyond ASCII: any such character is let through)
_TIME_HINT = r"(?i)[\d\x{80}-\x{10FFFF}](?::[\d\x{80}-\x{10FFFF}]{2}|[\s\x0b\x1c-\x1f\x{80}-\x{10FFFF}]*[ap]\.?m)"
_TIME_FINDER: list[Any] = []


def _may_hold_time(text: str) -> bool:
    """False when ``text`` holds no time (only bare numbers, or no digits): then ``_TIME`` finds
    nothing that ``_times`` keeps."""
    if len(text) < 4096:
        return True
    from commsgen.adapters.re2set import Finder

    if not _TIME_FINDER:
        _TIME_FINDER.append(Finder(_TIME_HINT))
    try:
        return bool(_TIME_FINDER[0].found(text.encode("utf-8")))
    except UnicodeEncodeError:
        return True


def _times(text: str) -> list[tuple[int, int, int, int | None]]:
    out = []
    for start, end, h, mi, ampm, zone in _time_matches(text):
        hour, minute = int(h), int(mi or 0)
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
        if hour > 23 or minute > 59:
            continue
        z = None
        if zone:
            zl = zone.lower()
            if zl in ZONES:
                z = ZONES[zl]
            else:  # UTC+1, GMT-05:00
                off = zl[3:].replace(" ", "")
                sign = 1 if off[0] == "+" else -1
                oh, _, om = off[1:].partition(":")
                if not om and len(oh) > 2:
                    oh, om = oh[:-2], oh[-2:]
                z = sign * (int(oh) * 60 + int(om or 0))
        out.append((start, end, hour * 60 + minute, z))
    return out


def _fast(rx: re.Pattern[str] | LazyPattern, text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, Python's pattern tried only where RE2 says a match may start."""
    from commsgen.lint.prefilter import prefilter

    return prefilter((rx,)).finditer_text(0, text)


def _dates(text: str) -> list[tuple[int, int, date, bool]]:
    out = []
    for m in _fast(_DATE, text):
        g = m.groups()
        try:
            if g[0]:
                d, given = date(int(g[2] or 1), _MONTHS[g[0][:3].lower()], int(g[1])), bool(g[2])
            elif g[4]:
                d, given = date(int(g[5] or 1), _MONTHS[g[4][:3].lower()], int(g[3])), bool(g[5])
            else:
                d, given = date(int(g[6]), int(g[7]), int(g[8])), True
        except (ValueError, KeyError):
            continue
        out.append((m.start(), m.end(), d, given))
    return out


def points(text: str) -> list[Point]:
    """Every point in ``text``, a time and the date next to it merged into one (memoised per distinct
    text: the same field is read for each audience that shows it)."""
    return list(_points(text))


@lru_cache(maxsize=32)
def _points(text: str) -> tuple[Point, ...]:
    times = _times(text)
    dates = _dates(text)
    # a date's digits are not a time ("2026-11-20" holds no "20:.."); the dates are in order and
    # apart, so the one a time could be in is found by a binary search
    starts = [d[0] for d in dates]

    def in_date(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and pos < dates[i][1]

    times = [t for t in times if not in_date(t[0])]
    toks: list[tuple[int, int, str, Any, int | None]] = sorted(
        [(s, e, "t", v, z) for s, e, v, z in times] + [(s, e, "d", (d, g), None) for s, e, d, g in dates]
    )
    out: list[Point] = []
    i = 0
    while i < len(toks):
        s, e, kind, v, z = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if nxt and nxt[2] != kind and _JOIN.match(text[e : nxt[0]]) and len(text[e : nxt[0]]) <= 8:
            t, d = (toks[i], nxt) if kind == "t" else (nxt, toks[i])
            out.append(Point(s, nxt[1], d[3][0], t[3], t[4], d[3][1]))
            i += 2
            continue
        if kind == "t":
            out.append(Point(s, e, None, v, z, False))
        else:
            out.append(Point(s, e, v[0], None, None, v[1]))
        i += 1
    return tuple(out)


def windows(text: str, pts: list[Point] | None = None) -> list[Window]:
    """Pairs of points joined as a window ("from A to B", "between A and B", "A-B")."""
    pts = points(text) if pts is None else pts
    out = []
    for a, b in zip(pts, pts[1:]):
        gap = text[a.end : b.start]
        if not _CONNECT.match(gap):
            continue
        if gap.strip().lower() == "and" and not _BETWEEN.search(text[max(0, a.start - 12) : a.start]):
            continue
        if (a.minutes is None) != (b.minutes is None) and a.day is None and b.day is None:
            continue
        out.append(Window(a.start, b.end, a, b))
    return out


def to_utc(p: Point, day: date, zone: int | None) -> datetime:
    z = p.zone if p.zone is not None else (zone or 0)
    local = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(minutes=p.minutes or 0)
    return local - timedelta(minutes=z)


# ------------------------------------------------------------------------------ durations
_NUMS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "ninety": 90,
}
_UNIT_MIN = {
    "m": 1,
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "day": 1440,
    "days": 1440,
    "week": 10080,
    "weeks": 10080,
}
_NUM = (
    r"(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty-five|forty|fifty|ninety)"
)
_UNIT = r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|h|m)"
_PIECE = rf"(?:half an? hour|{_NUM}(?:\s+and\s+a\s+half)?\s*-?\s*{_UNIT}\b(?:\s+and\s+a\s+half)?)"
_AMOUNT = rf"{_PIECE}(?:(?:\s*,\s*|\s+and\s+|\s+){_PIECE})*"
_QUAL = (
    r"(?:about|around|roughly|approximately|approx\.?|nearly|almost|just over|just under|over|more than|"
    r"less than|under|up to|some)"
)
DURATION = lazy(
    rf"\b(?:for|lasted|lasting|lasted for)\s+(?:(?P<q>{_QUAL})\s+)?(?P<amt>{_AMOUNT})"
    rf"|\b(?:an?|the)\s+(?P<amt2>{_NUM}(?:\s+and\s+a\s+half)?)-(?P<unit2>minute|hour|day)\s+"
    rf"(?:outage|disruption|interruption|incident|problem|delay|slowdown)",
    re.I,
)
_PIECE_RX = lazy(rf"half an? hour|({_NUM})(\s+and\s+a\s+half)?\s*-?\s*({_UNIT})\b(\s+and\s+a\s+half)?", re.I)


class Duration(NamedTuple):
    start: int
    end: int
    minutes: float
    qualifier: str  # "", or about/over/under/... (lower case)


def _num(s: str) -> float:
    s = s.lower()
    return float(s) if s[0].isdigit() else float(_NUMS[s])


def durations(text: str) -> list[Duration]:
    """Every duration in ``text`` (memoised per distinct text)."""
    return list(_durations(text))


@lru_cache(maxsize=32)
def _durations(text: str) -> tuple[Duration, ...]:
    out = []
    for m in _fast(DURATION, text):
        if text[max(0, m.start() - 5) : m.start()].lower().endswith("wait "):
            continue
        if m.group("amt2"):
            piece = m.group("amt2")
            n = _num(piece.split()[0]) + (0.5 if "half" in piece.lower() else 0)
            out.append(Duration(m.start(), m.end(), n * _UNIT_MIN[m.group("unit2").lower()], ""))
            continue
        total = 0.0
        for p in _PIECE_RX.finditer(m.group("amt")):
            if p.group(0).lower().startswith("half"):
                total += 30
                continue
            unit = _UNIT_MIN[p.group(3).lower()]
            n = _num(p.group(1)) + (0.5 if p.group(2) or p.group(4) else 0)
            total += n * unit
        if total:
            out.append(Duration(m.start(), m.end(), total, (m.group("q") or "").lower().rstrip(".")))
    return tuple(out)


def duration_fits(d: Duration, actual_min: float, tolerance_min: float) -> bool:
    """Whether a stated duration agrees with ``actual_min`` minutes."""
    slack = max(tolerance_min, 0.1 * actual_min)
    q = d.qualifier
    if q in ("over", "more than", "just over"):
        return actual_min >= d.minutes - tolerance_min and actual_min - d.minutes <= max(slack, 0.5 * d.minutes)
    if q in ("under", "less than", "up to", "just under", "nearly", "almost"):
        return actual_min <= d.minutes + tolerance_min and d.minutes - actual_min <= max(slack, 0.5 * d.minutes)
    if q in ("about", "around", "roughly", "approximately", "approx", "some"):
        slack = max(tolerance_min, 0.2 * actual_min)
    return abs(d.minutes - actual_min) <= slack
