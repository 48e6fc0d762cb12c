"""Masking: ``AKIA************MPLE``-style values, and whole texts with their findings masked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

KEEP = 4  # characters kept at each end of a long value
MAX_STARS = 24  # very long values (JWTs, keys) get at most this many stars
PARTIAL_KINDS = frozenset({"secret", "payment-card"})
PLACEHOLDER = "[redacted]"


def mask_value(s: str) -> str:
    """Mask a value, keeping a few alphanumerics at each end for recognition and every separator
    (``4669 **** **** 6474``). Values under 8 alphanumerics are masked entirely; under 16 keep 2+2.
    At most ``MAX_STARS`` stars: the alphanumerics after those are dropped."""
    if not s.isascii() or "\0" in s:
        return _mask_chars(s)
    marked = s.translate(_MARK_ALNUM)  # ASCII: every alphanumeric becomes \0, in C
    n = marked.count("\0")
    keep = KEEP if n >= 16 else 2 if n >= 8 else 0
    start, end = 0, len(s)
    for _ in range(keep):
        start = marked.index("\0", start) + 1
        end = marked.rindex("\0", 0, end)
    parts = marked[start:end].split("\0")  # the separators between hidden alphanumerics
    middle = "*".join(parts[: MAX_STARS + 1]) + "".join(parts[MAX_STARS + 1 :])
    return s[:start] + middle + s[end:]


_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"  # string.ascii_letters + digits
_MARK_ALNUM = str.maketrans(_ALNUM, "\0" * 62)


def _mask_chars(s: str) -> str:
    """``mask_value`` for any text (Unicode letters and digits count as alphanumerics)."""
    alnum = [i for i, c in enumerate(s) if c.isalnum()]
    n = len(alnum)
    keep = KEEP if n >= 16 else 2 if n >= 8 else 0
    out = list(s)
    for j, i in enumerate(alnum[keep : n - keep] if keep else alnum):
        out[i] = "*" if j < MAX_STARS else ""
    return "".join(out)


def mask_text(
    text: str, matches: Iterable[Any], *, only_kinds: Iterable[str] | None = None, whole: bool = False
) -> str:
    """``text`` with every match (of ``only_kinds``, default all) masked. Secrets and card numbers
    keep a few characters (``mask_value``); other kinds become ``[redacted]``. Only the value part
    of an assignment is masked (``password=rk**...``), so the reader still sees what leaked.
    ``whole``: every match becomes ``[redacted]`` (for what a first mask left readable)."""
    kinds = set(only_kinds) if only_kinds is not None else None
    spans = []
    for m in matches:
        if kinds is not None and m.kind not in kinds:
            continue
        s, e = m.mask_span
        if e > s:
            spans.append((s, e, not whole and m.kind in PARTIAL_KINDS))
    if not spans:
        return text
    spans.sort()
    merged: list[list[Any]] = []
    for s, e, partial in spans:
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] = merged[-1][2] and partial  # a secret inside a wider finding: all of it goes
        else:
            merged.append([s, e, partial])
    out, pos = [], 0
    for s, e, partial in merged:
        out.append(text[pos:s])
        out.append(mask_value(text[s:e]) if partial else PLACEHOLDER)
        pos = e
    out.append(text[pos:])
    return "".join(out)
