"""Words after which a dot does not end a sentence (``lint.text`` splits sentences with them):
lower-case ones as written in any case, titles and month/day names only when capitalised ("The cat
sat." ends; "Sat. 21 Nov" does not), initials, dotted abbreviations (U.S., e.g.)."""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import and_, contains, or_

_ABBREV_ANY = frozenset("e.g i.e etc vs approx cf".split())
_ABBREV_CAP = frozenset(
    "Mr Mrs Ms Dr St Inc Ltd Co No Dept Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov "
    "Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun".split()
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, e.g


def not_an_end(last: str) -> bool:
    """Whether a dot after the word ``last`` does not end a sentence: e.g. / Dr. / U.S. / an initial."""
    return (
        last.lower() in _ABBREV_ANY
        or last in _ABBREV_CAP
        or (len(last) == 1 and last.isupper())
        or ("." in last and _DOTTED.fullmatch(last) is not None)
    )


def not_ends(lasts: list[str]) -> list[bool]:
    """``[not_an_end(w) for w in lasts]``, at C speed but for words holding a dot."""
    flags = list(
        map(
            or_,
            map(or_, map(_ABBREV_ANY.__contains__, map(str.lower, lasts)), map(_ABBREV_CAP.__contains__, lasts)),
            map(and_, map((1).__eq__, map(len, lasts)), map(str.isupper, lasts)),
        )
    )
    for i in compress(range(len(lasts)), map(contains, lasts, repeat("."))):
        flags[i] = flags[i] or _DOTTED.fullmatch(lasts[i]) is not None
    return flags
