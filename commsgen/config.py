"""Project configuration: ``commsgen.toml``.

Found in this order (``commsgen locate`` prints the result):
1. ``--config FILE`` on the command line;
2. the file named by the environment variable ``COMMSGEN_CONFIG`` (tests point it at a temporary file);
3. ``commsgen.toml`` in the working directory or the nearest parent folder;
4. none: built-in defaults.

The configuration is passed explicitly to every function that needs it: there is no global.
"""

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from commsgen.configfile import CONFIG_NAME, ENV_VAR, discover, read  # noqa: F401 (re-exported)
from commsgen.errors import ConfigError, Problem
from commsgen.lint.ids import unknown_rule_message  # a leaf module: no cycle, no checks imported
from commsgen.model.terms import DenyTerm, Waiver, new_dict, new_list


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Component(_Strict):
    id: str  # the status page's component id (Statuspage, Cachet)
    name: str | None = None  # the public component name (cState `affected`, messages)


class LintConfig(_Strict):
    """Writing checks (``lang.``, ``legal.``, ``blame.``, ``complete.``)."""

    max_grade: float = 8.0
    max_sentence_words: int = 30
    allow_abbreviations: list[str] = Field(default_factory=new_list)
    legal_words: list[str] | None = None  # None = the built-in list
    severity: dict[str, Literal["block", "warn", "off"]] = Field(default_factory=new_dict)  # rule id or prefix -> level
    min_grade_words: int = Field(default=20, ge=1)  # texts shorter than this get no readability grade
    blame_words: list[str] | None = None  # None = the built-in list
    min_whys: int = Field(default=3, ge=1)  # five whys depth asked of SEV1-2
    time_tolerance_minutes: int = Field(default=15, ge=0)  # time.public-*: how far prose may round key times
    event_window_hours: float = Field(default=48, ge=0)  # time.event-window: around the key times
    vendors: list[str] | None = None  # legal.vendor-blame: None = the built-in list of suppliers

    @field_validator("severity")
    @classmethod
    def _known_rules(cls, v: dict[str, str]) -> dict[str, str]:
        for key in v:
            msg = unknown_rule_message(key)
            if msg:
                raise ValueError(msg)
        return v


_SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", "SEV5")
# each [status] table: the values its target accepts (docs/STATUS-PAGES.md)
STATUS_VOCABULARY: dict[str, tuple] = {
    "statuspage": ("none", "minor", "major", "critical"),
    "cachet": (1, 2, 3, 4),
    "cstate": ("down", "disrupted", "notice"),
    "gatus": ("outage", "warning", "information", "operational", "none"),
    "component_status": ("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"),
}


class StatusConfig(_Strict):
    """Severity -> each status page's impact vocabulary; overrides the built-in tables
    (commsgen/views/status.py ``STATUS_TABLES``; documented in docs/STATUS-PAGES.md)."""

    statuspage: dict[str, str] = Field(default_factory=new_dict)  # SEVn -> impact_override
    cachet: dict[str, int] = Field(default_factory=new_dict)  # SEVn -> Cachet component_status 1-4
    cstate: dict[str, str] = Field(default_factory=new_dict)  # SEVn -> cState severity
    gatus: dict[str, str] = Field(default_factory=new_dict)  # SEVn -> Gatus announcement type
    component_status: dict[str, str] = Field(default_factory=new_dict)  # SEVn -> Statuspage component status
    url: str | None = None  # public status page URL (the --short variant links to it)
    backfill: bool = False  # Statuspage: create resolved incidents as backfilled
    deliver_notifications: bool | None = None  # Statuspage/Cachet: notify subscribers (None = API default)

    @field_validator("statuspage", "cachet", "cstate", "gatus", "component_status")
    @classmethod
    def _table(cls, v: dict, info) -> dict:
        allowed = STATUS_VOCABULARY[info.field_name]
        for key, value in v.items():
            if key not in _SEVERITIES:
                raise ValueError(
                    f"`{key}` is not a severity; the keys of [status.{info.field_name}] are {', '.join(_SEVERITIES)}"
                )
            if value not in allowed:
                raise ValueError(
                    f"`{value}` (for {key}) is not accepted by this target; use one of {', '.join(map(str, allowed))}"
                )
        return v


class RedactionConfig(_Strict):
    allow: list[Waiver] = Field(default_factory=new_list)


class Config(_Strict):
    company: str = ""  # empty: no company name anywhere (never a placeholder)
    paper: Literal["a4", "letter"] | None = None  # the brief's PDF page size (None: the stylesheet's, A4)
    public_domains: list[str] = Field(default_factory=new_list)  # the company's public sites (acme.com)
    internal_domains: list[str] = Field(default_factory=new_list)
    # the company's published hosts under public_domains (exact or globs: status.acme.com, *.cdn.acme.com);
    # any other host under public_domains is internal (docs/REDACTION-REAL-TEXT.md)
    public_hosts: list[str] = Field(default_factory=new_list)
    deny: list[DenyTerm] = Field(default_factory=new_list)
    glossary: dict[str, str] = Field(default_factory=new_dict)
    templates: str | None = None
    components: dict[str, Annotated[str, Field(min_length=1)] | Component] = Field(default_factory=new_dict)
    lint: LintConfig = Field(default_factory=LintConfig.model_construct)
    status: StatusConfig = Field(default_factory=StatusConfig.model_construct)
    redaction: RedactionConfig = Field(default_factory=RedactionConfig.model_construct)

    # where it came from (not a key of the file)
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("internal_domains", "public_domains")
    @classmethod
    def _domains(cls, v: list[str]) -> list[str]:
        out = []
        for d in v:
            d = d.strip().lower().lstrip(".")
            if not re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)*", d):
                raise ValueError(f"`{d}` is not a domain name")
            out.append(d)
        return out

    @field_validator("public_hosts")
    @classmethod
    def _hosts(cls, v: list[str]) -> list[str]:
        out = []
        for h in v:
            h = h.strip().lower().rstrip(".")
            if not re.fullmatch(r"[a-z0-9*?](?:[a-z0-9*?.-]*[a-z0-9*?])?", h):
                raise ValueError(f"`{h}` is not a host name or glob (status.acme.com, *.cdn.acme.com)")
            out.append(h)
        return out

    @classmethod
    def default(cls) -> "Config":
        """The configuration when there is no commsgen.toml: every default, built without validation
        (defaults are valid by definition; validating them would first build the whole schema,
        ~35 ms of a short command; the nested sections' factories build theirs the same way). Equal to
        ``Config()``; a test holds them together."""
        return cls.model_construct()

    def with_templates(self, folder: str | Path | None) -> "Config":
        """This configuration with ``folder`` (``--templates``) as the template override folder."""
        if folder is None:
            return self
        return self.model_copy(update={"templates": str(Path(folder).resolve())})

    def templates_dir(self) -> Path | None:
        if not self.templates:
            return None
        p = Path(self.templates).expanduser()
        if not p.is_absolute() and self.source is not None:
            p = self.source.parent / p
        return p

    def component(self, service_id: str) -> Component | None:
        c = self.components.get(service_id)
        if c is None:
            return None
        return Component(id=c) if isinstance(c, str) else c


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf"(?m)^\s*(\[[^\]]*\b{re.escape(key)}\b[^\]]*\]|\"?{re.escape(key)}\"?\s*=)", text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def load_config(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> Config:
    path = discover(explicit, cwd)
    if path is None:
        return Config.default()
    text, data = read(path)
    return parse_config(data, str(path), text, path)


def parse_config(data: dict[str, Any], name: str, text: str = "", path: Path | None = None) -> Config:
    try:
        cfg = Config.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors(include_url=False):
            loc = tuple(
                p
                for p in err["loc"]
                if not (isinstance(p, str) and ("[" in p or p in {"str", "Component", "DenyRegex"}))
            )
            field = ".".join(str(p) for p in loc)
            last = str(loc[-1]) if loc else ""
            if err["type"] == "extra_forbidden":
                owner: Any = Config
                for part in loc[:-1]:
                    f = (
                        owner.model_fields.get(str(part))
                        if isinstance(owner, type) and issubclass(owner, BaseModel)
                        else None
                    )
                    owner = f.annotation if f else None
                valid = sorted(owner.model_fields) if isinstance(owner, type) and issubclass(owner, BaseModel) else []
                from commsgen.suggest import did_you_mean

                msg = f"unknown key `{last}`" + did_you_mean(last, valid)
                if valid:
                    msg += f" Valid keys here: {', '.join(k for k in valid if k != 'source')}."
            else:
                msg = err["msg"].removeprefix("Value error, ")
            problems.append(
                Problem(
                    msg,
                    file=name,
                    line=_line_of(text, last) if last else None,
                    field=field or None,
                    rule=f"config.{err['type']}",
                )
            )
        raise ConfigError(problems) from None
    cfg.source = path
    return cfg
