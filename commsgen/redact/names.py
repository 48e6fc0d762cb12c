"""The ways a person's name is written: patterns for the ``people.name`` rule (block) and the
``people.surname`` rule (a surname alone: a warning, since a surname is often also a word).

For "Dana Whitfield" the full-name pattern matches, case-insensitively and across any run of
whitespace (a line break included):

- the name as written, with any given or middle names: ``Dana Whitfield``, ``Dana J. Whitfield``;
- hyphen-joined: ``Dana-Whitfield``;
- surname first: ``Whitfield, Dana``, ``Whitfield Dana``;
- initial and surname: ``D. Whitfield``, ``D Whitfield``, ``D.Whitfield``; surname and initial:
  ``Whitfield, D.``, ``Whitfield D.``, ``Whitfield, D``; given name and the surname's initial:
  ``Dana W.``;
- title and surname: ``Ms. Whitfield``, ``Dr Whitfield``;
- inside a part, a hyphen or apostrophe written as either, as a space or left out (``Jean Luc
  Picard``, ``Sean OBrien``); the initials of several given names or a hyphenated one with the
  other given words optional (``L. van Beethoven``, ``J.-L. Picard``); for three words or more, the
  first given name and any later word that is not a particle or an initial (``Gabriel García``,
  ``José López``), that word held to its capital where it is English (``Anna May``, not ``Anna may``);
- joined, as in handles and email local parts: ``DanaWhitfield`` (also ``Dana\u200bWhitfield``, whose
  zero-width space the normaliser drops), ``dana.whitfield``, ``dana_whitfield``, ``dwhitfield``,
  ``whitfield.dana``.

The forms that are also ordinary English are held to how names are written, so a team's people do
not refuse plain prose: an initial is never the letter after an apostrophe (``the customer's case``
is not "S. Case"); an initial without its period is a capital letter followed by a capitalised
surname, and the initials that are English words (``A``, ``I``) need their period (``a best
practice``, ``I long for`` are not "A. Best", "I. Long"); a title that is also a word is capitalised
(``we miss Case`` is not "Miss Case"); a name joined without a separator is not matched where it
spells an English word (``wordlist.py``: "Alex Cross" joined is ``across``, "Bo Ring" ``boring``).
Every other form is matched in any case.

Names are folded like scanned text (``normalize.fold``: accents and look-alikes), so
``Whitfíeld`` in the text matches ``Whitfield`` in ``people`` and the other way round.
"""

from __future__ import annotations

import re
from functools import lru_cache

from commsgen.redact.normalize import fold
from commsgen.redact.wordlist import is_word

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "mme", "mlle", "herr", "frau")
_WS = r"\s+"
_SEP = r"(?:\s+|\s*-\s*)"  # between given name and surname: whitespace or a hyphen


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", fold(name.strip())) if p]


# inside a name part (Jean-Luc, O'Brien): the hyphen or apostrophe may be written as either, as a
# space, or left out (Jean Luc, OBrien, O Brien)
_INNER = re.compile(r"[-']")


def _w(word: str) -> str:
    return r"(?:[-']|\s+)?".join(re.escape(seg) for seg in _INNER.split(word) if seg)


@lru_cache(maxsize=4096)  # the same people appear in many postmortems of a batch
def full_name_pattern(name: str) -> str | None:
    """A Python pattern (no flags; the caller compiles it case-insensitively) for every full form of
    ``name``, or None for a one-word name (that word is the whole name: ``surname_pattern`` is not
    used and this pattern is the word)."""
    parts = name_parts(name)
    if not parts:
        return None
    if len(parts) == 1:
        return _bounded(_w(parts[0]))
    given, surname = parts[:-1], parts[-1]
    first = given[0]
    middle = r"(?:\s+\w\.?){0,2}"  # middle initials
    ini = _cased(first[0])  # an initial without its period: a capital letter
    word_initial = first[0].lower() in ("a", "i")  # English words: an initial only with its period
    forms = [
        _SEP.join(_w(p) for p in parts),  # Dana Whitfield, Dana-Whitfield
        _w(first) + middle + _WS + _w(surname),  # Dana J. Whitfield
        _w(surname) + r"\s*,\s*" + _w(first),  # Whitfield, Dana
        # a nickname or a remark between them: Dana "DW" Whitfield, Dana (Payments SRE) Whitfield
        _w(first) + r"\s+(?:\"[^\"\n]{1,30}+\"|'[^'\n]{1,30}+'|\([^()\n]{1,40}+\))\s+" + _w(surname),
        _w(surname) + _WS + _w(first),  # Whitfield Dana
        _NOT_CLITIC + _w(first[0]) + r"\.\s*" + _w(surname),  # D. Whitfield, D.Whitfield
        _w(surname) + r"(?:\s*,\s*|\s+)" + _w(first[0]) + r"\.",  # Whitfield, D.  Whitfield D.
        r"(?:" + "|".join(_title(t) for t in TITLES) + r")\.?" + _WS + _w(surname),  # Ms. Whitfield
        # joined as in handles and email local parts (a zero-width space in between is dropped by
        # the normaliser: Dana\u200bWhitfield): dana.whitfield, dana_whitfield, d_whitfield,
        # whitfield.dana; without a separator (DanaWhitfield, dwhitfield) unless that spells a word
        # (not after @: a listed handle is the people.handle rule's)
        "(?<!@)(?:" + _w(first) + "|" + _w(first[0]) + r")[._]" + _w(surname),
        "(?<!@)" + _w(surname) + r"[._]" + _w(first),
    ]
    if len(given) > 1 or "-" in first:
        # L. van Beethoven, J.-L. Picard: the initials of the given names, the other given words kept
        heads = r"\.?\s*-?\s*".join(_w(seg[0]) for seg in _INNER.split(first) if seg)
        rest = "".join(r"(?:" + _w(m) + r"\s+)?" for m in given[1:])
        forms.append(_NOT_CLITIC + heads + r"\.\s*" + rest + _w(surname))
    for later in parts[1:-1] if len(parts) > 2 else ():
        # Gabriel García (Márquez), José García (López): the first given name and any later word
        # of the name that is not a particle or an initial; held to its capital where it is a word
        if later not in _PARTICLES and len(later.rstrip(".")) > 1:
            forms.append(_w(first) + _WS + (_cased(later[0]) + _w(later[1:]) if is_word(later) else _w(later)))
    if surname[0].isalpha():  # Dana W.: the given name and the surname's initial, both capitalised
        forms.append(_cased(first[0]) + _w(first[1:]) + r"\s+" + _cased(surname[0]) + r"\.(?!\w)")
    if not word_initial:
        forms.append(_NOT_CLITIC + ini + _WS + _cased(surname[0]) + _w(surname[1:]))  # D Whitfield
        forms.append(_w(surname) + r"\s*,\s*" + ini + r"(?![.\w])")  # Whitfield, D
    joined = [x for x in dict.fromkeys((first, first[0])) if not is_word(x + surname)]
    if joined:
        forms.append("(?<!@)(?:" + "|".join(_w(x) for x in joined) + ")" + _w(surname))
    return _bounded("(?:" + "|".join(forms) + ")")


# the particles of a surname (Ludwig van Beethoven): never a name on their own
_PARTICLES = frozenset(
    {
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "y",
        "e",
        "bin",
        "ibn",
        "al",
        "el",
        "ter",
        "ten",
        "zu",
        "af",
        "av",
    }
)

# an initial is not the ``s`` of ``customer's`` (or any letter after an apostrophe)
_NOT_CLITIC = "(?<!['\u2019])"


# titles that are also English words: capitalised, or they are the word (``we miss Case``)
_WORD_TITLES = frozenset({"miss", "sir", "dame", "madam"})


def _title(t: str) -> str:
    return _cased(t[0]) + _w(t[1:]) if t in _WORD_TITLES else _w(t)


def _cased(ch: str) -> str:
    """``ch`` as a capital letter, held to that case inside a case-insensitive pattern (any other
    character as itself)."""
    return "(?-i:" + _w(ch.upper()) + ")" if ch.isalpha() and ch.upper() != ch.lower() else _w(ch)


@lru_cache(maxsize=4096)
def surname_pattern(name: str) -> str | None:
    """The surname alone (three letters or more), for a name of two words or more."""
    parts = name_parts(name)
    if len(parts) < 2 or len(parts[-1]) < 3:
        return None
    return _bounded(_w(parts[-1]))


@lru_cache(maxsize=4096)
def key_words(name: str) -> tuple[str, ...]:
    """Words one of which every form of the name holds (the surname; the given name too, for
    ``Dana W.``; the name itself for one word): the scanner's prefilter looks for them."""
    parts = name_parts(name)
    if len(parts) < 2:
        return tuple(parts)
    # the longest piece of each part (O'Brien may be written OBrien or O Brien: brien is in each)
    return tuple(max(_INNER.split(p), key=len) for p in (parts[-1], parts[0]))


def _bounded(p: str) -> str:
    """Whole words: no letter or digit on either side (an underscore or a dash ends a name)."""
    return r"(?<![^\W_])" + p + r"(?![^\W_])"
