"""What a reader sees of an output, as text, with a way back to the output's own characters.

The gate scans the bytes of an output as written, and also what a viewer shows of them:

- Markdown (md, txt, cstate, and the text read back from a PDF): rendered by markdown-it-py (raw
  HTML off, as our outputs are rendered) and reduced to its text: entities decoded, backslash
  escapes removed, emphasis, strong and code spans joined to the text around them
  (``10.12.*4*.7`` reads ``10.12.4.7``), soft line breaks read as spaces (a name wrapped over two
  lines is one name), link targets and image sources read apart from it (the text of
  ``[Dana](…) Whitfield`` reads ``Dana Whitfield``, as a viewer shows it);
- HTML: tags dropped (inline tags join the text around them, block tags end a line), entities
  decoded, the values of ``href``, ``src``, ``alt`` and ``title`` read too.

Each reading is made of *pieces*: text that stands for characters of the output (aligned back to
them on demand, character by character, allowing for escapes and entities), or separators that
stand for nothing. ``Reading.source_span`` turns a span of the reading into the span of the output
that produced it, so a finding made on the reading is reported, and masked, on the output.
Images (Markdown images, ``<img>`` and other embedded media, ``data:`` URIs) are collected with
their spans: outside the engineering version they are refused unless waived.

Linear time: markdown-it-py's block and inline parsers are linear; the HTML reader finds each
tag's end only up to the next ``<``; alignment looks a bounded window ahead and runs only for the
blocks that hold a finding.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from operator import and_, itemgetter, le, lt
from typing import Any, cast

from commsgen.redact.charrefs import html_unescape, unescape_entities
from commsgen.redact.lazyre import lazy
from commsgen.redact.obfuscation import spaced_run
from commsgen.redact.readmap import Runs, block_map, traced, traced_many

_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_DATA_URI = lazy(r"(?i)data:image/[a-z0-9.+-]{1,40}[;,][^\s\"')<>]{0,100000}")


@dataclass
class Block:
    """A part of the reading (``start``..``end``) made from ``source[lo:hi]``: its pieces are
    (start, end, aligned) spans of the reading; unaligned pieces are separators."""

    start: int
    end: int
    lo: int
    hi: int
    pieces: list[tuple[int, int, bool]]
    _map: Runs | None = None  # ``readmap.block_map``


@dataclass
class Reading:
    source: str
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    images: list[tuple[int, int, str]] = field(default_factory=list)  # source span, what it shows
    # no markup at all: the reading only joins the lines of each paragraph (what can differ from
    # the bytes is a phrase wrapped over two lines: a name, a deny term, a vulnerability detail)
    plain: bool = False
    _starts: list[int] | None = field(default=None, repr=False, compare=False)  # the blocks' starts

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that produced ``text[start:end]``: from the first to the last
        character that can be traced back; where none can, the whole of the blocks involved
        (masking more, never less)."""
        first = last = -1
        lo = hi = -1
        for b in self._blocks_over(start, end):
            lo = b.lo if lo < 0 else min(lo, b.lo)
            hi = max(hi, b.hi)
            got = traced(block_map(self.source, self.text, b), max(start, b.start), min(end, b.end))
            if got is not None:
                first = got[0] if first < 0 else min(first, got[0])
                last = max(last, got[1])
        if first >= 0:
            return first, last
        if lo < 0:
            return start, start
        return lo, hi

    def source_spans(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``[source_span(s, e) for s, e in spans]``, a span that lies inside one block traced
        without the general walk (a hostile text has a hundred thousand findings per reading)."""
        from bisect import bisect_right

        blocks, starts = self.blocks, self._block_starts()
        if len(spans) > 64:
            return self._source_spans_by_block(spans)
        out: list[tuple[int, int]] = []
        for a, e in spans:
            i = bisect_right(starts, a) - 1
            b = blocks[i] if i >= 0 else None
            if b is None or a >= e or e > b.end:
                out.append(self.source_span(a, e))
                continue
            got = traced(b._map if b._map is not None else block_map(self.source, self.text, b), a, e)
            out.append((b.lo, b.hi) if got is None else got)  # nothing traced: the whole block
        return out

    def _source_spans_by_block(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """``source_spans`` for many spans: those of one block traced together (``traced_many``)."""
        from bisect import bisect_right
        from itertools import compress, groupby, repeat

        blocks = self.blocks
        which = list(map(bisect_right, repeat(self._block_starts()), map(_FIRST, spans)))
        out: list[tuple[int, int]] = []
        at = 0
        for i, group in groupby(which):
            n = len(list(group))
            part = spans[at : at + n]
            at += n
            b = blocks[i - 1] if i > 0 else None
            if b is None:
                out += [self.source_span(a, e) for a, e in part]
                continue
            a_s, e_s = list(map(_FIRST, part)), list(map(_SECOND, part))
            inside = list(map(and_, map(lt, a_s, e_s), map(le, e_s, repeat(b.end))))  # else the general walk
            runs = b._map if b._map is not None else block_map(self.source, self.text, b)
            whole = (b.lo, b.hi)
            if all(inside):  # each traced in the block (a long line's findings): as they come, at C speed
                got_all = traced_many(runs, part)
                out += [whole if g is None else g for g in got_all] if None in got_all else cast(Any, got_all)
                continue
            traced_ = iter(traced_many(runs, list(compress(part, inside))))
            for (a, e), ok in zip(part, inside):
                got = next(traced_) if ok else self.source_span(a, e)
                out.append(whole if got is None else got)
        return out

    def _block_starts(self) -> list[int]:
        starts = self._starts
        if starts is None or len(starts) != len(self.blocks):  # blocks are only ever appended
            starts = self._starts = [b.start for b in self.blocks]
        return starts

    def _blocks_over(self, start: int, end: int) -> list[Block]:
        import bisect

        starts = self._block_starts()
        i = max(0, bisect.bisect_right(starts, start) - 1)
        out = []
        while i < len(self.blocks) and self.blocks[i].start < max(end, start + 1):
            b = self.blocks[i]
            if b.end > start or b.start == start:
                out.append(b)
            i += 1
        return out


class _Builder:
    def __init__(self, source: str):
        self.r = Reading(source)
        self.parts: list[str] = []
        self.n = 0
        self.block: Block | None = None

    def open(self, lo: int, hi: int) -> None:
        self.close()
        self.block = Block(self.n, self.n, lo, hi, [])

    def add(self, text: str, aligned: bool = True) -> None:
        if not text:
            return
        if self.block is None:
            self.open(0, len(self.r.source))
        assert self.block is not None
        self.parts.append(text)
        self.block.pieces.append((self.n, self.n + len(text), aligned))
        self.n += len(text)

    def close(self) -> None:
        if self.block is not None:
            self.block.end = self.n
            if self.block.pieces:
                self.r.blocks.append(self.block)
            self.block = None
            self.parts.append("\n")
            self.n += 1

    def done(self) -> Reading:
        self.close()
        self.r.text = "".join(self.parts)
        return self.r


# ------------------------------------------------------------------------------------ Markdown
def _md() -> Any:
    from commsgen.render.markdown import markdown_parser

    return markdown_parser()


def _line_starts(text: str) -> list[int]:
    starts, i = [0], text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def markdown_reading(source: str) -> Reading:
    """The text a Markdown viewer shows of ``source``."""
    from commsgen.render.markdown import MAX_INLINE_MARKUP, inline_markup

    if not _MARKUP.search(source):
        return _paragraphs(source)
    if inline_markup(source) > MAX_INLINE_MARKUP:
        return _dense_reading(source)
    r = parsed_reading(source)
    data_uris(r, source)
    return r


def parsed_reading(source: str, tokens: list[Any] | None = None) -> Reading:
    """What markdown-it reads of ``source`` (``markdown_reading`` without its checks and ``data:`` URIs);
    ``tokens``: the parse of ``source`` to read (default: parse it)."""
    md = _md()
    b = _Builder(source)
    starts = _line_starts(source)
    n = len(source)

    def span(tok: Any) -> tuple[int, int]:
        if not tok.map:
            return 0, n
        l0, l1 = tok.map
        return starts[min(l0, len(starts) - 1)], (starts[l1] if l1 < len(starts) else n)

    for tok in md.parse(source) if tokens is None else tokens:
        if tok.type == "inline":
            b.open(*span(tok))
            targets: list[str] = []
            _inline(md, b, tok.children or [], span(tok), targets)
            if targets:  # read apart from the text a viewer shows, which stays one run
                b.open(*span(tok))
                for target in targets:
                    b.add(target)
                    b.add(" ", False)
            b.close()
        elif tok.type in ("fence", "code_block"):
            b.open(*span(tok))
            b.add(tok.content.replace("\n", " "))
            b.close()
    return b.done()


_MARKUP = re.compile(r"[\\&*_`\[<]|!\[|data:", re.I)


def uses_parser(source: str) -> bool:
    """Whether ``markdown_reading`` reads ``source`` with markdown-it (``parsed_reading``)."""
    from commsgen.render.markdown import MAX_INLINE_MARKUP, inline_markup

    return _MARKUP.search(source) is not None and inline_markup(source) <= MAX_INLINE_MARKUP


def _paragraphs(source: str) -> Reading:
    """The reading of text without inline markup: each paragraph on one line."""
    b = _Builder(source)
    pos = 0
    for para in re.split(r"(\n[ \t]*\n)", source):
        lo, hi = pos, pos + len(para)
        pos = hi
        if para.strip():
            b.open(lo, hi)
            b.add(para.replace("\n", " "))
    r = b.done()
    # what the joined lines can read differently: a phrase (a name, a deny term), or any value spelt
    # with spaces between its letters (l e d g e r . a c m e …) that the output wrapped
    r.plain = not spaced_run(r.text)
    return r


_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # the backslash of an escape
_MARKS = re.compile(r"[*_`]+")
_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\s]{0,2000}\)")  # [text](target): its text


def _dense_reading(source: str) -> Reading:
    """A text with more inline markup than markdown-it parses in good time
    (``render.markdown.MAX_INLINE_MARKUP``): each paragraph read twice, in linear time, with its
    escapes removed and entities decoded, once as it is and once without emphasis and code marks
    and with each inline link read as its text (``10.12.*4*.7`` reads ``10.12.4.7``, ``[Dana](…)
    Whitfield`` reads ``Dana Whitfield``; ``sk\\_live\\_…`` reads ``sk_live_…`` in the first)."""
    b = _Builder(source)
    pos = 0
    for para in re.split(r"(\n[ \t]*\n)", source):
        lo, hi = pos, pos + len(para)
        pos = hi
        if not para.strip():
            continue
        text = _ESCAPE.sub("", para)
        if "&" in text:
            text = unescape_entities(text)
        text = text.replace("\n", " ")
        for reading in (text, _MARKS.sub("", _LINK.sub(r"\1", text) if "](" in text else text)):
            b.open(lo, hi)
            b.add(reading)
    b.close()
    data_uris(b.r, source)
    for m in re.finditer(r"!\[[^\]\n]{0,200}\]\(([^)\s]{1,2000})", source):
        b.r.images.append((m.start(), m.end(), m.group(1)))
    return b.done()


def _inline(md: Any, b: _Builder, children: list[Any], block_span: tuple[int, int], targets: list[str]) -> None:
    """The text of an inline token's ``children`` added to ``b``; their link targets and image sources
    (not shown: a viewer shows ``[Dana](…) Whitfield`` as ``Dana Whitfield``) added to ``targets``."""
    hrefs: list[str] = []
    link_text: list[str] = []
    for t in children:
        kind = t.type
        if kind in ("text", "code_inline"):
            b.add(t.content.replace("\n", " "))
            if hrefs:
                link_text.append(t.content)
        elif kind == "softbreak":
            b.add(" ", False)
        elif kind == "hardbreak":
            b.add(" ", False)
        elif kind == "link_open":
            hrefs.append(md.normalizeLinkText(t.attrGet("href") or ""))
            link_text = []
        elif kind == "link_close" and hrefs:
            href = hrefs.pop()
            if href and href != "".join(link_text):
                targets.append(href)
        elif kind == "image":
            src = md.normalizeLinkText(t.attrGet("src") or "")
            _inline(md, b, t.children or [], block_span, targets)
            targets.append(src)
            b.r.images.append((*_image_span(b.r, block_span, src), src))


def _image_span(r: Reading, block: tuple[int, int], src: str) -> tuple[int, int]:
    """The ``![alt](src)`` in the block's source, after the block's previous image (the whole
    block when it cannot be told)."""
    lo, hi = block
    prev = r.images[-1][1] if r.images and lo <= r.images[-1][0] < hi else lo
    start = r.source.find("![", prev, hi)
    if start < 0:
        return lo, hi
    end = r.source.find(")", start, hi)
    return start, (hi if end < 0 else end + 1)


def data_uris(r: Reading, source: str) -> None:
    """``data:image/...`` URIs anywhere (also in text a viewer would not render as an image)."""
    if "data:" not in source and "DATA:" not in source.upper():
        return
    seen = {(a, e) for a, e, _ in r.images}
    for m in _DATA_URI.finditer(source):
        if not any(a <= m.start() < e for a, e in seen):
            r.images.append((m.start(), m.end(), m.group()))


# ------------------------------------------------------------------------------------ HTML
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr td th table thead tbody tfoot section article header footer "
    "aside nav blockquote pre hr dl dt dd figure figcaption title body head html main caption".split()
)
_MEDIA_TAGS = frozenset(
    "img image object embed iframe picture video audio source".split()
)  # inline <svg> text is read as text
_SKIP_CONTENT = ("script", "style")
_END_SKIP = {name: re.compile(f"(?i)</{name}") for name in _SKIP_CONTENT}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})")
_ATTR = lazy(r"""(?i)\b(href|src|alt|title|srcset|poster|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def html_reading(source: str) -> Reading:
    """The text a browser shows of ``source``, plus its link targets and image sources."""
    b = _Builder(source)
    n = len(source)
    pos = 0
    b.open(0, n)
    while pos < n:
        i = source.find("<", pos)
        if i < 0:
            i = n
        if i > pos:
            _html_text(b, source, pos, i)
        if i >= n:
            break
        if source.startswith("<!--", i):
            j = source.find("-->", i + 4)
            pos = n if j < 0 else j + 3
            continue
        nxt = source.find("<", i + 1)
        j = source.find(">", i, nxt if nxt >= 0 else n)
        m = _TAG.match(source, i)
        if j < 0 or m is None:  # not a tag: a '<' in text
            _html_text(b, source, i, i + 1)
            pos = i + 1
            continue
        name = m.group(2).lower()
        closing = bool(m.group(1))
        tag = source[i : j + 1]
        if not closing and name in _MEDIA_TAGS:
            srcv = _attr(tag, "src") or _attr(tag, "data") or _attr(tag, "srcset") or name
            b.r.images.append((i, j + 1, srcv))
        if name in _BLOCK_TAGS:
            b.open(j + 1, n)
        for am in _ATTR.finditer(tag):
            value = am.group(2) if am.group(2) is not None else am.group(3) if am.group(3) is not None else am.group(4)
            vs = i + am.start(2 if am.group(2) is not None else 3 if am.group(3) is not None else 4)
            b.open(vs, vs + len(value))
            b.add(html.unescape(value).replace("\n", " "))
            b.open(j + 1, n)
        pos = j + 1
        if not closing and name in _SKIP_CONTENT:
            k = _END_SKIP[name].search(source, pos)
            pos = n if k is None else k.start()
    data_uris(b.r, source)
    return b.done()


def _attr(tag: str, name: str) -> str | None:
    for am in _ATTR.finditer(tag):
        if am.group(1).lower() == name:
            v = am.group(2) if am.group(2) is not None else am.group(3) if am.group(3) is not None else am.group(4)
            return html.unescape(v)
    return None


def _html_text(b: _Builder, source: str, a: int, e: int) -> None:
    seg = source[a:e]
    text = html_unescape(seg) if "&" in seg else seg
    text = re.sub(r"[\t\n\r]", " ", text)
    if b.block is not None and b.block.pieces == [] and b.block.lo != a:
        b.block.lo = a
    b.add(text)


def reading_for(fmt: str, source: str) -> Reading | None:
    """The reading of an output of format ``fmt`` (None: the bytes are all a reader gets)."""
    if fmt == "html":
        return html_reading(source)
    if fmt in ("md", "txt", "cstate"):
        return markdown_reading(source)
    return None
