"""The status view: public data only, UTC, current status, impact, components, security refusal."""

from __future__ import annotations

from datetime import timezone
from pathlib import Path

import pytest

from commsgen.config import Config, parse_config
from commsgen.model.loader import load, loads
from commsgen.views.common import Refused
from commsgen.views.status import STATUS_TABLES, PublicComponent, StatusRefused, status_view

DATA = Path(__file__).parent / "data" / "status"


def pm(name: str):
    return load(DATA / name).postmortem


def cfg(**data) -> Config:
    return parse_config(data, "test-commsgen.toml")


def test_updates_sorted_oldest_first_in_utc_and_current_status_is_the_last():
    v = status_view(pm("full.yaml"), Config())
    assert [u.status for u in v.updates] == ["investigating", "identified", "monitoring", "resolved"]
    assert all(u.at.tzinfo == timezone.utc for u in v.updates)
    # the file says 16:15+02:00
    assert v.updates[0].at.strftime("%H:%M") == "14:15"
    assert v.updates[0].at_utc == "2026-11-20 14:15 UTC"
    assert v.status == "resolved" and not v.composed
    assert v.started.strftime("%H:%M %Z") == "14:02 UTC"
    assert v.resolved.strftime("%H:%M") == "15:20"


def test_current_status_of_an_open_incident_is_its_last_update():
    v = status_view(pm("ongoing.yaml"), Config())
    assert v.status == "identified"
    assert v.resolved is None


def test_without_updates_one_resolved_update_is_composed_from_customer_and_times():
    v = status_view(pm("no-updates.yaml"), Config())
    assert v.composed and len(v.updates) == 1
    u = v.updates[0]
    assert u.status == "resolved"
    assert u.at_utc == "2026-03-02 14:40 UTC"  # 09:40-05:00
    assert u.body == "Search was slow for about 90 minutes on March 2."


def test_without_updates_or_customer_an_open_incident_is_investigating_with_safe_text():
    v = status_view(pm("bare.yaml"), Config())
    assert v.status == "investigating"
    u = v.updates[0]
    assert u.at_utc == "2026-05-10 14:50 UTC"  # 23:50+09:00
    assert u.body == "An outage has been affecting API since 2026-05-10 14:50 UTC. We are investigating."
    assert "lb-07" not in u.body and "lb-07" not in v.title


def test_title_is_customer_title_else_composed_from_public_names_never_internal():
    assert status_view(pm("full.yaml"), Config()).title == "Payment failures on November 20"
    bare = status_view(pm("bare.yaml"), Config())
    assert bare.title == "Outage affecting API"
    assert "TLS" not in bare.title


@pytest.mark.parametrize(
    "sev,impact", [("SEV1", "critical"), ("SEV2", "major"), ("SEV3", "minor"), ("SEV4", "minor"), ("SEV5", "none")]
)
def test_impact_derived_from_severity(sev, impact):
    text = (DATA / "bare.yaml").read_text().replace("severity: SEV1", f"severity: {sev}")
    assert status_view(loads(text, "bare.yaml").postmortem, Config()).impact == impact
    assert STATUS_TABLES["statuspage"][sev] == impact


def test_explicit_status_page_impact_wins_and_config_overrides_the_table():
    assert status_view(pm("full.yaml"), cfg(status={"statuspage": {"SEV2": "critical"}})).impact == "major"
    assert status_view(pm("bare.yaml"), cfg(status={"statuspage": {"SEV1": "major"}})).impact == "major"
    assert status_view(pm("bare.yaml"), Config()).impact == "critical"


def test_components_mapped_unmapped_public_and_internal_only():
    c = cfg(components={"mrk-payments-api": "pay123", "mrk-fraud-engine": {"id": "fraud9"}, "mrk-unused": "zzz"})
    v = status_view(pm("full.yaml"), c)
    assert v.components == (
        PublicComponent("Payments", "pay123"),
        PublicComponent("Search", None),
        PublicComponent(None, "fraud9"),
    )
    assert v.component_names == ["Payments", "Search"]  # mrk-ledger-db: never named
    assert [x.component_id for x in v.mapped_components] == ["pay123", "fraud9"]


def test_config_component_name_names_a_service_without_public_name():
    v = status_view(pm("full.yaml"), cfg(components={"mrk-ledger-db": {"id": "led1", "name": "Ledger"}}))
    assert PublicComponent("Ledger", "led1") in v.components


def test_status_page_components_extension_are_public_names():
    text = (
        (DATA / "ongoing.yaml").read_text().replace("status_page:\n", "status_page:\n  components: [Dashboard, API]\n")
    )
    v = status_view(loads(text, "x.yaml").postmortem, Config())
    assert v.component_names == ["Webhooks", "API", "Dashboard"]


@pytest.mark.parametrize(
    "name,word", [("security-pending.yaml", "`pending`"), ("security-missing.yaml", "not recorded")]
)
def test_security_event_without_disclosure_decision_is_refused(name, word):
    with pytest.raises(StatusRefused) as e:
        status_view(pm(name), Config())
    assert isinstance(e.value, Refused) and e.value.audience == "status"
    assert word in e.value.reason and "security event" in e.value.reason
    assert "approved" in e.value.reason


@pytest.mark.parametrize("name", ["security-approved.yaml", "security-not-required.yaml"])
def test_security_event_with_decision_is_rendered(name):
    v = status_view(pm(name), Config())
    assert v.title == "Security notice about build logs"


def test_view_is_frozen():
    v = status_view(pm("full.yaml"), Config())
    with pytest.raises(AttributeError):
        v.title = "x"  # type: ignore[misc]
