"""A person's name must not be read in plain English (found by a red-team battery of ordinary status
posts): with "Alex Cross" in ``people``, ``across`` was refused as that person's name (the joined
form ``across``); with "Anna Best", ``a best practice`` ("A Best"); with "Sam Case", ``the customer's
case`` ("S Case"); with "Ian Long", ``I long for``. Each class is generated from the word list and
the bundled name lists, both ways: the prose passes, and the person's written forms are still found
(``redact/names.py``)."""

from __future__ import annotations

import random

import pytest

from commsgen.redact import scan
from commsgen.redact.context import ScanContext
from commsgen.redact.likely_names import given_names, surnames
from commsgen.redact.wordlist import _text, is_word

RNG = random.Random(20261207)
WORDS = [w for w in _text().decode().split("\n") if 5 <= len(w) <= 9]
GIVEN = sorted(g for g in given_names() if g.isascii() and g.isalpha() and len(g) >= 3)


def names_found(text: str, person: str) -> list[str]:
    ctx = ScanContext(people_names=(person,))
    return [m.text for m in scan(text, ctx) if m.rule == "people.name"]


def given_with(letter: str) -> str:
    return RNG.choice([g for g in GIVEN if g[0] == letter]).capitalize()


def _joined_cases(n: int) -> list[tuple[str, str]]:
    """(person, word): the person's initial and surname joined spell ``word``."""
    out = []
    for w in RNG.sample(WORDS, 4000):
        if any(g[0] == w[0] for g in GIVEN):
            out.append((given_with(w[0]) + " " + w[1:].capitalize(), w))
        if len(out) == n:
            break
    return out


@pytest.mark.parametrize("person,word", _joined_cases(60))
def test_a_joined_name_that_spells_a_word_is_the_word(person, word):
    given, surname = person.split()
    for text in (f"Errors spread {word} the fleet.", f"{word.capitalize()} the board, we saw it.", word.upper()):
        assert names_found(text, person) == [], text
    # the person is still found when written as a person
    for text in (f"{person} fixed it.", f"{given[0]}. {surname} fixed it.", f"{surname}, {given} fixed it."):
        assert names_found(text, person), text


def test_joined_names_that_are_not_words_are_still_found():
    people = [
        (given_with(s[0].lower()) if any(g[0] == s[0] for g in GIVEN) else "Dana", s)
        for s in RNG.sample(sorted(surnames()), 300)
    ]
    checked = 0
    for given, surname in people:
        if not (surname.isascii() and surname.isalpha()) or is_word(given[0] + surname) or is_word(given + surname):
            continue
        person = f"{given} {surname.capitalize()}"
        for text in (
            f"ping {given[0].lower()}{surname.lower()} on chat",
            f"{given}{surname.capitalize()} wrote it",
            f"{given.lower()}.{surname.lower()} wrote it",
        ):
            assert names_found(text, person), (person, text)
        checked += 1
    assert checked > 200


@pytest.mark.parametrize("word", RNG.sample([w for w in WORDS if w[0] not in "ai"], 40))
def test_an_initial_is_not_the_letter_after_an_apostrophe(word):
    person = f"{given_with('s')} {word.capitalize()}"
    assert names_found(f"The customer's {word} was escalated.", person) == []
    assert names_found(f"The customer’s {word.capitalize()} team replied.", person) == []
    assert names_found(f"S. {word.capitalize()} replied.", person)


@pytest.mark.parametrize("letter", ["a", "i"])
@pytest.mark.parametrize("word", RNG.sample(WORDS, 20))
def test_one_letter_words_are_not_initials_without_their_period(letter, word):
    person = f"{given_with(letter)} {word.capitalize()}"
    cap = letter.upper()
    for text in (
        f"This is {letter} {word} idea.",
        f"{cap} {word} for a fix.",
        f"{cap} {word.capitalize()} Night",
        f"how {word}, {cap} think",
    ):
        assert names_found(text, person) == [], text
    for text in (f"{cap}. {word.capitalize()} replied.", f"{word.capitalize()}, {cap}. replied."):
        assert names_found(text, person), text


@pytest.mark.parametrize("word", RNG.sample(WORDS, 20))
def test_a_title_that_is_a_word_is_capitalised(word):
    person = f"{given_with('d')} {word.capitalize()}"
    assert names_found(f"we will not miss {word} again", person) == []
    for text in (
        f"Miss {word.capitalize()} replied.",
        f"MISS {word.upper()} replied.",
        f"ms {word} replied",
        f"dr. {word} replied",
    ):
        assert names_found(text, person), text


@pytest.mark.parametrize(
    "text",
    [
        "Whitfield, D. fixed it.",
        "Whitfield D. fixed it.",
        "Whitfield, D fixed it.",
        "WHITFIELD, D. fixed it.",
        "whitfield, d. fixed it.",
    ],
)
def test_surname_then_initial_is_the_person(text):
    assert names_found(text, "Dana Whitfield")


def test_given_name_and_surname_initial_is_the_person():
    """``Dana W.``: a given name and the surname's initial with its period, as people sign."""
    checked = 0
    for given in RNG.sample(GIVEN, 60):
        surname = RNG.choice(sorted(s for s in surnames() if s.isascii() and s.isalpha() and len(s) >= 4))
        person = f"{given.capitalize()} {surname.capitalize()}"
        assert names_found(f"Thanks to {given.capitalize()} {surname[0].upper()}. for the fix.", person), person
        assert names_found(f"{given.upper()} {surname[0].upper()}. wrote it", person), person
        assert names_found(f"we {given.lower()} {surname[0].lower()} it", person) == [] or is_word(given), person
        checked += 1
    assert checked == 60
