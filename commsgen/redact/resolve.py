"""What the scanner does with the matches of a line or a text once the rules have run: one finding
per thing (``resolve``), matches of a decoded copy of a line moved onto the line (``merge``), PEM keys
extended to their END line and PEM body lines inside a BEGIN/END block dropped (``finish``)."""

from __future__ import annotations

import bisect
from itertools import compress, repeat
from operator import and_, gt, itemgetter, le, lt, not_
from typing import Any, NamedTuple

from commsgen.redact.lazyre import lazy


class Match(NamedTuple):
    rule: str
    kind: str
    start: int  # offsets into the ORIGINAL text, [start, end)
    end: int
    text: str  # the matched original text
    mask_start: int | None = None  # the part to mask (an assignment's value); default the whole match
    mask_end: int | None = None

    @property
    def mask_span(self) -> tuple[int, int]:
        return (
            self.start if self.mask_start is None else self.mask_start,
            self.end if self.mask_end is None else self.mask_end,
        )


# a kind shadowed by an overlapping accepted match of these kinds (one finding per thing)
_SHADOWED_BY = {
    "phone": {"payment-card", "secret", "internal-ip", "phone"},
    "email": {"secret", "email"},
    "internal-host": {"internal-url", "secret", "internal-host"},
    "internal-url": {"secret", "internal-url"},
    "payment-card": {"secret", "payment-card"},
    "internal-ip": {"secret", "internal-ip"},
    "person": {"person", "email"},  # a name or handle inside an email address is that address
}
# the kinds each kind shadows (the other way round from _SHADOWED_BY), itself left out
_SHADOWS = {
    k: tuple(x for x, by in _SHADOWED_BY.items() if k in by and x != k)
    for k in {y for v in _SHADOWED_BY.values() for y in v}
}
_START_END_RULE = itemgetter(2, 3, 0)  # a Match's (start, end, rule)
_START = itemgetter(2)  # a Match's start
_RULE = itemgetter(0)
_ORDER_START, _START_OF_FOUND, _END_OF_FOUND = itemgetter(0, 3), itemgetter(3), itemgetter(4)  # of a found tuple
_START_END_OF_FOUND = itemgetter(3, 4)  # a found tuple's (start, end)
_PEM_END = lazy(r"-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----")


def merge(out: list[Match], more: list[Match], starts: list[int], ends: list[int], line: str, base: int) -> list[Match]:
    """``out`` plus the matches of a decoded copy of ``line`` (``more``, offsets into the copy; the
    copy's character i came from ``line[starts[i]:ends[i]]``) that no match of ``out`` of the same
    kind overlaps, moved onto ``line`` (which starts at ``base``)."""
    if not more:
        return out
    taken = [(m.kind, m.start, m.end) for m in out]
    added = []
    for m in more:
        s, e = starts[m.start] + base, ends[m.end - 1] + base
        if any(k == m.kind and a < e and s < b for k, a, b in taken):
            continue
        ms = me = None
        if m.mask_start is not None:
            ms = starts[m.mask_start] + base
            me = ends[(m.mask_end if m.mask_end is not None else m.end) - 1] + base
        added.append(Match(m.rule, m.kind, s, e, line[s - base : e - base], ms, me))
    return sorted(out + added, key=lambda m: (m.start, m.end)) if added else out


def finish(text: str, out: list[Match]) -> list[Match]:
    """PEM keys extended to their END line, and the matches sorted (start, end, rule)."""
    rules = set(map(_RULE, out))  # at C speed: a line of names is a hundred thousand matches
    if "secret.private-key" in rules:
        out = [_extend_pem(text, m) if m.rule == "secret.private-key" else m for m in out]
    if "secret.private-key-body" in rules:
        out = _drop_covered_bodies(text, out)
    starts = list(map(_START, out))
    if not all(map(lt, starts, starts[1:])):  # (starts each after the one before: sorted already)
        out.sort(key=_START_END_RULE)  # (m.start, m.end, m.rule), at C speed
    return out


_PEM_BLOCK = lazy(r"-----BEGIN (?P<label>[A-Z0-9]+(?: [A-Z0-9]+){0,3})-----")


def _drop_covered_bodies(text: str, out: list[Match]) -> list[Match]:
    """Base64 body lines of a PEM block with its BEGIN line: part of the private key's finding, or
    of a certificate or public key (not secrets)."""
    blocks = []
    for m in _PEM_BLOCK.finditer(text):
        end = text.find(f"-----END {m.group('label')}-----", m.end(), m.end() + 65536)
        blocks.append((m.start(), len(text) if end < 0 else end))
    return [m for m in out if m.rule != "secret.private-key-body" or not any(a <= m.start < b for a, b in blocks)]


def _extend_pem(text: str, m: Match) -> Match:
    """A PEM key runs to its END line (within 16 kB)."""
    end = _PEM_END.search(text, m.end, min(len(text), m.end + 16384))
    if end is None:
        return m
    return Match(m.rule, m.kind, m.start, end.end(), text[m.start : end.end()], m.mask_start, None)


def resolve(found: list[Any]) -> list[Any]:
    """One finding per thing: by rule priority, drop matches that overlap an accepted match of the
    same kind (or of a kind that shadows it). Accepted matches of one kind never overlap, so each
    kind keeps a sorted interval list and an overlap test is a binary search.

    A rule's many matches (a line of one name repeated) are decided together when they can be: the
    overlap tests against what earlier rules accepted run as one C-speed pass, and when what is
    left does not overlap itself it is all accepted, exactly as one by one; so are the matches of a
    single rule that come sorted and do not overlap one another (a line of one name repeated: its
    matches as ``dynfound`` gives them, kept as they are, not sorted three times)."""
    if len(found) >= _BATCH and _one_rule_in_order(found):
        return list(found)
    # by (order, start, longest first), at C speed: by end, longest first, then (stable) by (order, start)
    found.sort(key=_END_OF_FOUND, reverse=True)
    found.sort(key=_ORDER_START)
    starts: dict[str, list[int]] = {}
    ends: dict[str, list[int]] = {}
    accepted: list[Any] = []
    i, n = 0, len(found)
    while i < n:
        j = i + 1
        if n - i >= _BATCH:
            order, kind = found[i][0], found[i][2]
            while j < n and found[j][0] == order and found[j][2] == kind:
                j += 1
        if j - i >= _BATCH and _accept_batch(found[i:j], starts, ends, accepted):
            i = j
            continue
        for f in found[i:j]:
            _accept_one(f, starts, ends, accepted)
        i = j
    accepted = _drop_inside(accepted, starts, ends)
    accepted.sort(key=_START_END_OF_FOUND)
    return accepted


_BATCH = 64  # matches of one rule decided together from this many
_ORDER, _KIND_OF_FOUND = itemgetter(0), itemgetter(2)


def _one_rule_in_order(found: list[Any]) -> bool:
    """Whether ``found`` is one rule's (one order, one kind), each non-empty, sorted by start and
    none overlapping the next: then ``resolve`` accepts each (nothing before them, nothing they
    overlap) and returns them in this order. Told at C speed."""
    if len(set(map(_ORDER, found))) != 1 or len(set(map(_KIND_OF_FOUND, found))) != 1:
        return False
    starts, ends = list(map(_START_OF_FOUND, found)), list(map(_END_OF_FOUND, found))
    return all(map(lt, starts, ends)) and all(map(le, ends[:-1], starts[1:]))


def _accept_one(f: Any, starts: dict[str, list[int]], ends: dict[str, list[int]], accepted: list[Any]) -> None:
    kind, s, e = f[2], f[3], f[4]
    for k in _SHADOWED_BY.get(kind, (kind,)):
        ks = starts.get(k)
        if not ks:
            continue
        i = bisect.bisect_left(ks, e)  # intervals starting before our end
        if i and ends[k][i - 1] > s:
            return
    ks, ke = starts.setdefault(kind, []), ends.setdefault(kind, [])
    i = bisect.bisect_left(ks, s)
    ks.insert(i, s)
    ke.insert(i, e)
    accepted.append(f)


def _accept_batch(
    batch: list[Any], starts: dict[str, list[int]], ends: dict[str, list[int]], accepted: list[Any]
) -> bool:
    """``_accept_one`` for each of ``batch`` (one rule and kind, sorted by start), done at once; False
    (nothing done) when what is left after the tests against earlier rules overlaps itself."""
    kind = batch[0][2]
    bs, be = list(map(_START_OF_FOUND, batch)), list(map(_END_OF_FOUND, batch))
    keep = None
    for k in _SHADOWED_BY.get(kind, (kind,)):
        ks = starts.get(k)
        if not ks:
            continue
        before = map(bisect.bisect_left, repeat(ks), be)  # intervals starting before each end
        clash = map(gt, map([-1, *ends[k]].__getitem__, before), bs)
        free = list(map(not_, clash))
        keep = free if keep is None else list(map(and_, keep, free))
    if keep is not None and not all(keep):
        batch, bs, be = list(compress(batch, keep)), list(compress(bs, keep)), list(compress(be, keep))
    if not batch:
        return True
    if not all(map(lt, bs, be)) or not all(map(le, be, bs[1:])):  # empty, or overlapping each other
        return False
    ks, ke = starts.setdefault(kind, []), ends.setdefault(kind, [])
    if ks and ks[-1] >= bs[0]:
        merged = sorted([*zip(ks, ke), *zip(bs, be)])
        ks[:], ke[:] = [a for a, _ in merged], [b for _, b in merged]
    else:
        ks += bs
        ke += be
    accepted += batch
    return True


def _drop_inside(accepted: list[Any], starts: dict[str, list[int]], ends: dict[str, list[int]]) -> list[Any]:
    """``accepted`` less each match inside an accepted one of a kind that shadows it, which rule
    order let in first (a phone number in a card number written in groups). Only kinds present
    together with a kind they shadow are looked at."""
    shadowing = {k for k in starts if any(x in starts for x in _SHADOWS.get(k, ()))}
    if not shadowing:
        return accepted
    inside = set()
    for f in accepted:
        if f[2] not in shadowing:
            continue
        for k in _SHADOWS[f[2]]:
            ks = starts.get(k)
            if not ks:
                continue
            i = bisect.bisect_left(ks, f[3])
            while i < len(ks) and ks[i] < f[4]:
                if ends[k][i] <= f[4]:
                    inside.add((k, ks[i], ends[k][i]))
                i += 1
    return [f for f in accepted if (f[2], f[3], f[4]) not in inside] if inside else accepted
