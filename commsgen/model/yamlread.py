"""YAML to Python values, safely: PyYAML's C parser composes the node tree, our constructor builds
plain values (strings stay strings, timestamps stay text for the model to parse), and refuses
duplicate keys, unknown tags and alias bombs. The node tree is kept: it gives line marks to error
messages and findings (``commsgen.model.locate``)."""

from __future__ import annotations

from typing import Any

import yaml

from commsgen.errors import InputError, Problem

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


_RESOLVED: dict[str, str] = {}


class _Loader(BaseLoader):  # type: ignore[valid-type, misc]
    """Safe loader that rejects duplicate keys, with a faster tag resolver.

    The C parser asks Python for the tag of every plain scalar; with no path resolvers registered
    the answer depends on the value alone, so short values (keys, enums, times) are remembered."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 40:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < 100_000:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:  # no path resolvers
        pass

    def ascend_resolver(self) -> None:
        pass

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

_T = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE = _T + "str", _T + "map", _T + "seq", _T + "merge"
# the plain YAML scalars; everything else (python/*, custom tags, sets, binary) is refused.
# Timestamps stay text, as they arrive from JSON: the model parses them (pydantic's parser is
# several times faster than PyYAML's, and a date-like `text:` stays the text it is).
_SCALARS = {_T + k: _Loader.yaml_constructors[_T + k] for k in ("null", "bool", "int", "float")}
_SCALARS[_T + "timestamp"] = lambda loader, node: node.value


class _NeedsMerge(Exception):
    """A `<<` merge key: handled by PyYAML's own (slower) constructor."""


def _construct(loader: Any, root: yaml.Node, shared: bool) -> Any:
    """Python values from a composed node tree, about twice as fast as PyYAML's SafeConstructor:
    strings (nearly every value here) are taken as they are, other plain scalars go to PyYAML's
    own constructors, duplicate keys and unknown tags are refused. ``shared``: the document has
    aliases, so a node seen twice yields the same object (and is built once)."""
    memo: dict[int, Any] = {}
    ScalarNode, MappingNode = yaml.ScalarNode, yaml.MappingNode

    def build(node: Any) -> Any:
        if shared:
            hit = memo.get(id(node), memo)
            if hit is not memo:
                return hit
        tag = node.tag
        cls = node.__class__
        if cls is ScalarNode:
            if tag == _STR:
                return node.value
            ctor = _SCALARS.get(tag)
            if ctor is None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark
                )
            value = ctor(loader, node)
        elif cls is MappingNode:
            if tag != _MAP:
                raise yaml.constructor.ConstructorError(
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark
                )
            value = {}
            if shared:
                memo[id(node)] = value
            firsts: dict[Any, yaml.Node] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise _NeedsMerge
                key = build(key_node)
                try:
                    _refuse_duplicate(key, firsts, key_node)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key", key_node.start_mark
                    ) from None
                value[key] = build(value_node)
            return value
        else:
            if tag != _SEQ:
                raise yaml.constructor.ConstructorError(
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark
                )
            value = []
            if shared:
                memo[id(node)] = value
            value.extend(build(v) for v in node.value)
            return value
        if shared:
            memo[id(node)] = value
        return value

    return build(root)


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
            return _construct(loader, node, shared), node
        except _NeedsMerge:
            return loader.construct_document(node), node
    except yaml.YAMLError as e:
        raise InputError(_yaml_problem(e, name, text)) from None
    except RecursionError:
        raise InputError(
            Problem("is nested too deeply to be a postmortem", file=name, line=1, rule="input.too-deep")
        ) from None
    finally:
        loader.dispose()
