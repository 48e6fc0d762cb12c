"""The ways a person's name is written: patterns for the ``people.name`` rule (block) and the
``people.surname`` rule (a surname alone: a warning, since a surname is often also a word).

For "Dana Whitfield" the full-name pattern matches, case-insensitively and across any run of
whitespace (a line break included):

- the name as written, with any given or middle names: ``Dana Whitfield``, ``Dana J. Whitfield``;
- hyphen-joined: ``Dana-Whitfield``;
- surname first: ``Whitfield, Dana``, ``Whitfield Dana``;
- initial and surname: ``D. Whitfield``, ``D Whitfield``, ``D.Whitfield``;
- title and surname: ``Ms. Whitfield``, ``Dr Whitfield``;
- joined, as in handles and email local parts: ``DanaWhitfield`` (also ``Dana\u200bWhitfield``, whose
  zero-width space the normaliser drops), ``dana.whitfield``, ``dana_whitfield``, ``dwhitfield``,
  ``whitfield.dana``.

Names are folded like scanned text (``normalize.fold``: accents and look-alikes), so
``Whitfíeld`` in the text matches ``Whitfield`` in ``people`` and the other way round.
"""

from __future__ import annotations

import re
from functools import lru_cache

from commsgen.redact.normalize import fold

TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "mme", "mlle", "herr", "frau")
_WS = r"\s+"
_SEP = r"(?:\s+|\s*-\s*)"  # between given name and surname: whitespace or a hyphen


def name_parts(name: str) -> list[str]:
    return [p for p in re.split(r"\s+", fold(name.strip())) if p]


def _w(word: str) -> str:
    return re.escape(word)


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
    forms = [
        _SEP.join(_w(p) for p in parts),  # Dana Whitfield, Dana-Whitfield
        _w(first) + middle + _WS + _w(surname),  # Dana J. Whitfield
        _w(surname) + r"\s*,\s*" + _w(first),  # Whitfield, Dana
        _w(surname) + _WS + _w(first),  # Whitfield Dana
        _w(first[0]) + r"(?:\.\s*|\s+)" + _w(surname),  # D. Whitfield, D Whitfield
        r"(?:" + "|".join(TITLES) + r")\.?" + _WS + _w(surname),  # Ms. Whitfield
        # joined as in handles and email local parts (a zero-width space in between is dropped by
        # the normaliser: Dana\u200bWhitfield): DanaWhitfield, dana.whitfield, dana_whitfield,
        # dwhitfield, d_whitfield, whitfield.dana
        # (not after @: a listed handle is the people.handle rule's)
        "(?<!@)(?:" + _w(first) + "|" + _w(first[0]) + r")[._]?" + _w(surname),
        "(?<!@)" + _w(surname) + r"[._]" + _w(first),
    ]
    return _bounded("(?:" + "|".join(forms) + ")")


@lru_cache(maxsize=4096)
def surname_pattern(name: str) -> str | None:
    """The surname alone (three letters or more), for a name of two words or more."""
    parts = name_parts(name)
    if len(parts) < 2 or len(parts[-1]) < 3:
        return None
    return _bounded(_w(parts[-1]))


@lru_cache(maxsize=4096)
def key_word(name: str) -> str:
    """A word every form of the name holds (the surname; the name itself for one word): the
    scanner's prefilter looks for it."""
    parts = name_parts(name)
    return parts[-1] if parts else ""


def _bounded(p: str) -> str:
    """Whole words: no letter or digit on either side (an underscore or a dash ends a name)."""
    return r"(?<![^\W_])" + p + r"(?![^\W_])"
