"""The scan: one RE2 prefilter pass over the whole text finds candidate lines; precise Python rules
run only on those lines (on their normalised copy), and spans are mapped back to the original.

RE2 runs in linear time with no backtracking; every Python pattern is anchored at token
boundaries and uses possessive quantifiers, and only sees candidate lines, so adversarial input
(a megabyte of ``a``, digits, dots, ``=`` or ``@``) stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import re2

from commsgen.adapters.re2set import Finder
from commsgen.redact import columns, dynfound, parallel, starts
from commsgen.redact.apply import apply_rule
from commsgen.redact import rules as R
from commsgen.redact.context import DenyRegex, ScanContext
from commsgen.redact.dynrule import Dyn
from commsgen.redact.locate import matches, matching_line_starts, merge_starts
from commsgen.redact.locators import VULN_DETAIL, VULN_PAYLOAD, vuln_detail_locate, vuln_payload_locate
from commsgen.redact.normalize import fold, map_span, normalise, normalise_map
from commsgen.redact.notations import percent_decode_map
from commsgen.redact import rereading
from commsgen.redact.resolve import Match, finish as _finish, merge as _merge, resolve as _resolve
from commsgen.redact.termpatterns import ascii_bytes as _ascii_bytes
from commsgen.redact.termpatterns import deny_regex as _deny_regex
from commsgen.redact.termpatterns import finder as _finder
from commsgen.redact.termpatterns import quote as _quote
from commsgen.redact.termpatterns import term_patterns as _term_patterns
from commsgen.redact.triggers import VULN, static


_MEMO_LINE = 1_000  # characters: longer lines are scanned every time (and not kept)
_MEMO_SIZE = 20_000  # distinct lines kept per engine (at most ~20 MB); the memo starts again when full
_LONG_LINE = 32_768  # characters: a line this long is kept in its own small memo (``_long_memo``)
_LONG_LINES_KEPT = 2  # long lines kept per engine, the oldest dropped first


class Engine:
    """The static rule table plus what one scan context adds: people, internal service ids, deny
    terms and the hosts the file shows to be internal. Only that small context part is compiled per
    postmortem (batch runs scan thousands of files, each with its own people and hosts)."""

    def __init__(self, ctx: ScanContext, kinds: frozenset[str] | None = None):
        self.ctx = ctx
        self.extras = kinds is None  # the second pass (extras.py): full scans only
        st = static(kinds)
        self.order = dict(st.order)
        self.handlers, self.rx, self.rx_apart, self.host_index = st.handlers, st.rx, st.rx_apart, st.host_index
        self._set_match = st.set_match  # the indexes of the matching patterns (a list)
        base = len(R.RULES)

        dyn: list[Dyn] = []  # context rules
        lits: list[str] = []

        def add(rule_id: str, kind: str, terms: Iterable[str], *, min_len: int = 2, ident: bool = False) -> None:
            pys = []
            for term in terms:
                if not term or len(term.strip()) < min_len:
                    continue
                py, r2 = _term_patterns(term, ident)
                pys.append(py)
                lits.append(r2)
            if pys:
                dyn.append(Dyn(rule_id, kind, "(?:" + "|".join(pys) + ")", base + 2 + len(dyn)))

        if kinds is not None:  # a partial scan (e.g. secrets only): no context rules beyond those kinds
            wanted = kinds
            ctx = ScanContext(
                internal_domains=ctx.internal_domains,
                link_hosts=ctx.link_hosts,
                public_domains=ctx.public_domains,
                company=ctx.company,
                people_names=ctx.people_names if "person" in wanted else (),
                people_handles=ctx.people_handles if "person" in wanted else (),
                people_emails=ctx.people_emails if "email" in wanted else (),
                service_ids=ctx.service_ids if "service" in wanted else (),
                service_words=ctx.service_words if "service" in wanted else (),
                deny_terms=ctx.deny_terms if "deny" in wanted else (),
                staff_email_domains=ctx.staff_email_domains,
                waivers=ctx.waivers,
                approved_cves=ctx.approved_cves,
            )
            self.ctx = ctx
        self._add_names(self.ctx.people_names, dyn, lits, base)
        if ctx.people_handles:
            hs = [h for h in ctx.people_handles if len(h) >= 3]
            if hs:
                py = "|".join(re.escape(fold(h)) for h in hs)
                pat = starts.after(r"\w.@-") + r"@?(?:" + py + r")(?!\w|-\w)"  # —@handle— too
                dyn.append(Dyn("people.handle", "person", pat, base + 2 + len(dyn)))
                lits += [_quote(fold(h)) for h in hs]
        add("service.internal-id", "service", ctx.service_ids, min_len=3, ident=True)
        add("service.internal-word", "service", ctx.service_words, min_len=3, ident=True)
        deny_strs = [d for d in ctx.deny_terms if isinstance(d, str)]
        add("deny.term", "deny", deny_strs, min_len=1)
        deny_rx = []
        for d in ctx.deny_terms:
            if isinstance(d, DenyRegex):  # RE2 only (context_for refused any other)
                rx = _deny_regex(d.pattern)
                deny_rx.append(rx)
                lits.append(d.pattern)
                dyn.append(Dyn("deny.term", "deny", rx, base + 2 + len(dyn)))
        if ctx.people_emails:
            lits += [_quote(e) for e in ctx.people_emails]
        self.dyn = dyn
        for dy in dyn:
            self.order.setdefault(dy.id, dy.order)
        # hosts the context declares internal: their lines run the host family's rules
        hosts = (
            [h for h in (*ctx.internal_domains, *ctx.link_hosts, *ctx.public_domains) if h]
            if self.host_index is not None
            else []
        )
        self._host_src = "(?i:" + "|".join(_quote(h) for h in hosts) + ")" if hosts else None
        self._ctx_src = "(?i:" + "|".join(lits) + ")" if lits else None
        self._has_context = self._host_src is not None or self._ctx_src is not None
        # every context term's plain lower-case form (regex deny terms too): a text holding none skips compiling
        terms = (*ctx.people_handles, *ctx.service_words, *deny_strs, *ctx.people_emails)
        plain = [fold(t).lower().split()[0] for t in terms if t.strip()] + self._name_words
        # a service id by its first piece: the id may be written with any of its separators
        plain += [re.split("[-_.]", fold(t).lower())[0] for t in ctx.service_ids if t.strip()]
        self._ctx_plain = _ascii_bytes(plain)
        self._ctx_regex = deny_rx
        self._host_plain = _ascii_bytes([h.lower() for h in hosts])
        self._compiled: dict[str, Finder] = {}
        # the matches of each distinct line up to _MEMO_LINE characters (relative to it): every rule is
        # line-local and depends on this engine only, so a repeated line (logs, tables) is scanned once
        self._memo: dict[bytes | str, tuple[Match, ...]] = {}
        self._long_memo: dict[bytes | str, tuple[Match, ...]] = {}
        self._long_cols: dict[bytes | str, tuple[Any, Any]] = {}  # (hit, its columns): ``scan_line``

    def _add_names(self, names: Iterable[str], dyn: list[Dyn], lits: list[str], base: int) -> None:
        """``people.name`` (every full form of each name) and ``people.surname`` (a surname alone)."""
        from commsgen.redact import names as NM

        full, sur, words, plain = [], [], [], []
        for name in names:
            if not name or len(name.strip()) < 3:
                continue
            p = NM.full_name_pattern(name)
            if p is None:
                continue
            full.append(p)
            s = NM.surname_pattern(name)
            if s is not None:
                sur.append(s)
                words.append(NM.name_parts(name)[-1])
            keys = NM.key_words(name)
            lits += [_quote(w) for w in keys]
            plain += [w.lower() for w in keys]
        if full:
            dyn.append(Dyn("people.name", "person", "|".join(full), base + 2 + len(dyn)))
        if sur:
            dyn.append(Dyn("people.surname", "person", "|".join(sur), base + 2 + len(dyn)))
        self._surnames = tuple(words)  # the literals of people.surname (``dynfound``)
        self._name_words = plain  # the lower-case words the prefilter looks for (``_ctx_plain``)

    def _rx(self, src: str) -> Finder:
        rx = self._compiled.get(src)
        if rx is None:
            rx = self._compiled[src] = _finder(src)
        return rx

    def _context_patterns(self, data: bytes) -> tuple[Finder | None, Finder | None]:
        """(host pattern, context-term pattern) for this text, each None when the text cannot hold
        one of the context's hosts or terms; compiled once per engine, on first need. Non-ASCII text
        is normalised line by line before matching, so only the patterns can tell: used there.
        Callers ask only when ``_has_context``."""
        ascii_text = data.isascii()
        low = data.lower() if ascii_text else b""

        def absent(terms: tuple[bytes, ...] | None, regexes: Iterable[Any] = ()) -> bool:
            if not ascii_text or terms is None:
                return False
            if _held(terms, low):
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
        starts = matching_line_starts(self.rx, data, start, end)
        if self.rx_apart is not None:
            starts = merge_starts(starts, matching_line_starts(self.rx_apart, data, start, end))
        if not self._has_context:
            return starts
        for rx in self._context_patterns(data if start == 0 and end == len(data) else data[start:end]):
            if rx is not None:
                starts = merge_starts(starts, matching_line_starts(rx, data, start, end))
        return starts

    # ------------------------------------------------------------------ one line
    def scan_line(self, line: str, base: int = 0, raw: bytes | None = None) -> list[Match]:
        """Matches in one line, at offsets into the text it starts at ``base`` of (``raw``: its UTF-8, when
        ASCII and at hand). A line with percent-encoded bytes is also scanned decoded (``intern%61l``,
        ``dana%40acme.com``); what only the decoded copy shows is reported on the encoded text."""
        key = raw if raw is not None else line
        if len(line) > _MEMO_LINE:
            if len(line) < _LONG_LINE:
                return self._scan_line(line, base, raw)
            # a long line is kept too, a few at a time: one field's line is in several outputs and readings
            long_memo = self._long_memo
            hit = long_memo.get(key)
            if hit is None:
                if len(long_memo) >= _LONG_LINES_KEPT:  # the oldest dropped
                    del long_memo[(oldest := next(iter(long_memo)))], self._long_cols[oldest]
                made = self._scan_line(line, 0, raw)
                hit = long_memo[key] = tuple(made)  # its columns, when kept as made (``columns.Made``)
                self._long_cols[key] = (hit, made.columns if isinstance(made, columns.Made) else None)
        else:
            memo = self._memo
            hit = memo.get(key)
            if hit is None:
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                hit = memo[key] = tuple(self._scan_line(line, 0, raw))
        if not hit:
            return []
        if not base:
            return list(hit)
        if len(hit) > 256:
            kept = self._long_cols.get(key, (None, None))
            return columns.rebased(hit, base, kept[1] if kept[0] is hit else None)
        return [
            _new(Match, (rule, kind, s + base, e + base, text, ms, me))
            if ms is None and me is None
            else Match(rule, kind, s + base, e + base, text, _at(ms, base), _at(me, base))
            for rule, kind, s, e, text, ms, me in hit
        ]

    def _scan_line(self, line: str, base: int, raw: bytes | None) -> list[Match]:
        out = self._scan_one(line, base, raw)
        if "%" in line:
            dec = percent_decode_map(line)
            if dec is not None:
                out = _merge(out, self._scan_one(dec[0], 0, None), dec[1], dec[2], line, base)
        # defanged notations and the displayed order of bidirectional text (rereading.py)
        return rereading.rescan(line, base, raw, out, lambda t: self._scan_one(t, 0, None), self.extras)

    def _scan_one(self, line: str, base: int, raw: bytes | None) -> list[Match]:
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
            if (
                host_rx is not None
                and self.host_index is not None
                and self.host_index not in hit
                and host_rx.found(data)
            ):
                hit = [*hit, self.host_index]
            if ctx_rx is not None and ctx_rx.found(data):
                ctx_hit = True
        if not hit and not ctx_hit:
            return []
        found: list[tuple[int, str, str, int, int, int | None, int | None]] = []
        for fi in hit:
            for h in self.handlers[fi]:
                if h is VULN:
                    for rid, rx, locate in _VULN_RULES:
                        order = self.order[rid]
                        found += [
                            (order, rid, "vulnerability", *m.span(), None, None) for m in matches(rx, locate, norm)
                        ]
                else:
                    apply_rule(h[1], h[0], norm, self.ctx, found)
        if ctx_hit:  # the context rules' matches go first (a surname inside a full name is not made)
            found = dynfound.found_of(self.dyn, norm, found, self._surnames) + found
        if not found:
            return []
        kept = _resolve(found) if len(found) > 1 else found
        if plain and len(kept) > 256:  # offsets are the line's: the matches made column by column
            made = columns.matches_of(line, kept)
            return columns.rebased(tuple(made), base) if base else made  # (at 0: already where they go)
        if plain:  # offsets are the line's: each match made at C speed (``_new`` is what Match() calls)
            return [
                _new(Match, (rid, kind, s + base, e + base, line[s:e], ms, me))
                if ms is None and me is None
                else Match(rid, kind, s + base, e + base, line[s:e], _at(ms, base), _at(me, base))
                for _order, rid, kind, s, e, ms, me in kept
            ]
        idx = normalise_map(line)[1]
        out = []
        for _order, rid, kind, s, e, ms, me in kept:
            s, e = map_span(idx, s, e)
            if ms is not None and me is not None:
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

    def _scan_range(
        self, text: str, data: bytes, start: int, end: int, offset: int = 0, *, ascii_text: bool = False
    ) -> list[Match]:
        """The line-local matches of ``text[start:end]`` (``start`` a line start): ``data`` is
        ``text``'s UTF-8 when ``ascii_text`` (the range is ``data[start:end]``), else the range's
        own UTF-8. Offsets are into ``text``, plus ``offset``."""
        if ascii_text:
            base, n = start, end
        else:
            base, n = 0, len(data)
        out: list[Match] = []
        extra = 0  # UTF-8 bytes beyond one per character before the current line (every
        #              non-ASCII line is a candidate, so the lines in between are ASCII)
        find, known = data.find, self._memo.get
        for ls in self.candidate_lines(data, base, n):
            le = find(b"\n", ls, n)
            if le < 0:
                le = n
            raw = data[ls:le]
            if known(raw) == ():  # a line seen before, with nothing in it (ASCII lines' key)
                continue
            at = start + (ls - base) - extra  # the line's offset in text
            if raw.isascii():
                out += self.scan_line(text[at : at + len(raw)], at + offset, raw)
            else:
                line = raw.decode("utf-8")
                extra += len(raw) - len(line)
                out += self.scan_line(line, at + offset)
        return out

    def scan(self, text: str) -> list[Match]:
        if not text:
            return []
        out = parallel.map_lines(self.scan_lines, text, _to_tuple, _from_tuple)
        if self.extras:
            from commsgen.redact import extras

            out = extras.add(text, self.ctx, out)
        return _finish(text, out)

    def scan_part(
        self,
        text: str,
        start: int,
        end: int,
        data: bytes | None = None,
        done: tuple[int, list[Match]] | None = None,
    ) -> list[Match]:
        """``scan(text)``'s matches that start in ``text[start:end]`` (``start`` at a line start, ``end``
        at a line start or the end), in this process. ``data``: ``text``'s UTF-8, when the caller has
        it (an ASCII text's is not copied). ``done``: ``(head, line_matches(text, start, head, data))``
        when the caller has scanned the lines of the part up to the line start ``head`` already."""
        if start >= end:
            return []
        if done is not None:
            head, out = done
            out = out + self.line_matches(text, head, end, data)
        else:
            out = self.line_matches(text, start, end, data)
        if self.extras:
            from commsgen.redact import extras

            out = extras.add(text, self.ctx, out, start, end, data)
        return _finish(text, out)

    def line_matches(self, text: str, start: int, end: int, data: bytes | None = None) -> list[Match]:
        """The line-local matches of the lines of ``text[start:end]`` (``start`` at a line start, ``end``
        at a line start or the end), in line order (``scan_part`` before the second pass)."""
        if start >= end:
            return []
        if data is None or len(data) != len(text):  # not ASCII: the part's own UTF-8
            return self._scan_range(text, text[start:end].encode("utf-8"), start, end)
        return self._scan_range(text, data, start, end, ascii_text=True)


_VULN_RULES = (
    ("vuln.exploit-detail", VULN_DETAIL, vuln_detail_locate),
    ("vuln.payload", VULN_PAYLOAD, vuln_payload_locate),
)
_new = tuple.__new__  # what a named tuple's constructor calls, without its Python frame


def _held(terms: tuple[bytes, ...], low: bytes) -> bool:
    """``any(t in low for t in terms)``: a long text is searched once for all of them (RE2)."""
    if len(terms) < 4 or len(low) < 65_536:
        return any(t in low for t in terms)
    return _literals(terms).found(low)


@lru_cache(maxsize=64)
def _literals(terms: tuple[bytes, ...]) -> Finder:
    return Finder("|".join(re2.escape(t.decode("ascii")) for t in terms))


def _at(offset: int | None, base: int) -> int | None:
    return None if offset is None else offset + base


def _to_tuple(m: Match) -> tuple[Any, ...]:
    return tuple(m)


def _from_tuple(t: tuple[Any, ...], off: int) -> Match:
    rule, kind, s, e, text, ms, me = t
    return Match(rule, kind, s + off, e + off, text, _at(ms, off), _at(me, off))


_ENGINES: dict[tuple[Any, ...], Engine] = {}


def engine_for(ctx: ScanContext, kinds: frozenset[str] | None = None) -> Engine:
    key = (ctx.key(), kinds)
    eng = _ENGINES.get(key)
    if eng is None:
        if len(_ENGINES) > 32:
            _ENGINES.clear()
        eng = _ENGINES[key] = Engine(ctx, kinds)
    elif kinds is None and eng.ctx is not ctx:
        eng.ctx = ctx
        eng._memo.clear()  # the rules' validators read the context
        eng._long_memo.clear()
        eng._long_cols.clear()
    return eng


def scan(text: str, ctx: ScanContext | None = None, *, kinds: frozenset[str] | None = None) -> list[Match]:
    """Every sensitive item in ``text`` (only those of ``kinds`` when given: the engineering version
    needs its secrets found, nothing else); offsets are into ``text`` itself."""
    return engine_for(ctx or ScanContext(), kinds).scan(text)
