"""Layout extras for the executive brief (HTML and PDF), computed from the executive view only.

- ``lead``/``more``: page one says what happened in two sentences; the rest of the executive
  summary follows later in the brief, never dropped.
- ``timeline_graphic``: the geometry of the inline SVG timeline (see ``timeline_graphic``).
"""
from __future__ import annotations

import re
from typing import Any

from commsgen.views.timeline_graphic import timeline_graphic

# a sentence ends at . ! or ? (optionally closed by a quote or bracket) followed by white space
# and a capital, a digit or an opening quote; a blank line ends one too
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘(])|\n[ \t]*\n")
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "no.", "mr.", "ms.", "dr.",
                  "inc.", "ltd.", "co.", "corp.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
                  "aug.", "sep.", "sept.", "oct.", "nov.", "dec.", "u.s.", "u.k.", "e.u."}
_BLOCK = re.compile(r"(?m)^\s{0,3}([-*+]\s|\d+[.)]\s|#|>|```|~~~|\|)")


def split_lead(text: str | None, sentences: int = 2) -> tuple[str, str]:
    """(the first ``sentences`` sentences, the rest) of a plain-text paragraph.

    Text with Markdown block structure (lists, headings, quotes, code, tables) is never cut:
    it is all lead."""
    if not text or not text.strip():
        return "", ""
    text = text.strip()
    if _BLOCK.search(text):
        return text, ""
    found = 0
    for m in _BOUNDARY.finditer(text):
        before = text[:m.start()].rsplit(None, 1)
        word = before[-1].lower().lstrip("(\"'“‘[") if before else ""
        if word in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", word):   # e.g. "J." "a.m."
            continue
        found += 1
        if found == sentences:
            lead, rest = text[:m.start()].strip(), text[m.end():].strip()
            return (lead, rest) if rest else (text, "")
    return text, ""


def brief_context(data: dict[str, Any]) -> dict[str, Any]:
    """Extras the executive HTML/PDF template receives next to the view's own data."""
    lead, more = split_lead(data.get("summary"))
    return {
        "lead": lead,
        "more": more,
        "timeline_graphic": timeline_graphic(data.get("times") or [], state=data.get("state", "resolved")),
    }
