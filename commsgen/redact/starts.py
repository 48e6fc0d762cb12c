"""Where a value starts: after a character that cannot be part of it.

Each rule's pattern begins with a look-behind that names the characters which would make its match
start inside a longer token (``db-01.acme.internal`` must not be read from ``01.acme.internal``). A
dash, plus, percent, at, tilde sign or full stop that itself starts a word is not such a character:
in ``the primary —ledger.acme.internal— failed`` (the normaliser reads every dash as ``-``),
``-ledger.acme.internal`` or ``x[^1].acme.internal`` the value starts after it. ``after`` builds that
look-behind once for every rule that needs it (rules.py, notations.py, the scanner's handles).
"""

from __future__ import annotations

_LEAD = "-+%@~."


def after(chars: str) -> str:
    """A look-behind for a start after none of ``chars`` (a character-class body), or after one or two
    of ``-+%@~.`` standing at a word's start (``—``, ``——``, ``+``, ``@``, ``].`` before the value)."""
    # first what both ways need: none of ``chars`` but the lead characters before (a letter, mostly,
    # in the middle of a word: the one check that fails there, at C speed)
    base = "".join(c for c in chars.removesuffix("-") if c not in "+%@~.")
    return (
        rf"(?<![{base}])"
        rf"(?:(?<![{chars}])|(?<=[{_LEAD}])(?:(?<![{chars}].)|(?<=[{_LEAD}].)(?<![{chars}]..)))"
    )
