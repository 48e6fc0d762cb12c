"""The Markdown reading of a long output put together from the readings of its parts, each part's
reading kept between calls (``commsgen.memo``).

The TUI checks the engineering version (a 300-row timeline table, ~40 kB) again on every pause in
typing, and a keystroke changes one paragraph or one table row; markdown-it's parse of the whole
text was the largest part of that check. The result is equal to ``readings.markdown_reading``
(same text, blocks, pieces and images; ``tests/test_readblocks.py`` compares them): wherever that
equality is not certain, the whole text is read at once.

A part ends where markdown-it cannot carry anything over: at a run of blank lines followed by a
line that starts in column 0, outside a fenced code block (lists, quotes, tables and paragraphs all
end there; an indented line continues the part before). Not split at all: short texts, texts with
a carriage return (markdown-it's line numbers would differ), texts with ``]:`` (a link reference
definition applies to the whole document), fence markers that are not a plain top-level fence
line, and whatever ``markdown_reading`` does not read with markdown-it. A long table is read in
chunks of rows, each after the table's header and delimiter rows: a row's cells read the same in
any chunk, and each chunk must parse as one table through its last row (else its part is read
whole); markdown-it's limit on padded cells cannot be reached (rows x columns under it).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from commsgen.memo import text_memo
from commsgen.redact.readings import (
    Block,
    Reading,
    data_uris,
    markdown_reading,
    parsed_reading,
    uses_parser,
)
from commsgen.redact.readings import reading_for as whole_reading_for
from commsgen.redact.charrefs import unescape_entities

MIN_CHARS = 4096  # shorter texts are read whole
TABLE_ROWS = 20  # rows per chunk of a long table
_MAX_PADDED_CELLS = 0x10000  # markdown-it's MAX_AUTOCOMPLETED_CELLS
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
_DELIMITER_ROW = re.compile(r"^[-:|][-:| \t]*$")


def reading_for(fmt: str, source: str) -> Reading | None:
    """``readings.reading_for``, with Markdown read by parts."""
    if fmt in ("md", "txt", "cstate"):
        return markdown_reading_by_parts(source)
    return whole_reading_for(fmt, source)


def readings_for(fmt: str, source: str) -> list[Reading]:
    """Every reading of an output of format ``fmt``: ``reading_for``'s, and for text read as
    Markdown that holds a complete HTML tag or comment, what a viewer that renders HTML shows of it
    (a status page, a Markdown viewer with HTML on: ``ledger<!-- -->.acme.internal`` and
    ``AKIA2E4R<b></b>TQ7W…`` read joined; ``tagless_reading``)."""
    reading = reading_for(fmt, source)
    out = [] if reading is None else [with_urls_aside(reading)]
    if fmt in ("md", "txt", "cstate") and "<" in source:
        tagless = tagless_reading(source)
        if tagless is not None:
            out.append(with_urls_aside(tagless))
    return out


# a link's target written after its text (``Dana (https://…) Whitfield``: how the plain-text renderer
# writes a Markdown link, or a writer by hand): the words around it are read together too
_URL_ASIDE = re.compile(r"[ \t]*\((?:https?://|mailto:)[^()\s]{1,2000}\)")


def with_urls_aside(r: Reading) -> Reading:
    """``r``, or a copy of it with, for each of its blocks whose text holds a link target in
    parentheses, a block of that text without them (traced back to the same part of the source)."""
    if "(" not in r.source:
        return r
    text = r.text
    blocks: list[Block] = []
    extra: list[str] = []
    n = len(text)
    for b in r.blocks:
        shown = text[b.start : b.end]
        if "(" in shown and _URL_ASIDE.search(shown):
            aside = _URL_ASIDE.sub("", shown)
            blocks.append(Block(n, n + len(aside), b.lo, b.hi, [(n, n + len(aside), True)]))
            extra += (aside, "\n")
            n += len(aside) + 1
    if not blocks:
        return r
    return Reading(r.source, text + "".join(extra), r.blocks + blocks, r.images, r.plain)


_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")  # each try stops at the next < or >
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


def tagless_reading(source: str) -> Reading | None:
    """Each paragraph of ``source`` that holds an HTML comment or a complete tag, with them left
    out and its entities decoded (what a viewer that renders HTML shows), or None when none does.
    Linear: a comment's end is looked for once, each tag's only up to the next ``<`` or ``>``."""
    r = Reading(source)
    parts: list[str] = []
    n = pos = 0
    for m in itertools.chain(_PARAGRAPHS.finditer(source), [None]):
        lo, hi = pos, (m.start() if m is not None else len(source))
        pos = m.end() if m is not None else hi
        para = source[lo:hi]
        if "<" not in para:
            continue
        text = _TAG.sub("", _without_comments(para))
        if len(text) == len(para):
            continue
        text = unescape_entities(text).replace("\n", " ") if "&" in text else text.replace("\n", " ")
        r.blocks.append(Block(n, n + len(text), lo, hi, [(n, n + len(text), True)]))
        parts += (text, "\n")
        n += len(text) + 1
    if not r.blocks:
        return None
    r.text = "".join(parts)
    return r


def _without_comments(text: str) -> str:
    """``text`` without its complete HTML comments."""
    i = text.find("<!--")
    if i < 0:
        return text
    out, pos = [], 0
    while i >= 0:
        j = text.find("-->", i + 4)
        if j < 0:
            break
        out.append(text[pos:i])
        pos = j + 3
        i = text.find("<!--", pos)
    out.append(text[pos:])
    return "".join(out)


def markdown_reading_by_parts(source: str) -> Reading:
    """``readings.markdown_reading(source)``, read by parts when that gives the same reading."""
    if len(source) < MIN_CHARS or "\r" in source or "]:" in source or not uses_parser(source):
        return markdown_reading(source)
    parts = _parts(source)
    if parts is None or len(parts) < 2:
        return markdown_reading(source)
    texts: list[str] = []
    out = Reading(source)
    n = 0
    for start, text, prefix in parts:
        r = _part(text, prefix)
        if r is None:
            return markdown_reading(source)
        shift = start - (0 if prefix.startswith("\x00") else len(prefix))
        for b in r.blocks:
            out.blocks.append(
                Block(b.start + n, b.end + n, b.lo + shift, b.hi + shift, [(a + n, e + n, al) for a, e, al in b.pieces])
            )
        out.images.extend((s + shift, e + shift, src) for s, e, src in r.images)
        texts.append(r.text)
        n += len(r.text)
    out.text = "".join(texts)
    data_uris(out, source)
    return out


def _parts(source: str) -> list[tuple[int, str, str]] | None:
    """(start, text, prefix) of each part (see ``_part`` for the prefix); None when the text must be
    read whole."""
    lines = source.split("\n")
    starts: list[int] = []
    at = 0
    for ln in lines:
        starts.append(at)
        at += len(ln) + 1
    cuts = [0]
    fence: tuple[str, int] | None = None
    blank = False
    for i, ln in enumerate(lines):
        if fence is not None:
            m = _FENCE.match(ln)
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] and not m.group(3).strip(" \t"):
                fence = None
            continue
        if "```" in ln or "~~~" in ln:
            m = _FENCE.match(ln)
            if m is None or m.group(1) or (m.group(2)[0] == "`" and "`" in m.group(3)):
                return None  # a marker markdown-it may read otherwise (in a list item, a quote, a code span)
            fence = (m.group(2)[0], len(m.group(2)))  # in column 0: a top-level fence, always
        if not ln.strip(" \t"):
            blank = True
            continue
        if blank and i and ln[0] not in " \t":
            cuts.append(i)
        blank = False
    cuts.append(len(lines))
    out: list[tuple[int, str, str]] = []
    for a, b in zip(cuts, cuts[1:]):
        lo = starts[a]
        hi = starts[b] if b < len(lines) else len(source)
        out += _table_chunks(source, lines[a:b], lo, hi)
    return out


def _table_chunks(source: str, lines: list[str], lo: int, hi: int) -> list[tuple[int, str, str]]:
    """A part as chunks of table rows when it is a long table (``_part`` checks each), else whole."""
    rows = len(lines) - 2
    while rows > 0 and not lines[rows + 1].strip(" \t"):
        rows -= 1  # the blank lines after the table stay with its last chunk
    if (
        rows <= TABLE_ROWS
        or "|" not in lines[0]
        or not _DELIMITER_ROW.match(lines[1].strip(" \t"))
        or rows * (lines[0].count("|") + 1) >= _MAX_PADDED_CELLS
    ):
        return [(lo, source[lo:hi], "")]
    offs = [lo]
    for ln in lines:
        offs.append(offs[-1] + len(ln) + 1)
    header = lines[0] + "\n" + lines[1] + "\n"
    out: list[tuple[int, str, str]] = []
    for k in range(0, rows, TABLE_ROWS):
        a = 0 if k == 0 else 2 + k
        b = 2 + min(k + TABLE_ROWS, rows)
        start, end = offs[a], (offs[b] if b < 2 + rows else hi)
        out.append((start, source[start:end], "\x00table" if k == 0 else header))
    return out


@text_memo(maxsize=2048, max_chars=8_000)
def _part(text: str, prefix: str) -> Reading | None:
    """The reading of one part: ``prefix`` "": read as it is; "\\x00table": the first chunk of a
    table; else a later chunk of a table, read after ``prefix`` (the table's header and delimiter
    rows), whose own cells are left out. None when the part cannot be read on its own: a chunk
    that does not parse as one table through its last row, a token without a line."""
    from commsgen.render.markdown import markdown_parser

    head = "" if prefix.startswith("\x00") else prefix
    full = head + text
    tokens: list[Any] = markdown_parser().parse(full)
    if any(t.type in ("inline", "fence", "code_block") and not t.map for t in tokens):
        return None
    if prefix:
        lines = full.split("\n")
        while lines and not lines[-1].strip(" \t"):
            lines.pop()
        if not tokens or tokens[0].type != "table_open" or tokens[0].map != [0, len(lines)]:
            return None
        if tokens[-1].type != "table_close":
            return None
        if head:
            tokens = [t for t in tokens if not (t.type == "inline" and t.map[0] < 2)]
    return parsed_reading(full, tokens)
