"""Per rule family: (payload, should_flag) tables. Each payload is embedded in ordinary prose; a
flagged payload must produce a match of the expected rule that overlaps it, an unflagged one none."""

from __future__ import annotations

import pytest

from commsgen.redact import ScanContext, scan
from commsgen.redact.ruledocs import all_rule_docs
from commsgen.redact.rules import RULES


def _check(payload: str, rule: str | None, ctx: ScanContext | None = None):
    text = f"During the review we found {payload} in the draft for the payments outage."
    start = text.index(payload)
    end = start + len(payload)
    hits = [m for m in scan(text, ctx) if m.start < end and start < m.end]
    if rule is None:
        assert hits == [], f"{payload!r} should not be flagged, got {hits}"
    else:
        assert any(m.rule == rule for m in hits), f"{payload!r} should be flagged by {rule}, got {hits}"
        for m in hits:
            assert text[m.start : m.end] == m.text


SECRETS = [
    ("AKIAO2GSHIKPPY7DP2DJ", "secret.aws-access-key"),
    ("ASIAURAMV32XTAM4CP5P", "secret.aws-access-key"),
    ("AKIA****************", None),
    ("aws_secret_access_key = YUxy7VZqWbmVUB04J6qoI9Af7ivxZIV1oPE4L5qG", "secret.aws-secret-key"),
    ("AWS_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY", None),
    ("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", "secret.github-token"),
    (
        "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",
        "secret.github-fine-grained-pat",
    ),
    ("glpat-WaijCsHB2P-PAF8bKlJk", "secret.gitlab-token"),
    ("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", "secret.npm-token"),
    ("xoxb-6987373345149-8779762252263-mILsuSLAFimfZLgJ6rT3DwBN", "secret.slack-token"),
    ("https://hooks.slack.com/services/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", "secret.slack-webhook"),
    ("sk_live_95MC9mkQk7goxeNuYpJf2Toy", "secret.stripe-key"),
    ("sk_live_...redacted", None),
    ("AIzaveA5tAd4gLJuC96l3a2VClKReZV88-Rf1QX", "secret.google-api-key"),
    ("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", "secret.sendgrid-key"),
    ("SKf4a59181ba1ca916bcf6eec46ea3be47", "secret.twilio-key"),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI3NDEzNTQxOTMifQ.lqvPWXxH7iBAu8BaVAJUKtwhPsB2OxPyKnt3gqcRZ5k",
        "secret.jwt",
    ),
    ('banner_text: "eyJ0aGVtZSI6ImRhcmsifQ=="', None),
    ("-----BEGIN RSA PRIVATE KEY----- MIIEpAIBAAKCAQEAb7zV0VbU8N0EbmdenQJ1pUABdvNZQkkx", "secret.private-key"),
    ("-----BEGIN PUBLIC KEY-----", None),
    (
        "DefaultEndpointsProtocol=https;AccountName=acmedata28;AccountKey=qTGk3ayU/mNHpu0zJFp3NWfPBw+3SebpscauLrl48XMgkg94e743twICyUVT2ThZEdl4zW2QYK7j7+4ycN5/8g==;EndpointSuffix=core.windows.net",
        "secret.azure-connection-string",
    ),
    ("postgresql://svc_billing:SKIYF0N8xNWJVGbK@db3.globex.com:5432/billing", "secret.connection-string"),
    ("redis://:WTkb3wFcE03@db6.umbrella-corp.com:6379/0", "secret.connection-string"),
    ("postgresql://svc_billing:****@db3.globex.com/billing", None),
    ("Authorization: Bearer Eic93nvr6jqnE6a0tNXyqxLP2FtBT0K4Y00VMDWq", "secret.authorization-header"),
    ("Authorization: Basic ZmF0aW1hOlN1bW1lcjg5OTYh", "secret.authorization-header"),
    ("Authorization: Bearer <token>", None),
    ("password=rkrTc9l0yphZ07RBNa6", "secret.password-assignment"),
    ("admin_password: zDaCnJqRZqWsNPUvK", "secret.password-assignment"),
    ("password=<redacted>", None),
    ("password=changeme-placeholder-not-set", None),
    ("secret: {{ vault.db_password }}", None),
    ("api_key=bc10bd41111087f90cad747c2553b5d3f68401a4", "secret.api-key-assignment"),
    ("TWILIO_AUTH_TOKEN=92bf47f0954a433acd2bd0ebd17109fc", "secret.api-key-assignment"),
    ("api_key: ${STRIPE_API_KEY}", None),
    ("token=REDACTED", None),
    ("client_secret=<CLIENT_SECRET>", None),
    ("GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}", None),
    ("the api_key column migration", None),
    ("the leaked signing key 9fK2xQ7mLp3ZtR8vW1yB4nC6", "secret.high-entropy-credential"),
    ("the session token cache", None),
]
INFRA = [
    ("10.253.34.236", "infra.private-ipv4"),
    ("172.21.194.190/16", "infra.private-ipv4"),
    ("192.168.104.14:5432", "infra.private-ipv4"),
    ("100.81.69.166:6379", "infra.cgnat-ipv4"),
    ("169.254.169.254", "infra.link-local-ipv4"),
    ("fd44:1d12:f5dc::/48", "infra.private-ipv6"),
    ("fe80::1ff:fe23:4567:890a", "infra.link-local-ipv6"),
    ("127.0.0.1:8080", None),
    ("localhost:3000", None),
    ("::1", None),
    ("203.0.113.33", None),
    ("198.51.100.80", None),
    ("192.0.2.10", None),
    ("2001:db8:7158::43", None),
    ("8.8.8.8", None),
    ("1.1.1.1", None),
    ("172.33.136.199", None),
    ("100.129.235.207", None),
    ("100.63.227.45", None),
    ("192.169.194.238", None),
    ("version 10.13.9.25", None),
    ("v10.1.2.3", None),
    ("release 18.6.17", None),
    ("es-prod-37.contoso.internal", "infra.internal-host"),
    ("jenkins-qa-34.corp.acme.internal", "infra.internal-host"),
    ("vault6.corp", "infra.internal-host"),
    ("bastion1.soylent.local", "infra.internal-host"),
    ("nas2.office.lan", "infra.internal-host"),
    ("payments-api.payments.svc.cluster.local", "infra.internal-host"),
    ("ip-10-56-223-127.ec2.internal", "infra.internal-host"),
    ("gitlab.corp.acme.com", "infra.internal-host"),
    ("k8s-prod-worker-31", "infra.bare-hostname"),
    ("mq08-euw1", "infra.bare-hostname"),
    ("bastion-prd-1", "infra.bare-hostname"),
    ("orders-service", None),
    ("edge-proxy", None),
    ("redis-7", None),
    ("utf-8", None),
    ("pypi.org", None),
    ("api.github.com", None),
    ("time.cloudflare.com", None),
    ("www.example.com", None),
    ("dev.azure.com", None),
    ("s3.amazonaws.com", None),
    ("vpc-01b39cb0be40b8315", None),
    ("i-03fb407705bccd192", None),
    ("https://vault6.corp:5601/api/v1/health", "infra.internal-url"),
    ("https://umbrella.slack.com/archives/CBQD4HFH9/p1727656881297511", "infra.chat-url"),
    ("https://grafana.umbrella-corp.com/d/FRRoNVxyn/pg-replication?orgId=1", "infra.dashboard-url"),
    ("https://logs.initech.co/app/discover#/?_g=(time:(from:now-17h))", "infra.dashboard-url"),
    ("https://hooli.atlassian.net/browse/SEC-6335", "infra.ticket-url"),
    ("https://jira.globex.com/browse/OPS-16", "infra.ticket-url"),
    ("https://piedpiper.pagerduty.com/incidents/NG5ROIJ", "infra.ticket-url"),
    ("s3://fabrikam-prod-pii-archive/db/2025-03-21/", "infra.cloud-storage-uri"),
    ("https://github.com/psf/requests/issues/6176", None),
    ("https://status.example.com/incidents/9958", None),
    ("https://nvd.nist.gov/general/nvd-dashboard", None),
    ("https://aws.amazon.com/message/12721/", None),
]
PEOPLE = [
    ("zoe.garcia@northwindtraders.com", "pii.email"),
    ("noah.oconnor+oncall@hooli.xyz", "pii.email"),
    ("zoe_kowalski72@eng.contoso.com", "pii.email"),
    ("node@20.5", None),
    ("lodash@4.17.20", None),
    ("@types/node@20.2.6", None),
    ("@here", None),
    ("user@localhost", None),
    ("git@github.com:acme/repo.git", None),
    ("j***@*****.com", None),
    ("+12127006068", "pii.phone"),
    ("+1-408-415-4439", "pii.phone"),
    ("+44 20 7839 4713", "pii.phone"),
    ("+49 (0)89 8488623", "pii.phone"),
    ("+33 7 89 39 61 28", "pii.phone"),
    ("206-965-6231", "pii.phone-national"),
    ("1-646-590-3524", "pii.phone-national"),
    ("07530 783101", "pii.phone-national"),
    ("030 89430092", "pii.phone-national"),
    ("03 21 97 24 49", "pii.phone-national"),
    ("+1 (***) ***-7602", None),
    ("account id 5209220647", None),
    ("2022-10-06 03:01:34.822", None),
    ("1683513459274 (epoch ms)", None),
    ("SQLSTATE 40001", None),
    ("4669 7834 8826 6474", "pii.payment-card"),
    ("4772-6504-2534-4041", "pii.payment-card"),
    ("3468 317178 09454", "pii.payment-card"),
    ("6011681523469964", "pii.payment-card"),
    ("5209 9142 4548 2692", None),
    ("6147137198379513", None),
    ("**** **** **** 5095", None),
]
VULNS = [
    ("CVE-2024-9978", "vuln.cve"),
    ("CVE 2024-9978", "vuln.cve"),
    ("cve_2024_9978", "vuln.cve"),
    ("CVE2024-99781", "vuln.cve"),
    ("CVE-2024", None),
    ("GHSA-jfh8-c2jp-5v3q", "vuln.advisory-id"),
    ("ghsa-4x8q-9vq2-7h3m", "vuln.advisory-id"),
    ("GHSA-abcd-efgh-ijkl", None),
    ("PYSEC-2021-63", "vuln.advisory-id"),
    ("RUSTSEC-2021-0078", "vuln.advisory-id"),
    ("GO-2022-0969", "vuln.advisory-id"),
    ("RHSA-2021:5137", "vuln.advisory-id"),
    ("ALAS2-2021-1731", "vuln.advisory-id"),
    ("GO-123", None),
    ("INC-2021-0078", None),
    ("CWE-918", None),
    ("RFC 7231", None),
    ("a blind SQL injection via /api/v1/search?q=", "vuln.exploit-detail"),
    ("SSRF in /image-proxy?src=", "vuln.exploit-detail"),
    ("an IDOR on /api/v2/accounts/{id}/invoices", "vuln.exploit-detail"),
    ("stored XSS in the ticket title field", "vuln.exploit-detail"),
    ("remote code execution via the YAML import in /settings/import", "vuln.exploit-detail"),
    ("/download?file=../../etc/passwd", "vuln.payload"),
    ("the quarterly vulnerability scan", None),
    ("the threat model review", None),
    ("a generic WAF managed rule set", None),
    ("security awareness training", None),
]


@pytest.mark.parametrize("payload,rule", SECRETS)
def test_secrets(payload, rule):
    _check(payload, rule)


@pytest.mark.parametrize("payload,rule", INFRA)
def test_infrastructure(payload, rule):
    _check(payload, rule)


@pytest.mark.parametrize("payload,rule", PEOPLE)
def test_people_and_personal_data(payload, rule):
    _check(payload, rule)


@pytest.mark.parametrize("payload,rule", VULNS)
def test_vulnerabilities(payload, rule):
    _check(payload, rule)


def test_kinds_are_the_documented_ones():
    kinds = {
        "secret",
        "internal-ip",
        "internal-host",
        "internal-url",
        "email",
        "phone",
        "payment-card",
        "vulnerability",
        "person",
        "service",
        "deny",
        "image",
        "bidi-control",
    }
    assert {k for _i, k, _s, _l in all_rule_docs()} <= kinds
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_every_rule_is_in_the_docs():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "REDACTION.md").read_text(encoding="utf-8")
    for rid, *_ in all_rule_docs():
        assert f"`{rid}`" in doc, rid
