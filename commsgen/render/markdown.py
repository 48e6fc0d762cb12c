"""Markdown for untrusted text: rendered with raw HTML disabled, and made inert inside our own
Markdown outputs (so a `<script>` in a postmortem shows as text wherever the output is viewed)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import lru_cache

from markupsafe import Markup

# the opening run is possessive: on an opening line with no newline after it the engine gave back one
# backtick at a time and read the line again for each (quadratic: hours for a megabyte of backticks);
# when a fence matches, it is with the whole run, so the matches are the same
_FENCE = re.compile(r"(?ms)^( {0,3})(`{3,}+|~{3,}+)[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


# The characters at which an inline rule of the CommonMark preset can start: a line break, an
# escape, code, emphasis, a link or image, an autolink, an entity. markdown-it's own text rule also
# stops at characters only plugins, linkify or the typographer use ('-', ':', '.', '@', ...), and
# tries every rule there: on a long run of them (a megabyte of ``a-1.``) that is several seconds.
# With those features off, stopping only here renders the same (tests/test_render.py compares it
# with the stock rule).
_INLINE_START = re.compile(r"[\n!&*<\[\\\]_`]")
_INLINE_START_BUT_BRACKET = re.compile(r"[\n!&*<\[\\_`]")


def _text(state, silent: bool) -> bool:
    """markdown-it's ``text`` rule for the CommonMark preset without linkify or typographer.

    No rule starts at ``]``: it stops text only for the benefit of a link label's search (which
    runs the rules with ``silent``). Otherwise a ``]`` is read as text here, in one piece with what
    follows (markdown-it would add it to the pending text one character at a time, and that text
    is copied whole on every addition: a long run of ``](`` took seconds)."""
    pos = state.pos
    if not silent and pos < state.posMax and state.src[pos] == "]":
        m = _INLINE_START_BUT_BRACKET.search(state.src, pos + 1, state.posMax)
        end = state.posMax if m is None else m.start()
        state.pending += state.src[pos:end]
        state.pos = end
        return True
    m = _INLINE_START.search(state.src, pos, state.posMax)
    end = state.posMax if m is None else m.start()
    if end == pos:
        return False
    if not silent:
        state.pending += state.src[pos:end]
    state.pos = end
    return True


@lru_cache(maxsize=2)
def markdown_parser(stock_text_rule: bool = False):
    """The one Markdown parser of commsgen: CommonMark, raw HTML shown as text, tables, no linkify
    or typographer. ``stock_text_rule`` keeps markdown-it's own text rule (tests compare the two)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    if not stock_text_rule:
        md.inline.ruler.at("text", _text)
    return md


# Inline markup characters beyond which a text is rendered without inline formatting: markdown-it
# takes about 50 us per emphasis, link or code delimiter, so a megabyte of ``_a_`` would take
# half a minute. No real postmortem comes near this; such a text is shown as typed (escaped).
MAX_INLINE_MARKUP = 20_000
_MARKUP_CHARS = "*_`[!&<\\"


def inline_markup(text: str) -> int:
    """How many characters of ``text`` may start inline Markdown."""
    return sum(text.count(c) for c in _MARKUP_CHARS)


def _literal_text(state, silent: bool) -> bool:
    """A text rule that reads every character as text, up to the line's end."""
    pos = state.pos
    end = state.src.find("\n", pos, state.posMax)
    end = state.posMax if end < 0 else end
    if end == pos:
        return False
    if not silent:
        state.pending += state.src[pos:end]
    state.pos = end
    return True


@lru_cache(maxsize=1)
def literal_parser():
    """``markdown_parser`` without inline markup: blocks (paragraphs, lists, tables) as usual, inline
    text shown as typed. Linear and fast on any text."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.inline.ruler.at("text", _literal_text)
    md.disable(["escape", "backticks", "emphasis", "link", "image", "autolink", "html_inline", "entity"])
    return md


def _md(text: str = ""):
    return literal_parser() if inline_markup(text) > MAX_INLINE_MARKUP else markdown_parser()


def to_html(text: str | None) -> Markup:
    """Markdown -> HTML with raw HTML shown as text (markdown-it ``html: False``)."""
    if not text:
        return Markup("")
    return Markup(_md(str(text)).render(str(text)))


def to_inline_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_md(str(text)).renderInline(str(text)))


def _neutralise(segment: str) -> str:
    return _TAG_START.sub("&lt;", segment)


def _fences(text: str) -> Iterator[re.Match[str]]:
    """``_FENCE.finditer(text)``; a text without three backticks or tildes in a row has no fence
    (and ``_FENCE``, tried at every position, is slow on a megabyte)."""
    if "```" in text or "~~~" in text:
        yield from _FENCE.finditer(text)


_INERT_KEPT: list[tuple[str, str]] = []  # the last few long texts made inert (every audience shows the summary)


def inert(text: str | None) -> str:
    """Markdown text safe to embed in a Markdown output: HTML tags outside code become text."""
    if not text:
        return ""
    text = str(text)
    if len(text) >= 65536:
        for source, done in _INERT_KEPT:
            if source == text:
                return done
        done = _inert(text)
        _INERT_KEPT[:] = [(text, done), *_INERT_KEPT[:3]]
        return done
    return _inert(text)


def _inert(text: str) -> str:
    out, pos = [], 0
    for m in _fences(text):
        out.append(_inline_inert(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_inline_inert(text[pos:]))
    return "".join(out)


_TICKS = re.compile(r"`+")
_RUNS_FROM = 1024  # texts this long are read run by run (``code_spans``)


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``_CODE_SPAN.finditer(text)``, in time linear in the text.

    ``_CODE_SPAN`` opens at a backtick and closes at the next run of exactly as many backticks;
    when none follows, the engine tries again one backtick later, and each try reads to the end of
    the text (a megabyte of backticks: hours). Here each run of backticks is read once: a match
    opens in a run of ``n`` at the largest length ``L <= n`` that some later run has exactly (its
    last ``L`` backticks) and closes at the first such later run."""
    if len(text) < _RUNS_FROM:
        for m in _CODE_SPAN.finditer(text):
            yield m.span()
        return
    runs = [m.span() for m in _TICKS.finditer(text)]
    by_len: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length, in order
    for i, (a, b) in enumerate(runs):
        by_len.setdefault(b - a, []).append(i)
    left = {n: len(ix) for n, ix in by_len.items()}  # runs of each length not passed yet
    lengths = sorted(left)  # the lengths some run not passed yet has
    nxt = dict.fromkeys(by_len, 0)  # per length: the first of its runs not passed yet
    i = 0

    def passed(j: int) -> None:
        n = runs[j][1] - runs[j][0]
        left[n] -= 1
        nxt[n] += 1
        if not left[n]:
            lengths.remove(n)

    while i < len(runs):
        a, b = runs[i]
        passed(i)
        k = bisect.bisect_right(lengths, b - a) - 1
        if k < 0:  # no later run is short enough: no span opens in this one
            i += 1
            continue
        length = lengths[k]
        close = by_len[length][nxt[length]]
        yield b - length, runs[close][0] + length
        for j in range(i + 1, close + 1):  # the runs inside the span and the closing one
            passed(j)
        i = close + 1


def _inline_inert(text: str) -> str:
    out, pos = [], 0
    for start, end in code_spans(text):
        out.append(_neutralise(text[pos:start]))
        out.append(text[start:end])
        pos = end
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


@lru_cache(maxsize=16)
def _template(template: str) -> tuple[str | int, ...]:
    """A ``sub`` template of group references (``\\1``..``\\9``) and plain text, parsed once:
    ``Match.expand`` parses its template at each call (a line of a hundred thousand links)."""
    if "\\" in re.sub(r"\\[1-9]", "", template):
        raise ValueError(f"template {template!r}: only \\1-\\9 and plain text")
    return tuple(int(p[1]) if i % 2 else p for i, p in enumerate(re.split(r"(\\[1-9])", template)) if p)


def _sub(rx: re.Pattern[str], template: str, text: str) -> str:
    """``rx.sub(template, text)``, the pattern tried only where RE2 says a match starts: from each
    ``[`` of a long run with no closing ``](`` the label pattern read to the end (quadratic)."""
    from commsgen.lint.prefilter import prefilter

    pieces = _template(template)
    out: list[str] = []
    pos = 0
    for m in prefilter((rx,)).finditer_text(0, text):
        out += (text[pos : m.start()], *[m.group(p) or "" if isinstance(p, int) else p for p in pieces])
        pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def plain(text: str | None) -> str:
    """Markdown -> plain text (for .txt outputs): drops emphasis markers, keeps words and link targets."""
    if not text:
        return ""
    s = str(text)
    if "[" in s:  # each pattern needs its marker character: most texts have none of them
        s = _IMAGE.sub(r"\1", s) if len(s) < 4096 else _sub(_IMAGE, r"\1", s)
        s = _LINK.sub(r"\1 (\2)", s) if len(s) < 4096 else _sub(_LINK, r"\1 (\2)", s)
    if "*" in s or "_" in s:
        s = _STRONG.sub(r"\2", s)
        s = _EMPHASIS.sub(r"\2", s)
    if "`" in s:
        s = _CODE.sub(r"\1", s)
    if "#" in s:
        s = _HEADING.sub("", s)
    return s.strip()


# three newlines or more, written so that ``re`` looks for its literal start at C speed (``\n{3,}``
# is tried at each character of a megabyte line)
_BLANK_RUN = re.compile(r"\n\n\n+")


def tidy(text: str) -> str:
    """Collapse runs of blank lines left by empty template blocks (outside fenced code) and end
    with exactly one newline."""
    out, pos = [], 0
    for m in _fences(text):
        out.append(_BLANK_RUN.sub("\n\n", text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_BLANK_RUN.sub("\n\n", text[pos:]))
    return "".join(out).strip("\n") + "\n"
