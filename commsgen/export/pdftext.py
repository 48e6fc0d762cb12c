"""The text of a PDF for the redaction gate, read from the PDF's bytes, fast.

``pypdf``'s ``extract_text`` parses a content stream one byte at a time into Python objects, and
WeasyPrint places every glyph on its own (``[<0026>0<0058>0...] TJ``): for a two-page brief that
is 0.15-0.25 s, the largest part of what ``commsgen render --format pdf`` adds to WeasyPrint.
``page_texts`` reads the same glyphs with one compiled regular expression per stream and maps
them through each font's own ``/ToUnicode`` table, in a few milliseconds.

It covers what WeasyPrint writes: Type0 fonts with 2-byte codes and a ``/ToUnicode`` CMap, text
in page content streams and in form XObjects (SVG). Anything else (a simple or Type3 font, a
font without ``/ToUnicode``, an inline image, a malformed stream) raises ``Unsupported``, and
``commsgen.export.pdf.pdf_text`` then extracts with pypdf as before: never less text.

Lines: a glyph run starts a new line when its baseline moves by more than half its font size, is
joined to the previous run when it starts where that one ended (per-glyph SVG text), and is set
apart by a space otherwise (a gap or a jump back, as between table cells). A ``TJ`` offset of at
least the width of a space is a space, as in pypdf.
"""

from __future__ import annotations

import math
import re
from typing import Any

_TOKEN = re.compile(
    rb"""
    [\x00\t\n\x0c\r ]*(?:
      (?P<tj>\[(?P<body>(?:[\x00\t\n\x0c\r ]*(?:<[0-9A-Fa-f]*>|[+-]?(?:\d+\.?\d*|\.\d+)))*)[\x00\t\n\x0c\r ]*\]
        [\x00\t\n\x0c\r ]*TJ(?![A-Za-z0-9'"*]))
    | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
    | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
    | (?P<op>[A-Za-z'"*][A-Za-z0-9'"*]*)
    | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
    | (?P<open>\[) | (?P<close>\]) | (?P<dict><<|>>) | (?P<lit>\() | (?P<comment>%[^\r\n]*)
    | (?P<end>\Z) | (?P<bad>.)
    )""",
    re.X | re.S,
)
_TJ_ITEM = re.compile(rb"<([0-9A-Fa-f]*)>|([+-]?(?:\d+\.?\d*|\.\d+))")
_CMAP_CHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")
_CMAP_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])")
_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)
_MAX_DEPTH = 12  # nested form XObjects


class Unsupported(ValueError):
    """The PDF uses something this reader does not handle: extract its text with pypdf."""


def _hex(digits: bytes) -> bytes:
    """The bytes of a hex string's digits (an odd last digit is followed by 0, as the PDF spec says)."""
    return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))


def _utf16(hexstr: bytes) -> str:
    raw = bytes.fromhex(hexstr.decode("ascii"))
    return raw.decode("utf-16-be", "replace") if len(raw) >= 2 else raw.decode("latin-1")


class _Font:
    """A Type0 font with 2-byte codes: code -> text (``/ToUnicode``), code -> width (``/W``)."""

    def __init__(self, font: Any):
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H" or "/ToUnicode" not in font:
            raise Unsupported(f"font {font.get('/BaseFont')} {font.get('/Subtype')} {font.get('/Encoding')}")
        cmap = font["/ToUnicode"].get_object().get_data()
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
        cid = font["/DescendantFonts"][0].get_object()
        self.default_width = float(cid.get("/DW", 1000))
        self.widths: dict[int, float] = {}
        w = [x.get_object() for x in cid.get("/W", [])]
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


def _mul(a: tuple, b: tuple) -> tuple:
    """Matrix product a x b of PDF matrices (a b c d e f)."""
    return (
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    )


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
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


class _Page:
    """Glyph runs of one page in drawing order, assembled into lines of text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.last: tuple[float, float, float, tuple] | None = None  # end x, end y, size, direction

    def run(self, text: str, start: tuple, end: tuple, size: float, direction: tuple) -> None:
        if not text:
            return
        if self.last is not None:
            lx, ly, lsize, ldir = self.last
            # offsets measured along the previous run's direction (text may be rotated)
            dx, dy = start[0] - lx, start[1] - ly
            along = dx * ldir[0] + dy * ldir[1]
            across = -dx * ldir[1] + dy * ldir[0]
            em = max(size, lsize, 1e-6)
            if abs(across) > 0.5 * em or abs(direction[0] - ldir[0]) + abs(direction[1] - ldir[1]) > 1e-3:
                self.parts.append("\n")
            elif not -0.1 * em <= along <= 0.15 * em:
                self.parts.append(" ")
        self.parts.append(text)
        self.last = (end[0], end[1], size, direction)


def _run_stream(data: bytes, resources: Any, ctm: tuple, page: _Page, depth: int, seen: frozenset[int]) -> None:
    fonts: dict[str, _Font] = {}
    font_dict = resources.get("/Font") if resources is not None else None
    font_dict = font_dict.get_object() if font_dict is not None else {}
    xobjects = resources.get("/XObject") if resources is not None else None
    xobjects = xobjects.get_object() if xobjects is not None else {}

    stack: list[tuple] = []
    operands: list[Any] = []
    arrays: list[list] = []
    tm = tlm = _IDENTITY
    font: _Font | None = None
    size = 0.0
    tc = 0.0  # character spacing (word spacing applies to 1-byte code 32 only: never here)
    th = 1.0
    leading = 0.0
    rise = 0.0

    def show(items: list) -> None:
        """Show a string (bytes) or a TJ array (bytes and numbers), moving the text matrix."""
        nonlocal tm
        if font is None:
            raise Unsupported("text shown before a font was set")
        trm0 = _mul((size * th, 0.0, 0.0, size, 0.0, rise), _mul(tm, ctm))
        start = (trm0[4], trm0[5])
        scale = math.hypot(trm0[2], trm0[3])
        norm = math.hypot(trm0[0], trm0[1]) or 1.0
        direction = (trm0[0] / norm, trm0[1] / norm)
        out: list[str] = []
        tx = 0.0
        for item in items:
            if isinstance(item, bytes):
                if len(item) % 2:
                    raise Unsupported("odd-length string for a 2-byte font")
                for k in range(0, len(item), 2):
                    code = (item[k] << 8) | item[k + 1]
                    char = font.text.get(code)
                    if char is None:  # a glyph with no text in /ToUnicode: let pypdf decide (fail closed)
                        raise Unsupported(f"glyph {code:#06x} has no /ToUnicode entry")
                    out.append(char)
                    tx += (font.widths.get(code, font.default_width) / 1000.0 * size + tc) * th
            elif isinstance(item, float):
                if -item >= 0.95 * font.space_width:
                    out.append(" ")
                tx -= item / 1000.0 * size * th
            else:
                raise TypeError(f"{type(item).__name__} in a TJ array")
        tm = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)
        trm1 = _mul((size * th, 0.0, 0.0, size, 0.0, rise), _mul(tm, ctm))
        page.run("".join(out), start, (trm1[4], trm1[5]), scale, direction)

    pos = 0
    while True:
        m = _TOKEN.match(data, pos)
        assert m is not None  # the token pattern ends in a one-byte catch-all ("bad")
        pos = m.end()
        kind = m.lastgroup
        if kind == "end":
            break
        if kind == "tj":  # the common case, a whole ``[<..>n<..>..] TJ`` at once
            if arrays:
                raise Unsupported("TJ inside an array")
            show([float(n) if n else _hex(h) for h, n in _TJ_ITEM.findall(m.group("body"))])
            operands = []
        elif kind == "num":
            (arrays[-1] if arrays else operands).append(float(m.group("num")))
        elif kind == "hex":
            (arrays[-1] if arrays else operands).append(_hex(re.sub(rb"[\x00\t\n\x0c\r ]", b"", m.group("hex")[1:-1])))
        elif kind == "lit":
            s, pos = _literal(data, pos)
            (arrays[-1] if arrays else operands).append(s)
        elif kind == "name":
            (arrays[-1] if arrays else operands).append(m.group("name").decode("latin-1"))
        elif kind == "open":
            arrays.append([])
        elif kind == "close":
            if not arrays:
                raise Unsupported("unbalanced ]")
            done = arrays.pop()
            (arrays[-1] if arrays else operands).append(done)
        elif kind in ("dict", "comment"):
            continue  # property lists (marked content): no text in them
        elif kind == "bad":
            raise Unsupported(f"unexpected byte {m.group('bad')!r} at {m.start('bad')}")
        else:
            op = m.group("op")
            if arrays:
                raise Unsupported(f"operator {op!r} inside an array")
            try:
                if op == b"TJ":
                    if not isinstance(operands[-1], list):
                        raise TypeError("TJ needs an array")
                    show(operands[-1])
                elif op == b"Tj":
                    if not isinstance(operands[-1], bytes):
                        raise TypeError("Tj needs a string")
                    show([operands[-1]])
                elif op == b"Tm":
                    tm = tlm = tuple(operands[-6:])
                elif op == b"Td":
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, operands[-2], operands[-1]), tlm)
                elif op == b"TD":
                    leading = -operands[-1]
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, operands[-2], operands[-1]), tlm)
                elif op == b"T*":
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                elif op == b"'":
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                    show([operands[-1]])
                elif op == b'"':
                    tc = operands[-2]
                    tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -leading), tlm)
                    show([operands[-1]])
                elif op == b"Tf":
                    name, size = operands[-2], operands[-1]
                    if name not in fonts:
                        if name not in font_dict:
                            raise Unsupported(f"unknown font {name}")
                        fonts[name] = _Font(font_dict[name].get_object())
                    font = fonts[name]
                elif op == b"BT":
                    tm = tlm = _IDENTITY
                elif op == b"Tc":
                    tc = operands[-1]
                elif op == b"Tz":
                    th = operands[-1] / 100.0
                elif op == b"TL":
                    leading = operands[-1]
                elif op == b"Ts":
                    rise = operands[-1]
                elif op == b"q":
                    stack.append(ctm)
                elif op == b"Q":
                    if stack:
                        ctm = stack.pop()
                elif op == b"cm":
                    ctm = _mul(tuple(operands[-6:]), ctm)
                elif op == b"Do":
                    name = operands[-1]
                    if name not in xobjects:
                        raise Unsupported(f"unknown XObject {name}")
                    xobj = xobjects[name].get_object()
                    if xobj.get("/Subtype") == "/Form":
                        key = id(xobj)  # the reader resolves an object to one Python object
                        if depth >= _MAX_DEPTH or key in seen:
                            raise Unsupported("form XObjects nest too deep or in a cycle")
                        matrix = tuple(float(v) for v in xobj.get("/Matrix", _IDENTITY))
                        res = xobj.get("/Resources")
                        _run_stream(
                            xobj.get_data(),
                            res.get_object() if res is not None else resources,
                            _mul(matrix, ctm),
                            page,
                            depth + 1,
                            seen | {key},
                        )
                elif op in (b"BI", b"ID", b"EI"):
                    raise Unsupported("inline image")
            except (IndexError, TypeError, KeyError) as e:
                raise Unsupported(f"malformed operands for {op!r}: {e}") from None
            operands = []


def page_texts(reader: Any) -> list[str]:
    """The text of every page of a ``pypdf.PdfReader``, or ``Unsupported``."""
    if reader.is_encrypted:
        raise Unsupported("encrypted")
    texts = []
    for p in reader.pages:
        page = _Page()
        contents = p.get("/Contents")
        if contents is not None:
            contents = contents.get_object()
            streams = [c.get_object() for c in contents] if isinstance(contents, list) else [contents]
            data = b"\n".join(s.get_data() for s in streams)
            res = p.get("/Resources")
            _run_stream(data, res.get_object() if res is not None else None, _IDENTITY, page, 0, frozenset())
        texts.append("".join(page.parts))
    return texts
