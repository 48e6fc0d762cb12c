"""Exact top-k BM25 for an OR query (``similar``), scoring only the documents that can be in it.

The score is FTS5's ``bm25()`` with the index's column weights, computed as FTS5 computes it (the
same operations in the same order, so the same floating-point values; ``commsgen/kb/rank.py`` gives
the formula): ``score(d) = sum over the query's terms, in order, of idf(t) * f * (k1 + 1) /
(f + k1 * (1 - b + b * |d| / avgdl))``, ``idf = ln((N - n + 0.5) / (n + 0.5))`` (1e-6 when not
positive), N and avgdl over the whole index. Results: the ``k`` best, best first, ties by rowid:
what ``ORDER BY -bm25(...) DESC, rowid LIMIT k`` gives.

Pruning (exact; max-score style, done on bitmaps):
1. Each term's contribution is at most ``u_hi`` for a document whose f >= ``F_SPLIT`` and ``u_lo``
   for the others (the largest f of each kind over the shortest document holding the term).
2. Each document's bound, the sum of its terms' bounds, is added up for every document at once on
   bitmaps (one Python integer per bit of a fixed-point sum: a bit-sliced adder), in fixed point
   rounded up, so it never under-estimates.
3. The documents with the highest bounds (at least k) are scored exactly; the k-th best of them,
   theta, is a lower bound of the true k-th best score. Every document whose bound reaches theta is
   then scored exactly; no other can be in the top k.
"""

from __future__ import annotations

import math
import re
import sqlite3
from array import array
from bisect import bisect_left

from commsgen.kb import store
from commsgen.kb.postings import BLOCK, F_SPLIT
from commsgen.kb.rank import B, K1
from commsgen.kb.rank import idf_of as idf

PLANES = 10  # bits of the fixed-point bound: sums up to 1023
MARGIN = 1e-9  # relative slack on the threshold for floating-point rounding (it only adds candidates)
_NONZERO = re.compile(rb"[^\x00]")
_BITS = [tuple(i for i in range(8) if v >> i & 1) for v in range(256)]


class _Term:
    __slots__ = ("idf", "blocks", "bits", "hi", "fmax_lo", "fmax_hi", "dmin")

    def __init__(self, idf: float) -> None:
        self.idf = idf
        self.blocks: dict[int, tuple[array, array]] = {}  # block -> (offsets, f)
        self.bits: dict[int, bytes] = {}
        self.hi: dict[int, bytes] = {}
        self.fmax_lo, self.fmax_hi, self.dmin = 0, 0, 1 << 62


def _bitmap(offs: array, fs: array | None = None) -> bytes:
    b = bytearray(BLOCK // 8)
    if fs is None:
        for off in offs:
            b[off >> 3] |= 1 << (off & 7)
    else:
        for off, n in zip(offs, fs):
            if n >= F_SPLIT:
                b[off >> 3] |= 1 << (off & 7)
    return bytes(b)


def _join(parts: dict[int, bytes], last: int) -> int:
    """One integer whose bit ``rowid`` is set for each rowid of the blocks' bitmaps."""
    size = BLOCK // 8
    return int.from_bytes(b"".join(parts.get(i, b"").ljust(size, b"\0") for i in range(last + 1)), "little")


def _positions(x: int) -> list[int]:
    """The set bits of ``x``, ascending."""
    raw = x.to_bytes((x.bit_length() + 7) // 8, "little")
    out: list[int] = []
    for m in _NONZERO.finditer(raw):
        i = m.start()
        base = i << 3
        out.extend(base + j for j in _BITS[raw[i]])
    return out


def _add(planes: list[int], mask: int, c: int) -> None:
    """Add the constant ``c`` to every document of ``mask`` (bit-sliced: planes[i] holds bit i)."""
    j = 0
    while c:
        if c & 1:
            carry, i = mask, j
            while carry:
                p = planes[i]
                planes[i] = p ^ carry
                carry = p & carry
                i += 1
        c >>= 1
        j += 1


def _at_least(planes: list[int], within: int, k: int) -> int:
    """The documents of ``within`` whose sum is at least the largest value T that at least ``k`` of
    them reach (all of ``within`` when it has fewer than k): radix selection, bit by bit."""
    gt, eq, n_gt = 0, within, 0
    for i in range(len(planes) - 1, -1, -1):
        ones = eq & planes[i]
        n = ones.bit_count()
        if n_gt + n >= k:
            eq = ones
        else:
            gt |= ones
            n_gt += n
            eq ^= ones
    return gt | eq


def _reaching(planes: list[int], within: int, t: int) -> int:
    """The documents of ``within`` whose sum is >= ``t``."""
    gt, eq = 0, within
    for i in range(len(planes) - 1, -1, -1):
        p = planes[i]
        if t >> i & 1:
            eq &= p
        else:
            x = eq & p
            gt |= x
            eq ^= x
    return gt | eq


def top(con: sqlite3.Connection, terms: list[str], k: int) -> list[tuple[int, float]]:
    """(rowid, score) of the ``k`` best documents holding any of ``terms``, best first, ties by rowid."""
    if not terms or k <= 0:
        return []
    terms = list(dict.fromkeys(terms))
    n_docs = int(store.meta(con, "docs") or 0)
    n_tokens = int(store.meta(con, "tokens") or 0)
    if not n_docs:
        return []
    avgdl = n_tokens / n_docs
    marks = ",".join("?" * len(terms))
    df = dict(con.execute(f"SELECT term, n FROM df WHERE term IN ({marks})", terms))
    info = {t: _Term(idf(n_docs, df.get(t, 0))) for t in terms}
    last = 0
    for term, blk, offs_b, fs_b, bits, hi, fmax_lo, fmax_hi, dmin in con.execute(
        f"SELECT term, blk, offs, fs, bits, hi, fmax_lo, fmax_hi, dmin FROM tblk WHERE term IN ({marks})", terms
    ):
        x = info[term]
        offs, fs = array("H"), array("I")
        offs.frombytes(offs_b)
        fs.frombytes(fs_b)
        x.blocks[blk] = (offs, fs)
        x.bits[blk] = bits if bits is not None else _bitmap(offs)
        x.hi[blk] = hi if hi is not None else _bitmap(offs, fs)
        x.fmax_lo, x.fmax_hi, x.dmin = max(x.fmax_lo, fmax_lo), max(x.fmax_hi, fmax_hi), min(x.dmin, dmin)
        last = max(last, blk)
    held = [t for t in terms if info[t].blocks]
    if not held:
        return []
    lens: dict[int, array] = {}
    for blk, raw in con.execute("SELECT blk, lens FROM dlen"):
        a = array("I")
        a.frombytes(raw)
        lens[blk] = a

    def score(d: int) -> float:
        blk, off = divmod(d, BLOCK)
        norm = K1 * (1 - B + B * lens[blk][off] / avgdl)
        s = 0.0
        for t in terms:
            got = info[t].blocks.get(blk)
            if got is None:
                continue
            offs, fs = got
            i = bisect_left(offs, off)
            if i < len(offs) and offs[i] == off:
                f = fs[i]
                s += info[t].idf * ((f * (K1 + 1.0)) / (f + norm))
        return s

    def bound(f: int, x: _Term) -> float:
        return x.idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * x.dmin / avgdl))) if f else 0.0

    # fixed-point bounds, rounded up: w > u * scale
    ub = {t: (bound(info[t].fmax_lo, info[t]), bound(info[t].fmax_hi, info[t])) for t in held}
    total = sum(max(lo, hi) for lo, hi in ub.values())
    scale = ((1 << PLANES) - 1 - 2 * len(held)) / total if total > 0 else 0.0
    planes = [0] * PLANES
    union = 0
    for t in held:
        x = info[t]
        everyone, high = _join(x.bits, last), _join(x.hi, last)
        union |= everyone
        lo, hi = ub[t]
        w_lo = math.floor(lo * scale) + 1 if lo > 0 else 0
        w_hi = math.floor(hi * scale) + 1 if hi > 0 else 0
        if w_hi < w_lo:  # no posting has f >= F_SPLIT
            w_hi = w_lo
        _add(planes, everyone, w_lo)
        _add(planes, high, w_hi - w_lo)
    seed = _at_least(planes, union, k)
    scores = {d: score(d) for d in _positions(seed)}
    if len(scores) >= k:
        theta = sorted(scores.values(), reverse=True)[k - 1]
        t_min = math.floor(theta * scale * (1 - MARGIN))
        rest = _reaching(planes, union, t_min) if t_min > 0 else union
        rest ^= rest & seed
        for d in _positions(rest):
            scores[d] = score(d)
    best = sorted(scores.items(), key=lambda x: (-x[1], x[0]))
    return best[:k]


def exhaustive(con: sqlite3.Connection, terms: list[str], k: int) -> list[tuple[int, float]]:
    """The same result, every matching document scored (the reference the tests compare ``top`` with)."""
    terms = list(dict.fromkeys(terms))
    n_docs = int(store.meta(con, "docs") or 0)
    if not terms or not n_docs or k <= 0:
        return []
    avgdl = int(store.meta(con, "tokens") or 0) / n_docs
    lens: dict[int, int] = {}
    for blk, raw in con.execute("SELECT blk, lens FROM dlen"):
        a = array("I")
        a.frombytes(raw)
        lens.update((blk * BLOCK + i, n) for i, n in enumerate(a) if n)
    freq: dict[int, dict[str, int]] = {}
    for term, blk, offs_b, fs_b in con.execute(
        f"SELECT term, blk, offs, fs FROM tblk WHERE term IN ({','.join('?' * len(terms))})", terms
    ):
        offs, fs = array("H"), array("I")
        offs.frombytes(offs_b)
        fs.frombytes(fs_b)
        for off, f in zip(offs, fs):
            freq.setdefault(blk * BLOCK + off, {})[term] = f
    df = dict(con.execute(f"SELECT term, n FROM df WHERE term IN ({','.join('?' * len(terms))})", terms))
    idfs = {t: idf(n_docs, df.get(t, 0)) for t in terms}
    out = []
    for d, fd in freq.items():
        norm = K1 * (1 - B + B * lens[d] / avgdl)
        s = 0.0
        for t in terms:
            if t in fd:
                f = fd[t]
                s += idfs[t] * ((f * (K1 + 1.0)) / (f + norm))
        out.append((d, s))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:k]
