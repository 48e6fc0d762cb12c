"""Text helpers shared by the index, search and similar: tokenising (as SQLite's FTS5 ``unicode61``
tokenizer does), stop words, and masking secrets before text is stored or shown."""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"[^\W_]+")

# words too common in postmortems to say anything about one (used to pick distinctive terms)
STOP = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not now of off on once only or other our out over own same she should so some such than
that the their them then there these they this those through to too under until up very was we
were what when where which while who whom why will with would you your yes new one two three
every via per its it's were was until since still only then than which them
""".split()
)


def fold(text: str) -> str:
    """Lower case without diacritics (``unicode61``'s ``remove_diacritics``)."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The tokens FTS5's ``unicode61`` tokenizer makes of ``text``: runs of letters and digits."""
    return _TOKEN.findall(fold(text))


def query_terms(query: str) -> list[str]:
    """A user's query as distinct tokens, in order (every token must match: AND)."""
    return list(dict.fromkeys(tokens(query)))


SEP = "\n\u2029\n"  # between pieces masked together (no secret pattern spans a paragraph separator)
_SECRET = frozenset({"secret"})


def mask_secrets(pieces: list[str]) -> list[str]:
    """``pieces`` with every secret masked (``AKIA****...MPLE``), scanned as one text with the
    redaction scanner (the same rules and masking as every output)."""
    from commsgen.redact.context import ScanContext
    from commsgen.redact.mask import mask_text
    from commsgen.redact.scanner import scan

    joined = SEP.join(pieces)
    matches = scan(joined, ScanContext(), kinds=_SECRET)
    if not matches:
        return pieces
    out = mask_text(joined, matches).split(SEP)
    if len(out) == len(pieces):
        return out
    return [mask_text(p, scan(p, ScanContext(), kinds=_SECRET)) for p in pieces]  # pragma: no cover
