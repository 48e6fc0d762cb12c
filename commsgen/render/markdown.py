"""Markdown for untrusted text: rendered with raw HTML disabled, and made inert inside our own
Markdown outputs (so a `<script>` in a postmortem shows as text wherever the output is viewed)."""
from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

_FENCE = re.compile(r"(?ms)^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def to_html(text: str | None) -> Markup:
    """Markdown -> HTML with raw HTML shown as text (markdown-it ``html: False``)."""
    if not text:
        return Markup("")
    return Markup(_md().render(str(text)))


def to_inline_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_md().renderInline(str(text)))


def _neutralise(segment: str) -> str:
    return _TAG_START.sub("&lt;", segment)


def inert(text: str | None) -> str:
    """Markdown text safe to embed in a Markdown output: HTML tags outside code become text."""
    if not text:
        return ""
    text = str(text)
    out, pos = [], 0
    for m in _FENCE.finditer(text):
        out.append(_inline_inert(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_inline_inert(text[pos:]))
    return "".join(out)


def _inline_inert(text: str) -> str:
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_neutralise(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_neutralise(text[pos:]))
    return "".join(out)


def one_line(text: str | None) -> str:
    """Collapse a Markdown paragraph to one line (for table cells), keeping it inert and escaping pipes."""
    if not text:
        return ""
    return re.sub(r"\s*\n\s*", " ", inert(text)).replace("|", "\\|").strip()


_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_HEADING = re.compile(r"(?m)^#{1,6}\s+")


def plain(text: str | None) -> str:
    """Markdown -> plain text (for .txt outputs): drops emphasis markers, keeps words and link targets."""
    if not text:
        return ""
    s = str(text)
    if "[" in s:      # each pattern needs its marker character: most texts have none of them
        s = _IMAGE.sub(r"\1", s)
        s = _LINK.sub(r"\1 (\2)", s)
    if "*" in s or "_" in s:
        s = _STRONG.sub(r"\2", s)
        s = _EMPHASIS.sub(r"\2", s)
    if "`" in s:
        s = _CODE.sub(r"\1", s)
    if "#" in s:
        s = _HEADING.sub("", s)
    return s.strip()


def tidy(text: str) -> str:
    """Collapse runs of blank lines left by empty template blocks (outside fenced code) and end
    with exactly one newline."""
    out, pos = [], 0
    for m in _FENCE.finditer(text):
        out.append(re.sub(r"\n{3,}", "\n\n", text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(re.sub(r"\n{3,}", "\n\n", text[pos:]))
    return "".join(out).strip("\n") + "\n"
