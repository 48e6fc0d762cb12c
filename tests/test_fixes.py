"""commsgen.fixes: masking a finding's text and adding a waiver, on YAML as typed and on JSON,
for every shape `redaction:` can already have; the result loads and the waiver applies."""

from __future__ import annotations

import json

import pytest

from commsgen import fixes, pipeline
from commsgen.config import Config
from commsgen.findings import Finding

HOST = "db-7.corp.acme.internal"


def base(redaction: str = "") -> str:
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "tui" / "outage.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  what_happened: A maintenance step on our payment system did not complete as planned.",
        f"  what_happened: >-\n    A maintenance step left the pool\n    on {HOST} for a while.",
    )
    return text + redaction


def host_finding(text: str) -> Finding:
    found = [
        f
        for f in pipeline.check(pipeline.loads(text, "t.yaml"), Config())
        if f.rule == "infra.internal-host" and f.audience == "customer"
    ]
    assert found, "the host leak is found"
    return found[0]


REDACTION_SHAPES = {
    "none": "",
    "empty-block": "redaction:\n  deny: [Falcon]\n",
    "with-allow": "redaction:\n  allow:\n    - match: Acme Pay\n      reason: our product name\n  deny:\n    - Falcon\n",
    "allow-empty-flow": "redaction:\n  allow: []\n",
    "commented": "redaction:\n  # waivers below\n  allow:\n    # accepted by Legal\n    - match: Acme Pay\n      reason: product\n",
}


@pytest.mark.parametrize("shape", REDACTION_SHAPES)
def test_waive_adds_an_allow_entry_that_accepts_the_finding(shape):
    text = base(REDACTION_SHAPES[shape])
    f = host_finding(text)
    new = fixes.waive(text, f, "named in the public status post")
    assert new.startswith(text.split("redaction:")[0].rstrip("\n"))  # everything before is untouched
    loaded = pipeline.loads(new, "t.yaml")
    w = loaded.postmortem.redaction.allow[-1]
    assert (w.match, w.reason, w.rule) == (HOST, "named in the public status post", "infra.internal-host")
    after = [
        x for x in pipeline.check(loaded, Config()) if x.rule == "infra.internal-host" and x.audience == "customer"
    ]
    assert after and all(x.waived for x in after)
    if "# accepted by Legal" in text:
        assert "# accepted by Legal" in new and "# waivers below" in new


def test_waive_refuses_a_flow_style_redaction_block():
    text = base("redaction: {deny: [Falcon]}\n")
    with pytest.raises(fixes.FixError):
        fixes.waive(text, host_finding(text), "ok")


def test_mask_replaces_exactly_the_offending_characters():
    text = base()
    f = host_finding(text)
    new, (s, e) = fixes.mask(text, f)
    assert new[s:e] == "[redacted]" and HOST not in new.split("customer:")[1]
    assert new.replace("[redacted]", HOST, 1).count(HOST) == text.count(HOST)
    pipeline.loads(new, "t.yaml")


def test_mask_at_the_start_of_a_plain_value_keeps_the_yaml_valid():
    text = base().replace("  title: Payment errors on November 20", f"  title: {HOST} errors")
    f = next(
        x
        for x in pipeline.check(pipeline.loads(text, "t.yaml"), Config())
        if x.rule == "infra.internal-host" and x.field == "customer.title"
    )
    new, _ = fixes.mask(text, f)
    assert pipeline.loads(new, "t.yaml").postmortem.customer.title == "redacted errors"


def test_json_waive_and_mask():
    import yaml

    doc = yaml.safe_load(base())
    text = json.dumps(doc, indent=2, default=str)
    f = [
        x
        for x in pipeline.check(pipeline.loads(text, "t.json"), Config())
        if x.rule == "infra.internal-host" and x.audience == "customer"
    ][0]
    assert f.line and f.column and text.split("\n")[f.line - 1][f.column - 1 : f.end_column - 1] == HOST
    masked, _ = fixes.mask(text, f, is_json=True)
    assert HOST not in json.loads(masked)["customer"]["what_happened"]
    waived = fixes.waive(text, f, "public", is_json=True)
    assert json.loads(waived)["redaction"]["allow"][-1]["match"] == HOST
