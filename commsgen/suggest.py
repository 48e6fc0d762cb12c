"""The one "did you mean" of every message about a misspelt name (a postmortem key, a commsgen.toml
key, a writing-check id)."""

from __future__ import annotations

from collections.abc import Iterable


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The choice nearest to ``word`` (difflib's ratio 0.6 or more), or None. Only called for a
    mistake: difflib is not imported on every run."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean `x`?"`` for the nearest choice, else an empty string."""
    close = nearest(word, choices)
    return f"; did you mean `{close}`?" if close else ""
