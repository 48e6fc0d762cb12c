"""YAML to Python values, safely: PyYAML's C parser composes the node tree, our constructor builds
plain values (strings stay strings, timestamps stay text for the model to parse), and refuses
duplicate keys, unknown tags and alias bombs. The node tree is kept: it gives line marks to error
messages and findings (``commsgen.model.locate``)."""

from __future__ import annotations

import operator
import re
from typing import Any

import yaml

from commsgen.errors import InputError, Problem
from commsgen.redact.lazyre import lazy

MAX_EXPANSION = 200_000  # nodes after alias expansion; a billion-laughs file blows past this at once

BaseLoader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
try:  # pragma: no branch
    BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: slower, still correct
    BaseLoader = yaml.SafeLoader


class _DuplicateKey(yaml.constructor.ConstructorError):
    pass


def _refuse_duplicate(key: Any, first: dict[Any, yaml.Node], key_node: yaml.Node) -> None:
    """The one duplicate-key check of the YAML reader: ``first`` maps each key seen in this mapping
    to its node; a key seen before is refused (the second would silently replace the first)."""
    if key in first:
        raise _DuplicateKey(
            None,
            None,
            f"duplicate key `{key}` (first at line {first[key].start_mark.line + 1}); "
            "the second would silently replace the first",
            key_node.start_mark,
        )
    first[key] = key_node


_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _T + "str", _T + "map", _T + "seq", _T + "merge"
_RESOLVED: dict[str, str] = {}


def _one_pattern(resolvers: list[tuple[str, Any]]) -> tuple[Any, tuple[str, ...]]:
    """PyYAML's implicit resolvers of one first character as one pattern: its alternatives are
    the resolvers' own patterns, in their order, so the first that matches wins as in PyYAML's
    loop, and ``lastindex`` says whose it was. Compiled on first use: a postmortem's plain values
    start with a handful of the thirty characters that have resolvers."""
    pattern = "|".join(f"({rx.pattern})" for _, rx in resolvers)
    return lazy(pattern, re.X), tuple(tag for tag, _ in resolvers)


# by a plain scalar's first character ("" for the empty value), each followed by the resolvers for
# any first character (none in the safe loader)
_WILD = list(BaseLoader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {
    first: _one_pattern([*resolvers, *_WILD])
    for first, resolvers in BaseLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_ANY_FIRST = _one_pattern(_WILD) if _WILD else None


# a plain date or UTC-offset time as the postmortem format writes them (``2026-05-21``,
# ``2026-05-21T06:19:00Z``, ``...06:19:00.5+01:00``): PyYAML's timestamp, and no float or int (those
# never take a ``-`` after leading digits), so the tag is known without PyYAML's pattern, which tries
# every alternative of the three first (about five times as long). Anything else takes that pattern.
_PLAIN_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?"
)
_TIMESTAMP = _T + "timestamp"
# the same test, mostly without the pattern: a value's UTF-8 bytes with each ASCII digit made `0`
# (bytes.translate, C speed) is one of these shapes only where _PLAIN_TIME matches it whole (a
# fraction of a second has no fixed shape: such a value, and anything starting like a date, takes
# the pattern)
DIGITS_AS_0 = bytes.maketrans(b"123456789", b"000000000")
_DATE_SHAPE = b"0000-00-00"
TIME_SHAPES = frozenset(
    [_DATE_SHAPE] + [_DATE_SHAPE + t + b"00:00:00" + z for t in (b"T", b"t") for z in (b"", b"Z", b"+00:00", b"-00:00")]
)
_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode


def plain_tag(value: str) -> str:
    """The tag of a plain scalar with no tag of its own: PyYAML's implicit resolvers of its first
    character, in one pattern (answers for short values remembered)."""
    resolvers = _IMPLICIT.get(value[:1], _ANY_FIRST)
    if resolvers is None:
        return _STR
    tag = _RESOLVED.get(value)
    if tag is None:
        shape = value.encode().translate(DIGITS_AS_0)
        if shape in TIME_SHAPES or shape.startswith(_DATE_SHAPE) and _PLAIN_TIME.fullmatch(value):
            return _TIMESTAMP  # unique per event: not remembered
        m = resolvers[0].match(value)
        tag = _STR if m is None else resolvers[1][m.lastindex - 1]
        if len(value) <= 40 and len(_RESOLVED) < 100_000:
            _RESOLVED[value] = tag
    return tag


class _Loader(BaseLoader):  # type: ignore[valid-type, misc]
    """Safe loader that rejects duplicate keys, with a faster tag resolver.

    The C parser asks Python for the tag of every node. With no path resolvers registered the
    answer is PyYAML's own (``BaseResolver.resolve``): a quoted or block scalar is a string, a plain
    one is tried against the implicit resolvers of its first character (most text starts with a
    letter that has none: a string at once), and the answers for short values (keys, enums,
    times) are remembered."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is _SCALAR_NODE:
            if not implicit[0]:
                return _STR
            return _STR if _IMPLICIT.get(value[:1], _ANY_FIRST) is None else plain_tag(value)
        return _SEQ if kind is _SEQUENCE_NODE else _MAP

    # The C parser calls these two around every node it composes. They exist for PyYAML's path
    # resolvers, which the safe loader has none of: here they are no-ops written in C (a Python
    # method per call would be two Python calls per node for nothing).
    descend_resolver = operator.is_  # called as (parent node, index): the answer is ignored
    ascend_resolver = tuple  # called with no argument: the answer is ignored

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict[Any, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag != "tag:yaml.org,2002:merge":
                    key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                    _refuse_duplicate(key, seen, key_node)
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)

# the plain YAML scalars; everything else (python/*, custom tags, sets, binary) is refused.
# Timestamps stay text, as they arrive from JSON: the model parses them (pydantic's parser is
# several times faster than PyYAML's, and a date-like `text:` stays the text it is).
_SCALARS = {_T + k: _Loader.yaml_constructors[_T + k] for k in ("null", "bool", "int", "float")}
_SCALARS[_T + "timestamp"] = lambda loader, node: node.value


# the first characters a plain scalar needs a resolver for (None: resolvers for any first character,
# which the safe loader has none of)
RESOLVED_FIRST: frozenset[str] | None = None if _WILD else frozenset(_IMPLICIT)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # the self of the constructors in _SCALARS


class NotPlain(Exception):
    """A plain scalar whose value needs the node path (a merge key, a tag with no constructor)."""


# the values ``plain_value`` gave for short plain scalars other than times (keys, enums, numbers:
# text, or an immutable bool, int, float or None), for callers to look up before calling it
PLAIN_VALUES: dict[str, Any] = {}


def plain_value(value: str) -> Any:
    """The value of a plain scalar with no tag of its own, as ``_construct`` builds it (text stays
    text, timestamps too); ``NotPlain`` where ``_construct`` would refuse it or hand it to PyYAML."""
    tag = plain_tag(value)
    if tag == _TIMESTAMP:
        return value  # unique per event: not remembered
    if tag == _STR:
        out = value
    else:
        ctor = _SCALARS.get(tag)
        if ctor is None:
            raise NotPlain
        out = ctor(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    if len(value) <= 40 and len(PLAIN_VALUES) < 100_000:
        PLAIN_VALUES[value] = out
    return out


class _NeedsMerge(Exception):
    """A `<<` merge key: handled by PyYAML's own (slower) constructor."""


def _unknown_tag(node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None, None, f"could not determine a constructor for the tag {node.tag!r}", node.start_mark
    )


def _construct(loader: Any, root: yaml.Node, shared: bool) -> tuple[Any, int]:
    """(Python values, nesting depth) from a composed node tree, several times faster than
    PyYAML's SafeConstructor: strings (nearly every value here) are taken as they are, other plain
    scalars go to PyYAML's own constructors, duplicate keys and unknown tags are refused.
    ``shared``: the document has aliases, so a node seen twice yields the same object (and is
    built once). The depth counts mappings and lists inside each other (the top level is 1), as
    the loader's depth limit does; with aliases it is not measured (0)."""
    memo: dict[int, Any] = {}
    ScalarNode, MappingNode = yaml.ScalarNode, yaml.MappingNode
    scalars = _SCALARS
    deepest = 0

    def scalar(node: Any) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        ctor = scalars.get(tag)
        if ctor is None:
            raise _unknown_tag(node)
        return ctor(loader, node)

    def build(node: Any, depth: int) -> Any:
        """A mapping or list at ``depth`` (a scalar here only as a key, the root or an alias)."""
        nonlocal deepest
        if shared:
            hit = memo.get(id(node), memo)
            if hit is not memo:
                return hit
        cls = node.__class__
        if cls is ScalarNode:
            value = scalar(node)
            if shared:
                memo[id(node)] = value
            return value
        if depth > deepest:
            deepest = depth
        inner = depth + 1
        if cls is MappingNode:
            if node.tag != _MAP:
                raise _unknown_tag(node)
            mapping: dict[Any, Any] = {}
            if shared:
                memo[id(node)] = mapping
            for key_node, value_node in node.value:
                if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                    key = key_node.value
                elif key_node.tag == _MERGE:
                    raise _NeedsMerge
                else:
                    key = build(key_node, inner)
                try:
                    seen = key in mapping
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                    ) from None
                if seen:
                    _first_duplicate(
                        node, lambda k: k.value if k.__class__ is ScalarNode and k.tag == _STR else build(k, inner)
                    )
                if value_node.__class__ is ScalarNode:
                    mapping[key] = value_node.value if value_node.tag == _STR else scalar(value_node)
                else:
                    mapping[key] = build(value_node, inner)
            return mapping
        if node.tag != _SEQ:
            raise _unknown_tag(node)
        items: list[Any] = []
        if shared:
            memo[id(node)] = items
        for item in node.value:
            if item.__class__ is ScalarNode:
                items.append(item.value if item.tag == _STR else scalar(item))
            else:
                items.append(build(item, inner))
        return items

    value = build(root, 1)
    return value, 0 if shared else deepest


def _first_duplicate(node: yaml.MappingNode, key_of: Any) -> None:
    """Raise the duplicate-key error for the first key of ``node`` seen twice (the construction
    found one): the one duplicate-key check, as PyYAML's path runs it too."""
    firsts: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        _refuse_duplicate(key_of(key_node), firsts, key_node)


def _expanded_size(root: yaml.Node, limit: int) -> tuple[int, bool]:
    """(node count with aliases expanded, whether any node is reached twice: an alias). Memoised,
    so linear in the unique nodes; the count stops growing past ``limit``."""
    memo: dict[int, int] = {}
    aliased = False

    def size(node: yaml.Node) -> int:
        nonlocal aliased
        key = id(node)
        if key in memo:
            aliased = True
            return memo[key]
        memo[key] = 1  # cycles (recursive aliases) count once
        if isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(v) for v in node.value)
        else:
            total = 1
        memo[key] = min(total, limit + 1)
        return memo[key]

    return size(root), aliased


def _yaml_problem(e: yaml.YAMLError, name: str, text: str = "") -> Problem:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = getattr(e, "problem", None) or str(e)
    context = getattr(e, "context", None)
    if isinstance(e, _DuplicateKey):
        return Problem(problem, file=name, line=line, column=col, rule="input.duplicate-key")
    if isinstance(e, yaml.constructor.ConstructorError) and "tag" in str(problem):
        return Problem(
            f"{problem}; only plain YAML is accepted (no `!!python` or custom tags)",
            file=name,
            line=line,
            column=col,
            rule="input.unsafe-tag",
        )
    cmark = getattr(e, "context_mark", None)
    if context and cmark is not None and mark is not None and cmark.line != mark.line:
        context += f" that starts at line {cmark.line + 1}"
    msg = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    if mark is not None and str(problem).startswith("mapping values are not allowed"):
        from commsgen.model.yamltraps import colon_hint

        hint = colon_hint(text, mark.line, mark.column)
        if hint:
            msg += f": {hint}"
    return Problem(msg, file=name, line=line, column=col, rule="input.syntax")


def parse_yaml_tree(text: str, name: str) -> tuple[Any, yaml.Node]:
    """(values, composed node tree): the tree gives line marks to error messages and findings."""
    data, node, _depth = parse_yaml_doc(text, name)
    return data, node


def parse_yaml_doc(text: str, name: str) -> tuple[Any, yaml.Node, int | None]:
    """(values, composed node tree, nesting depth of the values or None when not measured)."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(Problem("holds no YAML document", file=name, line=1, rule="input.empty"))
        shared = False
        if "*" in text:  # an alias needs a `*`; most files have none and skip the walk
            size, shared = _expanded_size(node, MAX_EXPANSION)
        if shared and size > MAX_EXPANSION:  # a large file with no alias is not a bomb
            raise InputError(
                Problem(
                    f"its aliases (`*name`) expand to more than {MAX_EXPANSION:,} values: refused as an "
                    "alias bomb (\"billion laughs\"); write the values out or use fewer nested aliases",
                    file=name,
                    line=1,
                    rule="input.alias-bomb",
                )
            )
        try:
            data, depth = _construct(loader, node, shared)
            return data, node, None if shared else depth
        except _NeedsMerge:
            return loader.construct_document(node), node, None
    except yaml.YAMLError as e:
        raise InputError(_yaml_problem(e, name, text)) from None
    except RecursionError:
        raise InputError(
            Problem("is nested too deeply to be a postmortem", file=name, line=1, rule="input.too-deep")
        ) from None
    finally:
        loader.dispose()
