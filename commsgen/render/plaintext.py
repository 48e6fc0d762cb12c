"""Markdown -> plain text for the ``txt`` outputs: what a reader of a terminal or an email needs.

No Markdown markup is left: headings are underlined (``=`` for the title, ``-`` for sections),
emphasis and code marks are dropped, a link reads ``label (address)``, lists keep a ``-`` or
``1.`` with a hanging indent, and paragraphs are wrapped at ``WIDTH`` columns (a word longer than
a line, such as an address, is never broken). A table is printed as aligned columns when it fits
the width, else as one block per row, ``Header: value`` a line. Code blocks stay verbatim.
"""

from __future__ import annotations

import textwrap
from functools import lru_cache

WIDTH = 72
GAP = "  "


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def _inline(token) -> str:
    out: list[str] = []
    link: list[str] = []
    for t in token.children or []:
        if t.type in ("text", "code_inline", "html_inline"):
            out.append(t.content)
        elif t.type == "softbreak":
            out.append(" ")
        elif t.type == "hardbreak":
            out.append("\n")
        elif t.type == "image":
            out.append(t.content or "")
        elif t.type == "link_open":
            link.append(t.attrs.get("href", ""))
            out.append("\0")  # where the label starts
        elif t.type == "link_close":
            href = link.pop() if link else ""
            start = max(i for i, p in enumerate(out) if p == "\0")
            label = "".join(out[start + 1 :])
            out[start:] = [label if not href or href in (label, f"mailto:{label}") else f"{label} ({href})"]
    return "".join(out)


def _wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    first = indent if first is None else first
    lines: list[str] = []
    for i, part in enumerate(text.split("\n")):
        wrapped = textwrap.wrap(
            part,
            width=WIDTH,
            initial_indent=first if i == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += wrapped or [indent.rstrip()]
    return lines


def _table(rows: list[list[str]], indent: str) -> list[str]:
    if not rows:
        return []
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(n)]
    if any(rows[0]) and len(indent) + sum(widths) + len(GAP) * (n - 1) <= WIDTH:

        def line(r: list[str]) -> str:
            return (indent + GAP.join(c.ljust(w) for c, w in zip(r, widths))).rstrip()

        head, body = rows[0], rows[1:]
        aligned = [line(head)] if any(head) else []
        if aligned:
            aligned.append(indent + GAP.join("-" * w for w in widths))
        return aligned + [line(r) for r in body]
    head, body = rows[0], rows[1:]
    out: list[str] = []
    if n == 2 and not any(head):  # a two-column table without headers: ``Key: value`` lines
        key_w = min(max(len(r[0]) for r in body) + 2, 28)
        for k, v in body:
            out += _wrap(v, indent + " " * key_w, indent + f"{k}:".ljust(key_w))
        return out
    for r in body:
        if out:
            out.append("")
        for h, c in zip(head, r):
            if not c:
                continue
            label = f"{h}: " if h else ""
            out += _wrap(c, indent + "    ", indent + label)
    return out


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown document (see the module doc), ending with one newline."""
    tokens = _md().parse(markdown)
    out: list[str] = []
    indents: list[str] = [""]  # hanging indent of each open list item
    markers: list[list] = []  # open lists: [ordered, next number]
    pending: str | None = None  # the marker of a list item's first line
    table: list[list[str]] | None = None
    heading: str | None = None

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    for tok in tokens:
        typ = tok.type
        if typ == "heading_open":
            heading = tok.tag
        elif typ == "inline" and heading:
            lines = _wrap(" ".join(_inline(tok).split()))
            blank()
            out += lines
            if heading in ("h1", "h2"):
                out.append(("=" if heading == "h1" else "-") * min(max(map(len, lines)), WIDTH))
            heading = None
        elif typ == "heading_close":
            out.append("")
        elif typ in ("bullet_list_open", "ordered_list_open"):
            if not indents[-1]:
                blank()
            markers.append([typ == "ordered_list_open", int(tok.attrs.get("start", 1) or 1)])
        elif typ in ("bullet_list_close", "ordered_list_close"):
            markers.pop()
            if not markers:
                out.append("")
        elif typ == "list_item_open":
            ordered, number = markers[-1]
            mark = f"{number}. " if ordered else "- "
            markers[-1][1] += 1
            pending = indents[-1] + mark
            indents.append(indents[-1] + " " * len(mark))
        elif typ == "list_item_close":
            indents.pop()
        elif typ == "table_open":
            table = []
            blank()
        elif typ == "tr_open" and table is not None:
            table.append([])
        elif typ == "inline" and table is not None:
            table[-1].append(" ".join(_inline(tok).split()))
        elif typ == "table_close":
            out += _table(table or [], indents[-1])
            out.append("")
            table = None
        elif typ == "inline":
            first = pending if pending is not None else indents[-1]
            out += _wrap(_inline(tok), indents[-1], first)
            pending = None
        elif typ == "paragraph_close" and not markers:
            out.append("")
        elif typ in ("fence", "code_block"):
            blank()
            code_indent = indents[-1] + "    "
            out += [(code_indent + line).rstrip() for line in tok.content.rstrip("\n").split("\n")]
            out.append("")
        elif typ == "hr":
            blank()
            out.append("-" * WIDTH)
            out.append("")
        elif typ == "blockquote_open":
            indents.append(indents[-1] + "  ")
        elif typ == "blockquote_close":
            indents.pop()
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"
