"""Layout of the executive brief (HTML and PDF), computed from the executive view only.

Page one holds, in this order: the status strip, the headline, for a security or data-loss
event the data at risk and the disclosure state, the executive summary, the figure tiles, the
cause in one line, a boxed "Decisions needed" and the top actions (overdue first). Each part
has a budget (sentences, items, characters) so that page one fits one A4 or Letter page;
whatever is cut is given in full in the Appendix, never dropped. ``commsgen.export.pdf`` checks
the laid-out pages and tightens or joins pages when a budget was not enough (see there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress, islice, repeat
from operator import methodcaller, not_, or_, sub
from typing import Any

from commsgen.views.figures import compact, money, percent, regions_value
from commsgen.views.timeline_graphic import timeline_graphic

# a sentence ends at . ! or ? (optionally closed by a quote or bracket) followed by white space
# and a capital, a digit or an opening quote; a blank line ends one too
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘(])|\n[ \t]*\n")
_ABBREVIATIONS = {
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "approx.",
    "incl.",
    "no.",
    "mr.",
    "ms.",
    "dr.",
    "inc.",
    "ltd.",
    "co.",
    "corp.",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
    "u.s.",
    "u.k.",
    "e.u.",
}
_BLOCK = re.compile(r"(?m)^\s{0,3}([-*+]\s|\d+[.)]\s|#|>|```|~~~|\|)")
# the same after a newline: a literal first character, which the engine finds at C speed (``^`` is
# tried at every position of a megabyte line)
_BLOCK_AFTER_NL = re.compile(r"\n\s{0,3}([-*+]\s|\d+[.)]\s|#|>|```|~~~|\|)")


def _has_block(text: str) -> bool:
    """``_BLOCK.search(text) is not None``: ``^`` with MULTILINE matches at the start and after each
    newline."""
    return _BLOCK.match(text) is not None or _BLOCK_AFTER_NL.search(text) is not None


SUMMARY_CHARS = 700  # page one's summary: whole sentences up to about this many characters
CAUSE_CHARS = 92  # the cause fits one line of page one (A4 or Letter) up to this length
ASKS_ON_PAGE_ONE = 4
ASK_CHARS = 220
ACTION_CHARS = 130
MAX_TILES = 6
SEVERITY_WORDS = {"SEV1": "Critical", "SEV2": "Major", "SEV3": "Moderate", "SEV4": "Minor", "SEV5": "Low"}
# the timeline bar's colour; keep in step with the .sevN colours in executive.css
SEVERITY_COLOURS = {"SEV1": "#b42318", "SEV2": "#c4410c", "SEV3": "#b07206", "SEV4": "#2f6690", "SEV5": "#667085"}
TYPE_WORDS = {"prevent": "Prevent", "mitigate": "Mitigate", "detect": "Detect", "process": "Process"}


def split_lead(text: str | None, sentences: int = 2, max_chars: int | None = None) -> tuple[str, str]:
    """(the first ``sentences`` sentences, the rest) of a plain-text paragraph. With ``max_chars``:
    as many whole sentences as fit in that many characters (at least one), whatever their number.

    Text with Markdown block structure (lists, headings, quotes, code, tables) is never cut:
    it is all lead."""
    if not text or not text.strip():
        return "", ""
    text = text.strip()
    if max_chars is not None and len(text) <= max_chars:
        return text, ""
    if _has_block(text):
        return text, ""
    found, last_end = 0, None
    for m in _sentence_ends(text):
        found += 1
        if max_chars is not None:
            if m.start() > max_chars and last_end is not None:
                break
            last_end = m
            continue
        if found == sentences:
            lead, rest = text[: m.start()].strip(), text[m.end() :].strip()
            return (lead, rest) if rest else (text, "")
    if max_chars is not None and last_end is not None:
        lead, rest = text[: last_end.start()].strip(), text[last_end.end() :].strip()
        return (lead, rest) if rest else (text, "")
    return text, ""


_WORD_BACK = re.compile(r"\s*(\S*)")  # on the reversed text: the word before a position


_INITIALS = re.compile(r"(?:[a-z]\.)+")
_START, _GROUP_1 = methodcaller("start"), methodcaller("group", 1)


class _Boundaries:
    """The matches of ``_BOUNDARY`` in one text that end a sentence: those after a word that is no
    abbreviation (``e.g.``) or initials (``J.``, ``a.m.``; the word is ``text[:start]``'s last
    whitespace-separated one). Found as far as a caller reads, and kept for the next caller
    (``brief_context`` asks for the same summary with several budgets).

    The word is read backwards from the boundary on the reversed text (a slice of everything before
    each boundary made a text of many sentences quadratic: 27 s for a megabyte of ``D. ``), for a
    chunk of boundaries at once (``__iter__``)."""

    def __init__(self, text: str):
        self.text = text
        self._iter = _BOUNDARY.finditer(text)
        self._found: list[re.Match[str]] = []
        self._rev: str | None = None
        self._done = False

    def __iter__(self) -> Iterator[re.Match[str]]:
        i = 0
        chunk = 16  # boundaries told at once, doubling: a long run of initials costs C-speed passes
        while True:
            while i == len(self._found):
                ms = [] if self._done else list(islice(self._iter, chunk))
                if not ms:
                    self._done = True
                    return
                chunk = min(2 * chunk, 65_536)
                if self._rev is None:
                    self._rev = self.text[::-1]
                # the word before each boundary, read backwards on the reversed text
                size = len(self.text)
                backs = map(_WORD_BACK.match, repeat(self._rev), map(sub, repeat(size), map(_START, ms)))
                words = [w[::-1].lower().lstrip("(\"'“‘[") for w in map(_GROUP_1, backs)]
                abbreviated = map(
                    or_, map(_ABBREVIATIONS.__contains__, words), map(bool, map(_INITIALS.fullmatch, words))
                )
                self._found += compress(ms, map(not_, abbreviated))  # e.g. "J." "a.m." end no sentence
            yield self._found[i]
            i += 1


_LAST_BOUNDARIES: list[_Boundaries] = []


def _sentence_ends(text: str) -> _Boundaries:
    """``_Boundaries`` of ``text``, kept for the last text asked."""
    if _LAST_BOUNDARIES and _LAST_BOUNDARIES[0].text == text:
        return _LAST_BOUNDARIES[0]
    b = _Boundaries(text)
    _LAST_BOUNDARIES[:] = [b]
    return b


def clip(text: str | None, limit: int) -> tuple[str, bool]:
    """``text`` cut at a word boundary to at most ``limit`` characters (with an ellipsis), and
    whether it was cut."""
    if not text:
        return "", False
    one = " ".join(text.split())
    if len(one) <= limit:
        return one, False
    cut = one[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…", True


def tiles(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(tiles drawn on page one, figures left for the Appendix). Unknown figures are not drawn."""
    i = data["impact"]
    out: list[dict[str, Any]] = []

    def tile(key: str, value: str, caption: str, alert: bool = False) -> None:
        out.append(
            {"key": key, "value": value, "caption": caption, "alert": alert, "label": caption[:1].upper() + caption[1:]}
        )

    if data.get("customer_impact"):
        tile(
            "customer_impact",
            data["customer_impact"],
            "customer impact" if data.get("customer_impact_ends") else "impact so far",
        )
    elif data.get("state") == "ongoing":
        tile("customer_impact", "Ongoing", "customer impact", alert=True)
    if data.get("full_resolution") and data["full_resolution"] != data.get("customer_impact"):
        tile("full_resolution", data["full_resolution"], "to full resolution")
    if i.get("data_loss"):
        tile("data_loss", "Yes", "data lost", alert=True)
    if i.get("users_affected") is not None:
        tile("users_affected", compact(i["users_affected"]), "users affected")
    if i.get("users_affected_percent") is not None:
        tile("users_affected_percent", percent(i["users_affected_percent"]), "of users")
    if i.get("revenue_usd") is not None:
        tile("revenue_usd", money(i["revenue_usd"]), "revenue impact")
    if i.get("slo_breached") is not None:  # absent means unknown: never drawn as "No"
        tile("slo_breached", "Yes" if i["slo_breached"] else "No", "SLO missed", alert=bool(i["slo_breached"]))
    if i.get("support_tickets") is not None:
        tile("support_tickets", compact(i["support_tickets"]), "support tickets")
    if i.get("regions"):
        value, caption = regions_value(i["regions"])
        tile("regions", value, caption)
    return out[:MAX_TILES], out[MAX_TILES:]


def tile_font_pt(tiles_shown: list[dict[str, Any]]) -> float:
    """The tiles' value size (pt): the largest that lets the longest value fit its tile on one line
    (tiles share the text width of the narrower paper, Letter, 178 mm less padding; DejaVu Sans
    Bold averages under 0.66 em), between 9 and 14 pt."""
    if not tiles_shown:
        return 14.0
    width_mm = 178.0 / len(tiles_shown) - 6.5
    longest = max(len(t["value"]) for t in tiles_shown)
    return round(max(9.0, min(14.0, width_mm * 2.835 / (longest * 0.66))), 1)


def security_lead(data: dict[str, Any]) -> dict[str, Any] | None:
    """What a security or data-loss brief leads with: the data at risk and the disclosure state."""
    sec = data.get("security")
    if data.get("event_type") not in ("security", "data-loss") and not (sec and sec.get("data_at_risk")):
        return None
    disclosure = (sec or {}).get("disclosure")
    if disclosure is None:
        state = "not decided" if data.get("event_type") == "security" else None
    else:
        words = {"pending": "pending", "approved": "approved", "not-required": "not required"}
        state = words[disclosure["decision"]]
        if disclosure.get("notified"):
            state += "; notified: " + ", ".join(n.replace("-", " ") for n in disclosure["notified"])
    risk = (sec or {}).get("data_at_risk")
    if risk is None and data.get("impact", {}).get("data_loss"):
        risk = "Data was lost (see the Appendix)."
    if risk is None and state is None:
        return None
    return {"data_at_risk": risk, "disclosure": state}


PAGE_LINES = 56  # body lines page one holds on Letter (the shorter paper), calibrated on the samples


def _lines(text: str, per_line: int) -> int:
    return max(1, -(-len(text) // per_line)) if text else 0


def page_one_lines(data: dict[str, Any], summary: str, asks: list[str], actions: list[str]) -> float:
    """A conservative estimate of page one's height, in body lines (the PDF step checks the real
    layout; this keeps a second layout rare)."""
    risk = security_lead(data)
    lines = 5.0 + 1.8 * _lines(data.get("title") or "", 55)  # masthead, strip, headline, facts
    if risk:
        lines += 1.5 + _lines(risk.get("data_at_risk") or "", 92) + 1
    lines += 2.5 + 1.1 * _lines(summary, 92) + 1  # summary (and "continues")
    lines += 7 + 3  # tiles, cause
    lines += 4 + sum(_lines(a, 100) for a in asks) + 1  # decisions box
    lines += 4 + sum(1.1 * _lines(t, 50) for t in actions) + 1.5  # actions table, link
    return lines


def brief_context(data: dict[str, Any]) -> dict[str, Any]:
    """Extras the executive HTML/PDF template receives next to the view's own data."""
    asks = data.get("asks") or []
    titles = [a["title"] for a in data.get("top_actions") or []]
    summary_chars, n_asks, n_actions = SUMMARY_CHARS, ASKS_ON_PAGE_ONE, len(titles)
    while True:  # shorten page one until its estimate fits: summary, then asks, then actions
        lead, more = split_lead(data.get("summary"), max_chars=summary_chars)
        est = page_one_lines(
            data,
            lead,
            [clip(a, ASK_CHARS)[0] for a in asks[:n_asks]],
            [clip(t, ACTION_CHARS)[0] for t in titles[:n_actions]],
        )
        if est <= PAGE_LINES:
            break
        if summary_chars > 300:
            summary_chars -= 100
        elif n_asks > 2:
            n_asks -= 1
        elif n_actions > 3:
            n_actions -= 1
        else:
            break
    shown, extra_tiles = tiles(data)
    cause, cause_cut = clip(data.get("root_cause"), CAUSE_CHARS)
    page_asks = [clip(a, ASK_CHARS) for a in asks[:n_asks]]
    actions = [dict(a, short=clip(a["title"], ACTION_CHARS)[0]) for a in (data.get("top_actions") or [])[:n_actions]]
    services = data.get("services") or []
    return {
        "services_line": ", ".join(clip(n, 40)[0] for n in services[:3])
        + (f" and {len(services) - 3} more" if len(services) > 3 else ""),
        "services_in_full": len(services) > 3 or any(len(n) > 40 for n in services[:3]),
        "severity_word": SEVERITY_WORDS[data["severity"]],
        "severity_colour": SEVERITY_COLOURS[data["severity"]],
        "type_words": TYPE_WORDS,
        "lead": lead,
        "more": more,
        "tiles": shown,
        "tile_pt": tile_font_pt(shown),
        # the regions are counted (not named) on a tile: the Appendix names them
        "tiles_regions_counted": any(t["key"] == "regions" and t["value"].isdigit() for t in shown + extra_tiles),
        "more_figures": extra_tiles,
        "cause_line": cause,
        "cause_in_full": cause_cut,
        "asks_page_one": [a for a, _ in page_asks],
        "asks_in_full": len(asks) > n_asks or any(cut for _, cut in page_asks),
        "page_actions": actions,
        "actions_in_full": any(a["short"] != " ".join(a["title"].split()) for a in actions),
        "security_lead": security_lead(data),
        "timeline_graphic": timeline_graphic(data.get("times") or [], state=data.get("state", "resolved")),
    }
