"""Other readings of one line, for the scanner: what a reader reads where the stored characters say
something else.

- the plain copy of defanged and obfuscated notations (``obfuscation.py``: ``ledger[.]acme[.]internal``,
  ``dana [at] acme [dot] com``);
- the displayed order of a line with bidirectional text or controls (``bidi.py``), in both paragraph
  directions, and the plain copy of that;
- the line without the narrow spaces inside its tokens (``NARROW_SPACES``: a thin or hair space
  splitting a key or a host name is hardly seen).

Each copy is scanned with every rule; a match on it is moved onto the characters of the line that
produced it (the smallest span holding all of them, so a mask hides the whole obfuscated or reversed
text), and it replaces a smaller match of the same kind found in the line as stored (``acme.internal``
found in ``ledger[.]acme.internal`` gives way to the whole name). A full scan also reports the
explicit bidirectional controls themselves (``bidi.controls``; kind ``bidi-control``).

The scanner calls ``rescan`` for each candidate line; it returns at once unless the line holds a
notation's trigger (one RE2 search) or a right-to-left character or control (non-ASCII lines only).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from commsgen.redact import bidi, obfuscation
from commsgen.redact.normalize import normalise, normalise_map
from commsgen.redact.notations import percent_decode_map
from commsgen.redact.resolve import _SHADOWED_BY, Match

Copy = tuple[str, list[int], list[int]]
Lazy = tuple[str, Callable[[], tuple[list[int], list[int]]]]  # a copy whose maps are made when asked
KIND = "bidi-control"


def copies(line: str, data: bytes) -> list[Copy | Lazy]:
    """The other readings of ``line`` (``data``: its UTF-8), each with its map back: the plain copy
    of its notations, read also on its normalised and percent-decoded copies (``10\u2024 12``,
    ``dana%20[at]%20acme.com``), and its displayed copies with their plain copies."""
    out: list[Copy | Lazy] = []
    if obfuscation.may_hold(data):
        lazy = obfuscation.plain_text(line)  # its maps made only if its scan finds something
        if lazy is not None:
            out.append(lazy)
    others: list[Copy] = []
    if not line.isascii():
        joined = _joined(line)
        if joined is not None:
            out.append(joined)
        norm = normalise(line)
        if norm != line and obfuscation.may_hold(norm.encode("utf-8")):
            norm, idx = normalise_map(line)
            assert idx is not None
            others.append((norm, idx[:-1], [i + 1 for i in idx[:-1]]))
    if "%" in line:
        dec = percent_decode_map(line)
        if dec is not None and obfuscation.may_hold(dec[0].encode("utf-8")):
            others.append(dec)
    for text, starts, ends in others:
        plain = obfuscation.plain_copy(text)
        if plain is not None:
            out.append(_compose(plain, starts, ends))
    if bidi.needs_display(line):
        for text, starts, ends in bidi.displayed(line):
            out.append((text, starts, ends))
            plain = obfuscation.plain_copy(text) if obfuscation.may_hold(text.encode("utf-8")) else None
            if plain is not None:
                out.append(_compose(plain, starts, ends))
    return out


# spaces narrower than a word space (six-per-em, punctuation, thin, hair, narrow no-break): inside a
# token a reader hardly sees them (``AKIA\u200aIOSFODNN7EXAMPLE`` reads as the key)
NARROW_SPACES = frozenset("\u2006\u2008\u2009\u200a\u202f")


def _joined(line: str) -> Copy | None:
    """``line`` with each narrow space between two characters that are not spaces left out (its map
    back: each character's index in ``line``), or None when it holds none."""
    if not any(c in line for c in NARROW_SPACES):
        return None
    n = len(line)
    keep = [
        i
        for i, c in enumerate(line)
        if c not in NARROW_SPACES or i == 0 or i == n - 1 or line[i - 1].isspace() or line[i + 1].isspace()
    ]
    if len(keep) == n:
        return None
    return "".join([line[i] for i in keep]), keep, [i + 1 for i in keep]


def _compose(outer: Copy, starts: list[int], ends: list[int]) -> Copy:
    """A copy of a copy, mapped back to the line through both maps."""
    text, s2, e2 = outer
    return (
        text,
        [min(starts[a:b]) for a, b in zip(s2, e2)],
        [max(ends[a:b]) for a, b in zip(s2, e2)],
    )


def rescan(
    line: str,
    base: int,
    raw: bytes | None,
    out: list[Match],
    scan_copy: Callable[[str], list[Match]],
    full: bool,
) -> list[Match]:
    """``out`` (the matches of ``line``, which starts at ``base``) with the matches of its other
    readings, and in a ``full`` scan its bidirectional controls."""
    ascii_line = raw is not None or line.isascii()
    if ascii_line and not obfuscation.may_hold(raw if raw is not None else line.encode("ascii")):
        if "%" not in line or percent_decode_map(line) is None:
            return out
    for copy in copies(line, raw if raw is not None else line.encode("utf-8")):
        more = scan_copy(copy[0])
        if more:
            if len(copy) == 2:
                copy = (copy[0], *copy[1]())
            out = merge(out, more, copy, line, base)
    if full and not ascii_line:
        extra = [Match(rid, KIND, base + s, base + e, line[s:e]) for rid, s, e in bidi.controls(line)]
        if extra:
            out = sorted(out + extra, key=lambda m: (m.start, m.end))
    return out


def merge(out: list[Match], more: list[Match], copy: Copy, line: str, base: int) -> list[Match]:
    """``out`` plus the matches of a copy of ``line`` (``more``, offsets into the copy), moved onto
    the line; a match of the copy gives way to an overlapping one of the same kind in ``out`` unless
    it holds it (then it replaces it, and whatever it holds of a kind it shadows: a handle inside an
    email). Matches of one kind in ``out`` do not overlap, so each lookup is a binary search."""
    if not more:
        return out
    _, starts, ends = copy
    out = sorted(out, key=lambda m: (m.start, m.end))
    by_kind: dict[str, tuple[list[int], list[int]]] = {}  # kind -> (starts, indexes into out)
    for j, x in enumerate(out):
        ks = by_kind.setdefault(x.kind, ([], []))
        ks[0].append(x.start)
        ks[1].append(j)
    gone: set[int] = set()
    added: list[Match] = []

    def overlapping(kind: str, s: int, e: int) -> list[int]:
        ks = by_kind.get(kind)
        if ks is None:
            return []
        found = []
        i = bisect.bisect_left(ks[0], e) - 1
        while i >= 0 and out[ks[1][i]].end > s:
            if ks[1][i] not in gone:
                found.append(ks[1][i])
            i -= 1
        return found

    for m in more:
        s, e = base + min(starts[m.start : m.end]), base + max(ends[m.start : m.end])
        same = overlapping(m.kind, s, e)
        if any(not (s <= out[j].start and out[j].end <= e) or (out[j].start, out[j].end) == (s, e) for j in same):
            continue
        if any(a.kind == m.kind and a.start < e and s < a.end for a in added[-4:]):
            continue
        ms = me = None
        if m.mask_start is not None:
            me_copy = m.mask_end if m.mask_end is not None else m.end
            ms, me = base + min(starts[m.mask_start : me_copy]), base + max(ends[m.mask_start : me_copy])
        gone.update(same)
        for kind, shadows in _SHADOWED_BY.items():
            if m.kind in shadows and kind != m.kind:
                gone.update(j for j in overlapping(kind, s, e) if s <= out[j].start and out[j].end <= e)
        added.append(Match(m.rule, m.kind, s, e, line[s - base : e - base], ms, me))
    if not added:
        return out
    kept = [x for j, x in enumerate(out) if j not in gone] if gone else out
    return sorted(kept + added, key=lambda m: (m.start, m.end))


# (id, kind, catches, leaves alone): the rule table's documentation (``rules.all_rule_docs``)
RULE_DOCS = (
    (
        "content.bidi-override",
        KIND,
        "a right-to-left or left-to-right override (U+202E, U+202D) and the run it reverses: text shown in"
        " another order than it is stored (Trojan Source, CVE-2021-42574); blocks outside engineering",
        "marks used by right-to-left writing (RLM, LRM, ALM)",
    ),
    (
        "content.bidi-embedding",
        KIND,
        "other explicit bidirectional controls: embeddings (U+202A, U+202B), isolates (U+2066-U+2069) and"
        " their terminators (U+202C, U+2069); a warning (what they show is scanned in display order)",
        "marks used by right-to-left writing (RLM, LRM, ALM)",
    ),
)
