"""Figures as the executive brief prints them: one rounding for a tile and for the prose.

``compact`` writes a count in at most four significant characters plus a unit (``12,840`` stays
whole below ten thousand, then ``12.8k``, ``128k``, ``1.25M``, ``2.4B``): a tile never has to
wrap a number, and the same function feeds the Markdown and text versions, so the brief's
figures agree wherever they appear. ``money`` is ``compact`` with a dollar sign.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

UNITS = ((Decimal(10) ** 12, "T"), (Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "k"))
WHOLE_BELOW = Decimal(10_000)  # below this a count is written whole, with a thousands separator


def _sig3(x: Decimal) -> str:
    """``x`` (>= 1) to three significant digits, trailing zeros dropped: 12.84 -> 12.8, 128.4 -> 128."""
    digits = len(str(int(x)))
    places = max(0, 3 - digits)
    q = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{q:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def compact(value: float | int | None) -> str:
    """A count in compact form (see the module doc); '' for None."""
    if value is None:
        return ""
    x = Decimal(str(value))
    sign = "-" if x < 0 else ""
    x = abs(x)
    if x < WHOLE_BELOW:
        if x == x.to_integral_value():
            return f"{sign}{int(x):,}"
        return f"{sign}{x.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,}"
    for i, (size, unit) in enumerate(UNITS):
        if x >= size:
            text = _sig3(x / size)
            if Decimal(text) >= 1000 and i > 0:  # 999,950 rounds to 1000k: say 1M
                size, unit = UNITS[i - 1]
                text = _sig3(x / size)
            return f"{sign}{text}{unit}"
    return f"{sign}{_sig3(x)}"  # pragma: no cover (x >= 10,000 always has a unit)


def money(value: float | int | None) -> str:
    """US dollars in compact form: ``$950``, ``$48.2k``, ``$1.25M``; '' for None."""
    if value is None:
        return ""
    if Decimal(str(value)) < WHOLE_BELOW:
        return f"${Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    return "$" + compact(value)


def percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}%"


def regions_value(regions: list[str]) -> tuple[str, str]:
    """(tile value, caption) of the impact's regions: ``global`` reads Global, one region is named
    when it is short, more are counted."""
    names = [r.strip() for r in regions if r and r.strip()]
    if any(n.lower() in ("global", "worldwide", "all", "all regions") for n in names):
        return "Global", "reach"
    if len(names) == 1 and len(names[0]) <= 10:
        return names[0], "region"
    return str(len(names)), "region" if len(names) == 1 else "regions"
