"""The pieces of a scan context's patterns (people, services, deny terms, hosts), made once per
process: the same people, services and hosts recur from one postmortem of a batch to the next, and
the configuration's hosts and deny terms are in every postmortem's context (``scanner.Engine``)."""

from __future__ import annotations

import re
from functools import lru_cache

import re2

from commsgen.adapters.re2set import Finder
from commsgen.redact.normalize import fold
from commsgen.redact.triggers import re2_options

# RE2's quoting goes through UTF-8 both ways on every call
quote = lru_cache(maxsize=8192)(re2.escape)

# a deny pattern ({regex = ...}) compiled once (a compiled RE2 pattern is immutable)
deny_regex = lru_cache(maxsize=1024)(re2.compile)


@lru_cache(maxsize=256)
def finder(src: str) -> Finder:
    """A context pattern compiled by RE2, shared by every engine that makes the same source."""
    return Finder(src, re2_options())


# the separators of an identifier, any of which a writer may put for another (payments-db,
# payments_db, payments.db)
ID_SEPARATORS = "-_."
_ID_SEP = "[-_.]"


@lru_cache(maxsize=8192)
def term_patterns(term: str, any_separator: bool = False) -> tuple[str, str]:
    """(Python pattern, RE2 literal) of a context term: its words in any spacing, whole words.
    ``any_separator`` (an identifier): each of its ``-``, ``_`` and ``.`` matches any of them."""
    t = fold(term.strip())
    parts = [p for p in re.split(r"\s+", t) if p]
    if any_separator:
        py = r"\s+".join(_ID_SEP.join(re.escape(x) for x in re.split(_ID_SEP, p)) for p in parts)
        r2 = r"\s+".join(_ID_SEP.join(quote(x) for x in re.split(_ID_SEP, p)) for p in parts)
    else:
        py = r"\s+".join(re.escape(p) for p in parts)
        r2 = r"\s+".join(quote(p) for p in parts)
    lb = r"(?<![\w])" if re.match(r"\w", t) else ""
    la = r"(?![\w])" if re.search(r"\w$", t) else ""
    return lb + py + la, r2


def ascii_bytes(terms: list[str]) -> tuple[bytes, ...] | None:
    """``terms`` as bytes, to look for in an ASCII text's lower-cased bytes; None when one of them
    is beyond ASCII (only the patterns can tell then)."""
    return tuple(t.encode("ascii") for t in terms) if all(t.isascii() for t in terms) else None
