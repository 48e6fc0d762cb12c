"""A pattern review as an audience edition (engineering or executive) and as md, html, json or
csv text. The executive edition names incidents by their executive title (else the internal
title), lists no files and no action titles; both print each figure's definition and every
exclusion. Templates (``review.md.j2``, ``review.html.j2``) hold presentation only."""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

from commsgen.kb.definitions import DEFINITIONS
from commsgen.kb.extract import FIGURES

FIGURE_NAMES = {
    "time_to_detect": "Time to detect",
    "time_to_acknowledge": "Time to acknowledge",
    "time_to_identify": "Time to identify",
    "time_to_mitigate": "Time to mitigate",
    "time_to_resolve": "Time to resolve",
}


def edition(data: dict[str, Any], audience: str) -> dict[str, Any]:
    """The review as ``audience`` may read it (a new dict: the parts an edition changes are copied,
    the rest is shared with ``data``)."""
    out = dict(data, excluded=copy.deepcopy(data["excluded"]), themes=copy.deepcopy(data["themes"]))
    out["audience"] = audience
    if audience == "executive":
        for item in out["excluded"]["items"]:
            item.pop("file", None)
        for theme in out["themes"]:
            for inc in theme["incidents"]:
                inc["title"] = inc.pop("executive_title") or inc["title"]
            not_done = theme["earlier_prevent_actions"].pop("not_done")
            theme["earlier_prevent_actions"]["not_done"] = len(not_done)
    else:
        for theme in out["themes"]:
            for inc in theme["incidents"]:
                inc.pop("executive_title", None)
    return out


def to_json(data: dict[str, Any]) -> str:
    return json.dumps(dict(data, definitions=DEFINITIONS), indent=2, ensure_ascii=False) + "\n"


def rows(data: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    """The review as (section, group, metric, value) rows, the CSV's content."""
    out: list[tuple[str, str, str, Any]] = [
        ("period", data["period"]["label"], "start", data["period"]["start"]),
        ("period", data["period"]["label"], "end", data["period"]["end"]),
        ("total", "", "postmortems", data["postmortems"]),
        ("excluded", "", "exclude_from_metrics", data["excluded"]["exclude_from_metrics"]),
        ("excluded", "", "draft", data["excluded"]["draft"]),
    ]
    for sev, d in data["by_severity"].items():
        out.append(("by_severity", sev, "count", d["count"]))
        for k in FIGURES:
            for m in ("median_minutes", "p90_minutes", "n"):
                out.append(("by_severity", sev, f"{k}.{m}", d[k][m]))
    for section in ("by_event_type", "by_trigger_kind"):
        out += [(section, k, "count", v) for k, v in data[section].items()]
    for s, d in data["by_service"].items():
        out.append(("by_service", s, "count", d["count"]))
        out.append(("by_service", s, "impact_minutes.median_minutes", d["impact_minutes"]["median_minutes"]))
    out += [("by_month", m, "count", d["count"]) for m, d in data["by_month"].items()]
    for p in data["previous"]:
        out.append(("previous", p["period"]["label"], "postmortems", p["postmortems"]))
        for section in ("by_severity", "by_event_type", "by_trigger_kind", "by_service"):
            out += [("previous", p["period"]["label"], f"{section}.{k}", n) for k, n in p[section].items()]
    ci = data["customer_impact"]
    out += [
        ("customer_impact", "", "minutes_total", ci["minutes_total"]),
        ("customer_impact", "", "minutes.median_minutes", ci["minutes"]["median_minutes"]),
        ("customer_impact", "", "minutes.p90_minutes", ci["minutes"]["p90_minutes"]),
        ("customer_impact", "", "minutes.n", ci["minutes"]["n"]),
    ]
    out += [("slo_breached", k, "count", v) for k, v in ci["slo_breached"].items()]
    out += [("detection_source", k, "count", v) for k, v in data["detection"]["by_source"].items()]
    cf = data["detection"]["customer_first"]
    out += [("detection", "customer_first", k, cf[k]) for k in ("count", "of", "share")]
    out += [("actions", "", k, v) for k, v in data["actions"].items()]
    w = data["completed_within_48h"]
    out += [("completed_within_48h", "", k, w[k]) for k in ("count", "of", "share")]
    for i, t in enumerate(data["themes"], 1):
        out.append(("themes", str(i), "incidents", " ".join(x["id"] for x in t["incidents"])))
        out.append(("themes", str(i), "fix_never_done", t["fix_never_done"]))
    return out


def to_csv(data: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("section", "group", "metric", "value"))
    for r in rows(data):
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def _context(data: dict[str, Any], html: bool) -> dict[str, Any]:
    ctx = {"r": data, "defs": DEFINITIONS, "figures": FIGURE_NAMES, "audience": data["audience"]}
    if html:
        from markupsafe import Markup

        from commsgen.kb.charts import review_charts

        ctx["charts"] = [{"svg": Markup(c["svg"]), "caption": c["caption"]} for c in review_charts(data)]
    return ctx


def to_md(data: dict[str, Any], templates=None) -> str:
    from commsgen.render import engine
    from commsgen.render.markdown import tidy

    return tidy(engine.render("review.md.j2", _context(data, False), templates))


def to_html(data: dict[str, Any], templates=None, *, for_print: bool = False) -> str:
    from markupsafe import Markup

    from commsgen.render import engine
    from commsgen.resources import builtin_templates

    ctx = _context(data, True)
    css = (
        (templates / "review.css")
        if templates and (templates / "review.css").is_file()
        else builtin_templates() / "review.css"
    )
    ctx["inline_css"] = None if for_print else Markup(css.read_text(encoding="utf-8"))
    return engine.render("review.html.j2", ctx, templates)
