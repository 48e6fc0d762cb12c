"""The model pieces the configuration shares with the postmortem: deny terms, waivers, and the
strict base model and default factories. A module of its own, so that reading ``commsgen.toml``
does not build the whole postmortem schema (``commsgen.model.schema`` re-exports all of these).

Annotations are evaluated when a class is defined (no ``from __future__ import annotations``, as in
``schema``): pydantic would otherwise compile and evaluate every annotation string again.
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def new_list() -> list[Any]:
    """Default factory for list fields. pydantic inspects a factory's signature; for the built-in
    ``list`` that means parsing its text signature with ``tokenize`` (~0.2 ms a field, 30 fields),
    for a Python function it is a look-up."""
    return []


def new_dict() -> dict[str, Any]:
    """Default factory for dict fields (see ``new_list``)."""
    return {}


class Strict(BaseModel):
    model_config = ConfigDict(
        defer_build=True, extra="forbid", frozen=False, str_strip_whitespace=False, use_enum_values=False
    )


def _as_list(v: Any) -> Any:
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return v


NonEmpty = Annotated[str, Field(min_length=1)]


def _regex(v: str) -> str:
    """A deny pattern runs on RE2 only (linear time: a postmortem and a config are untrusted)."""
    from commsgen.redact.context import deny_regex_error

    err = deny_regex_error(v)
    if err is not None:
        raise ValueError(err)
    return v


class DenyRegex(Strict):
    regex: Annotated[str, AfterValidator(_regex)]


DenyTerm = Annotated[str, Field(min_length=1)] | DenyRegex
# the audiences of commsgen.outputs.AUDIENCES, and "all" (tests/test_architecture.py holds them together)
WaiverAudience = Literal["engineering", "executive", "customer", "status", "all"]


def _every_audience() -> list[WaiverAudience]:
    return ["all"]


class Waiver(Strict):
    match: NonEmpty
    audience: Annotated[list[WaiverAudience], BeforeValidator(_as_list)] = Field(default_factory=_every_audience)
    reason: NonEmpty
    rule: str | None = None
