"""The statistics of pattern reviews, with exact definitions (docs/KNOWLEDGE-BASE.md).

- median: the middle value of the sorted values; with an even count, the mean of the two middle ones.
- p90: nearest rank: the value at 1-based rank ceil(0.9 x n) of the sorted values (so at least 90% of
  the values are at or below it, and it is always one of the values).
- n: how many values there were. Figures with n < 10 are marked ``too_few`` (not comparable).
No mean is reported for durations: incident durations are skewed, and a mean follows the tail.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

TOO_FEW = 10


def median(values: list[float] | list[int]) -> float | None:
    v = sorted(values)
    n = len(v)
    if not n:
        return None
    mid = n // 2
    return v[mid] if n % 2 else (v[mid - 1] + v[mid]) / 2


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..100)."""
    v = sorted(values)
    if not v:
        return None
    rank = max(1, math.ceil(q / 100 * len(v)))
    return v[rank - 1]


def number(x: float | None) -> float | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 1)


def figure(values: Iterable[float | None]) -> dict:
    """``{"median_minutes", "p90_minutes", "n", "too_few"}`` of the values that are not None."""
    v = [x for x in values if x is not None]
    return {
        "median_minutes": number(median(v)),
        "p90_minutes": number(percentile(v, 90)),
        "n": len(v),
        "too_few": len(v) < TOO_FEW,
    }


def share(count: int, of: int) -> dict:
    return {"count": count, "of": of, "share": round(count / of, 3) if of else None}
