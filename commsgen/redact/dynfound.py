"""The context rules' matches in one line (``Engine._scan_one``), a surname alone looked for only
outside the full names found.

A line of one name repeated holds a hundred thousand full names (``people.name``) and as many
surnames (``people.surname``), each inside a full name: ``resolve`` drops them all (a person match
overlapping an accepted person match), but each was made, sorted and tested first. Here the
surnames are looked for outside the full names only (``uncovered.outside``: a blanked copy), when
that gives what ``resolve`` keeps:

- no match of a rule before ``people.surname`` of kind person or email is there but the full names
  (``_SHADOWED_BY["person"]``: only those kinds can turn a person match away); then every full name
  is accepted (they do not overlap one another, and nothing before them can turn them away), and a
  surname that overlaps one is dropped, whatever else is found;
- no surname can start inside another (``uncovered.independent``, with a name's own boundary: no
  letter or digit before it).

Otherwise, or with few full names, the surnames are searched as before. A dropped surname leaves no
trace in ``resolve`` (a match turned away changes nothing), so the result is the same
(``tests/test_adversarial_costs.py`` holds it equal to the plain search over generated lines).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter, lt, methodcaller
from typing import Any

from commsgen.redact import uncovered, wordspans
from commsgen.redact.dynrule import PREFILTER_CHARS, Dyn

NAME, SURNAME = "people.name", "people.surname"
_TURN_AWAY_PERSONS = frozenset({"person", "email"})  # resolve._SHADOWED_BY["person"]
_SPAN = methodcaller("span")
_FIRST, _SECOND, _KIND = itemgetter(0), itemgetter(1), itemgetter(2)


def found_of(dyn: Sequence[Dyn], norm: str, others: list[Any], surnames: tuple[str, ...]) -> list[Any]:
    """The found tuples (order, rule, kind, start, end, None, None) of the context rules ``dyn`` in
    ``norm``, rule by rule, as ``d.finditer(norm)`` gives them, empty matches left out; a surname
    that only a full name covers is not made (see the module's docstring). ``others``: the found
    tuples of the line's other rules; ``surnames``: the literals of the ``people.surname`` rule."""
    found: list[Any] = []
    names: list[tuple[int, int]] | None = None
    others_clear: bool | None = None
    for d in dyn:
        head = (d.order, d.id, d.kind)
        got = None
        if d.id == SURNAME and names and len(names) >= uncovered.MIN_SPANS and surnames:
            if others_clear is None:
                others_clear = not any(
                    k in _TURN_AWAY_PERSONS for k in set(map(_KIND, others))
                )  # kinds told at C speed
            if others_clear and _only_names_before(dyn, d, found):
                every = wordspans.bounded_columns(surnames, norm) if len(norm) >= PREFILTER_CHARS else None
                if every is not None:  # every surname at C speed, those in a full name dropped at C speed
                    found += zip(*map(repeat, head), *wordspans.outside(every, names), repeat(None), repeat(None))
                    continue
                got = uncovered.outside(
                    d.regex, surnames, norm, 0, len(norm), names, continues=uncovered.LETTER_OR_DIGIT
                )
        columns = None
        if got is None and d.id == SURNAME and surnames and len(norm) >= PREFILTER_CHARS:
            columns = wordspans.bounded_columns(surnames, norm)  # at C speed: the same spans, or None
        if columns is not None:  # (non-empty: a surname is three letters or more)
            found += zip(*map(repeat, head), *columns, repeat(None), repeat(None))
            continue
        spans = list(map(_SPAN, d.finditer(norm) if got is None else got))
        if not all(map(lt, map(_FIRST, spans), map(_SECOND, spans))):  # told at C speed
            spans = [(a, b) for a, b in spans if b > a]  # an empty match is not made
        found += zip(*map(repeat, head), map(_FIRST, spans), map(_SECOND, spans), repeat(None), repeat(None))
        if d.id == NAME:
            names = spans
    return found


def _only_names_before(dyn: Sequence[Dyn], surname: Dyn, found: list[Any]) -> bool:
    """Whether the full names come before ``surname`` (by order), and the context rules before it of a
    kind that can turn a person away (all of them already run: ``found``) found nothing but full
    names."""
    at = list(dyn).index(surname)
    before = [d for d in dyn if d.order < surname.order]
    if any(d not in dyn[:at] for d in before) or not any(d.id == NAME for d in before):
        return False
    rules = {d.id for d in before if d.kind in _TURN_AWAY_PERSONS and d.id != NAME}
    return not rules or not any(f[1] in rules for f in found)
