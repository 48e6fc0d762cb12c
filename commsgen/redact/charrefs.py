"""``html.unescape`` for long texts: each distinct character reference decoded once.

``html.unescape`` calls a Python function for every reference it finds: the HTML reading of a
megabyte of ``&lt;`` (300,000 references) took a second. Here the text is split on the same
references (the pattern ``html.unescape`` uses, Python 3.11-3.13, held to it by
``tests/test_bulk_paths.py``) and each distinct one is decoded by ``html.unescape`` itself: a
reference decodes the same wherever it stands (its replacement reads only its own characters).
"""

from __future__ import annotations

import html
from typing import Any

from commsgen.redact.lazyre import lazy
from commsgen.redact.readmap import ENTITY

_CHARREF_SPLIT = lazy(r"(&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?))")
SHORT = 4_096  # a shorter text goes to ``html.unescape`` as it is


def html_unescape(text: str) -> str:
    """``html.unescape(text)``."""
    if len(text) < SHORT:
        return html.unescape(text)
    return _decoded(_CHARREF_SPLIT, text)


_ENTITY_SPLIT = lazy(f"({ENTITY.pattern})")


def unescape_entities(text: str) -> str:
    """``text`` with each entity ``ENTITY`` finds decoded by ``html.unescape``, each distinct entity
    decoded once (a hostile paragraph can hold a hundred thousand)."""
    return _decoded(_ENTITY_SPLIT, text)


def _decoded(split: Any, text: str) -> str:
    """``text`` with each reference ``split`` (one group) finds decoded by ``html.unescape``, each
    distinct one once."""
    parts = split.split(text)
    if len(parts) == 1:
        return text
    refs = parts[1::2]
    decoded = {r: html.unescape(r) for r in set(refs)}
    parts[1::2] = list(map(decoded.__getitem__, refs))
    return "".join(parts)
