"""The configuration ``commsgen scan`` needs, read without the configuration models when that is
safe: pydantic and the model modules cost more start-up than a small scan takes.

``scan_config`` reads ``commsgen.toml`` with tomllib. When every key is a known key and the values
the scan uses (``company``, ``public_domains``, ``public_hosts``, ``internal_domains``, ``deny``,
``redaction.allow``)
are plainly valid, it returns them as a light object. Anything else (an unknown key, a value of an
unexpected type, a bad domain or regex) goes to the full validation, ``commsgen.config``, which
reports every mistake with file, line and key (exit 2). The values of sections the scan does not use
(``lint``, ``status``, ``glossary``, ``components``, ``templates``) are validated by the commands
that use them.
"""
from __future__ import annotations

import os
import re
from types import SimpleNamespace
from typing import Any

from commsgen.configfile import discover, read

# the keys of each table of commsgen.toml (tests/test_redact_settings.py checks them against the models)
KEYS = {
    "": {"company", "public_domains", "public_hosts", "internal_domains", "deny", "glossary", "templates", "components",
         "lint", "status", "redaction"},
    "lint": {"max_grade", "max_sentence_words", "allow_abbreviations", "legal_words", "severity",
             "min_grade_words", "blame_words", "min_whys"},
    "status": {"statuspage", "cachet", "cstate", "gatus", "component_status", "url", "backfill",
               "deliver_notifications"},
    "redaction": {"allow"},
    "waiver": {"match", "audience", "reason", "rule"},
    "deny": {"regex"},
    "component": {"id", "name"},
}
AUDIENCES = frozenset({"engineering", "executive", "customer", "status", "all"})
_DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)*")


def scan_config(explicit: str | os.PathLike | None = None):
    """None (no configuration: built-in defaults), the light settings, or a validated ``Config``.
    Raises ``ConfigError`` for a missing explicit file, an unreadable file, bad TOML or (through the
    full validation) any invalid content."""
    path = discover(explicit)
    if path is None:
        return None
    text, data = read(path)
    if not data:
        return None
    light = _light(data)
    if light is not None:
        return light
    from commsgen.config import parse_config
    return parse_config(data, str(path), text, path)


def _light(data: dict[str, Any]) -> SimpleNamespace | None:
    """The scan settings, or None when the file needs the full validation."""
    if not set(data) <= KEYS[""]:
        return None
    for table in ("lint", "status", "redaction"):
        if not _table(data.get(table, {}), KEYS[table]):
            return None
    comps = data.get("components", {})
    if not isinstance(comps, dict) or not all(
            (isinstance(c, str) and c) or (_table(c, KEYS["component"]) and isinstance(c.get("id"), str))
            for c in comps.values()):
        return None
    company = data.get("company", "Our company")
    domains = {k: _domains(data.get(k, [])) for k in ("public_domains", "internal_domains")}
    domains["public_hosts"] = _hosts(data.get("public_hosts", []))
    deny = _deny(data.get("deny", []))
    allow = _waivers(data.get("redaction", {}).get("allow", []))
    if not isinstance(company, str) or None in domains.values() or deny is None or allow is None:
        return None
    return SimpleNamespace(company=company, deny=deny, redaction=SimpleNamespace(allow=allow), **domains)


def _table(value, keys: set[str]) -> bool:
    return isinstance(value, dict) and set(value) <= keys


def _domains(value) -> list[str] | None:
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        return None
    out = [d.strip().lower().lstrip(".") for d in value]
    return out if all(_DOMAIN.fullmatch(d) for d in out) else None


def _hosts(value) -> list[str] | None:
    """``public_hosts``: host names or globs (``*.cdn.acme.com``)."""
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        return None
    out = [d.strip().lower().rstrip(".") for d in value]
    return out if all(re.fullmatch(r"[a-z0-9*?](?:[a-z0-9*?.-]*[a-z0-9*?])?", d) for d in out) else None


def _deny(value) -> list | None:
    if not isinstance(value, list):
        return None
    out = []
    for t in value:
        if isinstance(t, str) and t:
            out.append(t)
        elif _table(t, KEYS["deny"]) and isinstance(t.get("regex"), str):
            try:
                re.compile(t["regex"])
            except re.error:
                return None
            out.append(SimpleNamespace(regex=t["regex"]))
        else:
            return None
    return out


def _waivers(value) -> list | None:
    if not isinstance(value, list):
        return None
    out = []
    for w in value:
        if not _table(w, KEYS["waiver"]):
            return None
        match, reason, rule = w.get("match"), w.get("reason"), w.get("rule")
        aud = w.get("audience", ["all"])
        aud = [aud] if isinstance(aud, str) else aud
        if not (isinstance(match, str) and match and isinstance(reason, str) and reason
                and (rule is None or isinstance(rule, str)) and isinstance(aud, list)
                and all(isinstance(a, str) and a in AUDIENCES for a in aud)):
            return None
        out.append(SimpleNamespace(match=match, audience=aud, reason=reason, rule=rule))
    return out
