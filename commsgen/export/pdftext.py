"""The text of a PDF for the redaction gate, read from the PDF's bytes, fast.

``pypdf``'s ``extract_text`` parses a content stream one byte at a time into Python objects, and
WeasyPrint places every glyph on its own (``[<0026>0<0058>0...] TJ``): for a two-page brief that
is 0.15-0.25 s, the largest part of what ``commsgen render --format pdf`` adds to WeasyPrint.
``page_texts`` reads the same glyphs with one compiled regular expression (most tokens are a
whole operation, operands and operator, or a run of operations that neither show nor move text)
and maps them through each font's own ``/ToUnicode`` table, in a few milliseconds. It reads the
pages of a ``commsgen.export.pdfobjects.Document`` (the objects parsed on demand) or of a
``pypdf.PdfReader`` alike.

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

from commsgen.export.pdffont import NAME, NUM, WS, Font, Unsupported, hex_bytes, literal, obj

__all__ = ["Unsupported", "literal", "page_texts"]

_PARTS = {
    b"ws": WS,
    b"num": NUM,
    b"name": NAME,
    b"op": rb"[A-Za-z'\"*][A-Za-z0-9'\"*]*",
    b"opchar": rb"[A-Za-z0-9'\"*]",
    # operators that neither show text nor move it: paths, colours, graphics state, marked content
    b"skipped": rb"(?:[mlcvyhnSsFfBbWgGkKwJjMid]|re|rg|RG|gs|ri|cs|CS|sc|SC|scn|SCN|sh|BDC|BMC|EMC|MP|DP|BX|EX|[Bbf]\*|W\*)",
}
# one simple operand: a number, a name, or a property list without strings, arrays or nesting
_PARTS[b"arg"] = rb"(?:%(num)b|%(name)b|<<[^<>()\[\]%%]*>>)%(ws)b*+" % _PARTS
# Tokens. Most are a whole operation (its simple operands and its operator) or a run of operations
# that can be skipped. Every repetition of operands is possessive (``*+``): once taken, operands are
# never split another way, so a long run of numbers that ends in no operator costs one pass.
_TOKEN = re.compile(
    rb"""%(ws)b*+(?:
      (?P<skip>(?:(?:%(arg)b)*+%(skipped)b(?!%(opchar)b)%(ws)b*+)++)
    | (?P<opline>(?P<args>(?:%(arg)b)*+)(?P<opname>%(op)b))
    | (?P<tj>\[(?P<body>(?:%(ws)b*+(?:<[0-9A-Fa-f]*>|%(num)b))*+)%(ws)b*\]%(ws)b*TJ(?!%(opchar)b))
    | (?P<argrun>(?:%(arg)b)++)
    | (?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)
    | (?P<num>%(num)b)
    | (?P<op>%(op)b)
    | (?P<name>%(name)b)
    | (?P<open>\[) | (?P<close>\]) | (?P<dict><<|>>) | (?P<lit>\() | (?P<comment>%%[^\r\n]*)
    | (?P<end>\Z) | (?P<bad>.)
    )"""
    % _PARTS,
    re.X | re.S,
)
_ARG = re.compile(rb"(%(num)b)|(%(name)b)|<<|>>" % _PARTS)
# the skipped operators, and the rest of those that can be ignored the same way
_IGNORED = frozenset(
    b"m l c v y h re S s f F f* B B* b b* n W W* g G rg RG k K cs CS sc SC scn SCN "
    b"w J j M i ri gs sh BDC BMC EMC MP DP d d0 d1 BX EX".split()
)
_TJ_ITEM = re.compile(rb"<([0-9A-Fa-f]*)>|([+-]?(?:\d+\.?\d*|\.\d+))")
_MAX_DEPTH = 12  # nested form XObjects


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
    fonts: dict[str, Font] = {}
    font_dict = resources.get("/Font") if resources is not None else None
    font_dict = obj(font_dict) if font_dict is not None else {}
    xobjects = resources.get("/XObject") if resources is not None else None
    xobjects = obj(xobjects) if xobjects is not None else {}

    stack: list[tuple] = []
    operands: list[Any] = []
    arrays: list[list] = []
    tm = tlm = _IDENTITY
    font: Font | None = None
    size = 0.0
    tc = 0.0  # character spacing (word spacing applies to 1-byte code 32 only: never here)
    th = 1.0
    leading = 0.0
    rise = 0.0

    def place(text: str, glyphs: int, width: float, shift: float) -> None:
        """Give the page a run of ``glyphs`` glyphs reading ``text`` whose widths add up to
        ``width`` and whose TJ offsets to ``shift`` (thousandths of text space), and move the text
        matrix past it: its advance, character spacing included, is where the run ends."""
        nonlocal tm
        if font is None:
            raise Unsupported("text shown before a font was set")
        trm0 = _mul((size * th, 0.0, 0.0, size, 0.0, rise), _mul(tm, ctm))
        start = (trm0[4], trm0[5])
        scale = math.hypot(trm0[2], trm0[3])
        norm = math.hypot(trm0[0], trm0[1]) or 1.0
        direction = (trm0[0] / norm, trm0[1] / norm)
        tx = ((width - shift) / 1000.0 * size + tc * glyphs) * th
        tm = _mul((1.0, 0.0, 0.0, 1.0, tx, 0.0), tm)
        trm1 = _mul((size * th, 0.0, 0.0, size, 0.0, rise), _mul(tm, ctm))
        page.run(text, start, (trm1[4], trm1[5]), scale, direction)

    def show(items: list) -> None:
        """Show a string (bytes) or a TJ array (bytes and numbers), moving the text matrix."""
        if font is None:
            raise Unsupported("text shown before a font was set")
        out: list[str] = []
        glyphs, width, shift = 0, 0.0, 0.0
        for item in items:
            if isinstance(item, bytes):
                if len(item) % 2:
                    raise Unsupported("odd-length string for a 2-byte font")
                for k in range(0, len(item), 2):
                    char, w = font.glyph((item[k] << 8) | item[k + 1])
                    out.append(char)
                    width += w
                glyphs += len(item) // 2
            elif isinstance(item, float):
                if -item >= 0.95 * font.space_width:
                    out.append(" ")
                shift += item
            else:
                raise TypeError(f"{type(item).__name__} in a TJ array")
        place("".join(out), glyphs, width, shift)

    def show_tj(body: bytes) -> None:
        """``show`` of a TJ array's body as written (``<0026>0<0058>-12...``): WeasyPrint's one
        text operator, one glyph per hex string; each hex string read once per font."""
        if font is None:
            raise Unsupported("text shown before a font was set")
        out: list[str] = []
        glyphs, width, shift = 0, 0.0, 0.0
        hexes, space = font.by_hex, -0.95 * font.space_width
        for h, n in _TJ_ITEM.findall(body):
            if n:
                item = float(n)
                if item <= space:
                    out.append(" ")
                shift += item
                continue
            known = hexes.get(h)
            if known is None:
                known = hexes[h] = font.string(hex_bytes(h))
            out.append(known[0])
            glyphs += known[1]
            width += known[2]
        place("".join(out), glyphs, width, shift)

    pos = 0
    while True:
        m = _TOKEN.match(data, pos)
        assert m is not None  # the token pattern ends in a one-byte catch-all ("bad")
        pos = m.end()
        kind = m.lastgroup
        if kind == "end":
            break
        if kind == "skip":  # operations that neither show text nor move it (paths, colours, ...)
            if arrays:
                raise Unsupported("operator inside an array")
            operands = []
            continue
        if kind == "opline":  # an operator with its simple operands (numbers, names), in one match
            op = m.group("opname")
            if arrays:
                raise Unsupported(f"operator {op!r} inside an array")
            if op in _IGNORED:
                operands = []
                continue
            for number, name in _ARG.findall(m.group("args")):
                if number:
                    operands.append(float(number))
                elif name:
                    operands.append(name.decode("latin-1"))
        if kind == "tj":  # the common case, a whole ``[<..>n<..>..] TJ`` at once
            if arrays:
                raise Unsupported("TJ inside an array")
            show_tj(m.group("body"))
            operands = []
        elif kind == "argrun":  # simple operands that no operator follows at once (in an array, say)
            into = arrays[-1] if arrays else operands
            for number, name in _ARG.findall(m.group("argrun")):
                if number:
                    into.append(float(number))
                elif name:
                    into.append(name.decode("latin-1"))
        elif kind == "num":
            (arrays[-1] if arrays else operands).append(float(m.group("num")))
        elif kind == "hex":
            (arrays[-1] if arrays else operands).append(hex_bytes(m.group("hex")[1:-1]))
        elif kind == "lit":
            s, pos = literal(data, pos)
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
            if kind == "op":
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
                        fonts[name] = Font(obj(font_dict[name]))
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
                    xobj = obj(xobjects[name])
                    if xobj.get("/Subtype") == "/Form":
                        key = id(xobj)  # the reader resolves an object to one Python object
                        if depth >= _MAX_DEPTH or key in seen:
                            raise Unsupported("form XObjects nest too deep or in a cycle")
                        matrix = tuple(float(obj(v)) for v in obj(xobj.get("/Matrix", _IDENTITY)))
                        res = xobj.get("/Resources")
                        _run_stream(
                            xobj.get_data(),
                            obj(res) if res is not None else resources,
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
    """The text of every page of a ``commsgen.export.pdfobjects.Document`` or a ``pypdf.PdfReader``,
    or ``Unsupported``."""
    if reader.is_encrypted:
        raise Unsupported("encrypted")
    texts = []
    for p in reader.pages:
        page = _Page()
        contents = p.get("/Contents")
        if contents is not None:
            contents = obj(contents)
            streams = [obj(c) for c in contents] if isinstance(contents, list) else [contents]
            data = b"\n".join(s.get_data() for s in streams)
            res = p.get("/Resources")
            _run_stream(data, obj(res) if res is not None else None, _IDENTITY, page, 0, frozenset())
        texts.append("".join(page.parts))
    return texts
