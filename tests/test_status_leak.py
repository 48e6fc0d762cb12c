"""No internal text ever reaches a status output.

tests/data/status/full.yaml puts a marker (``MRK``/``mrk``, any case) in every internal string
field. These tests check (1) that the file really covers every field of the model, so a field
added later cannot slip through unmarked, and (2) that no marker appears in any status output,
for every format, the short variant, and several configurations.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from commsgen.config import parse_config
from commsgen.export.status import STATUS_FORMATS, render_status
from commsgen.model.loader import load
from commsgen.model.schema import Postmortem
from commsgen.views.status import status_view

FULL = Path(__file__).parent / "data" / "status" / "full.yaml"

# string fields that are public (or enum classifications), by path pattern; "*" is any list index
PUBLIC = {
    "format",
    "status",
    "event_type",
    "severity",
    "trigger_kind",
    "detection_source",
    "related.*.relation",
    "services.*.public_name",
    "people.*.role",
    "timeline.*.kind",
    "timeline.*.audience.*",
    "contributing_factors.*.kind",
    "action_items.*.type",
    "action_items.*.status",
    "action_items.*.priority",
    "links.*.kind",
    "security.disclosure.decision",
    "security.disclosure.notified.*",
    "redaction.allow.*.audience",
}
PUBLIC_PREFIXES = ("customer.", "status_page.", "times.")
# internal values whose format leaves no room for a marker: each is checked as a needle itself
UNMARKABLE = {"security.cves.*"}
# model fields full.yaml may leave out (with the reason)
MAY_BE_ABSENT = {
    "Postmortem.timezone",  # every time carries an offset; a zone name is not text
}


def _walk(data, path=""):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(data, list):
        for v in data:
            yield from _walk(v, f"{path}.*")
    else:
        yield path, data


def _raw():
    return yaml.safe_load(FULL.read_text(encoding="utf-8"))


def _needles() -> list[str]:
    out = []
    for path, value in _walk(_raw()):
        if path in UNMARKABLE:
            out.append(str(value))
    return out


def _models(annotation) -> list[type[BaseModel]]:
    found = []
    for arg in typing.get_args(annotation) or (annotation,):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
        elif typing.get_args(arg):
            found.extend(_models(arg))
    return found


def _missing_fields(model: type[BaseModel], data, where: str) -> set[str]:
    missing: set[str] = set()
    items = data if isinstance(data, list) else [data]
    for name, field in model.model_fields.items():
        values = [d[name] for d in items if isinstance(d, dict) and name in d]
        if not values:
            missing.add(f"{model.__name__}.{name}")
            continue
        for sub in _models(field.annotation):
            flat = [x for v in values for x in (v if isinstance(v, list) else [v]) if isinstance(x, dict)]
            if flat:
                missing |= _missing_fields(sub, flat, f"{where}.{name}")
    return missing


def test_the_marker_file_covers_every_field_of_the_model():
    missing = _missing_fields(Postmortem, _raw(), "")
    assert missing <= MAY_BE_ABSENT, (
        f"add these fields, with a marker, to {FULL.name}: {sorted(missing - MAY_BE_ABSENT)}"
    )


def test_every_internal_string_in_the_marker_file_carries_a_marker():
    unmarked = []
    for path, value in _walk(_raw()):
        if not isinstance(value, str) or path in PUBLIC or path in UNMARKABLE or path.startswith(PUBLIC_PREFIXES):
            continue
        if "mrk" not in value.lower():
            unmarked.append(path)
    assert not unmarked, f"internal fields without a marker: {unmarked}"
    assert _needles() == ["CVE-2026-99731"]


CONFIGS = {
    "plain": {},
    "mapped": {
        "company": "Acme",
        "components": {"mrk-payments-api": "pay123", "mrk-fraud-engine": {"id": "fraud9"}, "mrk-ledger-db": "led1"},
        "status": {"url": "https://status.acme.example"},
    },
    "backfill": {"components": {"mrk-payments-api": "pay123"}, "status": {"backfill": True}},
}


@pytest.mark.parametrize("cname", CONFIGS)
@pytest.mark.parametrize("fmt,short", [(f, False) for f in STATUS_FORMATS] + [("txt", True)])
def test_no_internal_marker_in_any_status_output(fmt, short, cname):
    config = parse_config(CONFIGS[cname], "test-commsgen.toml")
    text = render_status(status_view(load(FULL).postmortem, config), fmt, short=short, config=config)
    assert text.strip()
    low = text.lower()
    assert "mrk" not in low, [ln for ln in text.splitlines() if "mrk" in ln.lower()]
    for needle in _needles():
        assert needle.lower() not in low
    # the public text did make it through
    assert "Payment failures on November 20" in text
