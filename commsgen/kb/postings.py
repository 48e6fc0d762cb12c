"""The index's own postings, kept for ``similar``'s exact top-k BM25 (``commsgen/kb/topk.py``).

FTS5 scores every document an OR query matches (about 4 µs each); ``similar`` asks 12 terms that
together match half of a large index. These postings let ``topk`` bound every document's score with
a few operations on bitmaps and score exactly only the documents that can be in the top k.

Table ``tblk`` (its SQL in ``store.TABLES``), one row per (term, block of ``BLOCK`` rowids):
- ``offs``: the rowids holding the term, as offsets in the block (``array('H')``, ascending);
- ``fs``: their column-weighted frequencies, FTS5 bm25's own (title 4, summary 4, cause 2, body 1 per
  hit; ``array('I')``, in the order of ``offs``);
- ``bits`` / ``hi``: bitmaps (little-endian bytes) of the offsets, and of those with f >= ``F_SPLIT``;
  NULL for a block of fewer than ``DENSE`` postings (``topk`` builds them from ``offs``);
- ``fmax_lo`` (the largest f below ``F_SPLIT``), ``fmax_hi`` (the largest f), ``dmin`` (the shortest
  document): bounds that only ever over-estimate (a removal leaves them as they are).
Table ``dlen``: each block's document lengths in tokens (``array('I')``, 0 for no document), FTS5's
document size. ``meta.tokens``: the sum of every document's length (FTS5's average length is
tokens / documents).

Tokens are ``commsgen.kb.text.tokens``, the tokens FTS5's ``unicode61`` makes, so the figures equal
FTS5's (the tests check the ranking against FTS5's ``bm25()``).
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left
from collections import defaultdict

from commsgen.kb import store
from commsgen.kb.text import tokens

BLOCK = 4096  # rowids per block: a block's bitmap is 512 bytes, its offsets fit array('H')
F_SPLIT = 8  # postings with f >= F_SPLIT have their own bitmap (a tighter bound for the others)
DENSE = 32  # blocks with fewer postings store no bitmaps
WEIGHTS = tuple(int(w) for w in store.WEIGHTS)


def weighted(values: list[str] | tuple[str, ...]) -> tuple[dict[str, int], int]:
    """(term -> column-weighted frequency, document length in tokens) of a document's four columns."""
    f: dict[str, int] = {}
    length = 0
    get = f.get
    for text, w in zip(values, WEIGHTS):
        toks = tokens(text)
        length += len(toks)
        for t in toks:
            f[t] = get(t, 0) + w
    return f, length


def to_bytes(x: int) -> bytes:
    return x.to_bytes((x.bit_length() + 7) // 8, "little")


class Writer:
    """Postings changes of an index run, written by ``flush`` (with each commit of the run)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.adds: dict[tuple[str, int], list[tuple[int, int, int]]] = defaultdict(list)  # (off, f, len)
        self.drops: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.lens: dict[int, dict[int, int]] = defaultdict(dict)  # block -> offset -> length (0: gone)
        self.tokens = 0  # change of meta.tokens
        self.docs = 0  # change of meta.docs (documents added less documents removed)

    def add(self, rowid: int, values: list[str] | tuple[str, ...]) -> set[str]:
        """Record a new document; its distinct terms (for the document counts)."""
        f, length = weighted(values)
        blk, off = divmod(rowid, BLOCK)
        for t, n in f.items():
            self.adds[t, blk].append((off, n, length))
        self.lens[blk][off] = length
        self.tokens += length
        self.docs += 1
        return set(f)

    def drop(self, rowid: int, values: list[str] | tuple[str, ...]) -> set[str]:
        """Record a document's removal; its distinct terms."""
        f, length = weighted(values)
        blk, off = divmod(rowid, BLOCK)
        for t in f:
            self.drops[t, blk].append(off)
        self.lens[blk][off] = 0
        self.tokens -= length
        self.docs -= 1
        return set(f)

    def flush(self) -> None:
        """Write the changes: removals first (a rowid removed and given again in one run is then added)."""
        con = self.con
        for key in sorted(set(self.adds) | set(self.drops)):
            self._block(con, key, self.drops.get(key, []), self.adds.get(key, []))
        for blk, changes in sorted(self.lens.items()):
            row = con.execute("SELECT lens FROM dlen WHERE blk = ?", (blk,)).fetchone()
            lens = array("I")
            if row:
                lens.frombytes(row[0])
            else:
                lens.extend(bytes(BLOCK))
            for off, n in changes.items():
                lens[off] = n
            con.execute("INSERT OR REPLACE INTO dlen(blk, lens) VALUES (?, ?)", (blk, lens.tobytes()))
        if self.tokens:
            total = int(store.meta(con, "tokens") or 0) + self.tokens
            store.set_meta(con, "tokens", str(total))
        elif store.meta(con, "tokens") is None:
            store.set_meta(con, "tokens", "0")
        self.adds.clear()
        self.drops.clear()
        self.lens.clear()
        self.tokens = 0

    @staticmethod
    def _block(
        con: sqlite3.Connection, key: tuple[str, int], drops: list[int], adds: list[tuple[int, int, int]]
    ) -> None:
        term, blk = key
        row = con.execute(
            "SELECT offs, fs, fmax_lo, fmax_hi, dmin FROM tblk WHERE term = ? AND blk = ?", (term, blk)
        ).fetchone()
        offs, fs = array("H"), array("I")
        fmax_lo, fmax_hi, dmin = 0, 0, 1 << 62
        if row:
            offs.frombytes(row[0])
            fs.frombytes(row[1])
            fmax_lo, fmax_hi, dmin = row[2], row[3], row[4]
        for off in drops:
            i = bisect_left(offs, off)
            if i < len(offs) and offs[i] == off:
                del offs[i]
                del fs[i]
        adds.sort()
        for off, n, length in adds:
            if not offs or off > offs[-1]:
                offs.append(off)
                fs.append(n)
            else:
                i = bisect_left(offs, off)
                if i < len(offs) and offs[i] == off:
                    fs[i] = n
                else:
                    offs.insert(i, off)
                    fs.insert(i, n)
            if n >= F_SPLIT:
                fmax_hi = max(fmax_hi, n)
            else:
                fmax_lo = max(fmax_lo, n)
            dmin = min(dmin, length)
        if not offs:
            con.execute("DELETE FROM tblk WHERE term = ? AND blk = ?", (term, blk))
            return
        bits = hi = None
        if len(offs) >= DENSE:
            b = bytearray(BLOCK // 8)
            h = bytearray(BLOCK // 8)
            for off, n in zip(offs, fs):
                b[off >> 3] |= 1 << (off & 7)
                if n >= F_SPLIT:
                    h[off >> 3] |= 1 << (off & 7)
            bits, hi = bytes(b).rstrip(b"\0"), bytes(h).rstrip(b"\0")
        con.execute(
            "INSERT OR REPLACE INTO tblk(term, blk, offs, fs, bits, hi, fmax_lo, fmax_hi, dmin) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (term, blk, offs.tobytes(), fs.tobytes(), bits, hi, fmax_lo, fmax_hi, dmin),
        )
