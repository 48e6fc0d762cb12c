"""A plain YAML document's values through rapidyaml (``ryml``), for batch worker processes only.

Why: in ``batch --audience status`` a file's parse was half its instructions, most of them PyYAML
building a Python event and two marks per YAML event (``model/yamlfast.py``). Here libyaml only
checks the document (``raw_parse``: no Python object per event), rapidyaml builds its tree and
writes it as JSON, and the standard library's JSON decoder builds the values, all in C.

What is unusual, and why it is confined here:

- rapidyaml prints its own parse errors on file descriptor 2 before it raises, with no switch to
  turn that off. The parse runs with descriptor 2 pointed at ``/dev/null`` (``os.dup2``), so this
  module is enabled only in batch worker processes (``commsgen.batch._worker_init``): processes
  with one thread and no user interface, whose descriptor 2 is their own after the fork.
- ``raw_parse`` is a public method of PyYAML's C parser (``yaml.CSafeLoader``) that is not
  documented.

A file is read here only when nothing in it can differ from the PyYAML path (``yamlread``/
``yamlfast``), else ``read`` answers None and the caller reads it as before, with the same values,
refusals and messages:

- libyaml must accept it (so every syntax error is reported by the PyYAML path, as before);
- no tag, anchor or alias can be in it: no ``!``, ``&`` or ``*`` where a node can start (a line's
  start, after ``- ? : , [ {`` and spaces); no directive (``%`` at a line start), no document marker
  (``---``, ``...``), no byte order mark; no tab, carriage return, or the characters YAML 1.1 reads
  as line breaks and YAML 1.2 does not (U+0085, U+2028, U+2029); the text ends with a line break (a block
  scalar that ends the file without one gains one in rapidyaml);
- the document is one mapping, its keys are unique in each mapping, and its nesting is at most
  ``MAX_DEPTH`` (the caller's limit: deeper files are reported by the PyYAML path);
- JSON keeps no trace of whether a scalar was quoted. So every string value or key whose text, read
  as a plain scalar, would be anything but that string in YAML 1.1 (``yes``, ``~``, ``1``, ``""``,
  ``<<``...) sends the file back; a number must be a plain decimal integer (``12``, ``-3``: YAML
  1.1 gives it the same value; rapidyaml rewrites some floats it writes, ``-.5`` as ``-0.5``, so a
  float sends the file back) and ``true``, ``false`` and ``null`` are those of
  plain scalars, which YAML 1.1 reads the same way.

``tests/test_adapters_rymlread.py`` holds this path to the PyYAML path over generated classes of
documents (values, depth, and that every other document is sent back), and to rapidyaml's stock
behaviour that the checks above rely on.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import yaml

from commsgen.model.yamlread import DIGITS_AS_0, PLAIN_VALUES, TIME_SHAPES, BaseLoader, NotPlain, plain_value

try:  # pragma: no branch
    import ryml
except ImportError:  # pragma: no cover - not installed: the PyYAML path reads every file
    ryml = None

MAX_DEPTH = 64  # as ``commsgen.model.loader.MAX_DEPTH``: a deeper file is left to the PyYAML path

# characters YAML 1.1 and 1.2 read differently (line breaks, the byte order mark), tabs and carriage
# returns: a file holding one is left to the PyYAML path
_ODD = ("\t", "\r", "\ufeff", "\x85", "\u2028", "\u2029")
_MARKERS = ("\n%", "\n---", "\n...")  # a directive, a document's start or end
# what may start a tag, an anchor or an alias, and what may stand before a node (spaces aside)
_NODE_MARKS = ("!", "&", "*")
_BEFORE_NODE = frozenset("\n[{,:?-")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # the numbers read here
_UNKNOWN = object()


class _Elsewhere(Exception):
    """The document is not one this path reads."""


def _plain_str(value: str) -> bool:
    """Whether a plain scalar ``value`` is that string in YAML 1.1 (as ``yamlread`` reads it)."""
    out = PLAIN_VALUES.get(value, _UNKNOWN)
    if out is _UNKNOWN:
        if value.encode().translate(DIGITS_AS_0) in TIME_SHAPES:
            return True  # a plain time stays text
        try:
            out = plain_value(value)
        except NotPlain:  # ``<<``, ``=``
            return False
    return out.__class__ is str and out == value


def _resolvers() -> tuple[frozenset[str], frozenset[str]]:
    """(the first characters of the plain scalars YAML 1.1 may read as other than text by a
    pattern, the whole plain scalars it reads so by a list of words): PyYAML's implicit resolvers,
    those that are a list of words (``yes|Yes|...``, ``~|null|...``) taken as their words."""
    by_pattern: set[str] = set()
    words: set[str] = set()
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.items():
        for _tag, rx in resolvers:
            m = re.fullmatch(r"\^\(\?:(.*)\)\$", re.sub(r"\s+", "", rx.pattern))
            listed = [w.replace("\\*", "*") for w in m.group(1).split("|")] if m else None
            if listed is None or any(re.search(r"[][().*+?{}^$\\]", w.replace("*", "")) for w in listed):
                by_pattern.add(first or "")
            else:
                words.update(listed)
    return frozenset(by_pattern), frozenset(w for w in words if not _plain_str(w))


# a string starting with one of ``_BY_PATTERN`` is tried as a plain scalar (``_plain_str``); any
# other is text whether it was quoted or plain, unless it is one of ``_WORDS``
_BY_PATTERN, _WORDS = _resolvers()

_devnull: list[int] = []  # a descriptor of /dev/null, opened on first use
_SENT_BACK: tuple[type[BaseException], ...] = (_Elsewhere, NotPlain, ValueError, RecursionError, yaml.YAMLError)
if ryml is not None:  # pragma: no branch
    _SENT_BACK += (ryml.ExceptionBasic,)


def enable() -> bool:
    """Read plain documents through rapidyaml in this process, first (``yamlfast.parse_fast``): only
    in a batch worker (see the module). False when rapidyaml or libyaml is not installed."""
    if ryml is None or not hasattr(yaml, "CSafeLoader"):
        return False
    from commsgen.model import yamlfast

    yamlfast.read_first_with(read)
    return True


def read(text: str) -> tuple[Any, int] | None:
    """(values, nesting depth) of a plain YAML document, as ``yamlfast.parse_fast`` gives them; None
    when this path does not read it (see the module's text)."""
    if not _plain_text(text):
        return None
    try:
        return _read(text)
    except _SENT_BACK:
        return None
    finally:
        _heights.clear()


def _plain_text(text: str) -> bool:
    """Whether ``text`` holds nothing this path leaves to the PyYAML path (see the module): no odd
    character, no directive or document marker, no ``!``, ``&`` or ``*`` that can start a node: a
    node starts at a line's start (after its indentation) or after spaces following one of
    ``- ? : , [ {``, so a mark after a word and spaces (``a **bold** word``) is text."""
    if not text.endswith("\n"):
        return False  # a block scalar ending the file without a line break: rapidyaml adds one
    for odd in _ODD:
        if odd in text:
            return False
    if text.startswith(("%", "---", "...", *_NODE_MARKS)) or any(m in text for m in _MARKERS):
        return False
    before = _BEFORE_NODE
    for mark in _NODE_MARKS:
        at = text.find(mark)
        while at > 0:
            prev = at - 1
            while prev >= 0 and text[prev] == " ":
                prev -= 1
            if prev < 0 or text[prev] in before:
                return False
            at = text.find(mark, at + 1)
    return True


def _read(text: str) -> tuple[Any, int]:
    loader = yaml.CSafeLoader(text)
    try:
        loader.raw_parse()  # libyaml's verdict: a file it refuses is reported by the PyYAML path
    finally:
        loader.dispose()
    data = _DECODER.decode(_json_of(text.encode("utf-8")))
    depth = _heights[id(data)]
    if depth > MAX_DEPTH:
        raise _Elsewhere
    return data, depth


def _json_of(data: bytes) -> str:
    """rapidyaml's JSON of the mapping ``data`` holds. rapidyaml prints its own error messages on
    descriptor 2 (a parse error; a tree too deep to write) before it raises: they go to /dev/null."""
    if not _devnull:
        _devnull.append(os.open(os.devnull, os.O_WRONLY))
    saved = os.dup(2)
    try:
        os.dup2(_devnull[0], 2)
        tree = ryml.parse_in_arena(data)
        root = tree.root_id()
        if not tree.is_map(root):
            raise _Elsewhere  # a list, a scalar, an empty document or a stream of several
        return ryml.emit_json(tree, root)
    finally:
        os.dup2(saved, 2)
        os.close(saved)


# the height (1 + that of its deepest mapping or list) of each mapping decoded so far, by id
_heights: dict[int, int] = {}
_KEYS_OK: set[str] = set()  # keys found the same string quoted or plain
_KEYS_OK_MAX = 10_000


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict (the decoder's hook): its keys unique and each the same string whether
    it was quoted or plain (a key found so once is not looked at again), its values checked and its
    height noted in ``_heights`` (``_height``)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Elsewhere  # a duplicate key: refused by the PyYAML path, with its message
    keys_ok = _KEYS_OK
    for key in out:
        if key not in keys_ok:
            _same_plain(key)
            if len(keys_ok) < _KEYS_OK_MAX:
                keys_ok.add(key)
    _heights[id(out)] = _height(out.values())
    return out


def _height(values: Any) -> int:
    """1 + the height of the deepest mapping or list among ``values`` (a mapping's values or a
    list), each string among them checked as ``_same_plain`` does (written out: a call fewer per
    string)."""
    by_pattern, words, heights = _BY_PATTERN, _WORDS, _heights
    inner = 0
    for value in values:
        cls = value.__class__
        if cls is str:
            if value in words or value[:1] in by_pattern and not _plain_str(value):
                raise _Elsewhere
        elif cls is dict:
            h = heights[id(value)]
            if h > inner:
                inner = h
        elif cls is list:
            h = _height(value)
            if h > inner:
                inner = h
    return inner + 1


def _same_plain(value: str) -> None:
    """JSON keeps no trace of whether a scalar was quoted: a string that a plain scalar of the same
    text would make anything else in YAML 1.1 (``yes``, ``~``, ``12``, ``""``, ``<<``) sends the file
    back."""
    if value in _WORDS or value[:1] in _BY_PATTERN and not _plain_str(value):
        raise _Elsewhere


def _int(text: str) -> Any:
    """A JSON integer, as rapidyaml wrote a plain scalar: only a plain decimal is taken (``12``,
    ``-3``: YAML 1.1 reads it as the same int)."""
    if _INT.fullmatch(text) is None:
        raise _Elsewhere
    out = PLAIN_VALUES.get(text, _UNKNOWN)
    if out is _UNKNOWN:
        out = plain_value(text)
    if out.__class__ is not int:
        raise _Elsewhere
    return out


def _not_read(text: str) -> Any:
    """A JSON float, NaN or Infinity: rapidyaml rewrites some plain scalars it writes as floats
    (``-.5`` as ``-0.5``, which YAML 1.1 reads as the text ``-.5``), so their source is not known."""
    raise _Elsewhere


_DECODER = json.JSONDecoder(object_pairs_hook=_mapping, parse_int=_int, parse_float=_not_read, parse_constant=_not_read)
