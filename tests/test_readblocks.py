"""The Markdown reading put together by parts (``commsgen.redact.readblocks``) equals the reading of
the whole text (``readings.markdown_reading``), for every class of Markdown a viewer reads
differently: the outputs of the samples and of generated postmortems, edits of them, and random
documents made of lists, quotes, fences, indented code, tables (short, long, broken, with escaped
pipes and rows of other widths), link reference definitions, images and data: URIs."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from commsgen.config import Config
from commsgen.redact import readblocks
from commsgen.redact.readings import markdown_reading

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import make_postmortem  # noqa: E402


def _shape(r):
    blocks = [(b.start, b.end, b.lo, b.hi, [tuple(p) for p in b.pieces]) for b in r.blocks]
    return r.source, r.text, blocks, list(r.images), r.plain


def _same(text: str) -> None:
    assert _shape(readblocks.markdown_reading_by_parts(text)) == _shape(markdown_reading(text)), text


@pytest.fixture
def small_parts(monkeypatch):
    """Split short texts too, and tables into chunks of 3 rows, so every path is exercised."""
    monkeypatch.setattr(readblocks, "MIN_CHARS", 0)
    monkeypatch.setattr(readblocks, "TABLE_ROWS", 3)


def _outputs() -> list[str]:
    from commsgen import pipeline

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "golden").glob("*/*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "golden").glob("*/*.txt"))]
    pv = pipeline.preview(make_postmortem(60), "generated.yaml", Config())
    texts += [o.content for o in pv.outputs.values() if isinstance(o.content, str)]
    return texts


SNIPPETS = [
    "\n\n",
    "\n",
    "```\n",
    "~~~\n",
    "- a\n",
    "  indented\n",
    "    code\n",
    "> q\n",
    "| x | y |\n",
    "|---|---|\n",
    "[a]: /u\n",
    "![i](data:image/png;base64,AAA)",
    "*em*",
    "`c`",
    "\\|",
    "&amp;",
    "<b>",
    "# h\n",
    "===\n",
    "\t",
    " ",
    "1. x\n",
    "\r\n",
    "| `a|b` | c |\n",
    "\n| h |\n|--|\n",
]


@pytest.mark.slow
def test_outputs_and_their_edits_read_the_same(small_parts):
    rnd = random.Random(7)
    for text in _outputs():
        _same(text)
        for _ in range(5):
            s = text
            for _ in range(rnd.randint(1, 4)):
                i = rnd.randint(0, len(s))
                s = s[:i] + rnd.choice(SNIPPETS) + s[i:]
            _same(s)


LINES = [
    "| a | b | c |",
    "|---|:-:|--|",
    "| 1 | 2 |",
    "| x \\| y | `z|w` | ![i](u) |",
    "",
    "",
    "",
    "para text *em* and `code`",
    "- item",
    "  continued",
    "    code",
    "```",
    "```py",
    "~~~",
    "````",
    "> quote",
    ">",
    "# Head",
    "Setext",
    "---",
    "===",
    "1. one",
    "   ```",
    " ```",
    "[l](http://x) &amp; <i>",
    "data:image/png;base64,AAAA",
    "\\*not em\\*",
    "| only pipe",
    "|",
    "||",
    "| - | - |",
    "-|-",
    "a | b",
    "\t| t |",
    "  | sp |",
    "[ref]: http://example.com",
    "see [ref]",
]


def test_random_documents_read_the_same(small_parts):
    rnd = random.Random(11)
    for _ in range(800):
        doc = "\n".join(rnd.choice(LINES) for _ in range(rnd.randint(3, 40))) + rnd.choice(["", "\n", "\n\n"])
        _same(doc + "\n\n*x*")


ROWS = [
    "| 1 | 2 |",
    "| x |",
    "| p | q | r |",
    "a | b",
    "> not a row",
    "# h",
    "```",
    "- li",
    "    ind",
    "| `c` | *e* |",
    "| \\| | x |",
    "",
    "plain",
    "| [l](http://h) | ![i](u) |",
]


def test_long_tables_in_chunks_read_the_same(small_parts):
    rnd = random.Random(3)
    chunked = 0
    for _ in range(500):
        rows = ["| a | b |", rnd.choice(["|---|---|", "|:-|-:|", "---|---", "| --- | --- |"])]
        rows += [rnd.choice(ROWS) for _ in range(rnd.randint(1, 15))]
        doc = rnd.choice(["", "intro *x*\n\n"]) + "\n".join(rows) + rnd.choice(["", "\n", "\n\ntail *t*\n"])
        parts = readblocks._parts(doc) or []
        chunked += any(p and not p.startswith("\x00") for _, _, p in parts)
        _same(doc)
    assert chunked > 100  # the chunked path was taken, not only the fallbacks


def test_a_keystroke_reads_only_its_part_again():
    text = _outputs()[-4]  # the generated engineering version: a 60-row timeline table
    assert len(text) > readblocks.MIN_CHARS
    readblocks._part.cache_clear()
    readblocks.markdown_reading_by_parts(text)
    first = readblocks._part.cache_info()
    i = text.index("| +")  # inside a timeline row
    edited = text[:i] + "Q" + text[i:]
    _same(edited)
    again = readblocks._part.cache_info()
    assert again.misses - first.misses == 1  # one chunk of rows was parsed again; the rest was kept


@pytest.mark.parametrize(
    "text",
    [
        "intro *x*\n\n```\ncode\n\nstill code\n```\n\nafter",  # a fence with a blank line inside
        "intro *x*\n\n- item\n\n  continued\n\nnext",  # an indented continuation stays with its item
        "intro *x*\n\n    code\n\n    more code\n\nafter",  # indented code over a blank line
        "[r]: http://example.com/\n\n*x* [r]\n\ntext",  # a reference definition: read whole
        "intro *x*\r\n\r\nafter",  # carriage returns: read whole
        "- ```\n  code\n\n```\n\ntext *x*\n```",  # a fence in a list item: read whole
        "a *x*\n\n![img](data:image/png;base64,AAAA)\n\ndata:image/gif;base64,BBBB",
    ],
)
def test_constructs_that_cross_blank_lines(small_parts, text):
    _same(text)


@pytest.mark.parametrize(
    "source,word",
    [
        ("intro\n\nMoved ledger<!-- x -->.acme.internal today\n\nplain", "ledger.acme.internal"),
        ("Key AKIA2E4R<b></b>TQ7WXY3ZP5LM &amp; more", "AKIA2E4RTQ7WXY3ZP5LM"),
        ("Thanks Dana<span class='x'>\n</span>Whitfield", "Dana Whitfield"),
        ("a <!-- open\nacross lines --> 10.12<i>.</i>4.7 b", "10.12.4.7"),
    ],
)
def test_tagless_reading_joins_what_tags_split_and_maps_back(source, word):
    from commsgen.redact.readblocks import tagless_reading

    r = tagless_reading(source)
    assert r is not None and word in r.text
    i = r.text.find(word)
    a, b = r.source_span(i, i + len(word))
    assert source[a:b].startswith(word[:3]) and source[a:b].endswith(word[-3:])


@pytest.mark.parametrize("hostile", ["<!--" * 20000, "<a " * 20000, "<" * 50000, "<b" * 20000 + ">"])
def test_tagless_reading_of_unclosed_markup(hostile):
    """Unclosed comments and tags hide nothing: no reading, or the text less the one tag."""
    from commsgen.redact.readblocks import tagless_reading

    r = tagless_reading(hostile + " tail")
    assert r is None or r.text.strip().endswith("tail")


def test_plain_text_without_markup_has_no_tagless_reading():
    from commsgen.redact.readblocks import readings_for, tagless_reading

    assert tagless_reading("a < b and c > d, x<y") is None
    assert len(readings_for("txt", "a < b and c > d")) == 1
    assert len(readings_for("txt", "a <b>bold</b> word")) == 2
    assert len(readings_for("html", "a <b>bold</b> word")) == 1
