"""Grafana alerting webhooks: Alertmanager's payload plus ``dashboardURL``/``panelURL``, which
become links in the event text (see ``commsgen.importers.alertmanager``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commsgen.importers import alertmanager
from commsgen.importers.base import Parsed


def parse(path: Path, **kw: Any) -> Parsed:
    kw.pop("source", None)
    return alertmanager.parse(path, source="grafana", **kw)
