"""Defanged and obfuscated notations a reader undoes without thinking: ``ledger[.]acme[.]internal``,
``10 . 12 . 4 . 7``, ``hxxps[:]//…``, ``dana [at] acme [dot] com``, ``dana(at)acme.com``.

``NOTATIONS`` is the table: each entry has a stable id, a pattern (Python, case-insensitive, always
anchored after a letter or digit or on a literal, so it runs in linear time) and the plain text it
stands for. ``plain_copy(line)`` rewrites every notation of a line at once and returns the copy with,
for each of its characters, the span of ``line`` it came from: the scanner reads that copy with every
rule (the host, IP, email and URL detectors see ``ledger.acme.internal``), and a finding on it is
reported, and masked, on the whole obfuscated span (``[.]`` and the spaces it ate included).

Cost: ``TRIGGER`` (RE2) is a superset of every notation, made of short literals; the scanner adds it
to its whole-text pass, so a line is only looked at when it holds one (``may_hold`` asks the same
question of one line, in C). Ordinary prose (``at the``, ``the dot releases``, ``[.]`` in a regex)
can be rewritten in the copy; what decides is whether a detector then finds an address in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, chain, compress, repeat
from operator import add, is_not, mul

from commsgen.adapters.re2set import Finder
from commsgen.redact import notation_reuse
from commsgen.redact.lazyre import lazy


@dataclass(frozen=True)
class Notation:
    id: str
    pattern: str  # Python, compiled case-insensitively; no capture groups
    plain: str | Callable[[str], str]  # the text it stands for (or a function of the matched text)
    example: str  # an obfuscated text (tests/test_gate_evasions_obfuscation.py reads it back)
    reads: str  # what a reader reads
    check: Callable[[str, re.Match[str]], bool] | None = None  # (line, match) -> is it the notation here


_AN = r"(?<=[A-Za-z0-9])"  # after a letter or digit
_SP = r"[ \t]*+"
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_DOT = rf"{_OPEN}{_SP}(?:\.|dot){_SP}{_CLOSE}"  # [.] (.) {.} <.> [dot] (dot) ...
_LOCAL = lazy(r"[A-Za-z0-9._%+-]{1,64}$")
_DOMAIN_AFTER = lazy(rf"[A-Za-z0-9-]{{1,63}}(?:{_SP}{_DOT}{_SP}|[ \t]++dot[ \t]++|\.)[A-Za-z0-9]", re.IGNORECASE)
_OBFUSCATED_DOT_AFTER = lazy(rf"[A-Za-z0-9-]{{1,63}}(?:{_SP}{_DOT}|[ \t]++dot[ \t])", re.IGNORECASE)


def _word_at(line: str, m: re.Match[str]) -> bool:
    """``dana at acme dot com``, ``dana.whitfield at acme.com``: an address on both sides, and the
    domain obfuscated too or the local part dotted (plain prose says ``we met at acme.com``)."""
    words = line[max(0, m.start() - 64) : m.start()].rsplit(None, 1)
    before = words[-1] if words else ""
    local = _LOCAL.search(before)
    if local is None or local.start() != 0 or not before[:1].isalnum():
        return False
    after = line[m.end() : m.end() + 200]
    spelt = _SPELT_DOMAIN.match(after)
    if spelt is not None:  # ``at`` and ``dot`` both words: prose unless it reads as a domain
        label, tld = spelt.group(1).lower(), spelt.group(2).lower()
        return label not in _PROSE_WORDS and tld not in _PROSE_WORDS and len(tld) <= 8 and tld.isalpha()
    if _OBFUSCATED_DOT_AFTER.match(after):
        return True
    # a plain domain: only after a dotted local part that reads like a person's (``dana.whitfield``,
    # not ``Node.js`` or ``config.yaml``)
    last = re.split(r"[._+]", before)[-1].lower()
    return (
        re.search(r"[._+]", before) is not None
        and len(last) >= 3
        and last not in _FILE_ENDINGS
        and _DOMAIN_AFTER.match(after) is not None
    )


_FILE_ENDINGS = frozenset("yaml yml json toml conf cfg html htm xml txt log csv java class exe tar zip sql".split())


_SPELT_DOMAIN = lazy(r"([A-Za-z0-9-]{1,63})[ \t]++dot[ \t]++([A-Za-z0-9-]{1,63})", re.IGNORECASE)
# words that start or end a phrase, not a domain (``prose at the dot releases``)
_PROSE_WORDS = frozenset(
    "the a an this that these those our my your his her their its some any each every least most all one "
    "and or but of in on to for with release releases point points product net-new".split()
)


_CH = r"[A-Za-z0-9._@:/-]"
_ALONE = _CH + r"(?![^\s.,;:!?)\]\"'])"  # a character with a space, a sentence mark or the end after it


def _scheme(text: str) -> str:
    t = text.lower()
    return "ftp" if t.startswith("f") else "https" if t.endswith("s") else "http"


NOTATIONS: tuple[Notation, ...] = (
    Notation(
        "defang.bracket-dot",
        rf"{_AN}{_SP}{_DOT}{_SP}(?=[A-Za-z0-9])",
        ".",
        "ledger[.]acme(.)internal {.} [dot] (DOT) <.>",
        "ledger.acme.internal",
    ),
    Notation("defang.word-dot", rf"{_AN}[ \t]++dot[ \t]++(?=[A-Za-z0-9])", ".", "acme dot com", "acme.com"),
    Notation("defang.spaced-dot", rf"{_AN}[ \t]++\.{_SP}(?=[A-Za-z0-9])", ".", "10 . 12 .4", "10.12.4"),
    Notation("defang.digit-dot-space", r"(?<=[0-9])\.[ \t]++(?=[0-9])", ".", "10. 12. 4. 7", "10.12.4.7"),
    Notation(
        "defang.bracket-at",
        rf"(?<=[A-Za-z0-9._%+-]){_SP}{_OPEN}{_SP}(?:@|at){_SP}{_CLOSE}{_SP}(?=[A-Za-z0-9])",
        "@",
        "dana[at]acme.com dana (at) acme.com {@}",
        "dana@acme.com",
    ),
    Notation(
        "defang.word-at",
        rf"{_AN}[ \t]++at[ \t]++(?=[A-Za-z0-9])",
        "@",
        "dana at acme dot com",
        "dana@acme.com",
        _word_at,
    ),
    Notation("defang.spaced-at", rf"{_AN}{_SP}@[ \t]++(?=[A-Za-z0-9])", "@", "dana @ acme.com", "dana@acme.com"),
    Notation(
        "defang.scheme",
        r"(?<![A-Za-z0-9])(?:h(?:xx|\*\*|\[xx\])ps?|fxp)(?=\[?:|\(:)",
        _scheme,
        "hxxp:// hXXps[:]// fxp://",
        "http:// https:// ftp://",
    ),
    Notation(
        # characters each standing alone between spaces: ``l e d g e r . a c m e``, ``A K I A 2 E …``
        # read joined. Each space between two of them is a notation that stands for nothing (so every
        # character of the copy maps back to its own: a run of a megabyte costs what its length does);
        # a line is looked at only when it holds six in a row (``TRIGGER``)
        "defang.letter-spaced",
        rf"(?<=(?<![^\s]){_CH})[ \t]{{1,8}}+(?={_ALONE})",  # (a tab set out as spaces too)
        "",
        "l e d g e r . a c m e . i n t e r n a l",
        "ledger.acme.internal",
    ),
    Notation(
        "defang.bracket-separator",
        r"(?:\[(?::|://|/|//)\]|\((?::|://|/|//)\)|\{(?::|://)\})",
        lambda t: t[1:-1],
        "https[:]//host[/]path (://)",
        "https://host/path",
    ),
)

# RE2 (bytes): a superset of every notation above, for the scanner's whole-text pass and ``may_hold``
TRIGGER = (
    r"[\[({<][ \t]*(?:\.|(?i:dot|at)|@|:|://|/|//)[ \t]*[\])}>]"  # [.] (dot) {at} [@] [:] [://]
    r"|[A-Za-z0-9][ \t]+(?i:dot)[ \t]+[A-Za-z0-9]"  # acme dot com (and so: dana at acme dot com)
    r"|[._+][A-Za-z0-9]{3}[A-Za-z0-9]*[ \t]+(?i:at)[ \t]+[A-Za-z0-9-]+\.[A-Za-z0-9]"  # dana.whitfield at acme.com
    r"|[A-Za-z0-9][ \t]+\.[ \t]*[A-Za-z0-9]|[0-9]\.[ \t]+[0-9]"  # ledger . acme, 10. 12
    r"|[A-Za-z0-9][ \t]*@[ \t]+[A-Za-z0-9]"  # dana @ acme.com
    r"|(?i:hxx|h\*\*p|fxp:)"
    r"|" + (_SPACED := rf"(?:^|[ \t])(?:{_CH}[ \t]{{1,8}}){{5}}{_CH}")  # l e d g e r
)
_TRIGGER = Finder(TRIGGER)
# every notation starts with one of these characters (a space or tab, an opening bracket, a dot, an
# at sign, the h or f of a scheme): where Python's engine tries the table, it first checks that one
# character, at C speed, and moves on (the same matches; a line of ``1. 1. 1.`` tries it a third as often)
_FIRST = r"(?=[ \t\[({<.@hf])"
_ALL = lazy(_FIRST + "(?:" + "|".join(f"(?P<n{i}>{n.pattern})" for i, n in enumerate(NOTATIONS)) + ")", re.IGNORECASE)


_SPACED_RUN = Finder(_SPACED)
# a whole run, to tell its length: a value spelt out is short (a long URL's 200 characters, each with
# up to 8 spaces after it); a run of a megabyte is noise, and reading all of it again costs seconds
_WHOLE_RUN = lazy(rf"(?:^|[ \t])(?:{_CH}[ \t]{{1,8}}+){{5,}}+{_CH}")
_LONGEST_RUN = 2_000


def spaced_run(text: str) -> bool:
    """Whether ``text`` holds a letter-spaced run of a value's length (which a wrapped line splits:
    readings.py)."""
    if not _SPACED_RUN.found(text.encode("utf-8", "surrogatepass")):
        return False
    return any(m.end() - m.start() <= _LONGEST_RUN for m in _WHOLE_RUN.finditer(text))


def may_hold(data: bytes) -> bool:
    """Whether a line (its UTF-8) can hold a notation: one RE2 search."""
    return _TRIGGER.found(data)


_SIMPLE = tuple(isinstance(n.plain, str) and n.check is None for n in NOTATIONS)  # no look at the match


def _runs() -> tuple[list[list[int]], list[bool]]:
    """The notations in table order cut into runs of consecutive simple ones with one plain text,
    and the others one per run: (the notations of each run, whether it is such a simple run)."""
    runs: list[list[int]] = []
    simple: list[bool] = []
    for i, n in enumerate(NOTATIONS):
        if _SIMPLE[i] and runs and simple[-1] and NOTATIONS[runs[-1][0]].plain == n.plain:
            runs[-1].append(i)
            continue
        runs.append([i])
        simple.append(_SIMPLE[i])
    return runs, simple


_RUNS, _RUN_SIMPLE = _runs()
# the same alternation in the same order, one capture group per run: ``split`` lists the stretches
# between notations and, for each notation, the text of the run that matched (None for the others)
_BY_RUN = lazy(
    _FIRST + "(?:" + "|".join("(" + "|".join(f"(?:{NOTATIONS[i].pattern})" for i in run) + ")" for run in _RUNS) + ")",
    re.IGNORECASE,
)
_RUN_PLAIN = tuple(str(NOTATIONS[run[0]].plain) if ok else "" for run, ok in zip(_RUNS, _RUN_SIMPLE))
_WIDTH = len(_RUNS) + 1  # pieces of ``split`` per notation: the stretch before it, then one per run
_SHORT = 4_096  # a shorter line's few notations are listed one by one (less to set up)


def _listed(line: str) -> tuple[list[int], list[int], list[str]]:
    """(starts, ends, plain texts) of the notations of ``line``: a short line's one match at a time, a
    long line's from ``every_notation``, or from a long line listed before that it holds most of
    (``notation_reuse``: ``check`` reads a megabyte line three ways)."""
    if len(line) < _SHORT:
        return _listed_one_by_one(line)
    table = notation_reuse.Table(_ALL, NOTATIONS, every_notation)  # (``every_notation``: as patched)
    a_s, b_s, plains, ok = notation_reuse.listed(line, table)  # a long line: perhaps one listed before
    if ok is not None and not all(ok):
        a_s, b_s, plains = list(compress(a_s, ok)), list(compress(b_s, ok)), list(compress(plains, ok))
    return a_s, b_s, plains


def every_notation(line: str) -> tuple[list[int], list[int], list[str], list[bool] | None]:
    """(starts, ends, plain texts, whether each is the notation: None = all) of every match of the
    table's search in ``line``, those a check turns down included, from one ``split`` at C speed (no
    match object and no Python operation per notation: ``1. 1. 1.`` holds three hundred thousand in
    900 kB); only a notation with a check or a plain text made from the match is looked at on its own
    (its match made again where ``split`` found it: the same pattern at the same place)."""
    pieces = _BY_RUN.split(line)
    n = len(pieces) // _WIDTH
    if not n:
        return [], [], [], None
    runs = [pieces[k + 1 :: _WIDTH] for k in range(len(_RUNS))]
    present = [k for k, got in enumerate(runs) if got.count(None) != n]  # the runs that matched
    which: list[int] | None = None
    if len(present) == 1:  # one run only (a hostile line repeats one notation)
        matched, plains = runs[present[0]], [_RUN_PLAIN[present[0]]] * n
    else:
        # each notation's text: the one run of its row that is not None; and which run that is: the
        # sum over the runs of j * (run j matched), at C speed
        matched = list(filter(None, chain.from_iterable(zip(*(runs[k] for k in present)))))
        got: Iterable[int] = repeat(0, n)
        for j, k in enumerate(present[1:], 1):
            got = map(add, got, map(mul, repeat(j), map(is_not, runs[k], repeat(None))))
        which = list(got)
        plains = list(map([_RUN_PLAIN[k] for k in present].__getitem__, which))
    ends = list(accumulate(chain.from_iterable(zip(map(len, pieces[0::_WIDTH]), map(len, matched)))))
    a_s, b_s = ends[0::2], ends[1::2]
    if all(_RUN_SIMPLE[k] for k in present):
        return a_s, b_s, plains, None
    odd = {j for j, k in enumerate(present) if not _RUN_SIMPLE[k]}
    rows = range(n) if which is None else compress(range(n), map(odd.__contains__, which))
    ok = [True] * n
    for r in rows:
        m = _ALL.match(line, a_s[r])
        assert m is not None and m.end() == b_s[r]
        notation = NOTATIONS[(m.lastindex or 0) - 1]
        if notation.check is not None and not notation.check(line, m):
            ok[r] = False
        else:
            plains[r] = notation.plain if isinstance(notation.plain, str) else notation.plain(m.group())
    return a_s, b_s, plains, ok


def plain_copy(line: str) -> tuple[str, list[int], list[int]] | None:
    """``line`` with every notation replaced by the plain text it stands for, and for each character
    of the copy the span of ``line`` it came from (starts, ends). None when nothing changes."""
    got = plain_text(line)
    if got is None:
        return None
    copy, maps = got
    return (copy, *maps())


def plain_text(line: str) -> tuple[str, Callable[[], tuple[list[int], list[int]]]] | None:
    """``plain_copy(line)`` with its two maps made only when asked (``maps()``): most copies hold
    nothing a rule finds, and their maps are never read.

    The notations are listed first (span and plain text; a notation with a check or a plain text
    made from the match is looked at on its own); the copy is then one join of the line's slices and
    the plain texts, and each map one list of chained ranges and repeats, at C speed (a line of a
    hundred thousand notations, ``1. 1. 1.``, costs no list operation per character)."""
    a_s, b_s, plains = _listed(line)
    if not a_s:
        return None
    last = b_s[-1]
    kept = [0, *b_s]  # where each stretch of the line left as it is starts (it ends at the next a)
    copy = "".join(chain.from_iterable(zip(map(line.__getitem__, map(slice, kept, a_s)), plains))) + line[last:]

    def maps() -> tuple[list[int], list[int]]:
        size = len(line)
        sizes = list(map(len, plains))
        starts = list(chain.from_iterable(chain.from_iterable(zip(map(range, kept, a_s), map(repeat, a_s, sizes)))))
        starts += range(last, size)
        after = map(range, map(add, kept, repeat(1)), map(add, a_s, repeat(1)))
        ends = list(chain.from_iterable(chain.from_iterable(zip(after, map(repeat, b_s, sizes)))))
        ends += range(last + 1, size + 1)
        return starts, ends

    return copy, maps


def _listed_one_by_one(line: str) -> tuple[list[int], list[int], list[str]]:
    """``_listed(line)``, a match at a time."""
    a_s: list[int] = []
    b_s: list[int] = []
    plains: list[str] = []
    for m in _ALL.finditer(line):
        notation = NOTATIONS[(m.lastindex or 0) - 1]  # each notation is one group: the one that matched
        if notation.check is not None and not notation.check(line, m):
            continue
        a, b = m.span()
        a_s.append(a)
        b_s.append(b)
        plains.append(notation.plain if isinstance(notation.plain, str) else notation.plain(m.group()))
    return a_s, b_s, plains
