"""The objects of a PDF that the redaction gate reads back, parsed on demand from the PDF's bytes.

pypdf resolves an object kept in an object stream by parsing every object of that stream: in a
tagged PDF from WeasyPrint that is the whole structure tree (hundreds of dictionaries, some
20-25 ms), although the read-back needs only the pages, their fonts and forms, the document
information and the outline. ``Document`` finds each object through the cross-reference table
or stream and parses that object alone, when it is first asked for.

It covers the files WeasyPrint (pydyf) writes: one cross-reference section (a table or a stream
whose fields are not predicted), streams without a filter or with ``/FlateDecode`` alone, text
strings in ASCII or UTF-16 with a byte-order mark. Anything else (an incremental update, an
encrypted file, another filter, a malformed object, an offset that does not point at its object,
a reference cycle) raises ``Unsupported``, and ``commsgen.export.pdf`` then reads the file with
pypdf as before: never less text.

Objects: a dictionary is a ``dict`` (keys are names), an array a ``list``, a name a ``str`` that
starts with ``/`` (as written: ``#xx`` escapes are kept, like the content-stream reader's names,
so that they match), a string ``bytes``, a number an ``int`` or a ``float``, ``true``/``false``
``bool``, ``null`` ``None``, a reference a ``Ref`` and a stream a ``Stream`` (a ``dict`` with
its raw data). ``Ref.get_object`` and ``Stream.get_data`` answer as pypdf's objects do, so that
``commsgen.export.pdftext`` reads pages from either.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from commsgen.export.pdffont import NAME, NUM, REGULAR, WS, Unsupported, hex_bytes, literal

_TOKEN = re.compile(
    rb"(?:" + WS + rb"|%[^\r\n]*+)*+(?:"
    rb"(?P<ref>(\d+)" + WS + rb"+(\d+)" + WS + rb"+R(?!" + REGULAR + rb"))"
    rb"|(?P<num>" + NUM + rb")(?!" + REGULAR + rb")"
    rb"|(?P<name>" + NAME + rb")"
    rb"|(?P<dopen><<)|(?P<dclose>>>)|(?P<aopen>\[)|(?P<aclose>\])"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<lit>\()"
    rb"|(?P<kw>true|false|null)(?!" + REGULAR + rb")"
    rb"|(?P<end>\Z)|(?P<bad>.))",
    re.S,
)
_OBJ_HEAD = re.compile(rb"(\d+)" + WS + rb"+(\d+)" + WS + rb"+obj(?!" + REGULAR + rb")")
_STREAM = re.compile(rb"(?:" + WS + rb"|%[^\r\n]*+)*+stream(?:\r\n|\n)")
_ENDSTREAM = re.compile(WS + rb"*endstream(?!" + REGULAR + rb")")
_STARTXREF = re.compile(rb"startxref" + WS + rb"+(\d+)" + WS + rb"*%%EOF" + WS + rb"*\Z")
_XREF_TABLE = re.compile(rb"xref" + WS + rb"*")
_XREF_SECTION = re.compile(rb"(\d+)" + WS + rb"+(\d+)" + WS + rb"*")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_TRAILER = re.compile(WS + rb"*trailer")
_MAX_DEPTH = 64  # nested dictionaries and arrays in one object; references followed in a row
_MAX_OUTLINE = 100_000  # outline items
_BUSY = object()  # in the cache while its object is being parsed


class Ref:
    """A reference to object ``num`` of ``doc``; ``get_object`` resolves it."""

    __slots__ = ("doc", "num")

    def __init__(self, doc: Document, num: int):
        self.doc, self.num = doc, num

    def get_object(self) -> Any:
        return self.doc.resolve(self)


class Stream(dict):
    """A stream: its dictionary (this ``dict``) and its data as written in the file."""

    def __init__(self, doc: Document, head: dict, raw: bytes):
        super().__init__(head)
        self.doc, self.raw = doc, raw

    def get_object(self) -> Stream:
        return self

    def get_data(self) -> bytes:
        """The stream's data, decoded (no filter, or ``/FlateDecode`` alone without parameters)."""
        filt = self.doc.resolve(self.get("/Filter"))
        if isinstance(filt, list) and len(filt) == 1:
            filt = self.doc.resolve(filt[0])
        if self.get("/DecodeParms") is not None or self.get("/DL") is not None:
            raise Unsupported("stream decoding parameters")
        if filt is None:
            return self.raw
        if filt != "/FlateDecode":
            raise Unsupported(f"stream filter {filt}")
        try:
            return zlib.decompress(self.raw)
        except zlib.error as e:
            raise Unsupported(f"damaged stream: {e}") from None


def text_string(value: Any) -> str:
    """A PDF text string: UTF-16BE with its byte-order mark, or plain ASCII (printable, tab, line
    breaks). Other encodings (PDFDocEncoding beyond ASCII, UTF-8) are left to pypdf."""
    if not isinstance(value, bytes):
        raise Unsupported(f"{type(value).__name__} where a text string was expected")
    if value[:2] == b"\xfe\xff":
        if len(value) % 2:
            raise Unsupported("odd-length UTF-16 text string")
        try:
            return value[2:].decode("utf-16-be")
        except UnicodeDecodeError:
            raise Unsupported("malformed UTF-16 text string") from None
    if re.search(rb"[^\t\n\r\x20-\x7e]", value):
        raise Unsupported("text string in PDFDocEncoding beyond ASCII")
    return value.decode("ascii")


class Document:
    """A PDF's objects, each parsed when first resolved. Raises ``Unsupported`` (see the module)."""

    def __init__(self, data: bytes):
        self.data = data
        self.offsets: dict[int, int] = {}  # object number -> byte offset of "N G obj"
        self.in_streams: dict[int, tuple[int, int]] = {}  # object number -> (object stream, index)
        self.cache: dict[int, Any] = {}
        self.obj_streams: dict[int, tuple[bytes, int, list[int]]] = {}  # data, /First, header
        m = _STARTXREF.search(data, max(0, len(data) - 1024))
        if m is None:
            raise Unsupported("no startxref at the end")
        self.trailer = self._read_xref(int(m.group(1)))
        if "/Prev" in self.trailer or "/XRefStm" in self.trailer:
            raise Unsupported("incremental update or hybrid cross-reference")
        if "/Encrypt" in self.trailer:
            raise Unsupported("encrypted")
        self._pages: list[dict] | None = None

    # ----------------------------------------------------------------------------- cross-reference
    def _read_xref(self, pos: int) -> dict:
        data = self.data
        m = _XREF_TABLE.match(data, pos)
        if m is not None:
            return self._read_xref_table(m.end())
        num, obj = self._object_at(pos)
        if not isinstance(obj, Stream) or obj.get("/Type") != "/XRef":
            raise Unsupported("startxref points at neither a table nor a cross-reference stream")
        widths = obj.get("/W")
        size = obj.get("/Size")
        index = obj.get("/Index", [0, size])
        if (
            not isinstance(widths, list)
            or len(widths) != 3
            or not all(isinstance(w, int) and 0 <= w <= 8 for w in widths)
            or not isinstance(index, list)
            or len(index) % 2
            or not all(isinstance(i, int) and i >= 0 for i in index)
        ):
            raise Unsupported("cross-reference stream fields")
        rows = obj.get_data()
        w0, w1, w2 = widths
        step, k = w0 + w1 + w2, 0
        for first, count in zip(index[0::2], index[1::2]):
            if k + count * step > len(rows):
                raise Unsupported("cross-reference stream too short")
            for n in range(first, first + count):
                kind = int.from_bytes(rows[k : k + w0], "big") if w0 else 1
                f1 = int.from_bytes(rows[k + w0 : k + w0 + w1], "big")
                f2 = int.from_bytes(rows[k + w0 + w1 : k + step], "big")
                k += step
                if kind == 1:
                    self.offsets.setdefault(n, f1)
                elif kind == 2:
                    self.in_streams.setdefault(n, (f1, f2))
                elif kind != 0:
                    raise Unsupported(f"cross-reference entry of type {kind}")
        self.offsets[num] = pos
        return dict(obj)

    def _read_xref_table(self, pos: int) -> dict:
        data = self.data
        while True:
            t = _TRAILER.match(data, pos)
            if t is not None:
                trailer, _ = self._parse(t.end())
                if not isinstance(trailer, dict):
                    raise Unsupported("trailer is not a dictionary")
                return trailer
            m = _XREF_SECTION.match(data, pos)
            if m is None:
                raise Unsupported("malformed cross-reference table")
            first, count = int(m.group(1)), int(m.group(2))
            pos = m.end()
            for n in range(first, first + count):
                e = _XREF_ENTRY.match(data, pos)
                if e is None:
                    raise Unsupported("malformed cross-reference entry")
                pos = e.end()
                if e.group(3) == b"n":
                    self.offsets.setdefault(n, int(e.group(1)))

    # ----------------------------------------------------------------------------- objects
    def resolve(self, value: Any) -> Any:
        """``value`` itself, or the object a ``Ref`` (or a chain of them) points at. A reference to
        an object the cross-reference does not list, or back to an object being parsed, raises
        ``Unsupported`` (pypdf then reads the file its own way): never a silent null."""
        for _ in range(_MAX_DEPTH):
            if not isinstance(value, Ref):
                return value
            num = value.num
            if num in self.cache:
                value = self.cache[num]
                if value is _BUSY:
                    raise Unsupported(f"object {num} refers back to itself")
                continue
            self.cache[num] = _BUSY
            try:
                if num in self.offsets:
                    found, obj = self._object_at(self.offsets[num])
                    if found != num:
                        raise Unsupported(f"object {num} is not at its offset")
                elif num in self.in_streams:
                    obj = self._from_stream(num, *self.in_streams[num])
                else:
                    raise Unsupported(f"object {num} is not in the cross-reference")
            except BaseException:
                del self.cache[num]
                raise
            self.cache[num] = obj
            value = obj
        raise Unsupported("references nest too deep")

    def _object_at(self, pos: int) -> tuple[int, Any]:
        m = _OBJ_HEAD.match(self.data, pos)
        if m is None:
            raise Unsupported(f"no object at offset {pos}")
        obj, end = self._parse(m.end())
        s = _STREAM.match(self.data, end)
        if s is not None:
            if not isinstance(obj, dict):
                raise Unsupported("stream without a dictionary")
            length = self.resolve(obj.get("/Length"))
            if not isinstance(length, int) or length < 0:
                raise Unsupported("stream length")
            start = s.end()
            if _ENDSTREAM.match(self.data, start + length) is None:
                raise Unsupported("stream length does not end at endstream")
            obj = Stream(self, obj, self.data[start : start + length])
        return int(m.group(1)), obj

    def _from_stream(self, num: int, stream_num: int, index: int) -> Any:
        if stream_num not in self.obj_streams:
            stm = self.resolve(Ref(self, stream_num))
            if not isinstance(stm, Stream) or stm.get("/Type") != "/ObjStm":
                raise Unsupported(f"object stream {stream_num}")
            n, first = stm.get("/N"), stm.get("/First")
            body = stm.get_data()
            if not isinstance(n, int) or not isinstance(first, int) or n < 0 or not 0 <= first <= len(body):
                raise Unsupported("object stream header")
            words = body[:first].split()
            if len(words) < 2 * n or not all(x.isdigit() for x in words[: 2 * n]):
                raise Unsupported("object stream header")
            self.obj_streams[stream_num] = (body, first, [int(x) for x in words[: 2 * n]])
        body, first, head = self.obj_streams[stream_num]
        if not 0 <= index < len(head) // 2 or head[2 * index] != num:
            raise Unsupported(f"object {num} is not at its place in object stream {stream_num}")
        obj, _ = self._parse(first + head[2 * index + 1], body)
        return obj

    def _parse(self, pos: int, data: bytes | None = None) -> tuple[Any, int]:
        """The object starting at ``pos`` (after white space and comments): (object, end)."""
        data = self.data if data is None else data
        stack: list[list] = []  # open arrays, and dictionaries as lists of keys and values
        kinds: list[bool] = []  # True for a dictionary
        while True:
            m = _TOKEN.match(data, pos)
            assert m is not None  # the pattern ends in a one-byte catch-all ("bad")
            pos = m.end()
            kind = m.lastgroup
            if kind == "ref":
                value: Any = Ref(self, int(m.group(2)))
            elif kind == "num":
                text = m.group("num")
                value = float(text) if b"." in text else int(text)
            elif kind == "name":
                value = m.group("name").decode("latin-1")
            elif kind == "hex":
                value = hex_bytes(m.group("hex"))
            elif kind == "lit":
                value, pos = literal(data, pos)
            elif kind == "kw":
                value = {b"true": True, b"false": False, b"null": None}[m.group("kw")]
            elif kind in ("dopen", "aopen"):
                if len(stack) >= _MAX_DEPTH:
                    raise Unsupported("objects nest too deep")
                stack.append([])
                kinds.append(kind == "dopen")
                continue
            elif kind in ("dclose", "aclose"):
                if not stack or kinds[-1] != (kind == "dclose"):
                    raise Unsupported("unbalanced >> or ]")
                items, is_dict = stack.pop(), kinds.pop()
                if is_dict:
                    if len(items) % 2 or not all(isinstance(k, str) for k in items[0::2]):
                        raise Unsupported("malformed dictionary")
                    value = {k: v for k, v in zip(items[0::2], items[1::2]) if v is not None}
                else:
                    value = items
            else:  # end of data, or a byte that starts no object
                raise Unsupported(f"unexpected {m.group(0)[-1:]!r} at {pos}")
            if not stack:
                return value, pos
            stack[-1].append(value)

    # ----------------------------------------------------------------------------- document
    @property
    def is_encrypted(self) -> bool:
        return False  # an encrypted file raised Unsupported

    def _dict(self, value: Any, what: str) -> dict:
        obj = self.resolve(value)
        if not isinstance(obj, dict):
            raise Unsupported(f"{what} is not a dictionary")
        return obj

    @property
    def pages(self) -> list[dict]:
        """The page dictionaries in order, each with its inherited ``/Resources`` filled in."""
        if self._pages is None:
            root = self._dict(self.trailer.get("/Root"), "the catalog")
            out: list[dict] = []
            seen: set[int] = set()

            def walk(node: dict, resources: Any, depth: int) -> None:
                if depth > _MAX_DEPTH or id(node) in seen:
                    raise Unsupported("page tree too deep or in a cycle")
                seen.add(id(node))
                resources = node.get("/Resources", resources)
                if node.get("/Type") == "/Pages" or "/Kids" in node:
                    kids = self.resolve(node.get("/Kids"))
                    if not isinstance(kids, list):
                        raise Unsupported("page tree node without kids")
                    for kid in kids:
                        walk(self._dict(kid, "a page"), resources, depth + 1)
                else:
                    out.append({**node, "/Resources": resources} if resources is not None else node)

            walk(self._dict(root.get("/Pages"), "the page tree"), None, 0)
            self._pages = out
        return self._pages

    def info(self, keys: tuple[str, ...]) -> dict[str, str]:
        """The document information's text strings under ``keys`` (those present)."""
        info = self.resolve(self.trailer.get("/Info"))
        if info is None:
            return {}
        if not isinstance(info, dict):
            raise Unsupported("document information is not a dictionary")
        return {k: text_string(self.resolve(info[k])) for k in keys if k in info}

    def outline(self) -> list[tuple[int, str]]:
        """The bookmark outline: (level, title) in document order, level 1 outermost."""
        root = self._dict(self.trailer.get("/Root"), "the catalog")
        top = self.resolve(root.get("/Outlines"))
        if top is None:
            return []
        if not isinstance(top, dict):
            raise Unsupported("outline is not a dictionary")
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        todo: list[tuple[Any, int]] = [(top.get("/First"), 1)]
        while todo:
            ref, level = todo.pop()
            item = self.resolve(ref)
            if item is None:
                continue
            if not isinstance(item, dict) or id(item) in seen or len(seen) >= _MAX_OUTLINE:
                raise Unsupported("outline item malformed or in a cycle")
            seen.add(id(item))
            out.append((level, text_string(self.resolve(item.get("/Title", b"")))))
            # the next sibling after this item's children: push it first
            todo.append((item.get("/Next"), level))
            todo.append((item.get("/First"), level + 1))
        return out
