"""A plain YAML document's values straight from the C parser's events, without composing PyYAML's
node tree (``yamlread``): no Python node, resolver call or second walk per value.

Only the documents ``yamlread`` reads the same way are taken: one document of mappings, lists and
scalars with no anchor, alias, explicit tag (``!`` alone aside), merge key (``<<``), duplicate key or
key that is a mapping or a list. Anything else, and any error, makes ``parse_fast`` answer None:
the caller then reads the file with ``yamlread.parse_yaml_doc``, which gives its values, its
refusals and its messages as before. A plain scalar is told by ``yamlread``'s own resolver and
constructors (``plain_value``), so the values are those ``yamlread`` builds.

No node tree is kept: what needs one (locating a finding, ``Locator``) composes it on first need,
as for JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from commsgen.model.yamlread import DIGITS_AS_0, PLAIN_VALUES, RESOLVED_FIRST, TIME_SHAPES, BaseLoader, plain_value


_UNKNOWN = object()  # not in PLAIN_VALUES


class _Elsewhere(Exception):
    """The document is not one this path reads: ``yamlread`` reads it."""


# a reader of the same plain documents tried first, where a process chose one (a batch worker:
# ``commsgen.adapters.rymlread``); it answers None for any document it does not read
_first: list[Callable[[str], tuple[Any, int] | None]] = []


def read_first_with(reader: Callable[[str], tuple[Any, int] | None]) -> None:
    _first[:] = [reader]


def parse_fast(text: str) -> tuple[Any, int] | None:
    """(values, nesting depth) of a plain YAML document (see the module's text), or None."""
    if RESOLVED_FIRST is None:
        return None
    if _first:
        got = _first[0](text)
        if got is not None:
            return got
    parser = BaseLoader(text)
    get = parser.get_event
    try:
        get()  # the stream's start
        if get().__class__ is not DocumentStartEvent:
            return None
        event = get()
        value, depth = (_scalar(event), 0) if event.__class__ is ScalarEvent else _collection(event, get, 1)
        if get().__class__ is not DocumentEndEvent or get().__class__ is not StreamEndEvent:
            return None
        return value, depth
    except Exception:  # any error: yamlread reads the file and reports it as before
        return None
    finally:
        parser.dispose()


def _scalar(event: Any) -> Any:
    if event.anchor is not None or event.tag is not None and event.tag != "!":
        raise _Elsewhere
    value = event.value
    if event.implicit[0] and value[:1] in RESOLVED_FIRST:  # type: ignore[operator]
        known = PLAIN_VALUES.get(value, _UNKNOWN)
        return plain_value(value) if known is _UNKNOWN else known
    return value


def _collection(event: Any, get: Any, depth: int) -> tuple[Any, int]:
    """(value, depth of the deepest mapping or list in it) of the mapping or list ``event`` starts
    at ``depth`` (the top level is 1), its events read through ``get``."""
    if event.anchor is not None or event.tag is not None and event.tag != "!":
        raise _Elsewhere
    first, known_values, unknown = RESOLVED_FIRST, PLAIN_VALUES, _UNKNOWN
    deepest = depth
    inner = depth + 1
    if event.__class__ is MappingStartEvent:
        mapping: dict[Any, Any] = {}
        while True:
            event = get()
            cls = event.__class__
            if cls is not ScalarEvent:
                if cls is MappingEndEvent:
                    return mapping, deepest
                raise _Elsewhere  # a mapping or a list as a key, an alias
            # the key and a scalar value: ``_scalar`` written out (a Python call fewer per key and value)
            if event.anchor is not None or event.tag is not None and event.tag != "!":
                raise _Elsewhere
            key = event.value
            if event.implicit[0] and key[:1] in first:  # type: ignore[operator]
                known = known_values.get(key, unknown)
                key = plain_value(key) if known is unknown else known
            if key in mapping:
                raise _Elsewhere  # refused there, with its message
            event = get()
            if event.__class__ is ScalarEvent:
                if event.anchor is not None or event.tag is not None and event.tag != "!":
                    raise _Elsewhere
                value = event.value
                if event.implicit[0] and value[:1] in first:  # type: ignore[operator]
                    known = known_values.get(value, unknown)
                    if known is not unknown:
                        value = known
                    elif value.encode().translate(DIGITS_AS_0) not in TIME_SHAPES:  # a plain time stays text
                        value = plain_value(value)
                mapping[key] = value
            else:
                mapping[key], d = _collection(event, get, inner)
                if d > deepest:
                    deepest = d
    if event.__class__ is SequenceStartEvent:
        items: list[Any] = []
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent:
                items.append(_scalar(event))
            elif cls is SequenceEndEvent:
                return items, deepest
            else:
                item, d = _collection(event, get, inner)
                items.append(item)
                if d > deepest:
                    deepest = d
    raise _Elsewhere  # an alias
