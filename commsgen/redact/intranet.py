"""Links that only work inside the company's network, written without a URL scheme: a Windows share
(``\\\\LEDGER01\\finance``, ``//fileserver/share``) and an intranet short link (``go/payments-runbook``).
A reader outside cannot open them, and they name the company's machines and pages. Appended to
``rules.RULES`` (``rules.py`` spreads ``intranet_rules``), so they are table rows like any other: id,
kind, family, pattern, validator, trigger.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any


# One trigger for the two rows (each distinct trigger is one more pattern in the scanner's whole-text
# pass and its per-line set): a backslash before a name, or two slashes or ``go/`` where a slash form
# may start: a line's start, a space, an opening bracket or quote, Markdown's emphasis marks, a dash
# (the normaliser reads every dash as ``-``). An ASCII class keeps the automata small (measured: half
# the cost of a negated class on the dense scan), and the rules start at the same places.
_BEFORE = r"[\t\n\r !\"'(*,;<=>\[_`|~-]"
_START = rf"(?:^|(?<={_BEFORE}))"
TRIGGER = r"\\[A-Za-z0-9]|(?:^|" + _BEFORE + r")(?://[A-Za-z0-9]|go/[a-z0-9])"

# what follows ``go/`` in ordinary prose, not a link: "a go/no-go decision", "the go/stop call"
_NOT_LINKS = frozenset({"no-go", "nogo", "no", "stop", "wait", "hold", "yes"})


# a path from the root of the current drive, which is what one backslash may also be
_WINDOWS_DIRS = frozenset({"windows", "system32", "syswow64", "users", "programdata", "temp", "drivers", "appdata"})


def _share(m: re.Match[str], line: str, ctx: Any) -> bool:
    """A share named by a backslash path is always internal; with slashes (``//host/share``, which
    is also how a URL without its scheme is written) only a host without a dot is: a dotted host is
    the host rule's to judge (``//cdn.example.com/x.js`` is public)."""
    if m.group("bs1") is not None:
        return m.group("host").lower() not in _WINDOWS_DIRS
    return m.group("bs") is not None or "." not in (m.group("host2") or "")


def _golink(m: re.Match[str], line: str, ctx: Any) -> tuple[int, int] | None:
    """The link without the sentence's punctuation after it; None for ``go/no-go`` and the like."""
    if m.group("slug").lower() in _NOT_LINKS:
        return None
    end = m.end()
    while line[end - 1] in ".-~%_":
        end -= 1
    return m.start(), end


def intranet_rules(Rule: Callable[..., Any]) -> tuple[Any, ...]:
    """The rules of this module, built with ``rules.Rule``."""
    return (
        Rule(
            "infra.unc-path",
            "internal-host",
            "intranet",
            # one backslash too, as Markdown shows ``\\HOST\share``: only at a word's start (not in
            # %WINDIR%\System32 or C:\Users) and with two characters a part (an escape such as \n\t)
            r"(?:(?<![\w\\:])(?P<bs>\\\\)|(?<![^\s(\[\"'`])(?P<bs1>\\)(?=[\w.$-]{2}[^\\\s]*\\[\w$.-]{2}))"
            r"(?P<host>[A-Za-z0-9][\w.$-]{0,62}+)\\[\w$.-]{1,80}+"
            r"|" + _START + r"//(?P<host2>[A-Za-z0-9][\w-]{0,62}+)/[\w$-][\w$.-]{0,79}+",
            "Windows shares and other network paths, with backslashes or slashes (\\\\LEDGER01\\finance,"
            " \\\\10.12.4.7\\c$, //fileserver/share): the host and the share",
            "URLs with a scheme (the URL rule), //host.example.com/… (a URL without its scheme: the host rule"
            " judges the host), comment markers followed by a space (// note)",
            validate=_share,
            trigger=TRIGGER,
        ),
        Rule(
            "infra.go-link",
            "internal-url",
            "intranet",
            _START + r"go/(?P<slug>[a-z0-9][a-z0-9_-]{0,80}+)(?:/[\w.~%-]{1,120}+)*+",
            "intranet short links written without a scheme (go/payments-runbook, go/oncall/payments): only the"
            " company's network resolves them",
            "go/no-go and go/stop in prose, Go/Rust (upper-case), paths ending in go/ (cmd/go/x: not at a word start)",
            refine=_golink,
            trigger=TRIGGER,
        ),
    )
