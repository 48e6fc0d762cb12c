"""Read a postmortem file (YAML or JSON), safely, and explain every mistake with file, line and field.

Speed: YAML is composed and constructed by PyYAML's C loader (libyaml). Line marks are
not recorded per value: the composed node tree is kept and walked only when there is an
error to locate, so a clean load costs about what the parse costs.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from commsgen.errors import InputError, Problem, ValidationFailed
from commsgen.model.schema import Postmortem

MAX_BYTES = 8 * 1024 * 1024
MAX_EXPANSION = 200_000  # nodes after alias expansion; a billion-laughs file blows past this at once

try:  # pragma: no branch
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing: slower, still correct
    _BaseLoader = yaml.SafeLoader


class _DuplicateKey(yaml.constructor.ConstructorError):
    pass


_RESOLVED: dict[str, str] = {}


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that rejects duplicate keys, with a faster tag resolver.

    The C parser asks Python for the tag of every plain scalar; with no path resolvers registered
    the answer depends on the value alone, so short values (keys, enums, times) are remembered."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= 40:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < 100_000:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node, current_index):  # no path resolvers: nothing to track
        pass

    def ascend_resolver(self):
        pass

    def construct_mapping(self, node, deep=False):  # noqa: D401
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict[Any, Any] = {}
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
                if key in seen and key_node.tag != "tag:yaml.org,2002:merge":
                    raise _DuplicateKey(
                        None, None,
                        f"duplicate key `{key}` (first at line {seen[key].start_mark.line + 1}); "
                        "the second would silently replace the first", key_node.start_mark)
                seen[key] = key_node
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


def _construct(loader, root, shared: bool) -> Any:
    """Python values from a composed node tree, about twice as fast as PyYAML's SafeConstructor:
    strings (nearly every value here) are taken as they are, other plain scalars go to PyYAML's
    own constructors, duplicate keys and unknown tags are refused. ``shared``: the document has
    aliases, so a node seen twice yields the same object (and is built once)."""
    memo: dict[int, Any] = {}
    ScalarNode, MappingNode = yaml.ScalarNode, yaml.MappingNode

    def build(node):
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
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark)
            value = ctor(loader, node)
        elif cls is MappingNode:
            if tag != _MAP:
                raise yaml.constructor.ConstructorError(
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark)
            value = {}
            if shared:
                memo[id(node)] = value
            firsts: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    raise _NeedsMerge
                key = build(key_node)
                try:
                    if key in value:
                        raise _DuplicateKey(
                            None, None,
                            f"duplicate key `{key}` (first at line {firsts[key].start_mark.line + 1}); "
                            "the second would silently replace the first", key_node.start_mark)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark, "found unhashable key",
                        key_node.start_mark) from None
                firsts[key] = key_node
                value[key] = build(value_node)
            return value
        else:
            if tag != _SEQ:
                raise yaml.constructor.ConstructorError(
                    None, None, f"could not determine a constructor for the tag {tag!r}", node.start_mark)
            value = []
            if shared:
                memo[id(node)] = value
            value.extend(build(v) for v in node.value)
            return value
        if shared:
            memo[id(node)] = value
        return value

    return build(root)


@dataclass(eq=False)   # compared by identity (a generated __eq__ costs start-up time)
class Loaded:
    """A validated postmortem with where it came from."""

    postmortem: Postmortem
    path: str
    text: str
    locator: "Locator"


class Locator:
    """Maps a field path (('timeline', 2, 'at')) to a 1-based (line, column) in the source."""

    def __init__(self, text: str, kind: str, root: yaml.Node | None = None):
        self._text = text
        self._kind = kind
        # the node tree the loader composed anyway (YAML), else composed on first need (JSON)
        self._root: yaml.Node | None | bool = root if root is not None else False

    def _node(self) -> yaml.Node | None:
        if self._root is False:
            try:
                self._root = yaml.compose(self._text, Loader=_BaseLoader)
            except yaml.YAMLError:
                self._root = None
        return self._root  # type: ignore[return-value]

    def locate(self, path: tuple, *, key: bool = False) -> tuple[int | None, int | None]:
        node = self._node()
        if node is None:
            return None, None
        mark_node = node
        for part in path:
            nxt = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        nxt, mark_node = v, k
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                nxt = node.value[part]
                mark_node = nxt
            if nxt is None:
                break
            node = nxt
        else:
            if not key:
                mark_node = node
        m = mark_node.start_mark
        return m.line + 1, m.column + 1


def format_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _read(path: Path) -> str:
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(Problem("no such file", file=name, rule="input.missing")) from None
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror}", file=name, rule="input.unreadable")) from None
    if path.is_dir():
        raise InputError(Problem("is a folder, not a postmortem file", file=name, rule="input.unreadable"))
    if size > MAX_BYTES:
        raise InputError(Problem(
            f"is {size / 1048576:.1f} MiB; postmortem files are limited to {MAX_BYTES // 1048576} MiB "
            "(split attachments out and link to them)", file=name, rule="input.too-large"))
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(Problem(f"cannot read it: {e.strerror}", file=name, rule="input.unreadable")) from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if not raw.strip():
        raise InputError(Problem("is empty; start from `commsgen new`", file=name, line=1, rule="input.empty"))
    if b"\x00" in raw[:8192]:
        raise InputError(Problem("is a binary file, not YAML or JSON text", file=name, rule="input.binary"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError(Problem(
            f"is not UTF-8 text (byte 0x{raw[e.start]:02x} cannot be decoded); save it as UTF-8",
            file=name, line=line, column=col, rule="input.encoding")) from None
    return text.removeprefix("\ufeff")


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """Node count with aliases expanded (memoised, so linear in the unique nodes)."""
    memo: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in memo:
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

    return size(root)


def _yaml_problem(e: yaml.YAMLError, name: str) -> Problem:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    problem = getattr(e, "problem", None) or str(e)
    context = getattr(e, "context", None)
    if isinstance(e, _DuplicateKey):
        return Problem(problem, file=name, line=line, column=col, rule="input.duplicate-key")
    if isinstance(e, yaml.constructor.ConstructorError) and "tag" in str(problem):
        return Problem(f"{problem}; only plain YAML is accepted (no `!!python` or custom tags)",
                       file=name, line=line, column=col, rule="input.unsafe-tag")
    cmark = getattr(e, "context_mark", None)
    if context and cmark is not None and mark is not None and cmark.line != mark.line:
        context += f" that starts at line {cmark.line + 1}"
    msg = f"YAML syntax error: {problem}" + (f" ({context})" if context else "")
    return Problem(msg, file=name, line=line, column=col, rule="input.syntax")


def parse_yaml(text: str, name: str) -> Any:
    return parse_yaml_tree(text, name)[0]


def parse_yaml_tree(text: str, name: str) -> tuple[Any, yaml.Node]:
    """(values, composed node tree): the tree gives line marks to error messages and findings."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(Problem("holds no YAML document", file=name, line=1, rule="input.empty"))
        shared = "*" in text
        if shared and _expanded_size(node, MAX_EXPANSION) > MAX_EXPANSION:
            raise InputError(Problem(
                f"its aliases (`*name`) expand to more than {MAX_EXPANSION:,} values: refused as an "
                "alias bomb (\"billion laughs\"); write the values out or use fewer nested aliases",
                file=name, line=1, rule="input.alias-bomb"))
        try:
            return _construct(loader, node, shared), node
        except _NeedsMerge:
            return loader.construct_document(node), node
    except yaml.YAMLError as e:
        raise InputError(_yaml_problem(e, name)) from None
    except RecursionError:
        raise InputError(Problem("is nested too deeply to be a postmortem", file=name, line=1,
                                 rule="input.too-deep")) from None
    finally:
        loader.dispose()


def parse_json(text: str, name: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise _JsonDup(k)
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        msg = e.msg
        before = text[: e.pos].rstrip()
        if before.endswith(",") and text[e.pos: e.pos + 1] in ("]", "}"):
            msg += f"; a comma before `{text[e.pos]}` (JSON allows no trailing comma)"
        raise InputError(Problem(f"JSON syntax error: {msg}", file=name, line=e.lineno,
                                 column=e.colno, rule="input.syntax")) from None
    except _JsonDup as e:
        first, second = _find_duplicate_key(text, e.key)
        where = f" (first at line {first[0]})" if first[0] else ""
        raise InputError(Problem(f"duplicate key `{e.key}`{where}; the second would silently replace the first",
                                 file=name, line=second[0], column=second[1],
                                 rule="input.duplicate-key")) from None


class _JsonDup(Exception):
    def __init__(self, key: str):
        self.key = key


_JSON_TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")(\s*:)?|[{}\[\]]')


def _line_col(text: str, idx: int) -> tuple[int, int]:
    return text.count("\n", 0, idx) + 1, idx - (text.rfind("\n", 0, idx) + 1) + 1


def _find_duplicate_key(text: str, key: str) -> tuple[tuple[int | None, int | None], tuple[int | None, int | None]]:
    """Positions of the first and second ``key`` inside the same JSON object.

    The text is valid JSON apart from the duplicate, so a token scan (strings and brackets) is
    exact: a string followed by ``:`` is a key of the innermost open object.
    """
    stack: list[dict[str, int] | None] = []
    for m in _JSON_TOKEN.finditer(text):
        tok = m.group(0)
        if tok == "{":
            stack.append({})
        elif tok == "[":
            stack.append(None)
        elif tok in "}]":
            if stack:
                stack.pop()
        elif m.group(2) and stack and stack[-1] is not None:
            try:
                k = json.loads(m.group(1))
            except ValueError:  # pragma: no cover - the text parsed already
                continue
            if k == key and k in stack[-1]:
                return _line_col(text, stack[-1][k]), _line_col(text, m.start())
            stack[-1][k] = m.start()
    return (None, None), (None, None)


def _is_json(name: str, text: str) -> bool:
    if name.lower().endswith(".json"):
        return True
    return False


# ----------------------------------------------------------------------------- validation errors
def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that owns the last element of ``loc`` (for key suggestions)."""
    import typing

    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        f = current.model_fields.get(str(part))
        if f is None:
            return None
        current = _unwrap(f.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    import typing

    for _ in range(6):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (list, tuple, set):
            tp = typing.get_args(tp)[0]
            continue
        if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
            continue
        break
    return tp


_ENUM_HINT = {"literal_error", "enum"}


_TYPE_MARKERS = {"str", "constrained-str", "list[str]", "int", "float", "bool", "dict[str,any]"}


def _is_marker(part: Any) -> bool:
    """pydantic's union-branch / validator labels inside a ``loc`` ('constrained-str', 'DenyRegex',
    'function-after[...]'): never a key of the file, since every key of the format is snake_case."""
    return isinstance(part, str) and ("[" in part or part in _TYPE_MARKERS or part[:1].isupper())


def _clean_loc(loc: tuple, *, keep_last: bool = False) -> tuple:
    """Drop pydantic's union/function markers from a location."""
    last = len(loc) - 1
    return tuple(p for i, p in enumerate(loc) if not _is_marker(p) or (keep_last and i == last))


def _branch(loc: tuple) -> tuple[tuple, str] | None:
    """(location before the union, branch label) when ``loc`` passes through a union branch."""
    for i, part in enumerate(loc[:-1] if loc else loc):
        if _is_marker(part):
            return tuple(loc[:i]), part
    if loc and _is_marker(loc[-1]):
        return tuple(loc[:-1]), loc[-1]
    return None


def _resolve_unions(errors: list[dict]) -> list[dict]:
    """Keep only the union branch the user meant: a mapping means the model branch, a scalar the
    text branch; anything else becomes one "should be text or a mapping" error."""
    groups: dict[tuple, list[dict]] = {}
    for err in errors:
        b = _branch(tuple(err["loc"])) if err["type"] != "extra_forbidden" else _branch(tuple(err["loc"])[:-1])
        if b is not None:
            groups.setdefault(b[0], []).append(err)
    if not groups:
        return errors
    drop: set[int] = set()
    extra: list[dict] = []
    for prefix, errs in groups.items():
        labels = {(_branch(tuple(e["loc"])) or _branch(tuple(e["loc"])[:-1]))[1] for e in errs}
        if len(labels) < 2:
            continue
        scalar = {lab for lab in labels if not lab[:1].isupper()}
        models = labels - scalar
        whole = [e for e in errs if len(e["loc"]) == len(prefix) + 1]
        value = whole[0]["input"] if whole else None
        if isinstance(value, dict):
            keep = models
        elif isinstance(value, str):
            keep = scalar
        else:
            keep = set()
            extra.append({"type": "union_type", "loc": prefix, "input": value,
                          "msg": "should be a text or a mapping with " + " or ".join(map(_keys_of, sorted(models)))})
        for e in errs:
            lab = (_branch(tuple(e["loc"])) or _branch(tuple(e["loc"])[:-1]))[1]
            if lab not in keep:
                drop.add(id(e))
    return [e for e in errors if id(e) not in drop] + extra


def _point_at_named_key(model: type[BaseModel], loc: tuple, msg: str) -> tuple:
    """A model-level check ("`resolved` (...) is before `started`") is about the key it names first:
    point at that key's line rather than at the section's."""
    m = re.match(r"(?:an? )?`([a-z_]+)`", msg)
    if not m:
        return loc
    owner = _model_at(model, loc + (m.group(1),))
    return loc + (m.group(1),) if owner is not None and m.group(1) in owner.model_fields else loc


def _keys_of(model_name: str) -> str:
    from commsgen.model import schema

    cls = getattr(schema, model_name, None)
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return "key " + ", ".join(f"`{k}`" for k in cls.model_fields)
    return model_name


def explain(exc: ValidationError, name: str, locator: Locator, model: type[BaseModel] = Postmortem) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple] = set()
    errors = _resolve_unions(exc.errors(include_url=False))
    unknown: list[tuple[tuple, str]] = []   # (parent, suggested key) of each unknown key
    for err in errors:
        etype = err["type"]
        loc = _clean_loc(tuple(err["loc"]), keep_last=etype == "extra_forbidden")
        key = (loc, etype)
        if key in seen:
            continue
        seen.add(key)
        field = format_path(loc)
        if etype == "extra_forbidden":
            owner = _model_at(model, loc)
            valid = sorted(owner.model_fields) if owner else []
            bad = str(loc[-1])
            import difflib  # only for a mistake: not imported on every run

            close = difflib.get_close_matches(bad, valid, n=1, cutoff=0.6)
            msg = f"unknown key `{bad}`"
            msg += f"; did you mean `{close[0]}`?" if close else ""
            if close:
                unknown.append((loc[:-1], close[0]))
            if valid:
                msg += f" Valid keys here: {', '.join(valid)}."
            line, col = locator.locate(loc, key=True)
            problems.append(Problem(msg, file=name, line=line, column=col, field=field, rule="schema.unknown-key"))
            continue
        if etype == "missing":
            line, col = locator.locate(loc[:-1])
            parent = format_path(loc[:-1]) or "the top level"
            problems.append(Problem(f"required key `{loc[-1]}` is missing from {parent}",
                                    file=name, line=line, column=col, field=field, rule="schema.missing"))
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
            loc = _point_at_named_key(model, loc, msg)
            field = format_path(loc)
        line, col = locator.locate(loc)
        got = err.get("input")
        if etype not in {"model_type", "dict_type", "list_type", "value_error", "assertion_error"} \
                and isinstance(got, (str, int, float, bool)) and len(str(got)) < 80:
            msg += f" (got `{got}`)"
        problems.append(Problem(msg[0].lower() + msg[1:] if msg else msg, file=name, line=line,
                                column=col, field=field or None, rule=f"schema.{etype}"))
    # a misspelt required key is one mistake: the "did you mean" paragraph says it all
    typo = {(parent, k) for parent, k in unknown}
    problems = [p for p in problems if not (p.rule == "schema.missing" and _missing_key(p, typo))]
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _missing_key(p: Problem, typo: set[tuple[tuple, str]]) -> bool:
    return any(format_path(parent + (k,)) == p.field for parent, k in typo)


def validate(data: Any, name: str, text: str, kind: str = "yaml", root: yaml.Node | None = None) -> Loaded:
    locator = Locator(text, kind, root)
    if not isinstance(data, dict):
        raise ValidationFailed(Problem(
            f"the top level must be a mapping of keys (format, id, title, ...), not a {type(data).__name__}",
            file=name, line=1, rule="schema.top-level"))
    ctx: dict[str, Any] = {}
    tzname = data.get("timezone")
    if isinstance(tzname, str):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        try:
            ctx["tz"] = ZoneInfo(tzname)
        except (ZoneInfoNotFoundError, ValueError):
            pass  # the field validator reports it with its line
    try:
        pm = Postmortem.model_validate(data, context=ctx)
    except ValidationError as e:
        raise ValidationFailed(explain(e, name, locator)) from None
    return Loaded(pm, name, text, locator)


def loads(text: str, name: str = "<input>") -> Loaded:
    """Parse and validate postmortem text (also the TUI's live path)."""
    kind = "json" if _is_json(name, text) else "yaml"
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(Problem(f"is larger than {MAX_BYTES // 1048576} MiB", file=name, rule="input.too-large"))
    if kind == "json":
        return validate(parse_json(text, name), name, text, kind)
    data, root = parse_yaml_tree(text, name)
    return validate(data, name, text, kind, root)


def load(path: str | Path) -> Loaded:
    """Read, parse and validate one postmortem file. Raises ``UserError`` subclasses only."""
    p = Path(path)
    text = _read(p)
    return loads(text, str(path))
