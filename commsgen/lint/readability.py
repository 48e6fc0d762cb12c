"""Readability of customer text: an English syllable counter and the Flesch-Kincaid grade.

Offline by construction: pure Python, no data files, no network (textstat >= 0.7.9 fetches
nltk data at run time, so it is not used). pyphen was measured and rejected as a syllable
counter: hyphenation points are not syllables (it gives "area" 1, "idea" 1, "platypus" 2).

The counter counts vowel groups, then corrects the usual English exceptions (silent final
``e``, ``-ed`` and ``-es`` endings, ``-le``, vowel pairs that are two syllables such as
``ia``/``io``/``eo``), with a small table of common words the rules get wrong. It is tested
against a list of words with dictionary syllable counts (tests/test_lint_readability.py).

Flesch-Kincaid grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from commsgen.redact.lazyre import lazy

_VOWEL_GROUPS = lazy(r"[aeiouy]+")
_NON_ALPHA = lazy(r"[^a-z]")
_VOICED_ES = lazy(r"(?:[sxzcg]|ch|sh)es$")  # boxes, changes, services
_TWO_VOWELS = lazy(
    r"[^cgstl]i[ao](?!n|u)|i[ao]$|eo(?!u|n$)|oe(?=[mt])|ua(?!r)|ue(?=n|t)|[^gq]uel|[^bgq]ui(?=d|n)"
    r"|uo|ii|[aeiou]y[aeiou](?![ds]?$)|^reali|eum$|[^cgstx]iou|[^cts]iet|[^aeiouy]ism$"
)

# Words the rules below get wrong, with their dictionary counts.
_EXCEPTIONS = {
    "the": 1,
    "a": 1,
    "i": 1,
    "are": 1,
    "were": 1,
    "where": 1,
    "there": 1,
    "here": 1,
    "one": 1,
    "once": 1,
    "some": 1,
    "come": 1,
    "done": 1,
    "gone": 1,
    "none": 1,
    "give": 1,
    "live": 1,
    "have": 1,
    "move": 1,
    "lose": 1,
    "whose": 1,
    "sure": 1,
    "eye": 1,
    "eyes": 1,
    "people": 2,
    "every": 3,
    "everyone": 4,
    "everything": 4,
    "business": 2,
    "businesses": 3,
    "different": 3,
    "interest": 3,
    "interested": 4,
    "family": 3,
    "several": 3,
    "evening": 2,
    "area": 3,
    "areas": 3,
    "idea": 3,
    "ideas": 3,
    "being": 2,
    "seeing": 2,
    "doing": 2,
    "going": 2,
    "create": 2,
    "created": 3,
    "creating": 3,
    "react": 2,
    "real": 1,
    "really": 2,
    "poem": 2,
    "quiet": 2,
    "science": 2,
    "client": 2,
    "clients": 2,
    "diet": 2,
    "via": 2,
    "video": 3,
    "radio": 3,
    "period": 3,
    "serious": 3,
    "experience": 4,
    "previous": 3,
    "maybe": 2,
    "because": 2,
    "whole": 1,
    "therefore": 2,
    "whereas": 2,
    "somewhere": 2,
    "something": 2,
    "sometimes": 2,
    "someone": 2,
    "anyone": 3,
    "themselves": 2,
    "naive": 2,
    "fire": 1,
    "hour": 1,
    "hours": 1,
    "our": 1,
    "ours": 1,
    "flour": 1,
    "minute": 2,
    "minutes": 2,
    "issue": 2,
    "issues": 2,
    "value": 2,
    "continue": 3,
    "queue": 1,
    "queued": 1,
    "due": 1,
    "true": 1,
    "blue": 1,
    "cue": 1,
    "naturally": 4,
    "actually": 4,
    "usually": 4,
    "usual": 3,
    "actual": 3,
    "individual": 5,
    "variable": 4,
    "various": 3,
    "create's": 2,
    "recreate": 3,
    "ocean": 2,
    "whenever": 3,
    "apology": 4,
    "apologise": 4,
    "apologize": 4,
    "apologies": 4,
    "reliable": 4,
    "available": 4,
    "availability": 6,
    "database": 3,
    "databases": 4,
    "outage": 2,
    "february": 4,
    "outages": 3,
    "incident": 3,
    "incidents": 3,
    "engineer": 3,
    "engineers": 3,
}


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one English word (>= 1 for any word with a letter, 0 otherwise)."""
    w = _NON_ALPHA.sub("", word.lower())
    if not w:
        return 0
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    if len(w) <= 2:
        return 1
    # Possessive / plural of an exception ("engineer's", "outages" already listed).
    if w.endswith("s") and w[:-1] in _EXCEPTIONS:
        return _EXCEPTIONS[w[:-1]]
    if w.endswith("d") and w[-2] == "e" and w[-3] not in "td" and w[:-1] in _EXCEPTIONS:
        return _EXCEPTIONS[w[:-1]]  # experienced, ideas
    n = len(_VOWEL_GROUPS.findall(w))
    # silent endings
    if w.endswith("e") and not w.endswith(("le", "ee", "ie", "ye", "oe")) and n > 1:
        n -= 1  # make, service, because
    elif w.endswith("le") and w[-3] in "aeiouy" and n > 1:
        n -= 1  # whale, scale
    elif w.endswith("ed") and n > 1 and w[-3] not in "aeiouytd":
        n -= 1  # jumped, failed (not wanted)
    elif w.endswith("es") and n > 1 and w[-3] not in "aeiouy" and not _VOICED_ES.search(w):
        n -= 1  # makes, times (not boxes, changes)
    elif w.endswith("ely") and n > 2:
        n -= 1  # safely, completely
    elif w.endswith(("ements", "ement")) and n > 2:
        n -= 1  # statement, improvement
    # vowel pairs said as two syllables
    n += len(_TWO_VOWELS.findall(w))
    return max(1, n)


class Grade(NamedTuple):
    grade: float
    words: int
    sentences: int
    syllables: int


def fk_grade(words: int, sentences: int, syllable_count: int) -> float:
    """The Flesch-Kincaid grade level of counts."""
    if not words or not sentences:
        return 0.0
    return 0.39 * (words / sentences) + 11.8 * (syllable_count / words) - 15.59


@lru_cache(maxsize=65536)
def word_syllables(token: str) -> int:
    """Syllables of a text token; abbreviations in capitals are spelled out (``UTC`` = 3)."""
    letters = _NON_ALPHA.sub("", token.lower())
    if not letters:
        return 0
    raw = re.sub(r"[^A-Za-z]", "", token)
    if raw.isupper() and 1 < len(raw) <= 5:
        return len(raw)
    return syllables(letters)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def grade_of_sentences(sentences: list[str]) -> Grade:
    """Flesch-Kincaid grade of sentences given as strings (words = tokens with a letter)."""
    w = s = 0
    for sent in sentences:
        toks = _WORD.findall(sent)
        w += len(toks)
        s += sum(word_syllables(t) for t in toks)
    n = len([x for x in sentences if _WORD.search(x)])
    return Grade(round(fk_grade(w, n, s), 1), w, n, s)
