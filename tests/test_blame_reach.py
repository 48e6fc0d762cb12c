"""``blame.person-subject`` on texts of many names: the names it tries are narrowed to those a
failure or fault word can be reached from (``lint.blame_reach``); the issues are those of trying
every name (the rule as it was), on texts of every kind of spacing, filler and word around names."""

from __future__ import annotations

import random

import pytest

from commsgen.lint import blame_reach
from commsgen.lint.rules_text import blame_person
from commsgen.lint.text import Doc
from lint_helpers import ctx

NAMES = ["Dana Whitfield", "Omar Haddad", "Omar", "Whitfield", "ohaddad", "Haddad"]
FILLERS = ["then", "had", "has", "was", "also", "just", "apparently", "again", "THEN", "Simply"]
FAILS = ["broke", "forgot", "failed to", "misconfigured", "did not", "didn’t", "never", "accidentally", "caused"]
FAULTS = ["mistake", "error", "typo", "fault", "oversight"]
WORDS = ["the", "pool", "restored", "service", "made a mistake", "by", "due to", "caused by", "x-y", "a"]
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\x1c", " \n ", ""]
QUOTES = ["'s", "’s", "'S", "'"]
PUNCT = [".", ",", ";", "(", ")", ":"]


def _text(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        pool = rng.choice([NAMES, NAMES, FILLERS, FAILS, FAULTS, WORDS, QUOTES, PUNCT])
        out.append(rng.choice(pool))
        out.append(rng.choice(SPACES))
    return "".join(out)


def _issues(text: str, c) -> list[tuple]:
    return [(i.message, i.start, i.end, i.excerpt) for i in blame_person(Doc(text), c)]


@pytest.mark.parametrize("seed", range(40))
def test_narrowed_names_give_the_issues_of_trying_every_name(seed, monkeypatch):
    rng = random.Random(seed)
    c = ctx()
    text = _text(rng, rng.choice([300, 800, 1500]))
    if seed % 5 == 0:  # a whitespace run longer than the window before a failure word
        text += " " * (blame_reach.WINDOW + 3) + "broke the pool. " + "Dana Whitfield " * 80
    got = _issues(text, c)
    monkeypatch.setattr(blame_reach, "reach", lambda text, hits: None)
    assert got == _issues(text, c)


def test_reach_lists_ends_back_over_fillers_and_a_possessive():
    text = "Dana's then just broke it"
    q = text.index("broke")
    ends = blame_reach.reach(text, [(q, q + 5)])
    assert ends is not None and text.index("'s") in ends
    # a run longer than the window before the word: not told cheaply
    long = "x" * (blame_reach.WINDOW + 10) + " broke"
    assert blame_reach.reach(long, [(len(long) - 5, len(long))]) is None


def test_a_megabyte_of_names_far_from_any_failure_word_tries_few_names(monkeypatch):
    c = ctx()
    text = "Dana Whitfield " * 20_000 + "\n\nThe deploy broke the pool.\n"
    tried = []
    real = blame_reach.reach

    def counting(text, hits):
        got = real(text, hits)
        tried.append(len(got) if got is not None else None)
        return got

    monkeypatch.setattr(blame_reach, "reach", counting)
    assert _issues(text, c) == []
    assert tried and tried[0] is not None and tried[0] <= 12
