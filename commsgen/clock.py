"""The one clock of commsgen: now, or ``SOURCE_DATE_EPOCH`` when it is set.

Everything that depends on the date (the brief's "as of", overdue actions, the 48-hour review
rule, a PDF's creation date) reads it here, so that a build dated by ``SOURCE_DATE_EPOCH``
(reproducible builds) gives the same bytes every time and judges "overdue" against that date,
not against the wall clock. A leaf module: it imports nothing of commsgen.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone


def source_date() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` as an aware UTC time, or None when it is unset or not a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return None


def now() -> datetime:
    """The current UTC time to the second, or ``SOURCE_DATE_EPOCH`` when set."""
    return source_date() or datetime.now(timezone.utc).replace(microsecond=0)


def today() -> date:
    return now().date()


def creation_time() -> datetime:
    """When a document is made (its metadata): ``now()``."""
    return now()
