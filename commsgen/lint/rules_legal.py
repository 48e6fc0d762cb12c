"""Promises and blame in public text: ``legal.promise`` (an absolute promise: guarantee, never
again, 100% uptime) and ``legal.vendor-blame`` (a supplier named as the culprit, or fault denied).
Both read rendered customer and status text. The phrase lists are tables (pattern, suggestion)
in Python's ``re``: a few short alternations over a text of a few kilobytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterator

from commsgen.lint.context import LintContext
from commsgen.lint.prefilter import folded, prefilter
from commsgen.lint.rules_text import Issue, _excerpt
from commsgen.lint.text import Doc
from commsgen.redact.lazyre import lazy

_NEVER = (
    "say what you changed and how it lowers the risk (\"we added a check that stops this kind of "
    "change\"); nobody can promise that a failure never happens again"
)
_GUARANTEE = (
    "describe the commitment you can keep (\"we are adding ...\", \"our SLA gives service credits\") "
    "instead of a guarantee legal has not approved"
)
_HUNDRED = "state the target you publish (for example the uptime in your SLA), not 100%"

# (pattern, suggestion); case-insensitive, whole words
PROMISES: tuple[tuple[str, str], ...] = (
    (r"(?<!not )(?<!n't )(?<!no )(?<!cannot )guarantee(?:s|d|ing)?\b", _GUARANTEE),
    (r"\bnever (?:ever )?(?:again|happen(?:s)? again|occur(?:s)? again|recur)\b", _NEVER),
    (
        r"\b(?:will|would|can|could|shall)\s*(?:not|never|n['’]t)\s+(?:ever\s+)?(?:happen|occur|recur|be repeated)"
        r"(?:\s+\w+){0,2}?\s+again\b",
        _NEVER,
    ),
    (r"\b(?:won['’]t|can['’]t|cannot)\s+(?:ever\s+)?(?:happen|occur|recur)(?:\s+\w+){0,2}?\s+again\b", _NEVER),
    (r"\b(?:will|can)\s+never\s+(?:happen|occur|recur|fail|go down|be (?:down|affected|interrupted|lost))\b", _NEVER),
    (
        r"\b(?:ensure|make sure|promise)\s+(?:that\s+)?(?:this|it|nothing like this|such (?:an? )?\w+)\s+"
        r"(?:will\s+)?never\b",
        _NEVER,
    ),
    (
        r"\b100\s?(?:%|percent|per cent)\s+(?:\w+\s+)?(?:uptime|availab\w*|reliab\w*|secure|security|safe|"
        r"protected|guaranteed|of the time)\b",
        _HUNDRED,
    ),
    (r"\b(?:zero|no)\s+(?:more\s+)?downtime\s+(?:ever|again|from now on)\b", _NEVER),
    (r"\bnothing like (?:this|it|that)\s+(?:will|can|could|would)\s+(?:ever\s+)?(?:happen|occur)\s+again\b", _NEVER),
    (r"\bpermanently\s+(?:fixed|solved|resolved|eliminated|prevented)\b", _NEVER),
    (r"\b(?:completely|fully|entirely)\s+eliminat\w*\s+(?:the\s+|any\s+|all\s+)?(?:risk|chance|possibility)\b", _NEVER),
    (r"\balways\s+be\s+(?:available|online|up|secure|safe)\b", _HUNDRED),
)
# a word each pattern of PROMISES cannot match without (lower-case): a pattern runs only over a text
# that holds its word (a hostile megabyte of markup holds none, and a dozen patterns cost seconds on it)
PROMISE_WORDS = (
    "guarantee",
    "never",
    "again",
    "again",
    "never",
    "never",
    "100",
    "downtime",
    "again",
    "permanently",
    "eliminat",
    "always",
)
# compiled on first use, as the other phrase tables here: customer and executive texts only
_PROMISE_RX = tuple((lazy(p, re.I), s, w) for (p, s), w in zip(PROMISES, PROMISE_WORDS, strict=True))
__all__ = ["folded"]  # re-exported: ``folded`` lives in commsgen.lint.prefilter


def legal_promise(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    low = folded(doc)
    words = [w in low for _, _, w in _PROMISE_RX]
    hits = []
    if any(words):
        pre = prefilter(tuple(rx for rx, _, _ in _PROMISE_RX))
        may = pre.may_match(doc)
        for i, (_, s, _) in enumerate(_PROMISE_RX):
            if words[i] and may[i]:
                hits += [(m.start(), m.end(), s) for m in pre.finditer(i, doc)]
    hits.sort(key=lambda h: (h[0], -h[1]))
    last = -1
    for start, end, suggestion in hits:
        if start < last:
            continue  # one finding per phrase
        last = end
        said = doc.text[start:end]
        yield Issue(
            f"\"{said}\" is an absolute promise; customers and lawyers read it as a commitment",
            start,
            end,
            suggestion,
            _excerpt(doc, start, end),
        )


_VENDOR_SUGGESTION = (
    "own the impact: say what failed for customers and what you are changing (\"a service we "
    "rely on failed, and our systems did not switch away from it\"); name or fault a supplier "
    "only with legal's approval"
)
# denying fault, whoever is named
DENIALS = (
    r"\b(?:was|is|were|are|wasn['’]t|isn['’]t)\s+(?:not\s+)?(?:our|my)\s+fault\b",
    r"\bnot\s+our\s+(?:fault|doing|responsibility|mistake)\b",
    r"\bno\s+fault\s+of\s+(?:our|ours|our own)\b",
    r"\b(?:out of|beyond|outside(?: of)?)\s+our\s+control\b",
    r"\b(?:the\s+)?(?:fault|blame|responsibility)\s+(?:lies|lay|rests|rested|is|was)\s+with\b",
    r"\b(?:our|a|the|one of our)\s+(?:third[- ]party\s+)?(?:vendor|supplier|provider|partner|contractor)s?['’]?s?\s+"
    r"(?:\w+\s+){0,3}?(?:was|were|is)\s+(?:to blame|at fault|responsible|buggy|faulty|broken)\b",
    r"\bblame[sd]?\s+(?:on\s+)?(?:our|the|a)\s+(?:third[- ]party\s+)?(?:vendor|supplier|provider|partner)s?\b",
)
_DENIAL_RX = lazy("|".join(f"(?:{p})" for p in DENIALS), re.I)
_FAULT = (
    r"(?:bug|bugs|buggy|fault|faulty|at fault|to blame|defect\w*|broke|broken|mistake|error|errors|"
    r"failed|failure|failures|outage|caused|responsible)"
)


@lru_cache(maxsize=16)
def _vendor_rx(vendors: tuple[str, ...], company: str) -> re.Pattern[str] | None:
    names = sorted(
        {v.strip() for v in vendors if v.strip() and v.strip().lower() != company.strip().lower()},
        key=len,
        reverse=True,
    )
    if not names:
        return None
    alt = "|".join(re.escape(n) for n in names)
    # a supplier by name next to a fault word (either order, a few words apart, one sentence)
    return re.compile(
        rf"(?<![\w@.])(?-i:{alt})(?:['’]s)?(?![\w@])[^.!?\n]{{0,60}}?\b{_FAULT}\b"
        rf"|\b(?:caused by|due to|because of|blame[sd]?(?: on)?|fault of|thanks to)\s+(?:a\s+|an\s+|the\s+)?"
        rf"(?:\w+\s+){{0,2}}?(?-i:{alt})(?![\w@])",
        re.I,
    )


def legal_vendor_blame(doc: Doc, ctx: LintContext) -> Iterator[Issue]:
    rx = _vendor_rx(ctx.vendors, ctx.company)
    pre = prefilter((_DENIAL_RX,) if rx is None else (_DENIAL_RX, rx))
    may = pre.may_match(doc)  # RE2: whether a denial, or a supplier's name near a fault word, is there at all
    spans = [(m.start(), m.end(), "denies fault") for m in pre.finditer(0, doc, may[0])]
    if rx is not None:
        spans += [(m.start(), m.end(), "blames a supplier by name") for m in pre.finditer(1, doc, may[1])]
    last = -1
    for start, end, what in sorted(spans, key=lambda h: (h[0], -h[1])):
        if start < last:
            continue
        last = end
        yield Issue(
            f"\"{_excerpt(doc, start, end, 60)}\" {what} in public text; customers hold us "
            "responsible for the service they bought",
            start,
            end,
            _VENDOR_SUGGESTION,
            _excerpt(doc, start, end),
        )
