"""The rule table's triggers, compiled once per process (nothing here depends on a postmortem): the
combined whole-text pattern that finds candidate lines, and the RE2 set that says which rules a
candidate line needs (``scanner.Engine``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import re2

from commsgen.adapters.re2set import Finder, options, set_matcher
from commsgen.redact import obfuscation
from commsgen.redact import rules as R
from commsgen.redact.prefilters import PREFILTERS, ROUTES

VULN = object()  # the handler of the vulnerability detectors (not table rules)

# the rules whose triggers are matched apart from the others, in the whole-text pass (a second RE2
# pass) and in the per-line set (a second set): with the others, the digit counters of the IPv4
# notations and the word lists of bare hosts multiply the states of the automata, which each process
# builds as the scan meets them. Measured, each in a fresh process on 10 MB: the whole-text pass
# 0.075 s (prose) and 0.143 s (dense) in one pass, 0.067 and 0.124 in two; the set over 3,000
# prose lines 18 us a line cold and 2.1 warm as one set, 6.6 and 2.3 as two
APART = frozenset({"infra.ipv4-notation", "infra.bare-hostname"})


def re2_options() -> re2.Options:
    return options(max_mem=64 << 20)


class Static:
    """The rule table's triggers, compiled once per process: the combined whole-text pattern and the
    RE2 set that says which handlers a line needs. Nothing here depends on a postmortem."""

    def __init__(self, kinds: frozenset[str] | None = None):
        self.order = {r.id: i for i, r in enumerate(R.RULES)}
        base = len(R.RULES)
        self.order["vuln.exploit-detail"] = base
        self.order["vuln.payload"] = base + 1
        handlers: dict[str, list[Any]] = {}
        for order, rule in enumerate(R.RULES):
            if kinds is None or rule.kind in kinds:
                handlers.setdefault(rule.trigger or PREFILTERS[rule.family], []).append((order, rule))
        if kinds is None or "vulnerability" in kinds:
            handlers.setdefault(PREFILTERS["vuln"], []).append(VULN)
        keys = list(handlers)
        self.handlers = list(handlers.values())
        # the handlers of the host family's trigger: they also run where a host the context
        # declares internal appears (the context part adds those hosts as triggers)
        self.host_index = keys.index(PREFILTERS["host"]) if PREFILTERS["host"] in handlers else None
        opts = re2_options()
        # the whole-text pass: every trigger, and any non-ASCII character (such a line is normalised
        # first, and the set decides on its normalised copy)
        # (and any percent-encoded byte: such a line is also scanned percent-decoded; and any
        # defanged notation: such a line is also scanned as a reader reads it, see rereading.py)
        apart = [i for i, hs in enumerate(self.handlers) if any(h is not VULN and h[1].id in APART for h in hs)]
        together = [k for i, k in enumerate(keys) if i not in apart]
        self.rx = Finder(
            "|".join(f"(?:{p})" for p in (*together, "[^\\x00-\\x7f]", "%[0-9A-Fa-f]{2}", obfuscation.TRIGGER)), opts
        )
        # the second pass (None when the table's part in use has no such rule)
        self.rx_apart = Finder("|".join(f"(?:{keys[i]})" for i in apart), opts) if apart else None
        routes = {PREFILTERS[f]: r for f, r in ROUTES.items()}
        self.set_match = _split_set([routes.get(p, p) for p in keys], apart, opts)


def _split_set(patterns: list[str], apart: list[int], opts: re2.Options) -> Callable[[bytes], list[int]]:
    """``set_matcher(patterns)``: the indexes of the patterns that match, from two RE2 sets, the
    patterns ``apart`` in one and the others in the other (increasing; one set when there is
    nothing to split, in its own order)."""
    if not apart or len(apart) == len(patterns):
        return set_matcher(patterns, opts)
    rest = [i for i in range(len(patterns)) if i not in apart]
    first = set_matcher([patterns[i] for i in rest], opts)
    second = set_matcher([patterns[i] for i in apart], opts)

    def match(data: bytes) -> list[int]:
        a = [rest[i] for i in first(data)]
        b = [apart[i] for i in second(data)]
        a += b
        a.sort()
        return a

    return match


_TABLES: dict[frozenset[str] | None, Static] = {}


def static(kinds: frozenset[str] | None = None) -> Static:
    st = _TABLES.get(kinds)
    if st is None:
        st = _TABLES[kinds] = Static(kinds)
    return st
