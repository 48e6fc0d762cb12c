"""Normalisation (evasion), masking, policy, context, waivers, findings, adversarial input."""

from __future__ import annotations

import pytest

from commsgen.model.loader import loads
from commsgen.config import Config
from commsgen.redact import ScanContext, context_for, findings_for, mask_text, mask_value, scan, severity
from commsgen.redact.normalize import normalise_map

# ------------------------------------------------------------------------------- evasion
EVASIONS = [
    ("AKIA\u200bO2GSHIKPPY7DP2DJ", "secret.aws-access-key"),  # zero-width space
    ("AKIAO2GS\u2060HIKPPY7DP2DJ", "secret.aws-access-key"),  # word joiner
    ("\uff21\uff2b\uff29\uff21O2GSHIKPPY7DP2DJ", "secret.aws-access-key"),  # fullwidth AKIA
    ("\u0410KIAO2GSHIKPPY7DP2DJ", "secret.aws-access-key"),  # Cyrillic A
    ("10\uff0e12\uff0e4\uff0e7", "infra.private-ipv4"),  # fullwidth dots
    ("zoe.garcia\uff20northwind.com", "pii.email"),  # fullwidth @
    ("kafka.dev.intern\u0430l", "infra.internal-host"),  # Cyrillic a
    ("pass\u200dword=rkrTc9l0yphZ07RBNa6", "secret.password-assignment"),  # zero-width joiner
    ("\u202e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", "secret.github-token"),  # bidi override
]


@pytest.mark.parametrize("payload,rule", EVASIONS)
def test_evasion_is_matched_and_mapped_back(payload, rule):
    text = f"Über-note — we found {payload} in the log."
    start = text.index(payload)
    ms = [m for m in scan(text) if m.rule == rule]
    assert ms, scan(text)
    m = ms[0]
    # the span covers the payload in the ORIGINAL text (invisible characters at the edges aside)
    assert start <= m.start < start + 2 and start + len(payload) - 1 <= m.end <= start + len(payload)
    assert m.text == text[m.start : m.end]


def test_normalise_map_identity_for_ascii():
    assert normalise_map("plain ascii") == ("plain ascii", None)


def test_normalise_map_offsets():
    norm, idx = normalise_map("a\u200bb\uff43")
    assert norm == "abc" and idx == [0, 2, 3, 4]


def test_spans_after_non_ascii_lines():
    text = "Zeile mit Umlauten: äöü ß\nSecond line 10.1.2.3 and more ✓\nthird AKIAO2GSHIKPPY7DP2DJ"
    got = {m.rule: m for m in scan(text)}
    assert text[got["infra.private-ipv4"].start : got["infra.private-ipv4"].end] == "10.1.2.3"
    assert text[got["secret.aws-access-key"].start : got["secret.aws-access-key"].end] == "AKIAO2GSHIKPPY7DP2DJ"


# ------------------------------------------------------------------------------- masking
def test_mask_value_keeps_ends():
    assert mask_value("AKIAIOSFODNN7EXAMPLE") == "AKIA************MPLE"
    assert mask_value("4669 7834 8826 6474") == "4669 **** **** 6474"
    assert mask_value("short") == "*****"
    assert "hunter" not in mask_value("hunter2hunter2")


def test_mask_text_masks_values_and_other_kinds():
    text = "key AKIAIOSFODNN7EXAMPLE, password=rkrTc9l0yphZ07RBNa6 on 10.1.2.3."
    ms = scan(text)
    only_secrets = mask_text(text, ms, only_kinds={"secret"})
    assert "AKIA************MPLE" in only_secrets and "password=rkrT" in only_secrets
    assert "rkrTc9l0yphZ07RBNa6" not in only_secrets and "10.1.2.3" in only_secrets
    everything = mask_text(text, ms)
    assert "10.1.2.3" not in everything and "[redacted]" in everything


# ------------------------------------------------------------------------------- policy
@pytest.mark.parametrize(
    "audience,kind,level",
    [
        ("customer", "person", "block"),
        ("status", "service", "block"),
        ("customer", "secret", "block"),
        ("executive", "secret", "block"),
        ("executive", "internal-host", "block"),
        ("executive", "vulnerability", "block"),
        ("executive", "person", "warn"),
        ("executive", "email", "warn"),
        ("executive", "service", None),
        ("engineering", "secret", None),
        ("engineering", "internal-ip", None),
    ],
)
def test_policy(audience, kind, level):
    assert severity(audience, kind) == level


def test_policy_unknown_audience():
    with pytest.raises(ValueError):
        severity("press", "secret")


# ------------------------------------------------------------------------------- context, waivers, findings
PM = """\
format: commsgen/postmortem/v1
id: INC-1
title: t
status: draft
event_type: security
severity: SEV2
services:
  - {id: payments-api, public_name: Payments}
  - {id: Search, public_name: Search}
people:
  - {name: Dana Whitfield, role: lead, email: dana@acme-corp.io}
  - {name: Omar Haddad, role: responder, handle: "@ohaddad"}
times: {started: 2026-11-20T14:02:00Z}
summary: s
impact: {description: d}
timeline:
  - {at: 2026-11-20T14:02:00Z, text: x}
security:
  cves: [CVE-2026-12345]
  disclosure: {decision: approved}
links:
  - {label: chat, url: "https://chat.acme-tools.net/room/42"}
redaction:
  deny: ["Project Falcon", {regex: "falcon-[0-9]+"}]
  allow:
    - {match: "10.9.8.7", audience: [customer], reason: "a lab address shown on purpose"}
"""


@pytest.fixture
def pm_ctx():
    pm = loads(PM, "pm.yaml").postmortem
    return context_for(pm, Config(internal_domains=["acme.internal"], public_domains=["acme.com"], deny=["Bluebird"]))


def test_context_collects_file_facts(pm_ctx):
    assert pm_ctx.service_ids == ("payments-api",)
    assert "acme-corp.io" in pm_ctx.internal_domains and "acme.internal" in pm_ctx.internal_domains
    assert pm_ctx.link_hosts == ("chat.acme-tools.net",)
    assert pm_ctx.approved_cves == ("CVE-2026-12345",)


def test_context_rules(pm_ctx):
    text = (
        "Dana  Whitfield and @ohaddad fixed payments-api (Search was fine) for Project Falcon, falcon-7 "
        "and Bluebird; mail dana@acme-corp.io; see chat.acme-tools.net and db1.acme-corp.io."
    )
    got = {(m.rule, m.text) for m in scan(text, pm_ctx)}
    assert ("people.name", "Dana  Whitfield") in got
    assert ("people.handle", "@ohaddad") in got
    assert ("service.internal-id", "payments-api") in got
    assert not any(t == "Search" for _, t in got)
    assert ("deny.term", "Project Falcon") in got and ("deny.term", "falcon-7") in got
    assert ("deny.term", "Bluebird") in got
    assert ("people.staff-email", "dana@acme-corp.io") in got
    assert ("infra.internal-host", "chat.acme-tools.net") in got
    assert ("infra.internal-host", "db1.acme-corp.io") in got


@pytest.mark.parametrize("sid", ["payments-api", "ledger_writer", "billing.sync-worker", "fx-rates_v2"])
def test_a_service_id_is_found_whichever_separator_the_writer_used(sid):
    """Each ``-``, ``_`` or ``.`` of an internal service id may be written as any of them, in any case;
    a separator is never dropped (``check-out`` must not flag ``checkout``)."""
    import itertools

    ctx = ScanContext(service_ids=(sid,))
    seps = [i for i, c in enumerate(sid) if c in "-_."]
    for combo in itertools.product("-_.", repeat=len(seps)):
        form = list(sid)
        for i, c in zip(seps, combo):
            form[i] = c
        for text in ("".join(form), "".join(form).upper()):
            got = [m for m in scan(f"we restarted {text} (twice)", ctx) if m.rule == "service.internal-id"]
            assert [m.text for m in got] == [text], text
    joined = "".join(c for c in sid if c not in "-_.")
    spaced = "".join(" " if c in "-_." else c for c in sid)
    for text in (joined, spaced):
        assert not [m for m in scan(f"we restarted {text} (twice)", ctx) if m.rule == "service.internal-id"], text


def test_findings_policy_waivers_and_locations(pm_ctx):
    text = "Intro line\nThe host 10.9.8.7 and 10.1.1.1 leaked; CVE-2026-12345 and CVE-2026-99999.\nOmar Haddad"
    fs = findings_for(text, "customer", pm_ctx, file="out.md")
    by = {f.excerpt: f for f in fs}
    assert by["10.9.8.7"].waived == "a lab address shown on purpose" and not by["10.9.8.7"].blocking
    assert by["10.1.1.1"].blocking and by["10.1.1.1"].line == 2
    assert by["10.1.1.1"].column == text.split("\n")[1].index("10.1.1.1") + 1
    assert by["10.1.1.1"].end_column == by["10.1.1.1"].column + len("10.1.1.1")
    assert by["CVE-2026-12345"].waived and by["CVE-2026-99999"].blocking
    assert by["Omar Haddad"].severity == "block"
    ex = {f.excerpt: f.severity for f in findings_for(text, "executive", pm_ctx)}
    assert ex["Omar Haddad"] == "warn" and ex["10.1.1.1"] == "block"
    # the customer waiver does not cover the executive version
    assert any(f.excerpt == "10.9.8.7" and not f.waived for f in findings_for(text, "executive", pm_ctx))


def test_engineering_reports_only_secrets_masked():
    text = "password=rkrTc9l0yphZ07RBNa6 on 10.1.2.3"
    fs = findings_for(text, "engineering", ScanContext())
    assert [f.kind for f in fs] == ["secret"] and fs[0].severity == "info"
    assert "rkrTc9l0yphZ07RBNa6" not in fs[0].excerpt


def test_pem_block_spans_to_end_line():
    text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAb7zV0VbU8N0Ebmde\nabc\n-----END RSA PRIVATE KEY-----\nok"
    m = [m for m in scan(text) if m.rule == "secret.private-key"][0]
    assert text[m.end - 5 : m.end] == "KEY-----"[-5:] and "MIIEp" in m.text
    assert "MIIEp" not in mask_text(text, [m])


# ------------------------------------------------------------------------------- adversarial input
@pytest.mark.parametrize(
    "unit",
    [
        "a",
        "9",
        ".",
        "=",
        "@",
        "a.",
        "1.",
        "a-",
        "-1",
        "a@",
        "=a",
        "ab1-",
        "0 ",
        "password=",
        "xoxb-",
        "../",
        "AKIA",
        "eyJ",
        "://a:",
        "+1",
        "fd00:",
    ],
)
def test_adversarial_input_completes(unit):
    text = unit * (200_000 // len(unit))
    scan(text)  # must complete (linear time); the speed is measured by benchmarks/bench_scan.py
    scan(text + "\n" + text)
