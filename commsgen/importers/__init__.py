"""Timeline import: export files of chat, paging and alerting tools -> proposed timeline events,
merged into a postmortem's text (``commsgen import``) or into a new draft (``commsgen new --from``).

One module per source (a pure parser: files in, ``Parsed`` out), ``merge`` (text edits that keep
every other byte), ``plan`` (filter, de-duplicate, match people, mask secrets, validate) and
``draft`` (a skeleton pre-filled from imports).
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from commsgen.importers.base import ExportError, Parsed, Proposed

SOURCES = ("slack", "pagerduty", "opsgenie", "alertmanager", "grafana", "datadog", "statuspage")


def parse_source(source: str, path: str | Path, **options: Any) -> Parsed:
    """Parse one export of ``source`` (see ``SOURCES``); raises ``ExportError`` (exit 2) when malformed."""
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; expected one of {', '.join(SOURCES)}")
    mod = import_module(f"commsgen.importers.{source}")
    parsed: Parsed = mod.parse(Path(path), **options)
    parsed.events.sort(key=lambda e: (e.at, e.external_id))
    return parsed


__all__ = ["SOURCES", "parse_source", "Parsed", "Proposed", "ExportError"]
