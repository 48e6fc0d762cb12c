"""Geometry of the executive brief's timeline graphic: numbers the template draws as inline SVG.

Input is the executive view's ``times`` list (key, iso, time, elapsed), so the graphic shows
nothing the view does not already hold. Output is plain data in SVG user units: the impact
bar (``started`` to ``resolved``, else ``mitigated``), one mark per key moment, and a label per
mark placed so that no two labels overlap, however close the moments are.

Label placement: marks are taken in time order and dealt alternately below and above the bar
(more rows only if a row cannot hold its labels). Within a row, label centres are placed as
close as possible to their marks (least squares) subject to a minimum gap between neighbours
and the drawing's edges: an isotonic regression (pool adjacent violators) on the centres
shifted by their cumulative minimum spacing, then clipped to the edges. Leaders join each
mark to its label; the order of labels in a row follows the order of marks, so leaders never
cross.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

MARK_KEYS = ("started", "detected", "identified", "mitigated", "resolved")
NAMES = {
    "started": "Impact began",
    "detected": "Detected",
    "acknowledged": "Acknowledged",
    "identified": "Cause identified",
    "mitigated": "Mitigated",
    "resolved": "Resolved",
}

WIDTH = 660.0  # user units; the template scales the SVG to the text width
PAD = 4.0  # drawing edge
GAP = 10.0  # minimum space between two labels of one row
NAME_SIZE = 10.5  # font sizes (user units) the template must use
DETAIL_SIZE = 9.5
NAME_EM = 0.66  # conservative average advance of DejaVu Sans Bold, in em
DETAIL_EM = 0.62  # ... and of DejaVu Sans Book (digits are 0.636 em)
BAR_H = 14.0
LEADER = 12.0  # vertical space between the bar and a row of labels
ROW_H = 2 * 12.5 + 4  # two text lines and a little air


@dataclass
class Label:
    key: str
    name: str
    detail: str
    x: float  # the mark on the time axis
    cx: float = 0.0  # the label's centre
    width: float = 0.0
    row: int = 0
    above: bool = False
    name_y: float = 0.0
    detail_y: float = 0.0
    leader: list[tuple[float, float]] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.cx - self.width / 2

    @property
    def right(self) -> float:
        return self.cx + self.width / 2


def _parse(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00"))


def text_width(text: str, size: float, em: float) -> float:
    return len(text) * size * em


def place_row(targets: list[float], widths: list[float], lo: float, hi: float, gap: float = GAP) -> list[float] | None:
    """Centres for labels of ``widths`` wanted at ``targets`` (sorted), with at least ``gap``
    between neighbours and every label inside [lo, hi]. None when they cannot fit."""
    n = len(targets)
    if n == 0:
        return []
    offsets = [0.0]
    for i in range(1, n):
        offsets.append(offsets[-1] + (widths[i - 1] + widths[i]) / 2 + gap)
    y_lo = lo + widths[0] / 2
    y_hi = hi - widths[-1] / 2 - offsets[-1]
    if y_lo > y_hi + 1e-9:
        return None
    # pool adjacent violators: blocks of (sum, count), each block's value is its mean
    blocks: list[list[float]] = []
    for t, s in zip(targets, offsets):
        blocks.append([t - s, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            v, c = blocks.pop()
            blocks[-1][0] += v
            blocks[-1][1] += c
    ys: list[float] = []
    for v, c in blocks:
        ys += [min(max(v / c, y_lo), y_hi)] * int(c)
    return [y + s for y, s in zip(ys, offsets)]


CLOSE = 0.06  # marks nearer than this share of the time span share one label


def _labels(times: list[dict[str, Any]]) -> tuple[list[Label], dict[str, datetime], list[list[str]]]:
    """One label per group of marks that fall close together (in time order), so close moments
    are grouped under one label instead of being stacked in rows."""
    at = {t["key"]: _parse(t["iso"]) for t in times if t.get("iso")}
    keys = sorted((k for k in MARK_KEYS if k in at), key=lambda k: (at[k], MARK_KEYS.index(k)))
    if not keys:
        return [], {}, []
    several_days = len({at[k].date() for k in keys}) > 1
    elapsed = {t["key"]: t.get("elapsed") for t in times}
    t0 = at[keys[0]]
    span = max((at[keys[-1]] - t0).total_seconds(), 60.0)
    groups: list[list[str]] = []
    for k in keys:
        if groups and (at[k] - at[groups[-1][0]]).total_seconds() <= CLOSE * span:
            groups[-1].append(k)
        else:
            groups.append([k])
    first_day = t0.date()

    def clock(when: datetime) -> str:
        if several_days and when.date() != first_day:
            return when.strftime("%b %-d %H:%M")
        return when.strftime("%H:%M")

    labels = []
    for ks in groups:
        a, b = at[ks[0]], at[ks[-1]]
        span_text = clock(a) if a == b else f"{clock(a)}–{clock(b)}"
        el = elapsed.get(ks[-1])
        detail = f"{span_text} UTC" if ks[0] == "started" or not el else f"{span_text} UTC · {el}"
        name = " / ".join(NAMES[k] for k in ks)
        labels.append(Label(key=ks[-1], name=name, detail=detail, x=0.0))
        labels[-1].width = max(text_width(name, NAME_SIZE, NAME_EM), text_width(detail, DETAIL_SIZE, DETAIL_EM))
    return labels, {k: at[k] for k in keys}, groups


def timeline_graphic(
    times: list[dict[str, Any]], *, state: str = "resolved", width: float = WIDTH
) -> dict[str, Any] | None:
    """The drawing for the executive view's ``times`` (None when there is nothing to draw)."""
    labels, at, groups = _labels(times)
    if "started" not in at:
        return None
    t0, t1 = min(at.values()), max(at.values())
    span = max((t1 - t0).total_seconds(), 60.0)
    widest = max(lb.width for lb in labels)
    margin = min(widest / 2, width / 6)  # keep marks off the very edge so labels can centre
    x0, x1 = PAD + margin, width - PAD - margin

    def x_of(t: datetime) -> float:
        return x0 + (x1 - x0) * (t - t0).total_seconds() / span

    for lb, ks in zip(labels, groups):  # a group's label points at the middle of its marks
        xs = [x_of(at[k]) for k in ks]
        lb.x = (min(xs) + max(xs)) / 2

    rows = 2
    while True:
        placed = _place(labels, rows, width)
        if placed or rows >= len(labels):
            break
        rows += 1
    if not placed:  # a label wider than the drawing (cannot happen with the built-in names)
        for i, lb in enumerate(labels):
            lb.row, lb.above = i, i % 2 == 1
            lb.cx = min(max(lb.x, PAD + lb.width / 2), width - PAD - lb.width / 2)

    above_rows = sum(1 for r in range(rows) if r % 2 == 1)
    below_rows = rows - above_rows
    bar_top = PAD + above_rows * ROW_H + (LEADER if above_rows else 0)
    bar_bottom = bar_top + BAR_H
    for lb in labels:
        depth = lb.row // 2
        if lb.above:
            top = bar_top - LEADER - (depth + 1) * ROW_H
            edge = top + ROW_H - 2
            lb.leader = [(lb.x, bar_top), (lb.x, bar_top - LEADER / 2), (lb.cx, edge)]
        else:
            top = bar_bottom + LEADER + depth * ROW_H
            edge = top + 1
            lb.leader = [(lb.x, bar_bottom), (lb.x, bar_bottom + LEADER / 2), (lb.cx, edge)]
        lb.name_y = top + 11.5
        lb.detail_y = top + 24.0
    height = bar_bottom + (LEADER + below_rows * ROW_H if below_rows else 0) + PAD

    end_key = "resolved" if "resolved" in at else ("mitigated" if "mitigated" in at else None)
    start_x = x_of(at["started"])
    end_x = x_of(at[end_key]) if end_key else x1
    mitigated_x = x_of(at["mitigated"]) if "mitigated" in at and end_key == "resolved" else None
    return {
        "width": round(width, 2),
        "height": round(height, 2),
        "bar": {
            "x": round(start_x, 2),
            "y": round(bar_top, 2),
            "w": round(max(end_x - start_x, 2.0), 2),
            "h": BAR_H,
            "ongoing": end_key is None,
            "open_to": round(width - PAD, 2) if end_key is None else None,  # impact not over yet
            "reduced_x": round(mitigated_x, 2) if mitigated_x is not None else None,
        },
        "axis": {"x0": PAD, "x1": round(width - PAD, 2), "y": round(bar_top + BAR_H / 2, 2)},
        "name_size": NAME_SIZE,
        "detail_size": DETAIL_SIZE,
        "points": [{"key": k, "x": round(x_of(at[k]), 2)} for k in at],
        "marks": [
            {
                **{k: v for k, v in asdict(lb).items() if k != "leader"},
                "x": round(lb.x, 2),
                "cx": round(lb.cx, 2),
                "leader": " ".join(f"{a:.2f},{b:.2f}" for a, b in lb.leader),
            }
            for lb in labels
        ],
        "state": state,
    }


def _place(labels: list[Label], rows: int, width: float) -> bool:
    for r in range(rows):
        row = [lb for i, lb in enumerate(labels) if i % rows == r]
        centres = place_row([lb.x for lb in row], [lb.width for lb in row], PAD, width - PAD)
        if centres is None:
            return False
        for lb, c in zip(row, centres):
            lb.cx, lb.row, lb.above = c, r, r % 2 == 1
    return True
