"""Links and names that only work inside the company's network, written the ways people paste them
(commsgen/redact/intranet.py, detectors.py): Windows shares (``\\\\HOST\\share``, ``//host/share``),
intranet short links (``go/name``), Kubernetes short service names (``db.ns.svc``), cloud consoles
and sign-in tenants; and a hex key stated right after its credential word (validators.credctx).

The cases are generated (host forms × separators × surrounding punctuation, slugs × sub-paths,
credential words × the words between × key lengths), with the near-misses that must stay prose. One
postmortem holding one of each is then rendered into every public output: refused as written, and
with --redact none of them is left.
"""

from __future__ import annotations

import itertools
import random

import pytest
import yaml
from conftest import SAMPLES
from test_gate_evasions import PUBLIC  # every public output (audience, format)

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.redact import ScanContext, scan

CTX = ScanContext(public_domains=("acme.com",), public_hosts=("status.acme.com",))
AROUND = [
    ("", ""),
    ("\n", "\n"),
    ("the cause:\n", " was it"),
    ("(", ")"),
    ("`", "`"),
    ('"', '"'),
    ("at ", "."),
    ("on ", ", then"),
    ("\u2014", "\u2014"),
]


def _hits(text: str, value: str, ctx: ScanContext | None = CTX):
    start = text.index(value)
    end = start + len(value)
    return [m for m in scan(text, ctx) if m.start < end and start < m.end]


def _shares(rng: random.Random) -> list[str]:
    hosts = ["LEDGER01", "fileserver", "nas-2", "FS01-PAY", "10.12.4.7", "ledger.acme.internal", "srv$x"]
    shares = ["finance", "c$", "Backups", "logs_2026", "pay-roll"]
    tails = ["", "\\q4", "\\q4\\report.xlsx", "\\Users\\ops"]
    out = []
    for host, share in itertools.product(hosts, shares):
        out.append(f"\\\\{host}\\{share}{rng.choice(tails)}")
        if "." not in host and "$" not in host:
            out.append(f"//{host}/{share}{rng.choice(tails).replace(chr(92), '/')}")
    return out


@pytest.mark.parametrize("before,after", AROUND)
def test_a_network_share_is_internal_whatever_its_host_and_punctuation(before, after):
    for path in _shares(random.Random(before + after)):
        text = f"The export sat on {before}{path}{after} for a day."
        hits = _hits(text, path)
        assert any(m.kind in ("internal-host", "internal-ip") for m in hits), (text, hits)


@pytest.mark.parametrize(
    "text",
    [
        "Comments start with // note and end there.",
        "See https://docs.example.com//guide/page for the steps.",
        "Use a regex like \\\\d+ or a\\b to match.",
        "The path C:\\Users\\Public\\report.txt was fine.",
        "Load //cdn.example.com/app.js from the CDN.",
        "TCP/IP and and/or are fine, as is 1//2.",
    ],
)
def test_paths_and_prose_that_are_not_shares(text):
    assert not [m for m in scan(text, CTX) if m.rule == "infra.unc-path"], text


def _golinks(rng: random.Random) -> list[str]:
    slugs = ["payments-runbook", "oncall", "pay2", "sev1_review", "incident-123"]
    tails = ["", "/payments", "/2026/q4", "/a.b-c"]
    return [f"go/{s}{t}" for s in slugs for t in rng.sample(tails, 2)]


@pytest.mark.parametrize("before,after", AROUND)
def test_an_intranet_short_link_is_internal(before, after):
    for link in _golinks(random.Random(before + after)):
        text = f"The steps are in {before}{link}{after} for responders."
        assert any(m.rule == "infra.go-link" for m in _hits(text, link)), text


@pytest.mark.parametrize(
    "text",
    [
        "We made a go/no-go decision at 14:00.",
        "The GO/NO-GO call and the go/stop call were quick.",
        "Our Go/Rust services were fine.",
        "The binary is built from cmd/go/main.go in the repo.",
        "It happened a day ago/a week ago, depending on the region.",
        "The cargo/npm caches were cleared.",
        "We had to go/ wait.",
    ],
)
def test_go_in_prose_is_not_a_link(text):
    assert not [m for m in scan(text, CTX) if m.rule == "infra.go-link"], text


@pytest.mark.parametrize("service", ["payments-db.payments.svc", "ledger.default.svc", "api.prod-1.svc"])
def test_a_kubernetes_service_short_name_is_internal(service):
    text = f"Traffic went to {service} instead."
    assert any(m.rule == "infra.internal-host" for m in _hits(text, service)), text


def test_a_service_file_in_a_public_url_is_not_a_host():
    text = "The legacy endpoint https://api.example.com/Payments.svc/charge was public."
    assert not [m for m in scan(text, CTX) if m.kind == "internal-host"]


@pytest.mark.parametrize(
    "url,rule",
    [
        ("https://console.aws.amazon.com/rds/home?region=us-east-1#database:id=payments-prod", "infra.dashboard-url"),
        ("https://us-east-1.console.aws.amazon.com/ec2/home", "infra.dashboard-url"),
        ("https://console.cloud.google.com/sql/instances/payments-prod/overview?project=x", "infra.dashboard-url"),
        ("https://portal.azure.com/#@acme.onmicrosoft.com/resource/subscriptions/1/overview", "infra.dashboard-url"),
        ("https://dev.azure.com/acme/payments/_git/infra", "infra.dashboard-url"),
        ("https://app.circleci.com/pipelines/github/acme/infra/123", "infra.dashboard-url"),
        ("https://acme.okta.com/admin/users", "infra.internal-url"),
        ("https://acme.onelogin.com/admin2/users", "infra.internal-url"),
        ("https://www.notion.so/acme/Runbook-123abc", "infra.doc-url"),
        ("https://acme.quip.com/AbCdEf/Runbook", "infra.doc-url"),
        ("https://trust.okta.com/", None),
        ("https://www.okta.com/blog/", None),
        ("https://status.okta.com/", None),
        ("https://aws.amazon.com/premiumsupport/technology/pes/", None),
        ("https://azure.status.microsoft/en-us/status", None),
    ],
)
def test_consoles_and_sign_in_tenants_are_internal_and_vendor_sites_are_not(url, rule):
    text = f"See {url} for the details."
    hits = [m for m in _hits(text, url) if m.kind == "internal-url"]
    if rule is None:
        assert hits == [], (url, hits)
    else:
        assert any(m.rule == rule for m in hits), (url, hits)


HEX = "0123456789abcdef"
WORDS = ["token", "API token", "api key", "access key", "secret", "signing key", "credential", "password"]
GAPS = [" ", ": ", " = ", ' "', " is ", " was ", " `", "s: "]


@pytest.mark.parametrize("n", [32, 40, 64])
def test_a_hex_key_right_after_its_credential_word_is_a_secret(n):
    rng = random.Random(n)
    for word, gap in itertools.product(WORDS, GAPS):
        value = "".join(rng.choice(HEX) for _ in range(n - 2)) + "a7"
        close = gap[-1] if gap[-1] in "\"`" else ""
        text = f"The {word}{gap}{value}{close} was in the log."
        # secret.high-entropy-credential, or the assignment rule where the gap is ": " or " = "
        assert any(m.kind == "secret" for m in _hits(text, value)), text


def _uuid(rng: random.Random) -> str:
    h = "".join(rng.choice(HEX) for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def test_a_uuid_right_after_its_credential_word_is_a_secret_and_an_id_is_not():
    """Heroku's (and others') API keys are UUIDs: right after the word they are the key; a request,
    trace or token id is an id."""
    rng = random.Random(7)
    for word, gap in itertools.product(WORDS, GAPS):
        value = _uuid(rng)
        close = gap[-1] if gap[-1] in "\"`" else ""
        text = f"The {word}{gap}{value}{close} was in the log."
        assert any(m.kind == "secret" for m in _hits(text, value)), text
    for text in ("The request id {v} failed.", "Token id {v} was revoked.", "See trace {v} for the token."):
        line = text.format(v=_uuid(rng))
        assert not [m for m in scan(line, CTX) if m.kind == "secret"], line


@pytest.mark.parametrize(
    "text",
    [
        "The token hash {v} was logged.",
        "The token's sha256 {v} was logged.",
        "The secret rotation shipped in commit {v}.",
        "The token was rotated in {v} yesterday.",
        "The key fingerprint {v} matched.",
        "The token checksum: {v} matched.",
    ],
)
@pytest.mark.parametrize("n", [32, 40, 64])
def test_a_hex_digest_near_a_credential_word_is_not_a_secret(text, n):
    v = "".join(random.Random(text).choice(HEX) for _ in range(n - 2)) + "c3"
    line = text.format(v=v)
    assert not [m for m in _hits(line, v) if m.kind == "secret"], line


# ------------------------------------------------------------------------------------ every output

ONE_OF_EACH = {
    "\\\\LEDGER01\\finance\\q4": "LEDGER01",
    "//fileserver/payroll": "fileserver",
    "go/payments-runbook": "payments-runbook",
    "ledger.payments.svc": "ledger.payments.svc",
    "https://us-east-1.console.aws.amazon.com/rds/home#database:id=payments-prod": "payments-prod",
    "https://acme.okta.com/admin/users": "acme.okta.com",
    "the API token 5f0c2be81d9a4e7b93c6a1f08d2e4b7c": "5f0c2be81d9a4e7b93c6a1f08d2e4b7c",
}


@pytest.mark.slow
def test_every_class_is_refused_and_masked_in_every_public_output():
    data = yaml.safe_load((SAMPLES / "outage-checkout-failover.yaml").read_text(encoding="utf-8"))
    text = "We checked it.\n" + "\n".join(f"It was at {v} then." for v in ONE_OF_EACH) + "\nThen we fixed it."
    for field in (data["customer"], data["executive"], data["status_page"]["updates"][-1]):
        field["summary" if "summary" in field else "body"] = text
    loaded = pipeline.loads(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "intranet.yaml")
    config = load_config(str(SAMPLES / "commsgen.toml"))
    for audience, fmt in PUBLIC:
        plain = pipeline.build(loaded, config, audience, fmt, lint=False)
        assert not plain.ok, (audience, fmt)
        masked = pipeline.build(loaded, config, audience, fmt, redact=True, lint=False)
        assert masked.ok, (audience, fmt, masked.refused)
        for value, core in ONE_OF_EACH.items():
            assert core not in masked.content, (audience, fmt, value)
