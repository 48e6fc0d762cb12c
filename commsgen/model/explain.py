"""pydantic's validation errors as located paragraphs: file, line, column, field; unknown keys with
the nearest valid key suggested; union branches resolved to the one the writer meant."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from commsgen.errors import Problem
from commsgen.model.locate import Locator, format_path
from commsgen.model.schema import Postmortem


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model class that owns the last element of ``loc`` (for key suggestions)."""

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


def _clean_loc(loc: tuple[Any, ...], *, keep_last: bool = False) -> tuple[Any, ...]:
    """Drop pydantic's union/function markers from a location."""
    last = len(loc) - 1
    return tuple(p for i, p in enumerate(loc) if not _is_marker(p) or (keep_last and i == last))


def _branch(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str] | None:
    """(location before the union, branch label) when ``loc`` passes through a union branch."""
    for i, part in enumerate(loc[:-1] if loc else loc):
        if _is_marker(part):
            return tuple(loc[:i]), part
    if loc and _is_marker(loc[-1]):
        return tuple(loc[:-1]), loc[-1]
    return None


def _label(err: dict[str, Any]) -> str:
    """The union branch an error passed through (every error grouped by ``_resolve_unions`` has one)."""
    branch = _branch(tuple(err["loc"])) or _branch(tuple(err["loc"])[:-1])
    assert branch is not None
    return branch[1]


def _resolve_unions(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep only the union branch the user meant: a mapping means the model branch, a scalar the
    text branch; anything else becomes one "should be text or a mapping" error."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for err in errors:
        b = _branch(tuple(err["loc"])) if err["type"] != "extra_forbidden" else _branch(tuple(err["loc"])[:-1])
        if b is not None:
            groups.setdefault(b[0], []).append(err)
    if not groups:
        return errors
    drop: set[int] = set()
    extra: list[dict[str, Any]] = []
    for prefix, errs in groups.items():
        labels = {_label(e) for e in errs}
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
            extra.append(
                {
                    "type": "union_type",
                    "loc": prefix,
                    "input": value,
                    "msg": "should be a text or a mapping with " + " or ".join(map(_keys_of, sorted(models))),
                }
            )
        for e in errs:
            lab = _label(e)
            if lab not in keep:
                drop.add(id(e))
    return [e for e in errors if id(e) not in drop] + extra


def _point_at_named_key(model: type[BaseModel], loc: tuple[Any, ...], msg: str) -> tuple[Any, ...]:
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
    seen: set[tuple[Any, ...]] = set()
    errors = _resolve_unions([dict(e) for e in exc.errors(include_url=False)])
    unknown: list[tuple[tuple[Any, ...], str]] = []  # (parent, suggested key) of each unknown key
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
            from commsgen.suggest import did_you_mean, nearest

            close = nearest(bad, valid)
            msg = f"unknown key `{bad}`" + did_you_mean(bad, valid)
            if close:
                unknown.append((loc[:-1], close))
            if valid:
                msg += f" Valid keys here: {', '.join(valid)}."
            line, col = locator.locate(loc, key=True)
            problems.append(Problem(msg, file=name, line=line, column=col, field=field, rule="schema.unknown-key"))
            continue
        if etype == "missing":
            line, col = locator.locate(loc[:-1])
            parent = format_path(loc[:-1]) or "the top level"
            problems.append(
                Problem(
                    f"required key `{loc[-1]}` is missing from {parent}",
                    file=name,
                    line=line,
                    column=col,
                    field=field,
                    rule="schema.missing",
                )
            )
            continue
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
            loc = _point_at_named_key(model, loc, msg)
            field = format_path(loc)
        line, col = locator.locate(loc)
        got = err.get("input")
        if (
            etype not in {"model_type", "dict_type", "list_type", "value_error", "assertion_error"}
            and isinstance(got, (str, int, float, bool))
            and len(str(got)) < 80
        ):
            msg += f" (got `{got}`)"
        problems.append(
            Problem(
                msg[0].lower() + msg[1:] if msg else msg,
                file=name,
                line=line,
                column=col,
                field=field or None,
                rule=f"schema.{etype}",
            )
        )
    # a misspelt required key is one mistake: the "did you mean" paragraph says it all
    typo = {(parent, k) for parent, k in unknown}
    problems = [p for p in problems if not (p.rule == "schema.missing" and _missing_key(p, typo))]
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _missing_key(p: Problem, typo: set[tuple[tuple[Any, ...], str]]) -> bool:
    return any(format_path(parent + (k,)) == p.field for parent, k in typo)
