"""Audience views: the only data a template of each audience receives."""

from __future__ import annotations

from datetime import date

from commsgen.config import Config
from commsgen.model.schema import Postmortem
from commsgen.views.common import Refused, View  # noqa: F401


def view_for(audience: str, pm: Postmortem, config: Config, *, today: date | None = None) -> View:
    """Build the view of ``audience``; raises ``Refused`` when that audience gets no version."""
    if audience == "engineering":
        from commsgen.views.engineering import engineering_view

        return engineering_view(pm, config, today=today)
    if audience == "executive":
        from commsgen.views.executive import executive_view

        return executive_view(pm, config, today=today)
    if audience == "customer":
        from commsgen.views.customer import customer_view

        return customer_view(pm, config)
    raise ValueError(f"unknown audience {audience!r}")
