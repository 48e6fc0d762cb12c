"""A faster way to the values of plain postmortem YAML, for the paths that load many files or one file
many times (batch, the TUI's live preview). The exact path (``loader.parse_yaml_tree``) stays the
reference: this one either returns exactly the values it would return, or ``None`` and the caller
takes the exact path, which also gives every error message.

How: libyaml's own parser runs over the text in C without building a Python object
(``CParser.raw_parse``), so the text is valid YAML by the same judge as the exact path; rapidyaml
(C++) parses it again and writes it out as JSON; ``json.loads`` builds the values. Where the two
could differ the text is left to the exact path:

- tags (rapidyaml drops them), anchors and aliases (it writes an alias as ``"*name"`` and takes a
  duplicate anchor), merge keys, several documents, directives, complex keys: found in the text or
  in the JSON;
- backslashes (double-quoted escapes), tabs, and every character other than printable text and
  LF (CR, NEL and the Unicode line separators break lines in YAML 1.1);
- scalars that YAML 1.1 would read as something other than a string (``yes``, ``~``, ``0x1F``,
  ``1_000``, ``12:30``, ``.inf``): a string value or key that PyYAML's resolver would not keep as a
  string is refused, quoted or not (JSON cannot tell), and a number is taken only in the plain
  forms both read alike (``12``, ``-3``, ``12.5``; not ``1e3``, ``-.5``);
- duplicate keys (the exact path reports them).

Timestamps stay text on both paths. A differential fuzz test (tests/test_fastyaml.py) holds the two
paths to the same values.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any

import yaml

try:
    import re2
    import ryml
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - a build without libyaml or rapidyaml: exact path only
    ryml = None

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

if ryml is not None:
    _UNSAFE = re2.compile(
        r"(?m)(?:^|[\s\[\]{},])(?:!|&\S)"              # a tag or an anchor
        r"|\A[^\n]*\n(?:.*\n)*?(?:---|\.\.\.)(?:[ ]|$)"  # a document marker after the first line
        r"|^%|^[ ]*\?(?:[ ]|$)|\\|<<"                   # directive, complex key, escape, merge
        r"|[^\n\x{20}-\x{7e}\x{a0}-\x{2027}\x{202a}-\x{d7ff}\x{e000}-\x{fffd}\x{10000}-\x{10ffff}]")
    _ALIAS = re2.compile(r'[\[{,:]\s*"\*')                # a string that starts with `*`
_NUMBER = re.compile(r"(?!-0\.)-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class _Unsure(Exception):
    pass


_KEEPS_TEXT: dict[str, bool] = {}
_resolver = yaml.resolver.Resolver()


def _text_ok(s: str) -> bool:
    """Would PyYAML keep ``s``, written plain, as text (a string or a timestamp)?"""
    ok = _KEEPS_TEXT.get(s)
    if ok is None:
        ok = _resolver.resolve(yaml.ScalarNode, s, (True, False)) in (_STR, _TIMESTAMP)
        if len(_KEEPS_TEXT) < 100_000:
            _KEEPS_TEXT[s] = ok
    return ok


def _mapping(items: list[tuple[str, Any]]) -> dict:
    d = dict(items)
    if len(d) != len(items) or "<<" in d:
        raise _Unsure
    for k, v in items:
        if not _text_ok(k) or (v.__class__ is str and not _text_ok(v)):
            raise _Unsure
    return d


def _number(text: str) -> int | float:
    if not _NUMBER.fullmatch(text):
        raise _Unsure
    return float(text) if "." in text else int(text)


def available() -> bool:
    return ryml is not None


def parse(text: str) -> dict | None:
    """The values of ``text`` when it is a plain YAML mapping this path reads exactly like the exact
    path, else ``None``."""
    if ryml is None or _UNSAFE.search(text):
        return None
    try:
        CParser(text).raw_parse()
    except yaml.YAMLError:
        return None
    out = _quiet(_to_json, text)
    if out is None or _ALIAS.search(out):
        return None
    # strings in lists are checked here too: every list item that is a string also appears in the
    # JSON after `[` or `,`, and _mapping sees only mapping values, so lists are walked below
    try:
        data = json.loads(out, object_pairs_hook=_mapping, parse_float=_number, parse_int=_number,
                          parse_constant=_number)
    except (_Unsure, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not _lists_ok(data):
        return None
    return data


def _lists_ok(value: Any) -> bool:
    """Every string item of every list keeps its text (mappings were checked as they were built)."""
    stack = [value]
    while stack:
        v = stack.pop()
        if v.__class__ is dict:
            stack.extend(x for x in v.values() if x.__class__ in (dict, list))
        else:
            for x in v:
                c = x.__class__
                if c is str:
                    if not _text_ok(x):
                        return False
                elif c is dict or c is list:
                    stack.append(x)
    return True


def _to_json(text: str) -> str | None:
    try:
        tree = ryml.parse_in_arena(text.encode("utf-8"))
        node = tree.root_id()
        if tree.is_stream(node):   # an explicit `---`: the one document (the text holds no second)
            if tree.num_children(node) != 1:
                return None
            node = tree.first_child(node)
        return ryml.emit_json(tree, node)
    except Exception:  # noqa: BLE001 - any failure here means: take the exact path
        return None


def _quiet(fn, arg):
    """``fn(arg)`` with file descriptor 2 pointed at /dev/null: rapidyaml prints its own parse errors
    to stderr before it raises, and those are not the user's (the exact path reports them)."""
    try:
        saved = os.dup(2)
    except OSError:
        return fn(arg)
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        return fn(arg)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
