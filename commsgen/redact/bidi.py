"""Display order: the order in which a reader sees the characters of a line that holds bidirectional
text or controls (the Trojan Source class, CVE-2021-42574).

``\\u202elanretni.emca.regdel\\u202c`` is stored as ``lanretni…`` but shown as ``ledger.acme.internal``:
the right-to-left override (RLO) reverses its run. Right-to-left marks do the same without any
explicit control (``\\u200f4.7.\\u200f10.12`` shows ``10.12.4.7``): numbers and neutrals next to
right-to-left characters are laid out right to left. The normaliser drops every control, so the
scanner reads the stored (logical) order; this module gives it the displayed order too.

``display_order(line, base)`` follows the Unicode Bidirectional Algorithm (UAX #9) closely enough
for what a scan needs: explicit embeddings, overrides and isolates (X1-X10, with an isolate read as
an embedding whose initiator and terminator are neutrals), the weak types (W1-W7), neutrals (N1-N2),
implicit levels (I1-I2), reordering (L2) and mirrored brackets (L4). It is run for both paragraph
directions (a reader's viewer may lay the line out either way) and only for lines that hold a
right-to-left character, a mark or an explicit control (``needs_display``). Every step is linear.

``controls(line)`` lists the explicit controls themselves: an override run (``content.bidi-override``,
blocking outside the engineering version: it exists to show text other than what is stored) and
embeddings and isolates (``content.bidi-embedding``, a warning: chat tools insert isolates around
names, and what they show is scanned in display order anyway). Marks (LRM, RLM, ALM) are ordinary
in right-to-left writing and are not reported.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

from commsgen.redact.lazyre import lazy

LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
OVERRIDES = LRO + RLO
EXPLICIT = LRE + RLE + PDF + LRO + RLO + LRI + RLI + FSI + PDI

_NEEDS = lazy(
    "[\u0590-\u08ff\u200f\u061c\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufefc"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_EXPLICIT = lazy(f"[{EXPLICIT}]")
_MARKS = frozenset(EXPLICIT + "\u200e\u200f\u061c")  # explicit controls and marks: never shown
_SHOWN = lazy(f"[{EXPLICIT}\u200e\u200f\u061c]")
_MIRROR = dict(zip("()[]{}<>\u00ab\u00bb", ")(][}{><\u00bb\u00ab"))
_MAX_DEPTH = 125


def needs_display(line: str) -> bool:
    """Whether the displayed order of ``line`` can show something its stored order does not: it
    holds an explicit control or a mark, or a right-to-left character that is not a letter (a
    number, a punctuation mark, a combining mark), or any right-to-left character in a line of at
    most ``_SHORT`` characters. (In a longer line, right-to-left letters alone only move words
    about: whatever they put next to each other has a visible right-to-left letter in between.)"""
    if line.isascii() or _NEEDS.search(line) is None:
        return False
    return len(line) <= _SHORT or _INVISIBLE_OR_NUMBER.search(line) is not None


_SHORT = 4096
_INVISIBLE_OR_NUMBER = lazy(
    "[\u200f\u061c\u202a-\u202e\u2066-\u2069\u0591-\u05c7\u05f3\u05f4\u0600-\u061f"
    "\u064b-\u066d\u0670\u06d4\u06d6-\u06ed\u06f0-\u06f9\u0700-\u070f\u08d3-\u08ff\ufe70-\ufe74]"
)


# one code character per bidirectional class, so the weak and neutral rules run as regular
# expressions over a string (C speed) rather than a Python loop per character
_CODE = {
    "L": "L", "R": "R", "AL": "A", "EN": "E", "ES": "s", "ET": "t", "AN": "N", "CS": "c", "NSM": "m",
    "BN": "b", "B": "B", "S": "S", "WS": "w", "ON": "o", "LRE": "x", "RLE": "x", "LRO": "x", "RLO": "x",
    "PDF": "x", "LRI": "i", "RLI": "i", "FSI": "i", "PDI": "i",
}  # fmt: skip


class _Codes(dict[int, str]):
    """``ord(char) -> class code`` for ``str.translate``, filled on first sight of a character."""

    def __missing__(self, cp: int) -> str:
        code = self[cp] = _CODE.get(unicodedata.bidirectional(chr(cp)), "L")
        return code


_CODES = _Codes()
_MAX_CONTROLS = 64  # explicit controls in one line laid out one by one; more block (``controls``)


def _first_strong(line: str, start: int) -> str | None:
    """L or R for the first strong character from ``start`` up to the matching PDI (FSI, P2)."""
    depth = 0
    for c in line[start:]:
        if c in (LRI, RLI, FSI):
            depth += 1
        elif c == PDI:
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0:
            code = c.translate(_CODES)
            if code == "L":
                return "L"
            if code in ("R", "A"):
                return "R"
    return None


def _segments(line: str, base: int) -> list[tuple[int, int, int, str | None]]:
    """(start, end, embedding level, override) of the stretches between explicit controls (X1-X8);
    an isolate's initiator and terminator belong to the outer level (as neutrals), the embedding and
    override controls themselves to no stretch (X9)."""
    out: list[tuple[int, int, int, str | None]] = []
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]  # level, override, isolate
    pos = 0
    for m in _EXPLICIT.finditer(line):
        i, c = m.start(), m.group()
        level, override, _ = stack[-1]
        if i > pos:
            out.append((pos, i, level, override))
        pos = i + 1
        if c in (RLE, LRE, RLO, LRO):
            new = (level + 1) | 1 if c in (RLE, RLO) else (level + 2) & ~1
            if new <= _MAX_DEPTH:
                stack.append((new, "R" if c == RLO else "L" if c == LRO else None, False))
        elif c in (RLI, LRI, FSI):
            out.append((i, i + 1, level, override))
            rtl = c == RLI or (c == FSI and _first_strong(line, i + 1) == "R")
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= _MAX_DEPTH:
                stack.append((new, None, True))
        elif c == PDI:
            while len(stack) > 1 and not stack[-1][2]:
                stack.pop()
            if len(stack) > 1:
                stack.pop()
            out.append((i, i + 1, stack[-1][0], stack[-1][1]))
        elif c == PDF and len(stack) > 1 and not stack[-1][2]:
            stack.pop()
    if pos < len(line):
        out.append((pos, len(line), stack[-1][0], stack[-1][1]))
    return out


_W2 = lazy(r"A[^LR]*")
_W4 = lazy(r"(?<=E)[sc](?=E)|(?<=N)c(?=N)")
_W5 = lazy(r"t+(?=E)|(?<=E)t+")
_W7 = lazy(r"L[^R]*")
_W6 = str.maketrans("stc", "ooo")


def _resolve(seq: str, level: int, sos: str, eos: str) -> str:
    """W1-W7 and N1-N2 on the codes of one level run: a string of L, R, E (European number) and N
    (Arabic number)."""
    if "m" in seq:  # W1: a mark takes the type before it
        out = []
        prev = sos
        for c in seq:
            if c == "m":
                c = prev
            out.append(c)
            prev = c
        seq = "".join(out)
    if "A" in seq:  # W2, W3
        seq = _W2.sub(lambda m: m.group().replace("E", "N"), seq).replace("A", "R")
    seq = _W4.sub(lambda m: seq[m.start() - 1], seq)
    seq = _W5.sub(lambda m: "E" * len(m.group()), seq)
    seq = seq.translate(_W6)
    if "E" in seq:  # W7
        first = re.search("[LR]", seq)
        head = first.start() if first else len(seq)
        if sos == "L":
            seq = seq[:head].replace("E", "L") + seq[head:]
        seq = _W7.sub(lambda m: m.group().replace("E", "L"), seq)
    # N1, N2: neutrals between two of one direction take it (numbers count as R), others the
    # embedding's; the run's start and end count as ``sos`` and ``eos``
    seq = _N1_R.sub(_fill("R"), sos + seq + eos)
    seq = _N1_L.sub(_fill("L"), seq)[1:-1]
    return seq.translate(_N2_R if level & 1 else _N2_L)


def _fill(c: str):  # type: ignore[no-untyped-def]
    return lambda m: c * (m.end() - m.start())


_N1_R = lazy(r"(?<=[REN])[BSwo]+(?=[REN])")
_N1_L = lazy(r"(?<=L)[BSwo]+(?=L)")
_N2_R = str.maketrans("BSwo", "RRRR")
_N2_L = str.maketrans("BSwo", "LLLL")


_LEVELS: dict[int, tuple[dict[int, str], dict[int, str]]] = {}


def _level_table(lv: int) -> dict[int, str]:
    """I1, I2: resolved code -> the character ``chr(0x30 + level)`` of its level in a run at ``lv``."""
    t = _LEVELS.get(lv)
    if t is None:
        even = str.maketrans({"L": chr(0x30 + lv), "R": chr(0x31 + lv), "E": chr(0x32 + lv), "N": chr(0x32 + lv)})
        odd = str.maketrans({"L": chr(0x31 + lv), "R": chr(0x30 + lv), "E": chr(0x31 + lv), "N": chr(0x31 + lv)})
        t = _LEVELS[lv] = (even, odd)
    return t[lv & 1]


def display_order(line: str, base: int = 0) -> tuple[str, list[int]]:
    """The text of ``line`` as it is shown (left to right) in a paragraph of direction ``base`` (0
    left to right, 1 right to left), brackets laid out right to left mirrored, and for each of its
    characters the index in ``line`` it shows. Embedding and override controls are not shown."""
    codes = line.translate(_CODES)
    # level runs (X10, without joining the runs of one isolate): adjacent stretches of one level
    runs: list[tuple[list[tuple[int, int]], int, str | None]] = []
    for a, b, lv, ov in _segments(line, base):
        if runs and runs[-1][1] == lv and runs[-1][2] == ov:
            runs[-1][0].append((a, b))
        else:
            runs.append(([(a, b)], lv, ov))
    index: list[int] = []
    levels: list[str] = []
    for k, (parts, lv, ov) in enumerate(runs):
        idx: list[int] = []
        seqs: list[str] = []
        for a, b in parts:
            sub = codes[a:b]
            if "x" in sub or "b" in sub:
                keep = [i for i in range(a, b) if codes[i] not in "xb"]
                idx += keep
                seqs.append("".join(codes[i] for i in keep))
            else:
                idx += range(a, b)
                seqs.append(sub)
        if not idx:
            continue
        if ov is not None:
            seq = ov * len(idx)
        else:
            prev_lv = runs[k - 1][1] if k > 0 else base
            next_lv = runs[k + 1][1] if k + 1 < len(runs) else base
            sos = "R" if max(lv, prev_lv) & 1 else "L"
            eos = "R" if max(lv, next_lv) & 1 else "L"
            seq = _resolve("".join(seqs).replace("i", "o"), lv, sos, eos)
        index += idx
        levels.append(seq.translate(_level_table(lv)))
    return _reorder(line, index, "".join(levels))


def _reorder(line: str, index: list[int], lv_str: str) -> tuple[str, list[int]]:
    """L2 and L4: reverse every run at or above each odd level, highest first; mirror brackets laid
    out right to left (``lv_str``: the level of each character of ``index`` as ``chr(0x30 + level)``).
    Returns the text shown and, per character, its index in ``line``."""
    if not index:
        return "", []
    top = max(lv_str)
    odd = [c for c in set(lv_str) if ord(c) & 1]
    low = min(odd) if odd else chr(ord(top) + 1)
    order = index
    cur = lv_str
    for lv in range(ord(top), ord(low) - 1, -1):
        runs = list(re.finditer(f"[{re.escape(chr(lv))}-\\U0010ffff]+", cur))
        if not runs:
            continue
        pieces: list[str] = []
        new_order: list[int] = []
        pos = 0
        for m in runs:
            a, b = m.span()
            pieces += (cur[pos:a], cur[a:b][::-1])
            new_order += order[pos:a]
            new_order += order[a:b][::-1]
            pos = b
        pieces.append(cur[pos:])
        new_order += order[pos:]
        cur, order = "".join(pieces), new_order
    text = "".join(map(line.__getitem__, order))
    if _BRACKETS.search(text):
        chars = list(text)
        for m in _BRACKETS.finditer(text):
            if ord(cur[m.start()]) & 1:
                chars[m.start()] = _MIRROR[m.group()]
        text = "".join(chars)
    return text, order


_BRACKETS = lazy("[()\\[\\]{}<>\u00ab\u00bb]")


def _too_many(line: str) -> bool:
    return sum(1 for _ in itertools.islice(_EXPLICIT.finditer(line), _MAX_CONTROLS + 1)) > _MAX_CONTROLS


def paragraph_level(line: str) -> int:
    """P2, P3: 1 when the first strong character (outside isolates) is right to left, else 0."""
    return 1 if _first_strong(line, 0) == "R" else 0


def displayed(line: str) -> list[tuple[str, list[int], list[int]]]:
    """The displayed copies of ``line`` that differ from it, each with, per character, the span of
    ``line`` it shows (starts, ends): laid out left to right (a document's default), and right to
    left when its first strong character is (``dir=auto``, as GitHub and chat tools render text)."""
    out: list[tuple[str, list[int], list[int]]] = []
    if _too_many(line):
        return out  # not laid out: ``controls`` reports every control of such a line as blocking
    stored = _SHOWN.sub("", line)
    seen = {stored}
    for base in sorted({0, paragraph_level(line)}):
        text, order = display_order(line, base)
        if _SHOWN.search(text):  # invisible: dropped here, so the copy is often plain ASCII
            keep = [k for k, c in enumerate(text) if c not in _MARKS]
            text, order = "".join(text[k] for k in keep), [order[k] for k in keep]
        if text in seen:
            continue
        seen.add(text)
        out.append((text, order, [i + 1 for i in order]))
    return out


def controls(line: str) -> list[tuple[str, int, int]]:
    """(rule id, start, end) of the explicit controls of ``line``: an override with the run it
    reverses (to its PDF, or the end of the line), other embeddings and isolates one by one. A line
    with more than ``_MAX_CONTROLS`` controls is not laid out (``displayed``): one blocking finding
    spans them all (fail closed)."""
    out: list[tuple[str, int, int]] = []
    if _EXPLICIT.search(line) is None:
        return out
    found = [m.start() for m in _EXPLICIT.finditer(line)]
    if len(found) > _MAX_CONTROLS:  # more than the gate lays out: one blocking finding for them all
        return [("content.bidi-override", found[0], found[-1] + 1)]
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c in OVERRIDES:
            depth, j = 0, i + 1
            while j < n:
                d = line[j]
                if d in (LRE, RLE, LRO, RLO):
                    depth += 1
                elif d == PDF:
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            end = min(j + 1, n)
            out.append(("content.bidi-override", i, end))
            i = end
            continue
        if c in EXPLICIT:
            out.append(("content.bidi-embedding", i, i + 1))
        i += 1
    return out


def escape_controls(text: str) -> str:
    """``text`` with its explicit controls and marks written as ``<U+202E>``: an excerpt in a report
    must not itself be laid out reversed on the reviewer's terminal."""
    if text.isascii() or _SHOWN.search(text) is None:
        return text
    escaped: str = _SHOWN.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    return escaped
