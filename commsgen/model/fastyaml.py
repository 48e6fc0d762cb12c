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

# the plain scalars YAML 1.1 (PyYAML's resolver) reads as something other than text: booleans,
# integers, floats, null, the merge key `<<` and the value key `=`, written as RE2 (PyYAML's own
# patterns, whose `$` also matches before a final line break); timestamps stay text on both paths
_NOT_TEXT = "|".join((
    r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
    r"~|null|Null|NULL|", r"<<", r"=",
))

if ryml is not None:
    _UNSAFE = re2.compile(
        r"(?m)(?:^|[\s\[\]{},])(?:!|&\S)"              # a tag or an anchor
        r"|\A[^\n]*\n(?:.*\n)*?(?:---|\.\.\.)(?:[ ]|$)"  # a document marker after the first line
        r"|^%|^[ ]*\?(?:[ ]|$)|\\|<<"                   # directive, complex key, escape, merge
        r"|[^\n\x{20}-\x{7e}\x{a0}-\x{2027}\x{202a}-\x{d7ff}\x{e000}-\x{fffd}\x{10000}-\x{10ffff}]")
    # in the JSON: a string (key, value or list item) that YAML 1.1 would not read as text if it
    # were plain (JSON cannot tell plain from quoted, so a quoted one is declined too), or that
    # starts with `*` (an alias, which rapidyaml writes as text)
    _JSON_DECLINED = re2.compile(r'"(?:' + _NOT_TEXT + r')(?:\\n)?"|[\[{,:]\s*"\*')
_NUMBER = re.compile(r"(?!-0\.)-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")


class _Unsure(Exception):
    pass


def _mapping(items: list[tuple[str, Any]]) -> dict:
    d = dict(items)
    if len(d) != len(items):   # a duplicate key: the exact path reports it
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
    if out is None or _JSON_DECLINED.search(out):
        return None
    try:
        data = json.loads(out, object_pairs_hook=_mapping, parse_float=_number, parse_int=_number,
                          parse_constant=_number)
    except (_Unsure, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


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
