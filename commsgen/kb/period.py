"""Review periods: ``2026Q4``, ``2026-10..2026-12`` (whole months, inclusive), ``2026-11`` or ``2026``.

A postmortem belongs to the period in which its ``times.started`` falls (in UTC). The previous
periods are the periods of the same number of months just before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from commsgen.errors import Problem, UserError


@dataclass(frozen=True)
class Period:
    label: str
    start: date  # first day
    end: date  # first day after the period

    @property
    def months(self) -> list[str]:
        out, y, m = [], self.start.year, self.start.month
        while date(y, m, 1) < self.end:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def contains(self, iso: str | None) -> bool:
        return iso is not None and self.start.isoformat() <= iso[:10] < self.end.isoformat()

    def public(self) -> dict[str, str]:
        last = _add_months(self.end, 0)
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": date.fromordinal(last.toordinal() - 1).isoformat(),
        }


def _add_months(d: date, n: int) -> date:
    k = d.year * 12 + d.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _month(s: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})", s)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse(text: str) -> Period:
    s = text.strip()
    m = re.fullmatch(r"(\d{4})[Qq]([1-4])", s)
    if m:
        start = date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1)
        return Period(f"{m.group(1)}Q{m.group(2)}", start, _add_months(start, 3))
    if re.fullmatch(r"\d{4}", s):
        return Period(s, date(int(s), 1, 1), date(int(s) + 1, 1, 1))
    if ".." in s:
        a, b = (_month(x.strip()) for x in s.split("..", 1))
        if a and b and a <= b:
            return Period(f"{a:%Y-%m}..{b:%Y-%m}", a, _add_months(b, 1))
    else:
        one = _month(s)
        if one is not None:
            return Period(s, one, _add_months(one, 1))
    raise UserError(
        Problem(
            f"`{text}` is not a period; write a quarter (2026Q4), a month range "
            "(2026-10..2026-12), a month (2026-11) or a year (2026)",
            field="--period",
            rule="usage.period",
        )
    )


def previous(p: Period, n: int) -> list[Period]:
    """The ``n`` periods of the same length just before ``p``, most recent first."""
    length = len(p.months)
    out = []
    end = p.start
    for _ in range(n):
        start = _add_months(end, -length)
        label = (
            f"{start.year}Q{(start.month - 1) // 3 + 1}"
            if length == 3 and start.month % 3 == 1
            else f"{start:%Y}"
            if length == 12 and start.month == 1
            else f"{start:%Y-%m}"
            if length == 1
            else f"{start:%Y-%m}..{_add_months(end, -1):%Y-%m}"
        )
        out.append(Period(label, start, end))
        end = start
    return out
