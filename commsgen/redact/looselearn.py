"""What a loose text (a file given to ``scan``, an output being gated) teaches about itself, for the
second pass (``extras.py``): the lines its trigger selects, and the terms their engineering contexts
teach (``learn.learn_line``: hosts in log lines and commands, cluster names, identifiers...).

Learnt terms apply to the whole text, so they are known before any part of it is scanned. A large
text learns in parallel parts (``parallel.py``): each part's candidate lines and terms, in the order
of the whole, are the serial result (``learn.dedupe`` keeps a term's first occurrence). The result
for the last text is kept: the parts of a scan ask for it again, in this process or in the forked
ones.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from commsgen.adapters.re2set import Finder, options
from commsgen.redact import linemarks, parallel
from commsgen.redact.detectors import under
from commsgen.redact.extra_rules import LEARN_TRIGGER, NAMES_TRIGGER, URL_CONTEXT_TRIGGER
from commsgen.redact.hosts import vendor_public
from commsgen.redact.locate import matching_line_starts

SOURCE = "|".join(f"(?:{p})" for p in (LEARN_TRIGGER, NAMES_TRIGGER, URL_CONTEXT_TRIGGER))
# a longer line is a data dump (a log paste, a minified file), not prose: it teaches nothing (the
# rules and the names still run on it)
LEARN_MAX_LINE = 20_000

if TYPE_CHECKING:
    from commsgen.redact.learn import Learnt

Lines = list[tuple[int, str]]


@cache
def _trigger() -> Finder:
    return Finder(SOURCE, options(max_mem=32 << 20))


def candidate_lines(text: str | bytes, data: bytes | None = None, start: int = 0, end: int | None = None) -> Lines:
    """(start, line) of the lines of ``text[start:end]`` (``start`` a line start, ``end`` a line start
    or the end) the trigger selects: one RE2 pass over the text's UTF-8 (``data`` when the caller has
    it). A match that starts on a newline (the trigger may begin with the character before a token)
    selects the line after it. For a text beyond ASCII, byte offsets are carried to character offsets
    from one candidate line to the next (linear: the bytes between two candidate lines are decoded
    once); Python's re over such a text cost 0.2 s per 900 kB. ``text``: a string, or the bytes of
    an ASCII one (``learn_ahead``)."""
    n = len(text)
    end = n if end is None else end
    if isinstance(text, bytes):  # the bytes of an ASCII text: its lines decoded one by one
        return [(s, line.decode("ascii")) for s, line in _ascii_lines(text, text, start, end)]
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    if len(data) == n:  # ASCII: byte offsets are character offsets
        return _ascii_lines(text, data, start, end)
    find = data.find
    out: Lines = []
    bstart = len(text[:start].encode("utf-8", "surrogatepass")) if start else 0
    bend = bstart + len(text[start:end].encode("utf-8", "surrogatepass"))
    char_at, byte_at = start, bstart  # byte_at in data is char_at in text
    for s in matching_line_starts(_trigger(), data, bstart, bend):
        e = find(b"\n", s, bend)
        e = bend if e < 0 else e
        at = char_at + len(data[byte_at:s].decode("utf-8", "surrogatepass"))
        line = data[s:e].decode("utf-8", "surrogatepass")
        out.append((at, line))
        char_at, byte_at = at + len(line), e
    return out


def _ascii_lines(text: Any, data: bytes, start: int, end: int) -> list[tuple[int, Any]]:
    """``candidate_lines`` of an ASCII text: (start, ``text[start:end]`` of the line), ``text`` the
    string or its bytes."""
    find = data.find
    out = []
    for s in matching_line_starts(_trigger(), data, start, end):
        e = find(b"\n", s, end)
        out.append((s, text[s : end if e < 0 else e]))
    return out


def _learn_range(
    text: str | bytes,
    data: bytes | None,
    public: tuple[str, ...],
    start: int,
    end: int,
    blocks: list[int] | None = None,
) -> tuple[Lines, list[Learnt]]:
    """The candidate lines of ``text[start:end]`` and the terms they teach. ``blocks``: filled with
    the range's newlines per block (``linemarks.block_counts``), which also tell the taught lines'
    numbers (a forked learner: the scan's parts then need not count newlines)."""
    from commsgen.redact.learn import learn_line

    if blocks is not None:
        blocks[:] = linemarks.block_counts(text, start, end)
    lines = candidate_lines(text, data, start, end)
    terms: list[Learnt] = []
    if not lines:
        return lines, terms
    taught: list[tuple[int, int]] = []  # (index in terms of the first term a line taught, its start)
    seen: set[str] = set()  # a repeated line teaches nothing new (dedupe keeps the first)
    for s, line in lines:
        if len(line) <= LEARN_MAX_LINE and line not in seen:
            seen.add(line)
            k = len(terms)
            learn_line(line, "", strict=True, out=terms)
            if len(terms) > k:
                taught.append((k, s))
    # each term says on which line it was learnt: from the range's newlines per block when they were
    # counted, else counted up to the last such line only (about a millisecond per megabyte)
    if taught:
        count: Callable[..., int] = text.count
        newline = "\n" if isinstance(text, str) else b"\n"
        first = count(newline, 0, start) + 1
        if blocks is not None:
            numbers = linemarks.lines_in(text, start, first, blocks, [s for _, s in taught])
        else:
            numbers, no, at = [], first, start
            for _, s in taught:
                no += count(newline, at, s)
                at = s
                numbers.append(no)
        for i, (k, _) in enumerate(taught):
            where = f"line {numbers[i]}"
            for j in range(k, taught[i + 1][0] if i + 1 < len(taught) else len(terms)):
                terms[j] = terms[j]._replace(where=where)
    return lines, _unpublished(terms, public)


def _unpublished(terms: list[Learnt], public: tuple[str, ...]) -> list[Learnt]:
    """``terms`` without the hosts a loose text must not teach (``published``)."""
    return [
        t for t in terms if not (t.kind == "internal-host" and "." in t.term and published(t.term.casefold(), public))
    ]


# the last text's result: (text, public domains, (lines, terms))
_LAST: list[Any] = [None, None, None]


def learn(
    text: str, data: bytes | None, public: tuple[str, ...], meanwhile: Callable[[], None] | None = None
) -> tuple[Lines, list[Learnt]]:
    """The text's candidate lines and the terms its own engineering contexts teach (memoised for the
    last text and public domains). ``data``: ``text``'s UTF-8 when the caller has it. ``meanwhile``:
    work for this process while forked ones learn the whole text, in one part fewer than
    ``parallel.split`` gives; called only when the text is learnt in forked processes. Learners that
    ``learn_ahead`` started from these very bytes are collected instead of forking new ones."""
    if _LAST[0] is text and _LAST[1] == public:
        return _LAST[2]  # type: ignore[no-any-return]
    bounds = parallel.split(text)
    ahead = _take_ahead(data)
    if len(bounds) < 2 and ahead is None:
        result = _learn_range(text, data, public, 0, len(text))
    else:

        def decode(item: Any, a: int, b: int) -> tuple[Lines, list[Learnt], tuple[int, list[int]]]:
            from commsgen.redact.learn import Learnt

            return [(s, text[s : s + k]) for s, k in item[0]], [Learnt(*t) for t in item[1]], (a, item[2])

        def local(a: int, b: int) -> tuple[Lines, list[Learnt], tuple[int, list[int]]]:
            blocks: list[int] = []
            lines, terms = _learn_range(text, data, public, a, b, blocks)
            return lines, terms, (a, blocks)

        def work() -> None:
            if meanwhile is not None:
                meanwhile()
            # the learn module (``decode`` needs it) is imported while the forked processes learn
            import commsgen.redact.learn  # noqa: F401

        if ahead is not None:
            parts = parallel.finish_beside(ahead, work, local, decode)
            if public:  # the learners started ahead knew no public domain
                parts = [(lines, _unpublished(terms, public), blocks) for lines, terms, blocks in parts]
        elif meanwhile is None:
            parts = parallel.run_parts(_remote(text, data, public), bounds, local, decode)
        else:
            parts = parallel.run_beside(_remote(text, data, public), _whole(text, len(bounds) - 1), work, local, decode)
        result = ([x for lines, _, _ in parts for x in lines], [t for _, terms, _ in parts for t in terms])
        linemarks.keep(text, [blocks for _, _, blocks in parts])
    _LAST[:] = [text, public, result]
    return result


def _remote(
    text: str | bytes, data: bytes | None, public: tuple[str, ...]
) -> Callable[[int, int], tuple[list[tuple[int, int]], list[tuple[str, str, str, str]], list[int]]]:
    """What a forked learner computes for the part ``(a, b)``: its candidate lines as (start, length),
    its terms as tuples and its newlines per block (``linemarks``), marshal-able."""

    def remote(a: int, b: int) -> tuple[list[tuple[int, int]], list[tuple[str, str, str, str]], list[int]]:
        blocks: list[int] = []
        lines, terms = _learn_range(text, data, public, a, b, blocks)
        return [(s, len(line)) for s, line in lines], [(t.term, t.kind, t.how, t.where) for t in terms], blocks

    return remote


def _whole(text: str | bytes, parts: int) -> list[tuple[int, int]]:
    """The whole text in ``parts`` pieces of about equal size, each starting a line."""
    starts = parallel.split_lines(text, parts, first_extra=0.0)
    return list(zip(starts, starts[1:] + [len(text)]))


# learners started from a text's bytes before the text was decoded (``learn_ahead``): [the bytes,
# the forked processes]
_AHEAD: list[Any] = []


def learn_ahead(data: bytes) -> None:
    """Start learning a text from its bytes in forked processes, before the caller decodes them or
    reads its configuration (a file given to ``scan``): ``learn`` of the decoded text, with these very
    bytes as its ``data``, collects them instead of forking its own, so the decoding, the reading of
    the configuration and the import of the scanner run while they learn. The learners know no public
    domain: ``learn`` drops the hosts under its own ``public`` from what they teach (``published``
    asks the same of each host, whatever the domains). Only for an ASCII text that ``learn`` learns
    in forked processes (their offsets are the text's); learners started earlier from other bytes and
    never collected are stopped first; for these very bytes, nothing is done (they learn already)."""
    if _AHEAD and _AHEAD[0] is data:
        return
    drop_ahead()
    bounds = parallel.split(data)
    if len(bounds) < 2 or not data.isascii():
        return
    _AHEAD[:] = [data, parallel.start(_remote(data, None, ()), _whole(data, len(bounds) - 1))]


def _take_ahead(data: bytes | None) -> parallel.Children | None:
    """The learners ``learn_ahead`` started from ``data`` (the same object), taken; any others are
    stopped."""
    if _AHEAD and data is not None and _AHEAD[0] is data:
        children: parallel.Children = _AHEAD[1]
        _AHEAD.clear()
        return children
    drop_ahead()
    return None


def drop_ahead() -> None:
    """Stop the learners ``learn_ahead`` started and nothing collected (a scan that fails before
    its first file is scanned)."""
    if _AHEAD:
        children = _AHEAD[1]
        _AHEAD.clear()
        parallel.discard(children)


def public_of(ctx: Any) -> tuple[str, ...]:
    """The public domains a scan context gives ``learn`` (the company's own: it does not teach them)."""
    return tuple(getattr(ctx, "public_domains", ()) or ())


def published(host: str, public: tuple[str, ...]) -> bool:
    """A host a loose text must not teach: a vendor's public host, the company's domain (its own rules
    decide), or a bare registrable domain (jenkins.io)."""
    return (
        vendor_public(host)
        or under(host, public)
        or host.endswith((".com", ".org", ".io", ".net", ".dev", ".app"))
        and host.count(".") == 1
    )
