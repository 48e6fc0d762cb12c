"""Vendor token rules (commsgen/redact/vendor_tokens.py), passwords stated in prose and AWS ARNs.

Each format is described here independently of the rule table (prefix, alphabet, length, from the
vendors' documentation): tokens are generated with random bodies, in every variant, and must be
found by their rule; near-misses (the bare prefix, too short, the wrong alphabet, the prefix inside
a word or a name such as sk-learn, hf_transfer, key-value) must not be. One postmortem holding one
token of every variant is then rendered into every public output: refused as written, and with
--redact nothing of any token is left (and secrets are masked in the engineering version too).
"""

from __future__ import annotations

import base64
import json
import random
import string

import pytest
import yaml
from conftest import SAMPLES, run_cli, run_cli_inproc
from test_gate_evasions import PUBLIC  # every public output (audience, format)

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.redact import scan
from commsgen.redact.rules import RULES
from commsgen.redact.vendor_tokens import VENDORS

LOW, UP, DIG = string.ascii_lowercase, string.ascii_uppercase, string.digits
AN = LOW + UP + DIG
B64U = AN + "-_"
HEX = "0123456789abcdef"
BECH32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"


def _g(rng: random.Random):
    def g(alphabet: str, n: int) -> str:
        return "".join(rng.choice(alphabet) for _ in range(n))

    return g


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randint(1, 9)) + "".join(rng.choice(DIG) for _ in range(n - 1))


# rule id -> generators of valid tokens (each variant of the vendor's format)
VALID = {
    "secret.openai-key": [
        lambda g, r: "sk-proj-" + g(B64U, 74) + "T3BlbkFJ" + g(B64U, 74),
        lambda g, r: "sk-svcacct-" + g(B64U, 58) + "T3BlbkFJ" + g(B64U, 58),
        lambda g, r: "sk-admin-" + g(B64U, 58) + "T3BlbkFJ" + g(B64U, 58),
        lambda g, r: "sk-" + g(AN, 20) + "T3BlbkFJ" + g(AN, 20),
    ],
    "secret.anthropic-key": [
        lambda g, r: "sk-ant-api03-" + g(B64U, 93) + "AA",
        lambda g, r: "sk-ant-admin01-" + g(B64U, 93) + "AA",
    ],
    "secret.pypi-token": [
        lambda g, r: "pypi-AgEIcHlwaS5vcmc" + g(B64U, r.randint(60, 200)),
        lambda g, r: "pypi-AgENdGVzdC5weXBpLm9yZw" + g(B64U, 120),
    ],
    "secret.huggingface-token": [lambda g, r: "hf_" + g(LOW + UP, 34), lambda g, r: "api_org_" + g(LOW + UP, 34)],
    "secret.digitalocean-token": [lambda g, r, p=p: p + g(HEX, 64) for p in ("dop_v1_", "doo_v1_", "dor_v1_")],
    "secret.shopify-token": [lambda g, r, p=p: p + g(HEX, 32) for p in ("shpat_", "shpss_", "shpca_", "shppa_")],
    "secret.vault-token": [
        lambda g, r: "hvs.CAESI" + g(B64U, 86),
        lambda g, r: "hvb.AAAAAQ" + g(B64U, 140),
        lambda g, r: "hvr." + g(B64U, 26),
    ],
    "secret.linear-key": [lambda g, r: "lin_api_" + g(AN, 40)],
    "secret.doppler-token": [
        *(lambda g, r, p=p: f"dp.{p}." + g(AN, 43) for p in ("pt", "st", "sa", "ct", "scim", "audit")),
        lambda g, r: "dp.st.prd." + g(AN, 43),
    ],
    "secret.grafana-token": [
        lambda g, r: "glsa_" + g(AN, 32) + "_" + g(HEX, 8),
        lambda g, r: "glc_eyJvIjoi" + g(AN + "+/", 120) + "==",
        lambda g, r: "eyJrIjoi" + g(AN, 80) + "=",
    ],
    "secret.databricks-token": [lambda g, r: "dapi" + g(HEX, 32), lambda g, r: "dapi" + g(HEX, 32) + "-2"],
    "secret.newrelic-key": [lambda g, r: "NRAK-" + g(UP + DIG, 27), lambda g, r: "NRII-" + g(LOW + DIG + "-", 32)],
    "secret.atlassian-token": [lambda g, r: "ATATT3xFfGF0" + g(B64U, 170) + "=" + g(HEX.upper(), 8)],
    "secret.telegram-bot-token": [
        lambda g, r: _digits(r, r.choice((9, 10))) + ":AA" + g(B64U, 33),
        lambda g, r: "https://api.telegram.org/bot" + _digits(r, 10) + ":AA" + g(B64U, 33) + "/sendMessage",
    ],
    "secret.discord-webhook": [
        lambda g, r, h=h: f"https://{h}/api/webhooks/" + _digits(r, 19) + "/" + g(B64U, 68)
        for h in ("discord.com", "discordapp.com", "ptb.discord.com")
    ],
    "secret.mailgun-key": [lambda g, r: "key-" + g(HEX, 32)],
    "secret.postman-key": [lambda g, r: "PMAK-" + g(HEX, 24) + "-" + g(HEX, 34)],
    "secret.pulumi-token": [lambda g, r: "pul-" + g(HEX, 40)],
    "secret.terraform-token": [lambda g, r: g(LOW + DIG, 14) + ".atlasv1." + g(LOW + DIG + "-_", 67)],
    "secret.sentry-token": [
        lambda g, r: "sntryu_" + g(HEX, 64),
        lambda g, r: "sntrys_eyJpYXQiO" + g(AN + "+/", 150) + "_" + g(AN + "+/", 43),
    ],
    "secret.supabase-key": [lambda g, r: "sbp_" + g(HEX, 40), lambda g, r: "sb_secret_" + g(B64U, 31)],
    "secret.flyio-token": [
        lambda g, r: "fo1_" + g(B64U, 43),
        lambda g, r: "fm2_" + g(AN + "+/", 300) + "==",
        lambda g, r: "fm1r_" + g(AN + "+/", 200) + "=",
    ],
    "secret.planetscale-token": [lambda g, r, p=p: f"pscale_{p}_" + g(AN + "_-", 43) for p in ("tkn", "pw", "oauth")],
    "secret.dockerhub-token": [lambda g, r: "dckr_pat_" + g(B64U, 27), lambda g, r: "dckr_oat_" + g(B64U, 32)],
    "secret.buildkite-token": [lambda g, r: "bkua_" + g(HEX, 40)],
    "secret.circleci-token": [lambda g, r, p=p: p + g(AN, 22) + "_" + g(HEX, 40) for p in ("CCIPAT_", "CCIPRJ_")],
    "secret.google-oauth-token": [lambda g, r: "ya29.a0" + g(B64U, r.randint(100, 220))],
    "secret.google-oauth-client-secret": [lambda g, r: "GOCSPX-" + g(B64U, 28)],
    "secret.square-token": [
        lambda g, r: "sq0atp-" + g(B64U, 22),
        lambda g, r: "sq0csp-" + g(B64U, 43),
        lambda g, r: "EAAA" + g(B64U, 60),
    ],
    "secret.facebook-token": [lambda g, r, p=p: p + g(AN, r.randint(120, 220)) for p in ("EAAB", "EAAC", "EAAG")],
    "secret.mapbox-token": [lambda g, r: "sk.eyJ1IjoiY" + g(AN, 50) + "." + g(B64U, 22)],
    "secret.alibaba-key": [lambda g, r: "LTAI" + g(AN, 20), lambda g, r: "LTAI5t" + g(AN, 16)],
    "secret.jfrog-token": [lambda g, r: "AKCp" + g(AN, 69), lambda g, r: "cmVmdGtuOjAxOj" + g(AN, 50)],
    "secret.brevo-key": [lambda g, r, p=p: p + g(HEX, 64) + "-" + g(AN, 16) for p in ("xkeysib-", "xsmtpsib-")],
    "secret.rubygems-key": [lambda g, r: "rubygems_" + g(HEX, 48)],
    "secret.nuget-key": [lambda g, r: "oy2" + g(LOW + DIG, 43)],
    "secret.prefect-key": [lambda g, r: "pnu_" + g(AN, 36)],
    "secret.readme-key": [lambda g, r: "rdme_" + g(LOW + DIG, 70)],
    "secret.typeform-token": [lambda g, r: "tfp_" + g(AN + "-_", 59)],
    "secret.dynatrace-token": [lambda g, r: "dt0c01." + g(UP + DIG, 24) + "." + g(UP + DIG, 64)],
    "secret.age-key": [lambda g, r: "AGE-SECRET-KEY-1" + g(BECH32, 58)],
    "secret.putty-key": [
        lambda g, r: "PuTTY-User-Key-File-3: ssh-ed25519 Encryption: none Private-Lines: 1 " + g(AN + "+/", 48),
        lambda g, r: "Private-Lines: 14 " + " ".join(g(AN + "+/", 64) for _ in range(3)) + "==",
    ],
    "secret.discord-token": [
        lambda g, r: (
            "Discord bot token "
            + base64.urlsafe_b64encode(_digits(r, r.choice((18, 19))).encode()).decode().rstrip("=")
            + "."
            + g(B64U, 6)
            + "."
            + g(B64U, 38)
        ),
        lambda g, r: (
            "Authorization: Bot "
            + base64.urlsafe_b64encode(_digits(r, 19).encode()).decode().rstrip("=")
            + "."
            + g(B64U, 6)
            + "."
            + g(B64U, 27)
        ),
    ],
    "secret.okta-token": [
        lambda g, r: "the Okta API token 00" + g(B64U, 40),
        lambda g, r: "Authorization: SSWS 00" + g(B64U, 40),
    ],
    "secret.heroku-key": [lambda g, r: "HRKU-AA" + g(B64U, 58)],
    "secret.netlify-token": [lambda g, r: "nfp_" + g(AN, 36)],
    "secret.azure-ad-client-secret": [lambda g, r: g(AN + "_~.", 3) + r.choice("78") + "Q~" + g(AN + "_~.-", 34)],
    "secret.notion-token": [lambda g, r: "ntn_" + _digits(r, 11) + g(AN, 35)],
    "secret.perplexity-key": [lambda g, r: "pplx-" + g(AN, 48)],
    "secret.groq-key": [lambda g, r: "gsk_" + g(AN, 52)],
    "secret.1password-token": [lambda g, r: "ops_eyJzaWduSW5BZGRyZXNzIjoi" + g(AN + "+/", 400) + "="],
    "secret.tailscale-key": [
        lambda g, r, p=p: f"tskey-{p}-" + g(AN, 16) + "-" + g(AN, 33) for p in ("api", "auth", "client")
    ],
    # the Slack rule of rules.py: app-level and configuration tokens
    "secret.slack-token": [
        lambda g, r: "xapp-1-A" + g(UP + DIG, 10) + "-" + _digits(r, 13) + "-" + g(HEX, 64),
        lambda g, r: "xoxe.xoxp-1-" + g(AN, 163),
        lambda g, r: "xoxe-1-" + g(UP + DIG, 146),
    ],
    "secret.github-token": [lambda g, r: "ghs_" + g(AN, 36)],  # GitHub App installation tokens
    "infra.aws-arn": [
        lambda g, r: "arn:aws:iam::" + _digits(r, 12) + ":role/payments-admin",
        lambda g, r: "arn:aws:lambda:eu-west-1:" + _digits(r, 12) + ":function:" + g(LOW, 8),
        lambda g, r: "arn:aws-cn:s3:cn-north-1:" + _digits(r, 12) + ":accesspoint/" + g(LOW, 6),
        lambda g, r: "arn:aws-us-gov:sns:us-gov-west-1:" + _digits(r, 12) + ":alerts-" + g(LOW, 5),
    ],
}

_WORDS = "orbit maple cactus lantern harbor velvet pepper quartz meadow falcon ribbon tundra copper".split()
_SYMBOLS = "!@#%^&*+=?~"


def _password(g, r) -> str:
    """A password as people write them: letters, digits and a symbol, 8 to 16 characters."""
    core = g(LOW + UP, r.randint(4, 9)) + g(DIG, r.randint(1, 4))
    return core + r.choice(_SYMBOLS) + g(AN, r.randint(1, 3))


PROSE = [
    "the password is {pw}",
    "The password was {pw}",
    "the password for the admin account was {pw}",
    "password for svc_billing is now {pw}",
    "pw={pw}",
    "PW: {pw}",
    "the passphrase is {phrase}",
    "pw={phrase}",
    "the passcode was {pin}",
    "the PIN is {pin}",
    "the password was set to {pw}",
    "the password is '{word}'",
    'the password was "{phrase_spaced}"',
    "password was hunter2!",
    "the password is Tr0ub4dor&3x",
]
VALID["secret.password-prose"] = [
    lambda g, r, t=t: t.format(
        pw=_password(g, r),
        phrase="-".join(r.sample(_WORDS, 4)),
        phrase_spaced=" ".join(r.sample(_WORDS, 4)),
        pin=g(DIG[1:], r.randint(4, 6)),
        word=r.choice(_WORDS),
    )
    for t in PROSE
]

NEAR_MISSES = [
    "Public-Lines: 2 AAAAC3NzaC1lZDI1NTE5AAAAIGq8Zx0vP3mK9sL2wR7tY4uI6oE1aS5dF8gH0jK2lZ3x",
    "the Private-Lines: header",
    "a key-value store with key-valuestoreconfigurationforprodxy",
    "the key-based auth of our bot MTAxMjM0NTY3ODkwYWJjZGVmZ2hp.GhIjKl.AbCdEfGhIjKlMnOpQrStUvWxYz0123",
    # bare prefixes, prefixes inside words and names
    "sk-learn",
    "we pinned scikit-learn (sk-learn) to 1.4",
    "the sk-proj- prefix",
    "sk-proj-abc123",
    "sk-ant-api03-short",
    "task-proj-" + "a1B2c3D4e5" * 8,
    "hf_transfer",
    "HF_HUB_ENABLE_HF_TRANSFER=1 and hf_hub_download",
    "hf_" + "transformersintegrationsuiteabcde",  # 34 lower-case letters: a name, not a token
    "hf_abcDEF",
    "a key-value store",
    "key-rotation",
    "pubkey-" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e",  # Mailgun public validation key
    "key-" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2",  # 31 hex
    "key-" + "12345678901234567890123456789012",  # digits only
    "key-" + "x" * 32,
    "sandapiper",
    "dapi" + "3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2",  # 31 hex
    "dapiXYZ is a library",
    "dop_v1_" + "3f9a1c7e" * 7,  # 56 hex
    "shpat_" + "3f9a1c7e" * 3,
    "hvs.short",
    "lin_api_" + "x" * 40,
    "dp.pt.abc",
    "glsa_" + "Ab3" * 10,
    "NRAK-SHORT",
    "ATATT3short",
    "12:34:AA" + "b" * 33,
    "123:AA" + "bC3dE" * 6 + "fG4",  # a three-digit id
    "123456789:AB" + "bC3dE" * 6 + "fG4",
    "https://discord.com/channels/123456789012345678/876543210987654321",
    "https://discord.gg/acme",
    "pul-" + "3f9a1c7e5b",
    "sntryu_abc",
    "sbp_" + "3f9a1c7e" * 2,
    "dckr_pat_short",
    "bkua_123",
    "ya29.short",
    "GOCSPX-short",
    "sq0idp-" + "Ab3dE" * 5,  # a Square application id (public)
    "EAABshort",
    "EAAB" + "x" * 120,
    "pk.eyJ1IjoiYWNtZSIsImEiOiJjbGZ4In0.abcdefghijklmnopqrstuv",  # a Mapbox public token
    "LTAI",
    "LTAIabcdefghijklmnopqrst",  # one case only
    "oy2" + "a" * 43,
    "AGE-SECRET-KEY-1short",
    "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",  # an age public key
    "the Okta outage, 00" + "a" * 40,
    "00" + "aB3dE" * 8,  # no Okta context
    "HRKU-short",
    "nfp_short",
    "8Q~ on its own",
    "ntn_123",
    "pplx-short",
    "gsk_short",
    "tskey-auth-short",
    "xapp-",
    # ARNs without an account id
    "arn:aws:s3:::payments-exports",
    "arn:aws:s3:::payments-exports/2026/11/report.csv",
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::12345:role/x",
    # passwords that are words, descriptions or references
    "the password is rotated",
    "the password was wrong",
    "the password is required",
    "the password has expired",
    "the password is being reset",
    "the password was expired",
    "the password is now rotated weekly",
    "the password is SHA-256 hashed",
    "the password is 12 characters long",
    "the password was changed on 2026-11-20",
    "the password was reset at 14:02",
    "the password is stored in Vault",
    "the password is in 1Password",
    "the password is 2FA-protected",
    "the password is bcrypt",
    "the passphrase is end-to-end encrypted",
    "the password is kv/payments/db2",
    "the password is ${DB_PASSWORD}",
    "password: <redacted>",
    "the password was 8 characters",
    "the passcode is sent by SMS",
    "the PIN was shared in chat",
    "PIN shared in chat",
    "Pinning the version to 2.4.1 fixed it",
    "we pinged the on-call engineer",
    "the password reset page failed",
    "the password policy is v2",
    "a bug in the password reset page caused 8% of logins to fail",
]


def _embed(token: str) -> tuple[str, int, int]:
    text = f"During the review we found {token} in the draft for the payments outage."
    start = text.index(token)
    return text, start, start + len(token)


CASES = [(rid, i) for rid, gens in VALID.items() for i in range(len(gens))]


@pytest.mark.parametrize("rid,variant", CASES, ids=[f"{r}-{i}" for r, i in CASES])
def test_generated_tokens_are_found(rid, variant):
    rng = random.Random(f"{rid}/{variant}")
    for _ in range(12):
        token = VALID[rid][variant](_g(rng), rng)
        text, start, end = _embed(token)
        hits = [m for m in scan(text) if m.start < end and start < m.end]
        assert any(m.rule == rid for m in hits), (token, hits)
        for m in hits:
            assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("payload", NEAR_MISSES)
def test_near_misses_are_not_found(payload):
    text, start, end = _embed(payload)
    hits = [
        m for m in scan(text) if m.start < end and start < m.end and (m.kind == "secret" or m.rule == "infra.aws-arn")
    ]
    assert hits == [], (payload, hits)


def test_every_vendor_row_is_a_rule_with_a_literal_trigger_and_generated_cases():
    ids = {r.id: r for r in RULES}
    for row in VENDORS:
        rule = ids[row[0]]
        assert rule.kind == "secret" and rule.id.startswith("secret.")
        assert rule.id in VALID, f"{rule.id}: no generated tokens in this test"
        # a short trigger: literals, a few small classes, alternation; no unbounded repeats
        assert len(rule.trigger) <= 40 and not any(q in rule.trigger for q in ("*", "+", "{")), rule.trigger


def test_the_password_is_masked_not_the_sentence():
    text = "We learnt the password was hunter2! from the log."
    (m,) = [m for m in scan(text) if m.rule == "secret.password-prose"]
    s, e = m.mask_span
    assert text[s:e] == "hunter2!"


def test_a_long_line_of_stated_passwords_is_not_copied_per_match(monkeypatch):
    """The prose password validator reads the next word from a bounded slice of the line: a long
    line of ``pw=pw=…`` (a match every hundred characters) costs each match a constant."""
    from commsgen.redact import values as VA

    seen = []
    real = VA.stated_password

    def spy(raw, *, pin=False, after=""):
        seen.append(len(after))
        return real(raw, pin=pin, after=after)

    monkeypatch.setattr(VA, "stated_password", spy)
    for unit in ("pw=", "password is x1", "password=a"):
        scan((unit * (200_000 // len(unit)))[:200_000])
    assert seen and max(seen) <= 40


# ------------------------------------------------------------------------------------ every output


def _one_of_each(seed: str) -> dict[str, list[str]]:
    rng = random.Random(seed)
    return {rid: [gen(_g(rng), rng) for gen in gens] for rid, gens in VALID.items()}


def _secret_part(rid: str, sample: str) -> str:
    """What must not be readable: the token (for prose and context rules, the value only)."""
    if rid == "secret.password-prose":
        for lead in ("pw=", "PW: "):
            if sample.startswith(lead):
                return sample[len(lead) :]
        if sample.endswith(("'", '"')):
            return sample[sample.index(sample[-1]) + 1 : -1]
        return sample.rsplit(" ", 1)[-1]
    if rid == "secret.okta-token":
        return sample.rsplit(" ", 1)[-1]
    return sample


def _postmortem(lines: list[str]):
    data = yaml.safe_load((SAMPLES / "outage-checkout-failover.yaml").read_text(encoding="utf-8"))
    text = "We checked it.\n" + "\n".join(lines) + "\nThen we fixed it."
    data["customer"]["summary"] = text
    data["status_page"]["updates"][-1]["body"] = text
    data["executive"]["summary"] = text
    data["summary"] = text
    return pipeline.loads(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "vendors.yaml")


@pytest.mark.slow
def test_every_format_is_refused_and_masked_in_every_public_output():
    samples = _one_of_each("outputs")
    lines = [s for vs in samples.values() for s in vs]
    secrets = {(rid, _secret_part(rid, s)) for rid, vs in samples.items() for s in vs if not rid.startswith("infra.")}
    arns = [s for s in samples["infra.aws-arn"]]
    loaded = _postmortem(lines)
    config = load_config(str(SAMPLES / "commsgen.toml"))
    for audience, fmt in PUBLIC:
        plain = pipeline.build(loaded, config, audience, fmt, lint=False)
        assert not plain.ok, (audience, fmt)
        found = {f.rule for f in plain.findings}
        assert set(samples) - found == set(), (audience, fmt, set(samples) - found)
        masked = pipeline.build(loaded, config, audience, fmt, redact=True, lint=False)
        assert masked.ok, (audience, fmt, masked.refused)
        for rid, secret in secrets:
            assert secret not in masked.content, (audience, fmt, rid, secret)
        for arn in arns:
            assert arn not in masked.content, (audience, fmt, arn)
    for fmt in ("md", "txt"):  # secrets are masked in the engineering version too (ARNs are not secrets)
        eng = pipeline.build(loaded, config, "engineering", fmt, lint=False)
        assert eng.ok
        for rid, secret in secrets:
            assert secret not in eng.content, (fmt, rid, secret)


@pytest.mark.slow
def test_check_and_render_on_the_command_line(tmp_path):
    """The red-team battery through the CLI: check reports every format in the customer summary,
    render --redact writes none of them."""
    samples = _one_of_each("cli")
    data = yaml.safe_load((SAMPLES / "outage-checkout-failover.yaml").read_text(encoding="utf-8"))
    data["customer"]["summary"] = "\n".join(s for vs in samples.values() for s in vs)
    src = tmp_path / "redteam.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    cfg = SAMPLES / "commsgen.toml"
    r = run_cli("--config", cfg, "check", src, "--format", "json")
    assert r.returncode == 1, r.stderr
    found = {
        f["rule"]
        for f in json.loads(r.stdout)["findings"]
        if f["field"] == "customer.summary" and f["audience"] == "customer"
    }
    assert set(samples) - found == set(), set(samples) - found
    out = tmp_path / "customer.md"
    r = run_cli_inproc("--config", cfg, "render", src, "-a", "customer", "--redact", "-o", out)
    assert r.returncode == 0, r.stderr
    written = out.read_text(encoding="utf-8")
    for rid, vs in samples.items():
        for s in vs:
            assert _secret_part(rid, s) not in written, (rid, s)
