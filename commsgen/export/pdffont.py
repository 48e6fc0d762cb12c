"""The fonts of a PDF as ``commsgen.export.pdftext`` reads them, and the PDF syntax it shares with
``commsgen.export.pdfobjects``: hex and literal strings, references resolved either way (pypdf's
objects or pdfobjects').

A font is covered when it is what WeasyPrint writes: Type0, ``/Identity-H`` (2-byte codes), with
a ``/ToUnicode`` CMap (code -> text) and ``/W`` widths. Anything else raises ``Unsupported``.
"""

from __future__ import annotations

import re
from typing import Any

# PDF syntax shared by the object parser and the content reader (patterns as bytes)
WS = rb"[\x00\t\n\x0c\r ]"  # a white-space character
REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"  # a character that is neither white space nor a delimiter
NUM = rb"[+-]?(?:\d+\.?\d*|\.\d+)"  # a number
NAME = rb"/" + REGULAR + rb"*"  # a name, as written (``#xx`` escapes kept)
_SPACES = re.compile(WS)

_CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])")
_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)


class Unsupported(ValueError):
    """The PDF uses something this reader does not handle: extract its text with pypdf."""


def obj(value: Any) -> Any:
    """The object ``value`` refers to: pypdf's objects and ``commsgen.export.pdfobjects``' references
    and streams resolve themselves (``get_object``); plain values (its dicts, lists, numbers) are
    what they are."""
    return value.get_object() if hasattr(value, "get_object") else value


def hex_bytes(digits: bytes) -> bytes:
    """The bytes of a hex string's digits, white space left out (an odd last digit is followed by
    0, as the PDF spec says)."""
    digits = _SPACES.sub(b"", digits)
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _utf16(hexstr: bytes) -> str:
    raw = bytes.fromhex(hexstr.decode("ascii"))
    return raw.decode("utf-16-be", "replace") if len(raw) >= 2 else raw.decode("latin-1")


class Font:
    """A Type0 font with 2-byte codes: code -> text (``/ToUnicode``), code -> width (``/W``)."""

    def __init__(self, font: Any):
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or "/ToUnicode" not in font:
            raise Unsupported(f"font {font.get('/BaseFont')} {font.get('/Subtype')} {font.get('/Encoding')}")
        cmap = obj(font["/ToUnicode"]).get_data()
        self.text: dict[int, str] = {}
        for kind, body in _SECTION.findall(cmap):
            if kind == b"char":
                for src, dst in _CMAP_CHAR.findall(body):
                    self.text[int(src, 16)] = _utf16(dst)
                continue
            for lo, hi, dst, arr in _CMAP_RANGE.findall(body):
                lo_i, hi_i = int(lo, 16), int(hi, 16)
                if hi_i - lo_i > 0xFFFF:
                    raise Unsupported("bfrange too large")
                if arr:
                    for i, d in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", arr)):
                        self.text[lo_i + i] = _utf16(d)
                else:
                    base = _utf16(dst)
                    for i in range(hi_i - lo_i + 1):
                        self.text[lo_i + i] = base[:-1] + chr(ord(base[-1]) + i) if base else ""
        cid = obj(obj(font["/DescendantFonts"])[0])
        self.default_width = float(cid.get("/DW", 1000))
        self.widths: dict[int, float] = {}
        w = [obj(x) for x in obj(cid.get("/W", []))]
        i = 0
        while i < len(w):
            first = int(w[i])
            if isinstance(w[i + 1], list):
                for k, width in enumerate(w[i + 1]):
                    self.widths[first + k] = float(width)
                i += 2
            else:
                for c in range(first, int(w[i + 1]) + 1):
                    self.widths[c] = float(w[i + 2])
                i += 3
        space = next((c for c, t in self.text.items() if t == " "), None)
        self.space_width = self.widths.get(space, self.default_width) if space is not None else 250.0
        self.by_hex: dict[bytes, tuple[str, int, float]] = {}  # filled by ``show_tj``

    def glyph(self, code: int) -> tuple[str, float]:
        """The text and width of glyph ``code``."""
        char = self.text.get(code)
        if char is None:  # a glyph with no text in /ToUnicode: let pypdf decide (fail closed)
            raise Unsupported(f"glyph {code:#06x} has no /ToUnicode entry")
        return char, self.widths.get(code, self.default_width)

    def string(self, data: bytes) -> tuple[str, int, float]:
        """The text, glyph count and width (sum of the glyphs' widths) of a shown string."""
        if len(data) % 2:
            raise Unsupported("odd-length string for a 2-byte font")
        chars, width = [], 0.0
        for k in range(0, len(data), 2):
            char, w = self.glyph((data[k] << 8) | data[k + 1])
            chars.append(char)
            width += w
        return "".join(chars), len(data) // 2, width


def literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its ``(`` at ``pos``: (bytes, position after the ``)``)."""
    out, depth, n = bytearray(), 1, len(data)
    while pos < n:
        c = data[pos]
        pos += 1
        if c == 0x5C:  # backslash
            if pos >= n:
                break
            e = data[pos]
            pos += 1
            if e in b"01234567":
                digits = bytes([e])
                while len(digits) < 3 and pos < n and data[pos] in b"01234567":
                    digits += bytes([data[pos]])
                    pos += 1
                out.append(int(digits, 8) & 0xFF)
            elif e in b"\r\n":
                if e == 0x0D and pos < n and data[pos] == 0x0A:
                    pos += 1
            else:
                out += {0x6E: b"\n", 0x72: b"\r", 0x74: b"\t", 0x62: b"\b", 0x66: b"\f"}.get(e, bytes([e]))
        elif c == 0x28:
            depth += 1
            out.append(c)
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(c)
        else:
            out.append(c)
    raise Unsupported("unterminated string")
