"""The prepared text every rule reads: sentences, masking, positions."""

from __future__ import annotations

import pytest

from commsgen.lint.text import Doc


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("The cat sat. Then it ran.", ["The cat sat.", "Then it ran."]),
        ("On Sat. Nov. 21 we fixed it. Done.", ["On Sat. Nov. 21 we fixed it.", "Done."]),
        ("See e.g. the U.S. store. Next one.", ["See e.g. the U.S. store.", "Next one."]),
        ("Dr. Lee called! Why? Because.", ["Dr. Lee called!", "Why?", "Because."]),
        ("Version 2.5 is out. Yes.", ["Version 2.5 is out.", "Yes."]),
        (
            "# Title\nFirst line\ncontinues here.\n\n- item one\n- item two",
            ["Title", "First line\ncontinues here.", "item one", "item two"],
        ),
    ],
)
def test_sentences(text, sentences):
    got = [s.text.lstrip("#- ") for s in Doc.of(text).sentences]
    assert got == sentences


def test_headings_and_table_rows_are_marked():
    doc = Doc.of("# Update\n\n| a | b |\n\nProse here.")
    assert [s.heading for s in doc.sentences] == [True, True, False]


def test_masking_keeps_offsets_and_hides_non_prose():
    text = "Mail ops@acme.example, see [the page](https://x.example/dns) or `dns` <b>now</b>."
    doc = Doc.of(text)
    assert len(doc.masked) == len(text)
    assert doc.texts == ["Mail", "see", "the", "page", "or", "now"]
    i = doc.texts.index("now")
    assert text[doc.start(i) : doc.end(i)] == "now"


def test_positions_are_one_based_line_and_column():
    doc = Doc.of("ab\ncd\r\nef")
    assert doc.position(0) == (1, 1)
    assert doc.position(3) == (2, 1)
    assert doc.position(7) == (3, 1)


def test_possessive_and_curly_apostrophes_normalise_keys():
    doc = Doc.of("The CDN’s cache and Omar's change.")
    assert doc.bare == ["The", "CDN", "cache", "and", "Omar", "change"]
