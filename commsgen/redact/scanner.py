"""The scan: one RE2 prefilter pass over the whole text finds candidate lines; precise Python rules
run only on those lines (on their normalised copy), and spans are mapped back to the original.

RE2 runs in linear time with no backtracking; every Python pattern is anchored at token
boundaries and uses possessive quantifiers, and only sees candidate lines, so adversarial input
(a megabyte of ``a``, digits, dots, ``=`` or ``@``) stays linear.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import re2

from commsgen.redact import parallel
from commsgen.redact import rules as R
from commsgen.redact.context import ScanContext
from commsgen.redact.lazyre import lazy
from commsgen.redact.locate import matches
from commsgen.redact.normalize import fold, map_span, normalise, normalise_map


@dataclass(frozen=True)
class Match:
    rule: str
    kind: str
    start: int           # offsets into the ORIGINAL text, [start, end)
    end: int
    text: str            # the matched original text
    mask_start: int | None = None   # the part to mask (an assignment's value); default the whole match
    mask_end: int | None = None

    @property
    def mask_span(self) -> tuple[int, int]:
        return (self.start if self.mask_start is None else self.mask_start,
                self.end if self.mask_end is None else self.mask_end)


# a kind shadowed by an overlapping accepted match of these kinds (one finding per thing)
_SHADOWED_BY = {
    "phone": {"payment-card", "secret", "internal-ip", "phone"},
    "email": {"secret", "email"},
    "internal-host": {"internal-url", "secret", "internal-host"},
    "internal-url": {"secret", "internal-url"},
    "payment-card": {"secret", "payment-card"},
    "internal-ip": {"secret", "internal-ip"},
}
_VULN, _CTX = object(), object()   # trigger handlers besides rules: the vulnerability and context detectors
_PEM_END = lazy(r"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----")


@dataclass(frozen=True)
class _Dyn:
    """A rule built from the scan context (people, services, deny terms)."""
    id: str
    kind: str
    regex: re.Pattern
    order: int


class Engine:
    def __init__(self, ctx: ScanContext):
        self.ctx = ctx
        prefilters = dict(R.PREFILTERS)
        self.order = {r.id: i for i, r in enumerate(R.RULES)}
        base = len(R.RULES)
        self.order["vuln.exploit-detail"] = base
        self.order["vuln.payload"] = base + 1

        # hosts the context declares internal: add them to the host family's prefilter
        hosts = [h for h in (*ctx.internal_domains, *ctx.link_hosts) if h]
        if hosts:
            prefilters["host"] += "|(?i:" + "|".join(re2.escape(h) for h in hosts) + ")"
        # context rules
        dyn: list[_Dyn] = []
        lits: list[str] = []
        self.slow_deny: list[re.Pattern] = []

        def words(term: str) -> tuple[str, str]:
            t = fold(term.strip())
            parts = [p for p in re.split(r"\s+", t) if p]
            py = r"\s+".join(re.escape(p) for p in parts)
            r2 = r"\s+".join(re2.escape(p) for p in parts)
            lb = r"(?<![\w])" if re.match(r"\w", t) else ""
            la = r"(?![\w])" if re.search(r"\w$", t) else ""
            return lb + py + la, r2

        def add(rule_id: str, kind: str, terms, *, prefix: str = "", min_len: int = 2):
            pys = []
            for term in terms:
                if not term or len(term.strip()) < min_len:
                    continue
                py, r2 = words(term)
                pys.append(py)
                lits.append(r2)
            if pys:
                dyn.append(_Dyn(rule_id, kind, re.compile(prefix + "(?:" + "|".join(pys) + ")", re.I),
                                base + 2 + len(dyn)))

        add("people.name", "person", self.ctx.people_names, min_len=3)
        if ctx.people_handles:
            hs = [h for h in ctx.people_handles if len(h) >= 3]
            if hs:
                py = "|".join(re.escape(fold(h)) for h in hs)
                dyn.append(_Dyn("people.handle", "person",
                                re.compile(r"(?<![\w.@-])@?(?:" + py + r")(?![\w-])", re.I), base + 2 + len(dyn)))
                lits += [re2.escape(fold(h)) for h in hs]
        add("service.internal-id", "service", ctx.service_ids, min_len=3)
        deny_strs = [d for d in ctx.deny_terms if isinstance(d, str)]
        add("deny.term", "deny", deny_strs, min_len=1)
        for d in ctx.deny_terms:
            if isinstance(d, re.Pattern):
                try:
                    re2.compile(d.pattern)
                except re2.error:
                    self.slow_deny.append(d)
                    continue
                lits.append(d.pattern)
                dyn.append(_Dyn("deny.term", "deny", d, base + 2 + len(dyn)))
        if ctx.people_emails:
            lits += [re2.escape(e) for e in ctx.people_emails]
        self.dyn = dyn
        for d in dyn:
            self.order.setdefault(d.id, d.order)

        # every distinct trigger, and what runs when it matches a line: rules, or the vuln/ctx detectors
        handlers: dict[str, list] = {}
        for order, rule in enumerate(R.RULES):
            handlers.setdefault(rule.trigger or prefilters[rule.family], []).append((order, rule))
        handlers.setdefault(prefilters["vuln"], []).append(_VULN)
        if lits:
            handlers.setdefault("(?i:" + "|".join(lits) + ")", []).append(_CTX)
        self.handlers = list(handlers.values())
        opts = re2.Options()
        opts.max_mem = 64 << 20
        opts.never_capture = True
        # the whole-text pass: every trigger, and any non-ASCII character (such a line is normalised
        # first, and the set decides on its normalised copy)
        self.rx = re2.compile("|".join(f"(?:{p})" for p in (*handlers, "[^\\x00-\\x7f]")), opts)._regexp
        self.set = re2.Set.SearchSet(opts)
        for p in handlers:
            self.set.Add(p)
        self.set.Compile()

    def candidate_lines(self, data: bytes) -> list[int]:
        """Byte offsets of the starts of lines where some trigger matches, or that hold a non-ASCII
        character (increasing)."""
        n = len(data)
        anchor = re2._Anchor.UNANCHORED
        match, find, rfind = self.rx.Match, data.find, data.rfind
        starts: list[int] = []
        pos = 0
        while pos < n:
            s = match(anchor, data, pos, n)[0][0]
            if s < 0:
                break
            starts.append(rfind(b"\n", 0, s) + 1)
            le = find(b"\n", s)
            pos = n if le < 0 else le + 1
        return starts

    # ------------------------------------------------------------------ one line
    def scan_line(self, line: str, base: int = 0, raw: bytes | None = None) -> list[Match]:
        """Matches in one line, with offsets into the text the line starts at ``base`` of. ``raw`` is
        the line's UTF-8 when the caller has it and it is ASCII."""
        idx = None
        plain = raw is not None or line.isascii()
        if plain:
            norm = line
            hit = self.set.Match(raw if raw is not None else line.encode("ascii"))
        else:
            norm = normalise(line)
            hit = self.set.Match(norm.encode("utf-8"))
        if not hit:
            return []
        found: list[tuple[int, str, str, int, int, int | None, int | None]] = []
        for fi in hit:
            for h in self.handlers[fi]:
                if h is _CTX:
                    for d in self.dyn:
                        for m in d.regex.finditer(norm):
                            if m.end() > m.start():
                                found.append((d.order, d.id, d.kind, m.start(), m.end(), None, None))
                elif h is _VULN:
                    for m in matches(R.VULN_DETAIL, R.vuln_detail_locate, norm):
                        found.append((self.order["vuln.exploit-detail"], "vuln.exploit-detail", "vulnerability",
                                      m.start(), m.end(), None, None))
                    for m in matches(R.VULN_PAYLOAD, R.vuln_payload_locate, norm):
                        found.append((self.order["vuln.payload"], "vuln.payload", "vulnerability",
                                      m.start(), m.end(), None, None))
                else:
                    _apply(h[1], h[0], norm, self.ctx, found)
        if not found:
            return []
        if not plain:
            idx = normalise_map(line)[1]
        out = []
        for order, rid, kind, s, e, ms, me in _resolve(found):
            s, e = map_span(idx, s, e)
            if ms is not None:
                ms, me = map_span(idx, ms, me)
                ms, me = ms + base, me + base
            out.append(Match(rid, kind, s + base, e + base, line[s:e], ms, me))
        return out

    # ------------------------------------------------------------------ whole text
    def scan_lines(self, text: str) -> list[Match]:
        """The line-local matches of ``text`` (every rule is line-local), in line order."""
        data = text.encode("utf-8")
        n = len(data)
        out: list[Match] = []
        extra = 0    # UTF-8 bytes beyond one per character before the current line (every
        #              non-ASCII line is a candidate, so the lines in between are ASCII)
        for ls in self.candidate_lines(data):
            le = data.find(b"\n", ls)
            if le < 0:
                le = n
            raw = data[ls:le]
            start = ls - extra
            if raw.isascii():
                out += self.scan_line(text[start:start + len(raw)], start, raw)
            else:
                line = raw.decode("utf-8")
                extra += len(raw) - len(line)
                out += self.scan_line(line, start)
        return out

    def scan(self, text: str) -> list[Match]:
        if not text:
            return []
        out = parallel.map_lines(self.scan_lines, text, _to_tuple, _from_tuple)
        for d in self.slow_deny:
            for m in d.finditer(text):
                if m.end() > m.start():
                    out.append(Match("deny.term", "deny", m.start(), m.end(), m.group(0)))
        out = [_extend_pem(text, m) if m.rule == "secret.private-key" else m for m in out]
        out.sort(key=lambda m: (m.start, m.end, m.rule))
        return out


def _to_tuple(m: Match) -> tuple:
    return (m.rule, m.kind, m.start, m.end, m.text, m.mask_start, m.mask_end)


def _from_tuple(t: tuple, off: int) -> Match:
    rule, kind, s, e, text, ms, me = t
    return Match(rule, kind, s + off, e + off, text, None if ms is None else ms + off, None if me is None else me + off)


def _apply(rule: R.Rule, order: int, norm: str, ctx: ScanContext, found: list) -> None:
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
            s, e = span
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
            while e > s and norm[e - 1] in ".,;:)]}" and (me is None or me == e):
                e -= 1
                if me is not None:
                    me -= 1
        found.append((order, rid, kind, s, e, ms, me))


def _extend_pem(text: str, m: Match) -> Match:
    """A PEM key runs to its END line (within 16 kB)."""
    end = _PEM_END.search(text, m.end, min(len(text), m.end + 16384))
    if end is None:
        return m
    return Match(m.rule, m.kind, m.start, end.end(), text[m.start:end.end()], m.mask_start, None)


def _resolve(found):
    """One finding per thing: by rule priority, drop matches that overlap an accepted match of the
    same kind (or of a kind that shadows it). Accepted matches of one kind never overlap, so each
    kind keeps a sorted interval list and an overlap test is a binary search."""
    found.sort(key=lambda f: (f[0], f[3], -(f[4] - f[3])))
    starts: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    accepted: list = []
    for f in found:
        kind, s, e = f[2], f[3], f[4]
        clash = False
        for k in _SHADOWED_BY.get(kind, (kind,)):
            ks = starts.get(k)
            if not ks:
                continue
            i = bisect.bisect_left(ks, e)          # intervals starting before our end
            if i and ends[k][i - 1] > s:
                clash = True
                break
        if clash:
            continue
        ks, ke = starts.setdefault(kind, []), ends.setdefault(kind, [])
        i = bisect.bisect_left(ks, s)
        ks.insert(i, s)
        ke.insert(i, e)
        accepted.append(f)
    accepted.sort(key=lambda f: (f[3], f[4]))
    return accepted


_ENGINES: dict = {}


def engine_for(ctx: ScanContext) -> Engine:
    key = ctx.key()
    eng = _ENGINES.get(key)
    if eng is None:
        if len(_ENGINES) > 32:
            _ENGINES.clear()
        eng = _ENGINES[key] = Engine(ctx)
    else:
        eng.ctx = ctx
    return eng


def scan(text: str, ctx: ScanContext | None = None) -> list[Match]:
    """Every sensitive item in ``text``; offsets are into ``text`` itself."""
    return engine_for(ctx or ScanContext()).scan(text)
