"""A review's scan context is the configuration's (``redact.context.context_for``, every field as it
builds it) plus what each indexed postmortem adds, and its PDF goes through the brief's one PDF
path: rendered, read back (page text, metadata, outline) and scanned by ``gated_findings``."""

from __future__ import annotations

from dataclasses import fields

import pytest
from conftest import SAMPLES

from commsgen.config import Config, load_config
from commsgen.kb.extract import scan_terms
from commsgen.kb.publish import context, publish
from commsgen.model.loader import load
from commsgen.redact.context import DenyRegex, context_for

CONFIGS = {
    "none": Config(),
    "samples": load_config(SAMPLES / "commsgen.toml"),
    "public hosts": Config(company="Acme", public_hosts=["www.acme.com", "*.cdn.acme.com"]),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_no_records_is_the_configurations_context(name):
    config = CONFIGS[name]
    assert context([], config) == context_for(None, config)


# the context's fields that the knowledge base merges over every postmortem (as sets)
MERGED = (
    "people_names",
    "people_handles",
    "people_emails",
    "service_ids",
    "service_words",
    "link_hosts",
    "staff_email_domains",
    "internal_domains",
)


def test_every_postmortem_adds_its_terms_and_keeps_the_configurations():
    config = CONFIGS["samples"]
    pms = [load(p).postmortem for p in sorted(SAMPLES.glob("*.yaml"))]
    records = [{"scan": scan_terms(pm)} for pm in pms]
    ctx, base = context(records, config), context_for(None, config)
    for f in fields(ctx):
        if f.name not in (*MERGED, "deny_terms", "waivers"):
            assert getattr(ctx, f.name) == getattr(base, f.name), f.name
    for pm in pms:
        one = context_for(pm, config)
        for key in MERGED:
            assert set(getattr(one, key)) <= set(getattr(ctx, key)), key
        assert set(one.deny_terms) <= set(ctx.deny_terms)
        assert set(one.waivers) <= set(ctx.waivers)
    # no duplicates, and a record's regex stays a regex (RE2 only)
    assert len(set(ctx.deny_terms)) == len(ctx.deny_terms)
    assert any(isinstance(d, DenyRegex) for d in ctx.deny_terms)


@pytest.mark.slow
def test_the_review_pdf_is_read_back_and_scanned(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796428800")
    host = "payments-db-01.corp.acme.internal"
    data = {
        "audience": "executive",
        "period": {"label": f"2026Q4 {host}"},
    }
    from commsgen.kb import report

    monkeypatch.setattr(report, "to_html", lambda data, tdir, for_print=False: "<h1>Incident pattern review</h1>")
    out = publish(data, "pdf", [], CONFIGS["samples"])
    # the host is only in the PDF's Title: found by reading the metadata back from the bytes
    assert out.refused and out.content[:5] == b"%PDF-"
    hits = [f for f in out.findings if host in (f.excerpt or "")]
    assert hits and {f.extra["scanned"] for f in hits} == {"pdf-metadata"}
