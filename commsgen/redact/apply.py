"""One table rule run over one (normalised) line: its pattern (at the positions its locator names),
its validator and refinement, the part to mask, and trailing punctuation dropped from an unquoted
value."""

from __future__ import annotations

from typing import Any

from commsgen.redact import rules as R
from commsgen.redact import values as VA
from commsgen.redact.context import ScanContext
from commsgen.redact.locate import matches


def apply_rule(rule: R.Rule, order: int, norm: str, ctx: ScanContext, found: list[Any]) -> None:
    """Run one rule over a (normalised) line; append (order, rule id, kind, start, end, mask start, mask end)."""
    for m in rule.regex.finditer(norm) if rule.locate is None else matches(rule.regex, rule.locate, norm):
        rid = rule.id
        kind = rule.kind
        if rule.validate is not None:
            ok = rule.validate(m, norm, ctx)
            if not ok:
                continue
            if isinstance(ok, str):
                rid = ok
                kind = getattr(ok, "kind", "") or kind
        if rule.refine is not None:
            span = rule.refine(m, norm, ctx)
            if span is None:
                continue
            s, e = span[0], span[1]
            if len(span) == 3:  # the refined part is reported under another rule id
                rid = span[2]
                kind = getattr(rid, "kind", "") or kind
        else:
            s, e = m.span(rule.group)
        ms = me = None
        mg = rule.mask_group
        if mg == "value":
            for g in ("v", "q", "q2"):
                if m.group(g) is not None:
                    ms, me = m.span(g)
                    break
        elif mg is not None:
            ms, me = m.span(mg)
        if rule.family == "assign" or rule.family == "connstr":
            # drop trailing sentence punctuation from an unquoted value
            while e > s and norm[e - 1] in VA.TRAIL and (me is None or me == e):
                e -= 1
                if me is not None:
                    me -= 1
        found.append((order, rid, kind, s, e, ms, me))
