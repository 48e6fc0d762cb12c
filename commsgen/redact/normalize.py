"""Evasion-resistant matching: a normalised copy of the text, and a map back to the original.

The scanner matches on a copy in which, per character:

1. default-ignorable code points and format marks are dropped (zero-width and bidi controls, tag
   characters U+E0020-E007F, variation selectors, musical symbol formatting marks, Hangul fillers:
   ``DEFAULT_IGNORABLE`` below is Unicode's Default_Ignorable_Code_Point property, plus every
   character of category Cf);
2. compatibility forms are folded and accents removed: NFKD without non-spacing and enclosing
   marks (fullwidth ``ＡＫＩＡ`` -> ``AKIA``, math bold ``𝐢`` -> ``i``, ``ínternal`` -> ``internal``);
3. what is left non-ASCII is mapped to its confusable skeleton (UTS #39) where that is one ASCII
   character: Cyrillic and Greek look-alikes, Latin alpha ``ɑ``, Unicode dashes and dots
   (``HOMOGLYPHS`` below first, then the generated table ``confusables_data.SKELETON``); decimal
   digits of any script become ASCII digits (``int()`` reads them so too).

ASCII characters are never changed, so token formats (``AKIA…``, ``10.0.0.1``) keep their meaning.
``normalise_map`` returns, for each character of the copy, the index of the original character it
came from, so spans found in the copy are reported (and masked) in the original text.

Normalisation is per character (each character maps to zero or more characters, ``char_form``), so
it only touches the non-ASCII runs of a text: ASCII text is returned unchanged, and prose with the
odd curly quote costs one regex pass plus a table lookup per non-ASCII character.
"""

from __future__ import annotations

import re
from itertools import chain, repeat
import unicodedata

from commsgen.redact.confusables_data import SKELETON

# zero-width, invisible formatting and bidi controls: deleted
INVISIBLE = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a"
    "\u206b\u206c\u206d\u206e\u206f\u3164\ufe00\ufe01\ufe02\ufe03\ufe04\ufe05\ufe06\ufe07\ufe08"
    "\ufe09\ufe0a\ufe0b\ufe0c\ufe0d\ufe0e\ufe0f\ufeff\uffa0"
)

# Default_Ignorable_Code_Point (Unicode 15.1 DerivedCoreProperties.txt), as inclusive ranges
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_DROP_CATEGORIES = frozenset({"Cf", "Mn", "Me"})


def ignorable(ch: str) -> bool:
    """A default-ignorable code point or a format mark (category Cf): invisible, dropped."""
    cp = ord(ch)
    if cp < 0xAD:
        return False
    return ch in INVISIBLE or unicodedata.category(ch) == "Cf" or any(a <= cp <= b for a, b in DEFAULT_IGNORABLE)


# look-alikes of ASCII letters and punctuation that NFKC leaves alone
HOMOGLYPHS = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "һ": "h",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "ɡ": "g",
    "ı": "i",
    "ȷ": "j",
    "А": "A",
    "В": "B",
    "Е": "E",
    "Ё": "E",
    "З": "3",
    "І": "I",
    "Ї": "I",
    "Ј": "J",
    "К": "K",
    "М": "M",
    "Н": "H",
    "О": "O",
    "Р": "P",
    "С": "C",
    "Т": "T",
    "У": "Y",
    "Х": "X",
    "Ѕ": "S",
    "Ԁ": "D",
    "Ԛ": "Q",
    "Ԝ": "W",
    "Ӏ": "I",
    "Ү": "Y",
    # Greek
    "Α": "A",
    "Β": "B",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "H",
    "Ι": "I",
    "Κ": "K",
    "Μ": "M",
    "Ν": "N",
    "Ο": "O",
    "Ρ": "P",
    "Τ": "T",
    "Υ": "Y",
    "Χ": "X",
    "α": "a",
    "ο": "o",
    "ν": "v",
    "ρ": "p",
    "ι": "i",
    "κ": "k",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ϲ": "c",
    "ϳ": "j",
    # Armenian / other common look-alikes
    "օ": "o",
    "ս": "u",
    "ց": "g",
    "հ": "h",
    "ո": "n",
    # punctuation
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    "\u2024": ".",
    "\u3002": ".",
    "\uff61": ".",
    "\u2027": ".",
    # dots a reader reads as one between the labels of a host or an address (10\u00b712\u00b74\u00b77):
    # middle dots, bullets, dot operators, full stops of other scripts
    "\u00b7": ".",
    "\u0387": ".",
    "\u06d4": ".",
    "\u0701": ".",
    "\u0702": ".",
    "\u1427": ".",
    "\u16eb": ".",
    "\u2022": ".",
    "\u2219": ".",
    "\u22c5": ".",
    "\u2e31": ".",
    "\u2e33": ".",
    "\u30fb": ".",
    "\ua60e": ".",
    "\uff65": ".",
    "\u0589": ":",
    "\u2236": ":",
    "\u2044": "/",
    "\u2215": "/",
    "\u29f8": "/",
    "\uff20": "@",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
}


def char_form(ch: str) -> str:
    """What one character becomes in the copy: '' for ignorable characters and marks, else its NFKD
    form without marks, each non-ASCII character left mapped to its ASCII look-alike if it has one."""
    if ch < "\x80":
        return ch
    if ignorable(ch) or unicodedata.category(ch) in _DROP_CATEGORIES:
        return ""
    out = []
    for c in unicodedata.normalize("NFKD", ch):
        if c >= "\x80":
            if ignorable(c) or unicodedata.category(c) in _DROP_CATEGORIES:
                continue
            digit = unicodedata.decimal(c, None)
            c = str(digit) if digit is not None else HOMOGLYPHS.get(c) or SKELETON.get(c, c)
        out.append(c)
    return "".join(out)


class _Forms(dict[int, str]):
    """``ord(char) -> char_form(char)`` for ``str.translate``, filled on first sight of a character."""

    def __missing__(self, cp: int) -> str:
        form = self[cp] = char_form(chr(cp))
        return form


_FORMS = _Forms()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _run_form(m: re.Match[str]) -> str:
    form: str = m.group().translate(_FORMS)
    return form


def _dense(text: str) -> bool:
    """Whether ``text`` has so many characters beyond ASCII that reading it character by character
    at C speed beats a Python call per run of them (a megabyte of ``a\u200b``)."""
    return len(text) >= 4096 and (len(text) - len(text.encode("ascii", "ignore"))) * 32 > len(text)


def normalise(text: str) -> str:
    """The normalised copy (no offset map). Newlines are preserved, so line numbers agree with the
    original; equal to ``normalise_map(text)[0]``."""
    if text.isascii():
        return text
    if _dense(text):
        return text.translate(_FORMS)  # an ASCII character's form is itself
    return _NON_ASCII.sub(_run_form, text)


def normalise_map(text: str) -> tuple[str, list[int] | None]:
    """(normalised copy, index map). ``index[i]`` is the position in ``text`` of the character that
    produced copy character ``i``; ``index[len(copy)] == len(text)``. The map is None for ASCII
    text (identity)."""
    if text.isascii():
        return text, None
    if _dense(text):  # each character's form, and its index repeated once per character of it
        forms = list(map(_FORMS.__getitem__, map(ord, text)))
        idx = list(chain.from_iterable(map(repeat, range(len(text)), map(len, forms))))
        idx.append(len(text))
        return "".join(forms), idx
    out: list[str] = []
    idx = []
    pos = 0
    for m in _NON_ASCII.finditer(text):
        a, b = m.span()
        if a > pos:
            out.append(text[pos:a])
            idx.extend(range(pos, a))
        for i in range(a, b):
            form = _FORMS[ord(text[i])]
            if form:
                out.append(form)
                idx.extend([i] * len(form))
        pos = b
    if pos < len(text):
        out.append(text[pos:])
        idx.extend(range(pos, len(text)))
    idx.append(len(text))
    return "".join(out), idx


def map_span(idx: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """A [start, end) span of the copy as a span of the original text."""
    if idx is None:
        return start, end
    if end <= start:
        return idx[start], idx[start]
    return idx[start], idx[end - 1] + 1


def fold(term: str) -> str:
    """Normalise a configured term (a name, a deny word) the same way as scanned text."""
    return normalise(term)
