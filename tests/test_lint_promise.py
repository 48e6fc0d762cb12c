"""legal.promise and legal.vendor-blame: classes of phrasing that must be flagged and that must be
left alone, on customer and status text; the bundled samples' public text is clean."""

from __future__ import annotations

import pytest

from commsgen import pipeline
from commsgen.config import load_config
from conftest import SAMPLES, run_cli
from lint_helpers import config, ctx, hits

SUBJECTS = ["We", "Our team", "Acme"]
PROMISES = [
    "{s} guarantee 100% uptime from now on.",
    "{s} can guarantee that payments will work.",
    "This will never happen again.",
    "This won't happen again.",
    "It will not happen to you again.",
    "{s} will make sure this never happens again.",
    "{s} promise that nothing like this will ever happen again.",
    "Checkout is now 100% reliable.",
    "Your data is 100 percent secure with us.",
    "The problem is permanently fixed.",
    "{s} have completely eliminated the risk.",
    "Payments will always be available.",
    "This can never happen again.",
    "{s} guaranteed a fix by Friday.",
]
NOT_PROMISES = [
    "We cannot guarantee that every retry succeeded.",
    "100% of affected payments were refunded.",
    "We never charged a customer twice.",
    "We are adding a check that stops this kind of change.",
    "Our SLA gives service credits for this month.",
    "We will keep you updated every 30 minutes.",
    "The fix is in place and payments work again.",
]


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("form", PROMISES)
@pytest.mark.parametrize("audience", ["customer", "status"])
def test_absolute_promises_are_flagged_with_a_suggestion(form, subject, audience):
    text = "Some payments failed on November 20. " + form.format(s=subject)
    found = hits(text, "legal.promise", audience)
    assert found and all(f.severity == "warn" and f.suggestion and f.excerpt and f.line == 1 for f in found)


@pytest.mark.parametrize("text", NOT_PROMISES)
def test_facts_and_hedges_are_not_promises(text):
    assert hits(text, "legal.promise") == []


def test_promises_are_not_looked_for_in_engineering_text():
    assert hits("This will never happen again.", "legal.promise", "engineering") == []


VENDORS = ["HashiCorp", "AWS", "Cloudflare", "Google Cloud", "Stripe", "Datadog"]
BLAME_FORMS = [
    "It was not our fault, {v}'s code was buggy.",
    "The outage was caused by {v}.",
    "{v} had a bug that broke checkout.",
    "This happened because of a failure at {v}.",
    "{v} is to blame for the errors.",
    "Due to an outage at {v}, payments failed.",
]
DENIALS = [
    "This was not our fault.",
    "The problem was outside our control.",
    "Through no fault of our own, payments failed.",
    "The fault lies with a supplier.",
    "Our vendor's system was to blame.",
    "Our provider was at fault.",
]
NEUTRAL = [
    "A service we rely on failed, and our systems did not switch away from it.",
    "We moved payments to a second provider so one failure cannot stop checkout.",
    "We are sorry; this was our responsibility.",
    "Zoom in on the chart to see the errors.",
    "There was slack in the schedule.",
    "Acme payments failed for 78 minutes.",
]


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("form", BLAME_FORMS)
def test_a_supplier_blamed_by_name_is_flagged(form, vendor):
    found = hits("Some payments failed. " + form.format(v=vendor), "legal.vendor-blame")
    assert found and vendor.split()[0] in found[0].excerpt or "fault" in found[0].excerpt


@pytest.mark.parametrize("text", DENIALS)
def test_denying_fault_is_flagged_whoever_is_named(text):
    (f,) = hits(text, "legal.vendor-blame")
    assert "denies fault" in f.message or "supplier" in f.message


@pytest.mark.parametrize("text", NEUTRAL)
def test_owning_the_impact_is_left_alone(text):
    assert hits(text, "legal.vendor-blame") == []


def test_vendors_list_comes_from_the_configuration_and_the_company_is_never_a_vendor():
    c = ctx(config(lint={"vendors": ["Frobnix"]}, company="Frobnix Cloud"))
    assert hits("The outage was caused by HashiCorp.", "legal.vendor-blame", c=c) == []
    c = ctx(config(lint={"vendors": ["Frobnix"]}))
    assert hits("The outage was caused by Frobnix.", "legal.vendor-blame", c=c)
    c = ctx(config(lint={"vendors": ["Acme"]}, company="Acme"))
    assert hits("Acme caused the outage.", "legal.vendor-blame", c=c) == []


def test_samples_public_text_makes_no_promise_and_blames_no_one():
    cfg = load_config(SAMPLES / "commsgen.toml")
    for f in sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json")):
        lp = pipeline.load(f)
        for audience, fmt in (("customer", "md"), ("status", "txt")):
            out = pipeline.build(lp, cfg, audience, fmt)
            assert not [x for x in out.findings if x.rule in ("legal.promise", "legal.vendor-blame")], f


def test_the_issue_example_through_the_cli(tmp_path):
    p = tmp_path / "notice.md"
    p.write_text("We guarantee 100% uptime. This will never happen again. Not our fault, HashiCorp's code was buggy.\n")
    r = run_cli("scan", "--lint", p)
    rules = [line.split(": ")[1].split()[-1] for line in r.stdout.splitlines() if ": warn [customer] legal." in line]
    assert r.returncode == 0
    assert rules.count("legal.promise") == 3 and rules.count("legal.vendor-blame") == 2, r.stdout


def test_each_promise_pattern_needs_its_word():
    """legal.promise runs a pattern only over text holding its word: every phrase a pattern
    matches holds that word, in any case (checked on the phrases above and on the pattern)."""
    import re

    from commsgen.lint.rules_legal import PROMISE_WORDS
    from commsgen.lint.rules_legal import PROMISES as TABLE

    for (pattern, _), word in zip(TABLE, PROMISE_WORDS, strict=True):
        assert word in pattern.lower()
        for form in PROMISES:
            m = re.search(pattern, form, re.I)
            assert m is None or word in m.group().lower(), (pattern, form)
