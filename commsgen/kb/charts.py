"""Bar charts of a pattern review as inline SVG, drawn here (like the brief's timeline graphic):
every label is a ``<text>`` element, so a PDF made from it keeps the labels as text that the
redaction gate reads back, and no chart library turns them into paths."""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640.0, 210.0
LEFT, RIGHT, TOP, BOTTOM = 34.0, 8.0, 22.0, 34.0
COLOURS = ("#1f5fa8", "#9bb7d6", "#c9d6e3", "#e0e6ec")
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'


def _step(top: float) -> int:
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / s <= 6:
            return s
    return int(top // 5) or 1


def bars(groups: list[str], series: list[tuple[str, list[float | None]]], *, title: str, unit: str = "") -> str:
    """Grouped bars: one group per label of ``groups``, one bar per series (name, values)."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = max(values, default=0) or 1
    step = _step(top)
    top = step * -(-top // step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}" class="chart">'
    ]
    out.append(f'<text x="{LEFT}" y="12" {FONT} font-size="11" font-weight="bold">{escape(title)}</text>')
    tick = 0
    while tick <= top:
        y = TOP + plot_h - plot_h * tick / top
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#d8dde3" stroke-width="0.6"/>'
        )
        out.append(
            f'<text x="{LEFT - 4}" y="{y + 3:.1f}" {FONT} font-size="8.5" text-anchor="end">{tick:g}{unit}</text>'
        )
        tick += step
    n = max(len(groups), 1)
    gw = plot_w / n
    bw = min(gw * 0.8 / max(len(series), 1), 28.0)
    for gi, label in enumerate(groups):
        x0 = LEFT + gi * gw + (gw - bw * len(series)) / 2
        for si, (_, vs) in enumerate(series):
            v = vs[gi] if gi < len(vs) else None
            if v is None:
                continue
            h = plot_h * v / top
            x, y = x0 + si * bw, TOP + plot_h - h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bw - 1:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[si % len(COLOURS)]}"/>'
            )
            if v:
                out.append(
                    f'<text x="{x + (bw - 1) / 2:.1f}" y="{y - 2:.1f}" {FONT} font-size="8" '
                    f'text-anchor="middle">{v:g}</text>'
                )
        out.append(
            f'<text x="{LEFT + gi * gw + gw / 2:.1f}" y="{HEIGHT - BOTTOM + 12:.1f}" {FONT} font-size="8.5" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    lx = LEFT
    for si, (name, _) in enumerate(series):
        if len(series) < 2:
            break
        out.append(f'<rect x="{lx:.1f}" y="{HEIGHT - 12}" width="9" height="9" fill="{COLOURS[si % len(COLOURS)]}"/>')
        out.append(f'<text x="{lx + 12:.1f}" y="{HEIGHT - 4}" {FONT} font-size="8.5">{escape(name)}</text>')
        lx += 14 + 6 * len(name) + 12
    out.append("</svg>")
    return "".join(out)


def review_charts(data: dict) -> list[dict[str, str]]:
    """The review's figures: [{"svg", "caption"}]."""
    sev = list(data["by_severity"])
    prev = data["previous"]
    series = [(data["period"]["label"], [data["by_severity"][s]["count"] for s in sev])]
    series += [(p["period"]["label"], [p["by_severity"][s] for s in sev]) for p in prev[:1]]
    months = [m for p in reversed(prev) for m in p["by_month"]] + list(data["by_month"])
    counts = {m: c["count"] for p in prev for m, c in p["by_month"].items()}
    counts.update({m: c["count"] for m, c in data["by_month"].items()})
    ttr = [data["by_severity"][s]["time_to_resolve"] for s in sev]
    return [
        {
            "svg": bars(sev, series, title="Postmortems by severity"),
            "caption": "Postmortems by severity, this period against the one before (exclusions applied).",
        },
        {
            "svg": bars(months, [("postmortems", [counts.get(m, 0) for m in months])], title="Postmortems by month"),
            "caption": "Postmortems by month of `started` (UTC), this period and the previous periods.",
        },
        {
            "svg": bars(
                [f"{s} (n={f['n']})" for s, f in zip(sev, ttr)],
                [("median", [f["median_minutes"] for f in ttr]), ("p90", [f["p90_minutes"] for f in ttr])],
                title="Time to resolve (minutes): median and p90 by severity",
            ),
            "caption": "Minutes from `started` to `resolved`; median and nearest-rank p90; n below 10 is too few to compare.",
        },
    ]
