"""The text a reader sees in an HTML page: no tags, no CSS, no script, entities decoded.

Used to feed the writing checks (a sentence of CSS is not a sentence). Block elements end a
line, so sentences and list items stay apart; ``<br>`` is a line break.
"""

from __future__ import annotations

from html.parser import HTMLParser

_HIDDEN = {"style", "script", "head", "title", "template", "svg"}
_BLOCK = {
    "p",
    "div",
    "section",
    "header",
    "footer",
    "article",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "br",
    "hr",
    "dd",
    "dt",
    "td",
    "th",
}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


# references that always stand for one character wherever they are in text (named, with their
# semicolon): a page holding hundreds of one of them is read with a private-use character in its
# place, put back after (``HTMLParser`` decodes each reference with a Python call: a megabyte of
# ``&lt;`` took a second)
_SWAPPED = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}
_MANY = 256


def visible_text(html: str) -> str:
    """The words of ``html`` as a reader sees them, one block a paragraph."""
    swaps = []
    if len(html) > 4096 and "&" in html:
        free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html)
        for ref, char in _SWAPPED.items():
            if html.count(ref) > _MANY:
                stand_in = next(free, None)
                if stand_in is None:
                    break
                html = html.replace(ref, stand_in)
                swaps.append((stand_in, char))
    reader = _Reader()
    reader.feed(html)
    reader.close()
    seen = "".join(reader.parts)
    for stand_in, char in swaps:
        seen = seen.replace(stand_in, char)
    lines = [" ".join(line.split()) for line in seen.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1]:
            out.append("")
    return "\n".join(out).strip() + "\n"
