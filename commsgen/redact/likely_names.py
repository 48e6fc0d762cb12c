"""Likely person names and chat handles in text, without a people list.

The bundled lists (``data/given_names.txt``, ``data/surnames.txt``, ``data/common_words.txt``) are
generated from Faker's person and lorem providers (MIT licence) by ``tools/build_names.py``; see
docs/REDACTION-REAL-TEXT.md. A name is:

- a given name followed by a capitalised word that is a surname, or not an ordinary word nor a
  product or infrastructure word (``Niels Lunn``, ``Peter Taylor``; not ``Ruby Gems``, ``Jan 21``);
- the person thanked: ``thanks, X``, ``thanks to X``, ``kudos to X``, ``(thanks X)``, where X is a
  given name (and its surname, when one follows);
- an ``@handle`` that is not a team, a broadcast (``@here``), a package scope (``@types/node``), a
  decorator (``@property``) or a package pin (``lodash@4``).
"""

from __future__ import annotations

import bisect
import os
import re
from functools import cache
from itertools import compress, repeat
from operator import methodcaller

from commsgen.memo import text_memo
from commsgen.redact.extra_rules import NAMES_TRIGGER
from commsgen.redact.lazyre import lazy

# capitalised words that follow a given name in product, place and infrastructure names
_NOT_SURNAMES = frozenset(
    """
cloud hub server servers service services engine platform cluster clusters kubernetes team teams api app apps
support portal console status page pages gateway proxy database db store storage registry repo repository
bot bots desktop mobile web online network networks labs lab studio suite center centre manager agent agents
node nodes pipeline pipelines runner runners worker workers dashboard dashboards monitor monitoring system systems
security edge functions function actions action packages package pages docs wiki street avenue road county city
university college hospital airport station park bridge bay valley river lake island islands mountain
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december utc gmt cet cest est pst edt pdt am pm
""".split()
)
# given names that are far more often something else in incident text
_NOT_GIVEN = frozenset(
    """
austin jordan paris florence victoria georgia virginia carolina dakota phoenix sydney madison chelsea lincoln
hugo ray ruby jade ivy sage amber crystal pearl summer autumn dawn star angel faith hope grace joy royal
kafka jenkins ansible chef puppet helm docker gitlab harbor maven gradle nexus linux debian ubuntu
april june may august march jan jun jul aug sep oct nov dec mon tue wed thu fri sat sun
christian page price cash rich sterling major king duke earl bishop rose violet lily iris holly
""".split()
)
# of those, the ones that are never a given name in incident text, whatever follows (the others are
# a given name before a listed surname: "Jan Wiberg", "Grace Hopper")
_NEVER_GIVEN = frozenset(
    """
kafka jenkins ansible chef puppet helm docker gitlab harbor maven gradle nexus linux debian ubuntu hugo ruby
mon tue wed thu fri sat sun page price cash
""".split()
)
# handle words that name a group, a broadcast or a bot, not a person
_GROUP_PARTS = frozenset(
    """
here channel everyone all oncall on-call sre team teams ops devops eng engineering infra platform support
admins admin devs dev group squad bot bots security release releases leads managers staff incident incidents
commander responders triage help alerts
""".split()
)
_DECORATORS = frozenset(
    """
property staticmethod classmethod dataclass cache cached_property lru_cache override deprecated pytest
abstractmethod contextmanager wraps app router get post put patch delete media import include mixin
extend supports keyframes font-face charset namespace page layer tailwind apply tag param return returns
throws see since author version example link inheritdoc
""".split()
)


@cache
def _list(name: str) -> frozenset[str]:
    # the package's own data folder (what importlib.resources.files gives for an installed package;
    # read from __file__, as commsgen.resources does: importing importlib.resources, or pathlib and
    # the urllib.parse it imports, costs a scan's learners more than the lists themselves)
    with open(os.path.join(os.path.dirname(os.path.realpath(__file__)), "data", name), encoding="utf-8") as fh:
        text = fh.read()
    return frozenset(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def given_names() -> frozenset[str]:
    return _list("given_names.txt")


def surnames() -> frozenset[str]:
    return _list("surnames.txt")


def common_words() -> frozenset[str]:
    return _list("common_words.txt")


def is_given(word: str) -> bool:
    w = word.casefold()
    return w in given_names() and w not in _NOT_GIVEN


def surname_ok(word: str) -> bool:
    """A capitalised word that can be a surname after a given name."""
    if not (word[:1].isupper() and word[1:].islower() and len(word) >= 2):
        return False
    w = word.casefold()
    if w in surnames():
        return True
    return w not in common_words() and w not in _NOT_SURNAMES and w not in given_names()


_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_PAIR = re.compile(rf"(?<![\w.@/-])(?P<g>[A-Z][a-z]{{2,}})[ \t]+(?P<s>{_CAP})(?![\w@-]|\.[A-Za-z0-9])")
_THANKS = lazy(
    rf"(?i:\b(?:thanks|thank you|kudos|shout-?out|props|cc|h/t)\b)[ \t]*(?:,|:|to|for)?[ \t]*"
    rf"(?:@?)(?P<g>{_CAP})(?:[ \t]+(?P<s>{_CAP}))?(?![\w@-])"
)
# a given name alone, where a person is meant: "Rune/Platform", "(Rasmus call for meeting)", "given to
# Soren, Lloyd and ...", "Jan also mentions"
_SINGLE = re.compile(
    r"(?<![\w.@/-])(?P<g>[A-Z][a-z]{3,})(?=/[A-Z]|,[ \t]+[A-Z][a-z]+[ \t]+and\b|[ \t]+and[ \t]+[A-Z][a-z]+"
    r"(?:[ \t]+[A-Z][a-z]+)?[ \t]*(?:[.,;)|]|$)|[ \t]+(?:call(?:ed)?|said|says|mentioned|mentions|noticed"
    r"|reported|asked|confirmed|suggested|suggests|pinged|paged|wrote|replied)\b)"
)
_HANDLE = lazy(r"(?<![\w.@/+-])@(?P<h>[A-Za-z][A-Za-z0-9._-]{1,38}[A-Za-z0-9])(?![\w@/-]|\.[A-Za-z0-9]|\()")

_THANKS_WORDS = ("thank", "kudos", "shout", "props", "cc", "h/t")
TRIGGER = NAMES_TRIGGER  # the RE2 trigger of the lines worth a look (extra_rules.py)
BULK = 256  # more name pairs than this in a line: decided together


def find(line: str) -> list[tuple[int, int, str]]:
    """(start, end, what) of likely names and handles in one line; ``what`` is "name" or "handle".
    Memoised per distinct line of up to 1,000 characters (``commsgen.memo``; 10,000 lines, at most
    ~10 MB), and the last two lines of 32,768 characters or more: a line that repeats is read once.

    Spaces and tabs at the end of a line change nothing (after a name or a word that may start
    one, each pattern reads a space or tab only to go on to a letter, a comma or a stop; where the
    line ends instead, a look-ahead reads the end as it reads a space): the line is read without
    them, so a line as written and as a Markdown viewer shows it (without them) are one line."""
    return list(_found(line.rstrip(" \t")))


@text_memo(maxsize=10_000, max_chars=1_000, long_kept=2)
def _found(line: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find(line))


def _find(line: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    taken = _Spans()
    low = line.lower()
    for m in _THANKS.finditer(line) if any(w in low for w in _THANKS_WORDS) else ():
        g, s = m.group("g"), m.group("s")
        if not is_given(g):
            continue
        end = m.end("s") if s and surname_ok(s) else m.end("g")
        out.append((m.start("g"), end, "name"))
        taken.add(m.start("g"), end)
    pair_ok: dict[tuple[str, str], bool] = {}  # a long line repeats the same pairs: each decided once
    pairs = list(_PAIR.finditer(line))
    if len(pairs) > BULK and not taken.starts:  # nothing taken yet: the pairs decided at C speed
        words = list(map(_GIVEN_SUR, pairs))
        for g, sur in set(words):
            pair_ok[(g, sur)] = _pair_ok(g, sur)
        oks = list(map(pair_ok.__getitem__, words))
        taken.starts = list(compress(map(_G_START, pairs), oks))
        taken.ends = list(compress(map(_S_END, pairs), oks))
        out += zip(taken.starts, taken.ends, repeat("name"))
        pairs = []
    for m in pairs:
        g, s = m.group("g", "s")
        gs = m.start("g")
        if taken.holds(gs):
            continue
        ok = pair_ok.get((g, s))
        if ok is None:
            ok = pair_ok[(g, s)] = _pair_ok(g, s)
        if ok:
            out.append((gs, m.end("s"), "name"))
            taken.add(gs, m.end("s"))
    for m in _SINGLE.finditer(line):
        g = m.group("g")
        if (
            len(g) >= 4
            and is_given(g)
            and not taken.holds(m.start("g"))
            and not _sentence_start(line, m.start("g"))
            and g.casefold() not in surnames()
        ):
            out.append((m.start("g"), m.end("g"), "name"))
    if "@" in line:
        for m in _HANDLE.finditer(line):
            if handle_ok(m.group("h")):
                out.append((m.start(), m.end(), "handle"))
    return out


def _pair_ok(g: str, s: str) -> bool:
    """Whether a given name ``g`` and a capitalised word ``s`` after it are a name."""
    return (is_given(g) and surname_ok(s)) or (
        g.casefold() in given_names()
        and g.casefold() not in _NEVER_GIVEN
        and s.casefold() in surnames()
        and s.casefold() not in common_words()
    )


_GIVEN_SUR = methodcaller("group", "g", "s")
_G_START, _S_END = methodcaller("start", "g"), methodcaller("end", "s")


class _Spans:
    """Non-overlapping spans; whether a position is in one (a binary search)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, s: int, e: int) -> None:
        starts = self.starts
        if not starts or starts[-1] < s:  # spans come mostly in order
            starts.append(s)
            self.ends.append(e)
            return
        i = bisect.bisect_left(starts, s)
        starts.insert(i, s)
        self.ends.insert(i, e)

    def holds(self, pos: int) -> bool:
        starts = self.starts
        if not starts:
            return False
        if starts[-1] <= pos:  # at or after the last span: it is the one to ask
            return self.ends[-1] > pos
        i = bisect.bisect_right(starts, pos)
        return i > 0 and self.ends[i - 1] > pos


def _sentence_start(line: str, pos: int) -> bool:
    before = line[max(0, pos - 16) : pos].rstrip(" \t*_(\"'")  # a window: linear on long lines
    return (not before and pos <= 16) or bool(before) and before[-1] in ".!?:|#>-"


def handle_ok(h: str) -> bool:
    """A person's chat handle: not a group, a broadcast, a decorator or a version pin."""
    low = h.casefold()
    if low in _DECORATORS or low in _GROUP_PARTS:
        return False
    parts = re.split(r"[._-]", low)
    if any(p in _GROUP_PARTS for p in parts):
        return False
    if h[:1].isupper():
        return False  # @Override, @Test: annotations
    return not low.isdigit()
