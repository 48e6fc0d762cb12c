"""The redaction gate wired into render and check: refusal, field tracing, --redact, waivers,
secrets masked in every version."""

from __future__ import annotations

import json

import pytest

from commsgen import pipeline
from commsgen.config import Config
from conftest import DATA, SAMPLES, run_cli, run_cli_inproc

SAMPLE = DATA / "render" / "markers.yaml"
CFG = SAMPLES / "commsgen.toml"
AWS = "AKIAQ3EGZK7LMNPRST2V"


@pytest.fixture
def leaky(tmp_path):
    src = SAMPLE.read_text()
    # an internal host in a customer field, and a secret in an engineering-only field
    src = src.replace(
        "  what_happened: A maintenance",
        "  what_happened: The host pay-db-01.corp.acme.internal stopped. A maintenance",
        1,
    )
    src = src.replace("summary: MKR-SUMMARY", f"summary: Key {AWS} was rotated.", 1)
    assert "pay-db-01" in src and AWS in src
    p = tmp_path / "leaky.yaml"
    p.write_text(src)
    return p


def test_render_refuses_customer_and_names_the_field(leaky, tmp_path):
    r = run_cli("--config", CFG, "render", leaky, "-a", "customer", "-o", tmp_path / "c.md")
    assert r.returncode == 1
    assert "customer.what_happened" in r.stderr and "internal-host" in r.stderr
    assert "BLOCK" in r.stderr and not (tmp_path / "c.md").exists()


def test_redact_masks_instead_of_refusing(leaky, tmp_path):
    # what is masked: in process (the refusal above runs the program)
    r = run_cli_inproc("--config", CFG, "render", leaky, "-a", "customer", "--redact", "-o", tmp_path / "c.md")
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "c.md").read_text()
    assert "pay-db-01.corp.acme.internal" not in text and "masked" in r.stderr


def test_secrets_are_masked_even_in_engineering(leaky):
    out = pipeline.build(pipeline.load(leaky), Config(), "engineering", "md")
    assert out.ok and AWS not in out.content and "AKIA" in out.content
    assert any(f.kind == "secret" and f.severity == "info" for f in out.findings)


def test_check_reports_redaction_at_the_source_line(leaky):
    r = run_cli_inproc("--config", CFG, "check", leaky, "--format", "json")  # what is found: in process
    assert r.returncode == 1
    found = [
        f for f in json.loads(r.stdout)["findings"] if f["kind"] == "internal-host" and f["audience"] == "customer"
    ]
    assert found, r.stdout
    src_lines = leaky.read_text().splitlines()
    f = found[0]
    assert f["field"] == "customer.what_happened"
    assert "pay-db-01" in src_lines[f["line"] - 1]
    assert "pay-db-01.corp.acme.internal" not in (f["excerpt"] or "") or f["kind"] != "secret"


def test_waiver_accepts_a_finding_and_is_listed(leaky, tmp_path):
    src = leaky.read_text().replace(
        "  allow:\n",
        "  allow:\n    - {match: pay-db-01.corp.acme.internal, audience: customer, "
        "reason: Named in the approved customer letter}\n",
        1,
    )
    p = tmp_path / "waived.yaml"
    p.write_text(src)
    r = run_cli_inproc("--config", CFG, "render", p, "-a", "customer", "-o", tmp_path / "c.md")  # in process
    assert r.returncode == 0, r.stderr
    assert "Named in the approved customer letter" in r.stderr  # every waiver used is listed


def test_a_short_waiver_does_not_accept_a_longer_finding(tmp_path):
    # regression: a config waiver for the company name ("Acme") accepted every host under acme.internal
    from commsgen.redact.context import WaiverSpec

    w = WaiverSpec(match="Acme", audiences=("customer",), reason="company name is public")
    assert w.applies("Acme", "deny.term", "customer")
    assert not w.applies("pay-db-01.corp.acme.internal", "infra.internal-host", "customer")
    phrase = WaiverSpec(match="CVE-2026-41122 in the login form", reason="approved disclosure")
    assert phrase.applies("CVE-2026-41122", "vuln.cve", "customer")


@pytest.mark.parametrize(
    "text",
    [
        "We thank Omar Haddad for the fix.",  # plain ASCII
        "We thank \u041emar Haddad for the fix.",  # Cyrillic O: normalised before matching
        "We thank O\u200bmar Haddad for the fix.",  # zero-width space inside the name
        "Ask @ohaddad or payments-db-01 about it.",
    ],
)
def test_context_terms_are_found_whatever_the_text_looks_like(text):
    # the context part of the scanner (people, service ids, deny terms) is compiled only for texts
    # that may hold a term: that shortcut must never hide a term behind a look-alike character
    from commsgen.redact import context_for, findings_for

    loaded = pipeline.load(SAMPLES / "outage-checkout-failover.yaml")
    ctx = context_for(loaded.postmortem, Config())
    kinds = {f.kind for f in findings_for(text, "customer", ctx)}
    assert kinds & {"person", "service", "deny", "internal-host"}, text


def test_secrets_only_scan_finds_the_same_secrets_as_a_full_scan():
    # the engineering version is scanned for secrets only (it blocks nothing else): same secrets
    from commsgen.redact import context_for
    from commsgen.redact.scanner import scan

    for sample in sorted(SAMPLES.glob("*.yaml")):
        loaded = pipeline.load(sample)
        ctx = context_for(loaded.postmortem, Config())
        text = loaded.text + f"\nKey {AWS} and password=rkrTc9l0yphZ07RBNa6 and ghp_{'a1B2' * 9}\n"
        full = [m for m in scan(text, ctx) if m.kind == "secret"]
        only = scan(text, ctx, kinds=frozenset({"secret"}))
        assert [(m.rule, m.start, m.end) for m in only] == [(m.rule, m.start, m.end) for m in full]
        assert len(only) >= 3
