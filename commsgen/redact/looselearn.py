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
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from commsgen.adapters.re2set import Finder, options
from commsgen.redact import parallel
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


def candidate_lines(text: str, data: bytes | None = None, start: int = 0, end: int | None = None) -> Lines:
    """(start, line) of the lines of ``text[start:end]`` (``start`` a line start, ``end`` a line start
    or the end) the trigger selects: one RE2 pass over the text's UTF-8 (``data`` when the caller has
    it). A match that starts on a newline (the trigger may begin with the character before a token)
    selects the line after it. For a text beyond ASCII, byte offsets are carried to character offsets
    from one candidate line to the next (linear: the bytes between two candidate lines are decoded
    once); Python's re over such a text cost 0.2 s per 900 kB."""
    n = len(text)
    end = n if end is None else end
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    find = data.find
    out: Lines = []
    if len(data) == n:  # ASCII: byte offsets are character offsets
        for s in matching_line_starts(_trigger(), data, start, end):
            e = find(b"\n", s, end)
            e = end if e < 0 else e
            out.append((s, text[s:e]))
        return out
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


def _learn_range(
    text: str, data: bytes | None, public: tuple[str, ...], start: int, end: int
) -> tuple[Lines, list[Learnt]]:
    from commsgen.redact.learn import learn_line

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
    # each term says on which line it was learnt: newlines are counted up to the last such line only
    # (counting them costs about a millisecond per megabyte)
    if taught:
        no, at = text.count("\n", 0, start) + 1, start
        for i, (k, s) in enumerate(taught):
            no += text.count("\n", at, s)
            at = s
            where = f"line {no}"
            for j in range(k, taught[i + 1][0] if i + 1 < len(taught) else len(terms)):
                terms[j] = replace(terms[j], where=where)
    terms = [
        t for t in terms if not (t.kind == "internal-host" and "." in t.term and published(t.term.casefold(), public))
    ]
    return lines, terms


# the last text's result: (text, public domains, (lines, terms))
_LAST: list[Any] = [None, None, None]


def learn(
    text: str, data: bytes | None, public: tuple[str, ...], meanwhile: Callable[[], None] | None = None
) -> tuple[Lines, list[Learnt]]:
    """The text's candidate lines and the terms its own engineering contexts teach (memoised for the
    last text and public domains). ``data``: ``text``'s UTF-8 when the caller has it. ``meanwhile``:
    work for this process while forked ones learn the whole text, in one part fewer than
    ``parallel.split`` gives; called only when the text is learnt in forked processes."""
    if _LAST[0] is text and _LAST[1] == public:
        return _LAST[2]  # type: ignore[no-any-return]
    bounds = parallel.split(text)
    if len(bounds) < 2:
        result = _learn_range(text, data, public, 0, len(text))
    else:

        def remote(a: int, b: int) -> tuple[list[tuple[int, int]], list[tuple[str, str, str, str]]]:
            lines, terms = _learn_range(text, data, public, a, b)
            return [(s, len(line)) for s, line in lines], [(t.term, t.kind, t.how, t.where) for t in terms]

        def decode(item: Any, a: int, b: int) -> tuple[Lines, list[Learnt]]:
            from commsgen.redact.learn import Learnt

            return [(s, text[s : s + k]) for s, k in item[0]], [Learnt(*t) for t in item[1]]

        def local(a: int, b: int) -> tuple[Lines, list[Learnt]]:
            return _learn_range(text, data, public, a, b)

        if meanwhile is None:
            parts = parallel.run_parts(remote, bounds, local, decode)
        else:
            starts = parallel.split_lines(text, len(bounds) - 1, first_extra=0.0)
            whole = list(zip(starts, starts[1:] + [len(text)]))

            def work() -> None:
                meanwhile()
                # the learn module (``decode`` needs it) is imported while the forked processes learn
                import commsgen.redact.learn  # noqa: F401

            parts = parallel.run_beside(remote, whole, work, local, decode)
        result = ([x for lines, _ in parts for x in lines], [t for _, terms in parts for t in terms])
    _LAST[:] = [text, public, result]
    return result


def published(host: str, public: tuple[str, ...]) -> bool:
    """A host a loose text must not teach: a vendor's public host, the company's domain (its own rules
    decide), or a bare registrable domain (jenkins.io)."""
    return (
        vendor_public(host)
        or under(host, public)
        or host.endswith((".com", ".org", ".io", ".net", ".dev", ".app"))
        and host.count(".") == 1
    )
