"""Load a postmortem: read the file (``source``), parse YAML (``yamlread``) or JSON (``jsonread``),
validate it against the model and explain every mistake with file, line and field (``explain``).

Line marks are not recorded per value: the composed YAML node tree is kept and walked only when
there is something to locate (``locate.Locator``), so a clean load costs about what the parse costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from commsgen.errors import InputError, Problem, ValidationFailed
from commsgen.model.explain import explain
from commsgen.model.jsonread import parse_json
from commsgen.model.locate import Locator, format_path
from commsgen.model.schema import Postmortem
from commsgen.model.source import MAX_BYTES, read
from commsgen.model.yamlfast import parse_fast
from commsgen.model.yamlread import parse_yaml_doc

__all__ = ["Loaded", "Locator", "format_path", "load", "loads", "validate"]


@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class Loaded:
    """A validated postmortem with where it came from."""

    postmortem: Postmortem
    path: str
    text: str
    locator: Locator
    # what reading the file found but did not stop for (``yaml.comment-in-text``): every face shows it
    warnings: list[Problem] = field(default_factory=list)


MAX_DEPTH = 64  # nested mappings and lists; the format itself needs 5, ``extra:`` gets the rest


def _is_json(name: str) -> bool:
    return name.lower().endswith(".json")


def too_deep(name: str) -> InputError:
    return InputError(
        Problem(
            f"is nested more than {MAX_DEPTH} levels deep, too deep to be a postmortem "
            "(mappings and lists inside each other); flatten it",
            file=name,
            line=1,
            rule="input.too-deep",
        )
    )


def _depth_ok(data: Any) -> bool:
    """Whether no mapping or list is nested more than ``MAX_DEPTH`` deep (iterative: no recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            return False
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return True


def validate(data: Any, name: str, text: str, root: yaml.Node | None = None, depth: int | None = None) -> Loaded:
    """``depth``: the values' nesting depth when the reader measured it (else it is measured here)."""
    locator = Locator(text, root)
    if not isinstance(data, dict):
        raise ValidationFailed(
            Problem(
                f"the top level must be a mapping of keys (format, id, title, ...), not a {type(data).__name__}",
                file=name,
                line=1,
                rule="schema.top-level",
            )
        )
    deep = depth > MAX_DEPTH if depth is not None else not _depth_ok(data)
    if deep:
        raise too_deep(name)
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
    kind = "json" if _is_json(name) else "yaml"
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(Problem(f"is larger than {MAX_BYTES // 1048576} MiB", file=name, rule="input.too-large"))
    if kind == "json":
        try:
            data = parse_json(text, name)
        except RecursionError:
            raise too_deep(name) from None
        return validate(data, name, text)
    from commsgen.model.yamltraps import comment_traps, may_cut

    # a plain document's values come straight from the parser's events (no node tree: the locator
    # composes one on first need); the node tree is read where a comment may cut a value short
    fast = None if may_cut(text) else parse_fast(text)
    if fast is None:
        data, root, depth = parse_yaml_doc(text, name)
    else:
        (data, depth), root = fast, None
    loaded = validate(data, name, text, root, depth)
    loaded.warnings = comment_traps(text, root, name)
    return loaded


def load(path: str | Path) -> Loaded:
    """Read, parse and validate one postmortem file. Raises ``UserError`` subclasses only."""
    p = Path(path)
    text = read(p)
    return loads(text, str(path))
