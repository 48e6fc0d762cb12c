"""Credentials pasted from a terminal or a browser (cli_secrets.py), and a credential at the end of
a sentence: generated per class (tool, flag form, quoting, trailing punctuation, value), checked
both ways (found and wholly masked; placeholders, user names alone and plain cookies left alone)."""

from __future__ import annotations

import random
import string

import pytest

from commsgen.redact.context import ScanContext
from commsgen.redact.mask import mask_text
from commsgen.redact.scanner import scan

CTX = ScanContext()
RNG = random.Random(31)


def _password(n: int = 12) -> str:
    pool = string.ascii_letters + string.digits + "!#%&*+=?^~"
    while True:
        v = "".join(RNG.choice(pool) for _ in range(n))
        if any(c.isdigit() for c in v) and any(c.isupper() for c in v):
            return v


def _secrets(text: str) -> list:
    return [m for m in scan(text, CTX) if m.kind == "secret"]


COMMANDS = [
    "curl -u deploy:{v} https://api.example.org/v1/items",
    "curl -sS --user deploy:{v} https://api.example.org",
    "curl --proxy-user ops:{v} -x proxy.example.org:3128 https://example.org",
    "mysql -h db.example.org -u root -p{v} orders",
    "mysqldump --single-transaction -uroot -p{v} orders > dump.sql",
    "mariadb -u app -p{v}",
    "vault-cli login --password {v} --ttl 1h",
    "tool --pass {v}",
    "sshpass -p {v} ssh deploy@bastion.example.org",
    "sshpass -p '{v}' ssh deploy@bastion.example.org",
    'sshpass -p "{v}" rsync -a x y',
]
AROUND = ["We ran `{c}` twice.", "{c}", "The step was {c}.", "(we ran {c})", "Then: {c}; it failed."]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_password_on_a_command_line_is_found_and_masked(command):
    for around in AROUND:
        v = _password()
        text = around.format(c=command.format(v=v))
        got = _secrets(text)
        assert [m.rule for m in got] == ["secret.cli-password"], text
        masked = mask_text(text, got)
        assert v not in masked and v[:6] not in masked.replace(v[:4], ""), masked
        assert masked.endswith(text[-1]) or text[-1] not in ".;)", masked  # the sentence keeps its end


@pytest.mark.parametrize(
    "text",
    [
        "curl -u deploy:$DEPLOY_PASSWORD https://api.example.org",
        "curl -u deploy:${TOKEN} https://api.example.org",
        "curl -u deploy https://api.example.org (it asked for the password)",
        "mysql -u root -p orders (typed at the prompt)",
        "mysql -u root -p --verbose",
        "tool --password <password> --verbose",
        "tool --password **** --verbose",
        "tool --password changeme",
        "sshpass -p %PASSWORD% ssh host",
        "pip install -U requests",
        "ls -u --user-friendly",
        "git log -p --stat",
        "the --password flag is deprecated",
    ],
)
def test_placeholders_prompts_and_other_flags_are_not_passwords(text):
    assert not [m for m in _secrets(text) if m.rule == "secret.cli-password"], text


COOKIE_NAMES = ["session", "sid", "PHPSESSID", "connect.sid", "auth_token", "jwt", "_app_session", "JSESSIONID"]


@pytest.mark.parametrize("name", COOKIE_NAMES)
def test_a_session_cookie_in_a_pasted_header_is_found_and_masked(name):
    for header in ("Cookie: theme=dark; {n}={v}", "Set-Cookie: {n}={v}; Path=/; HttpOnly", "cookie: {n}={v}"):
        v = "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(32))
        text = "The request had " + header.format(n=name, v=v)
        got = [m for m in _secrets(text) if m.rule == "secret.session-cookie"]
        assert got and got[0].text == v, text
        assert v not in mask_text(text, got)


@pytest.mark.parametrize(
    "text",
    [
        "Cookie: theme=dark; lang=en-US; consent=yes",
        "Set-Cookie: session=expired; Max-Age=0",
        "Cookie: tz=Europe/Berlin",
        "our cookie: session handling changed",
    ],
)
def test_plain_cookies_are_left_alone(text):
    assert not [m for m in _secrets(text) if m.rule == "secret.session-cookie"], text


@pytest.mark.parametrize("word", ["token", "signing key", "API key", "secret", "access key", "credential"])
def test_a_credential_at_the_end_of_a_sentence_is_found(word):
    for end in (".", ".)", ". Then we rotated it.", ".\n", "!"):
        v = "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(30))
        text = f"The {word} was {v}{end}"
        got = _secrets(text)
        assert got and got[0].text == v, text
    # a dot followed by more of a name continues it (a host name is not a credential)
    assert not _secrets("The token endpoint is Zk9xQ2Lm7Rt4Vw8Yb3Nc6Hd1Pq5Sx.example.com")


@pytest.mark.parametrize("word", ["none", "null", "nil", "todo", "tbd", "TBD", "Null"])
def test_a_random_value_holding_a_short_placeholder_word_is_still_a_secret(word):
    """Three or four given letters turn up inside random tokens (0.19% of random 30-character tokens
    hold one of these words): only the word on its own marks a placeholder."""
    for form in ("api_key = {v}", "The token was {v}.", "password: {v}"):
        left = "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(12)) + "7"
        right = "Q" + "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(12))
        v = left + word + right
        got = _secrets(form.format(v=v))
        assert got and v not in mask_text(form.format(v=v), got), form.format(v=v)
    for placeholder in (word, f"<{word}>", f"${{{word}}}", f"{word}_fill_in"):
        assert not _secrets(f"api_key = {placeholder}"), placeholder


SIGNED = [
    "https://acmeexports.blob.core.windows.net/c/x.csv?sv=2021-06-08&se=2026-12-01T00%3A00Z&sp=r&sig={v}%3D",
    "https://example-bucket.s3.eu-west-1.amazonaws.com/x.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature={v}",
    "https://files.example.org/x.csv?X-Amz-Security-Token={v}&X-Amz-Expires=300",
    "https://storage.googleapis.com/b/x.csv?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature={v}",
    "https://cdn.example.org/x.mp4?Expires=1700000000&Signature={v}&Key-Pair-Id=K2ABC",
]


@pytest.mark.parametrize("url", SIGNED)
def test_the_signature_of_a_signed_url_is_a_secret(url):
    v = "".join(RNG.choice(string.ascii_letters + string.digits) for _ in range(40))
    text = f"The export link {url.format(v=v)} was shared."
    got = [m for m in _secrets(text) if m.rule == "secret.signed-url"]
    assert got and got[0].text.startswith(v), text
    assert v not in mask_text(text, _secrets(text))
    plain = url.format(v=v).split("?")[0] + "?se=2026-12-01&sp=r&sv=2021-06-08"
    assert not [m for m in _secrets(f"See {plain} now") if m.rule == "secret.signed-url"]


# ------------------------------------------------------------------------------------ login pairs
PAIRS = [
    "Login {u}:{v} worked.",
    "The creds were {u} / {v} on the bastion.",
    "credentials: {u}/{v}",
    "We used the logon {u} : {v} by mistake.",
    "log in as {u}:{v}, then reset it",
]


@pytest.mark.parametrize("form", PAIRS)
def test_a_user_and_password_pasted_after_a_login_word_is_found_and_masked(form):
    for user in ("admin", "deploy-bot", "svc.payments", "ops@acme.example"):
        v = _password(RNG.randint(8, 20))
        text = form.format(u=user, v=v)
        got = [m for m in _secrets(text) if m.rule == "secret.login-pair"]
        assert got, text
        masked = mask_text(text, got)
        assert v not in masked and user in masked, masked  # the password is masked, the user kept


@pytest.mark.parametrize(
    "text",
    [
        "Users could not log in: 502/503 errors from 14:02 to 15:20.",
        "Login errors rose to 3.5%/min.",
        "The credentials API returned HTTP 500/Internal.",
        "Login attempts by admin/root were blocked.",
        "Login via SSO/SAML2 broke for EU-West/Frankfurt.",
        "Creds: see the vault at path secret/data/payments.",
        "The login page at https://status.example.org/Login1 was slow.",
        "Login admin:$ADMIN_PASSWORD from the vault.",
        "Login admin:<password> as documented.",
        "Login admin:changeme is refused by policy.",
    ],
)
def test_login_words_in_prose_are_not_pairs(text):
    assert not [m for m in _secrets(text) if m.rule == "secret.login-pair"], text


# ------------------------------------------------------------------------------------ .pgpass lines
@pytest.mark.parametrize("host", ["db01", "ledger.acme.internal", "10.12.4.7", "*", "localhost"])
def test_a_pgpass_line_is_found_and_its_password_masked(host):
    for port, db, user in (("5432", "payments", "app"), ("*", "*", "postgres"), ("6432", "ledger_ro", "svc.reports")):
        v = _password(RNG.randint(8, 24))
        line = f"{host}:{port}:{db}:{user}:{v}"
        for text in (line, f"The ~/.pgpass line was {line}", f"`{line}` was in the image."):
            got = [m for m in _secrets(text) if m.rule == "secret.pgpass-line"]
            assert got, text
            masked = mask_text(text, got)
            assert v not in masked and f"{port}:{db}:{user}:" in masked, masked


@pytest.mark.parametrize(
    "text",
    [
        "The run took 12:30:00:15:20 in total.",
        "The address fe80:0:0:0:1:2:3:4 was link-local.",
        "The line db01:5432:payments:app:$PGPASSWORD stayed.",
        "The line db01:5432:payments:app:<password> stayed.",
        "The line db01:5432:payments:app:123456 was a test.",
        "Ratios 1:2:3:4:5 and 10:20:30:40:50 were fine.",
    ],
)
def test_colon_runs_that_are_not_pgpass_lines(text):
    assert not [m for m in _secrets(text) if m.rule == "secret.pgpass-line"], text
