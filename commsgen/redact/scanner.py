"""The scan: one RE2 prefilter pass over the whole text finds candidate lines; precise Python rules
run only on those lines (on their normalised copy), and spans are mapped back to the original.

RE2 runs in linear time with no backtracking; every Python pattern is anchored at token
boundaries and uses possessive quantifiers, and only sees candidate lines, so adversarial input
(a megabyte of ``a``, digits, dots, ``=`` or ``@``) stays linear.
"""
from __future__ import annotations

import bisect
import re
from typing import NamedTuple

import re2

from commsgen.redact import parallel
from commsgen.redact import rules as R
from commsgen.redact.context import ScanContext
from commsgen.redact.lazyre import lazy
from commsgen.redact.locate import matches
from commsgen.redact.normalize import fold, map_span, normalise, normalise_map


class Match(NamedTuple):
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


class _Dyn:
    """A rule built from the scan context (people, services, deny terms). Its Python pattern is
    compiled on first use: most outputs never mention a person or a deny term, and compiling a
    pattern per postmortem is a large share of a batch run's time."""

    __slots__ = ("id", "kind", "order", "_source", "_regex")

    def __init__(self, id: str, kind: str, regex: str | re.Pattern, order: int):
        self.id, self.kind, self.order = id, kind, order
        self._source, self._regex = (None, regex) if isinstance(regex, re.Pattern) else (regex, None)

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = re.compile(self._source, re.I)
        return self._regex


def _re2_options():
    opts = re2.Options()
    opts.max_mem = 64 << 20
    opts.never_capture = True
    return opts


class _Static:
    """The rule table's triggers, compiled once per process: the combined whole-text pattern and the
    RE2 set that says which handlers a line needs. Nothing here depends on a postmortem."""

    def __init__(self, kinds: frozenset[str] | None = None):
        self.order = {r.id: i for i, r in enumerate(R.RULES)}
        base = len(R.RULES)
        self.order["vuln.exploit-detail"] = base
        self.order["vuln.payload"] = base + 1
        handlers: dict[str, list] = {}
        for order, rule in enumerate(R.RULES):
            if kinds is None or rule.kind in kinds:
                handlers.setdefault(rule.trigger or R.PREFILTERS[rule.family], []).append((order, rule))
        if kinds is None or "vulnerability" in kinds:
            handlers.setdefault(R.PREFILTERS["vuln"], []).append(_VULN)
        keys = list(handlers)
        self.handlers = list(handlers.values())
        # the handlers of the host family's trigger: they also run where a host the context
        # declares internal appears (the context part adds those hosts as triggers)
        self.host_index = keys.index(R.PREFILTERS["host"]) if R.PREFILTERS["host"] in handlers else None
        opts = _re2_options()
        # the whole-text pass: every trigger, and any non-ASCII character (such a line is normalised
        # first, and the set decides on its normalised copy)
        self.rx = re2.compile("|".join(f"(?:{p})" for p in (*keys, "[^\\x00-\\x7f]")), opts)._regexp
        self.set = re2.Set.SearchSet(opts)
        routes = {R.PREFILTERS[f]: r for f, r in R.ROUTES.items()}
        for p in keys:
            self.set.Add(routes.get(p, p))
        self.set.Compile()


_STATIC: dict = {}


def _static(kinds: frozenset[str] | None = None) -> _Static:
    st = _STATIC.get(kinds)
    if st is None:
        st = _STATIC[kinds] = _Static(kinds)
    return st


class Engine:
    """The static rule table plus what one scan context adds: people, internal service ids, deny
    terms and the hosts the file shows to be internal. Only that small context part is compiled per
    postmortem (batch runs scan thousands of files, each with its own people and hosts)."""

    def __init__(self, ctx: ScanContext, kinds: frozenset[str] | None = None):
        self.ctx = ctx
        self.extras = kinds is None    # the second pass (extras.py): full scans only
        st = _static(kinds)
        self.order = dict(st.order)
        self.handlers, self.rx, self.set, self.host_index = st.handlers, st.rx, st.set, st.host_index
        self._set_match = st.set._set.Match     # the indexes of the matching patterns (a list)
        base = len(R.RULES)

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
                dyn.append(_Dyn(rule_id, kind, prefix + "(?:" + "|".join(pys) + ")", base + 2 + len(dyn)))

        if kinds is not None:   # a partial scan (e.g. secrets only): no context rules beyond those kinds
            wanted = kinds
            ctx = ScanContext(
                internal_domains=ctx.internal_domains, link_hosts=ctx.link_hosts, public_domains=ctx.public_domains,
                company=ctx.company,
                people_names=ctx.people_names if "person" in wanted else (),
                people_handles=ctx.people_handles if "person" in wanted else (),
                people_emails=ctx.people_emails if "email" in wanted else (),
                service_ids=ctx.service_ids if "service" in wanted else (),
                deny_terms=ctx.deny_terms if "deny" in wanted else (),
                staff_email_domains=ctx.staff_email_domains, waivers=ctx.waivers, approved_cves=ctx.approved_cves)
            self.ctx = ctx
        add("people.name", "person", self.ctx.people_names, min_len=3)
        if ctx.people_handles:
            hs = [h for h in ctx.people_handles if len(h) >= 3]
            if hs:
                py = "|".join(re.escape(fold(h)) for h in hs)
                dyn.append(_Dyn("people.handle", "person", r"(?<![\w.@-])@?(?:" + py + r")(?![\w-])",
                                base + 2 + len(dyn)))
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
        # hosts the context declares internal: their lines run the host family's rules
        hosts = [h for h in (*ctx.internal_domains, *ctx.link_hosts, *ctx.public_domains) if h] \
            if self.host_index is not None else []
        self._host_src = "(?i:" + "|".join(re2.escape(h) for h in hosts) + ")" if hosts else None
        self._ctx_src = "(?i:" + "|".join(lits) + ")" if lits else None
        self._has_context = self._host_src is not None or self._ctx_src is not None
        # plain lower-case forms of every context term (and the regex deny terms), to skip compiling
        # the context patterns for an ASCII text that holds none of them
        plain = [t for t in (*ctx.people_names, *ctx.people_handles, *ctx.service_ids, *deny_strs,
                             *ctx.people_emails) if t]
        self._ctx_plain = [fold(t).lower().split()[0] for t in plain if t.strip()]
        self._ctx_regex = [d for d in ctx.deny_terms if isinstance(d, re.Pattern)]
        self._host_plain = [h.lower() for h in hosts]
        self._compiled: dict[str, object] = {}

    def _rx(self, src: str):
        rx = self._compiled.get(src)
        if rx is None:
            rx = self._compiled[src] = re2.compile(src, _re2_options())._regexp
        return rx

    def _context_patterns(self, data: bytes):
        """(host pattern, context-term pattern) for this text, each None when the text cannot hold
        one of the context's hosts or terms; compiled once per engine, on first need. Non-ASCII text
        is normalised line by line before matching, so only the patterns can tell: used there.
        Callers ask only when ``_has_context``."""
        ascii_text = data.isascii()
        low = data.lower() if ascii_text else b""

        def absent(terms, regexes=()) -> bool:
            if not ascii_text or not all(t.isascii() for t in terms):
                return False
            if any(t.encode() in low for t in terms):
                return False
            if regexes:
                text = data.decode("ascii")
                return not any(r.search(text) for r in regexes)
            return True

        host = None if self._host_src is None or absent(self._host_plain) else self._rx(self._host_src)
        ctx = None if self._ctx_src is None or absent(self._ctx_plain, self._ctx_regex) else self._rx(self._ctx_src)
        return host, ctx

    def candidate_lines(self, data: bytes, start: int = 0, end: int | None = None) -> list[int]:
        """Byte offsets of the starts of lines where some trigger matches, or that hold a non-ASCII
        character (increasing); only lines of ``data[start:end]`` (``start`` a line start)."""
        end = len(data) if end is None else end
        starts = _line_starts(self.rx, data, start, end)
        if not self._has_context:
            return starts
        for rx in self._context_patterns(data if start == 0 and end == len(data) else data[start:end]):
            if rx is not None:
                more = _line_starts(rx, data, start, end)
                if more:
                    starts = sorted(set(starts).union(more))
        return starts

    # ------------------------------------------------------------------ one line
    def scan_line(self, line: str, base: int = 0, raw: bytes | None = None) -> list[Match]:
        """Matches in one line, with offsets into the text the line starts at ``base`` of. ``raw`` is
        the line's UTF-8 when the caller has it and it is ASCII."""
        idx = None
        plain = raw is not None or line.isascii()
        if plain:
            norm = line
            data = raw if raw is not None else line.encode("ascii")
        else:
            norm = normalise(line)
            data = norm.encode("utf-8")
        hit = self._set_match(data)
        ctx_hit = False
        if self._has_context:
            host_rx, ctx_rx = self._context_patterns(data)
            if host_rx is not None and self.host_index not in hit and _found(host_rx, data):
                hit = [*hit, self.host_index]
            if ctx_rx is not None and _found(ctx_rx, data):
                ctx_hit = True
        if not hit and not ctx_hit:
            return []
        found: list[tuple[int, str, str, int, int, int | None, int | None]] = []
        if ctx_hit:
            for d in self.dyn:
                for m in d.regex.finditer(norm):
                    if m.end() > m.start():
                        found.append((d.order, d.id, d.kind, m.start(), m.end(), None, None))
        for fi in hit:
            for h in self.handlers[fi]:
                if h is _VULN:
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
        for order, rid, kind, s, e, ms, me in (_resolve(found) if len(found) > 1 else found):
            s, e = map_span(idx, s, e)
            if ms is not None:
                ms, me = map_span(idx, ms, me)
                ms, me = ms + base, me + base
            out.append(Match(rid, kind, s + base, e + base, line[s:e], ms, me))
        return out

    # ------------------------------------------------------------------ whole text
    def scan_lines(self, text: str, offset: int = 0) -> list[Match]:
        """The line-local matches of ``text`` (every rule is line-local), in line order; their offsets
        are into ``text``, plus ``offset`` (``text`` is a part of a larger text starting there)."""
        data = text.encode("utf-8")
        return self._scan_range(text, data, 0, len(text), offset, ascii_text=len(data) == len(text))

    def _scan_range(self, text: str, data: bytes, start: int, end: int, offset: int = 0, *,
                    ascii_text: bool = False) -> list[Match]:
        """The line-local matches of ``text[start:end]`` (``start`` a line start): ``data`` is
        ``text``'s UTF-8 when ``ascii_text`` (the range is ``data[start:end]``), else the range's
        own UTF-8. Offsets are into ``text``, plus ``offset``."""
        if ascii_text:
            base, n = start, end
        else:
            base, n = 0, len(data)
        out: list[Match] = []
        extra = 0    # UTF-8 bytes beyond one per character before the current line (every
        #              non-ASCII line is a candidate, so the lines in between are ASCII)
        find = data.find
        for ls in self.candidate_lines(data, base, n):
            le = find(b"\n", ls, n)
            if le < 0:
                le = n
            raw = data[ls:le]
            at = start + (ls - base) - extra      # the line's offset in text
            if raw.isascii():
                out += self.scan_line(text[at:at + len(raw)], at + offset, raw)
            else:
                line = raw.decode("utf-8")
                extra += len(raw) - len(line)
                out += self.scan_line(line, at + offset)
        return out

    def scan(self, text: str) -> list[Match]:
        if not text:
            return []
        out = parallel.map_lines(self.scan_lines, text, _to_tuple, _from_tuple)
        for d in self.slow_deny:
            for m in d.finditer(text):
                if m.end() > m.start():
                    out.append(Match("deny.term", "deny", m.start(), m.end(), m.group(0)))
        if self.extras:
            from commsgen.redact import extras
            out = extras.add(text, self.ctx, out)
        return _finish(text, out)

    def scan_part(self, text: str, start: int, end: int, data: bytes | None = None) -> list[Match]:
        """``scan(text)``'s matches that start in ``text[start:end]`` (``start`` at a line start, ``end``
        at a line start or the end), in this process. ``data``: ``text``'s UTF-8, when the caller has
        it (an ASCII text's is not copied). Not for an engine with ``slow_deny`` patterns (they run
        over the whole text, across lines): use ``scan``."""
        assert not self.slow_deny, "slow deny patterns run over the whole text"
        if start >= end:
            return []
        if data is None or len(data) != len(text):     # not ASCII: the part's own UTF-8
            out = self._scan_range(text, text[start:end].encode("utf-8"), start, end)
        else:
            out = self._scan_range(text, data, start, end, ascii_text=True)
        if self.extras:
            from commsgen.redact import extras
            out = extras.add(text, self.ctx, out, start, end, data)
        return _finish(text, out)


def _found(rx, data: bytes) -> bool:
    return rx.Match(re2._Anchor.UNANCHORED, data, 0, len(data))[0][0] >= 0


def _line_starts(rx, data: bytes, start: int = 0, end: int | None = None) -> list[int]:
    """Starts of the lines of ``data[start:end]`` (``start`` a line start, ``end`` a line start or the
    end) in which ``rx`` (a raw RE2 regexp) matches, increasing."""
    n = len(data) if end is None else end
    anchor = re2._Anchor.UNANCHORED
    match, find, rfind = rx.Match, data.find, data.rfind
    starts: list[int] = []
    # A trigger may begin with the character before a token, and a line's first token has the
    # newline before it: a match that starts on a newline is the next line's, and the search for
    # the next line (or of a range) starts on the newline before it.
    pos = start - 1 if start > 0 else 0
    while pos < n:
        s = match(anchor, data, pos, n)[0][0]
        if s < 0:
            break
        ls = s + 1 if data[s] == 10 else (rfind(b"\n", start, s) + 1 or start)
        if ls >= n:
            break
        starts.append(ls)
        le = find(b"\n", ls, n)
        pos = n if le < 0 else le
    return starts


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


def _finish(text: str, out: list[Match]) -> list[Match]:
    """PEM keys extended to their END line, and the matches sorted (start, end, rule)."""
    out = [_extend_pem(text, m) if m.rule == "secret.private-key" else m for m in out]
    out.sort(key=lambda m: (m.start, m.end, m.rule))
    return out


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


def engine_for(ctx: ScanContext, kinds: frozenset[str] | None = None) -> Engine:
    key = (ctx.key(), kinds)
    eng = _ENGINES.get(key)
    if eng is None:
        if len(_ENGINES) > 32:
            _ENGINES.clear()
        eng = _ENGINES[key] = Engine(ctx, kinds)
    elif kinds is None:
        eng.ctx = ctx
    return eng


def scan(text: str, ctx: ScanContext | None = None, *, kinds: frozenset[str] | None = None) -> list[Match]:
    """Every sensitive item in ``text`` (only those of ``kinds`` when given: the engineering version
    needs its secrets found, nothing else); offsets are into ``text`` itself."""
    return engine_for(ctx or ScanContext(), kinds).scan(text)
