"""The rule table: data. Each rule has a stable id (never renamed: waivers and CI configurations
refer to it), a finding ``kind``, a prefilter ``family``, a precise Python pattern (run only on lines
the RE2 prefilter selected) and an optional validator. docs/REDACTION.md documents every rule.

Patterns are written to run in linear time: every pattern starts at a token boundary
(look-behind) and uses possessive quantifiers where a run could otherwise be re-tried.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from commsgen.redact import values as VA
from commsgen.redact import validators as V
from commsgen.redact import locate as L
from commsgen.redact import starts as S
from commsgen.redact import notations as N
from commsgen.redact import vendor_tokens as VT
from commsgen.redact.cli_secrets import cli_rules
from commsgen.redact.intranet import intranet_rules
from commsgen.redact.locators import CRED_WORD, credential_locate
from commsgen.redact.prefilters import WS


@dataclass(frozen=True, eq=False)  # a table entry: compared by identity
class Rule:
    id: str
    kind: str
    family: str
    pattern: str
    summary: str  # what it catches
    leaves: str = ""  # what it leaves alone
    flags: int = 0
    group: int | str = 0  # the reported span
    mask_group: int | str | None = None  # the part masked (default: the reported span)
    validate: Callable[..., Any] | None = None  # (match, line, ctx) -> bool, or a rule id that replaces ours
    refine: Callable[..., Any] | None = None  # (match, line, ctx) -> (start, end) | None: the valid part of a run
    trigger: str | None = None  # RE2: this rule's own trigger (default: its family's), a superset
    locate: Callable[[str], Any] | None = None  # where a match can start (locate.py); default: every position

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: a small scan compiles only the rules its text triggers."""
        return re.compile(self.pattern, self.flags)


I = re.IGNORECASE


# --------------------------------------------------------------------------- the table
_TOK_END = r"(?![A-Za-z0-9])"  # a dash or an underscore after a token ends it
_KEYS_PW = r"(?:password|passwd|passphrase|pwd|pass)"
_KEYS_API = (
    r"(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|secret[_-]?key|auth[_-]?key"
    r"|client[_-]?secret|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|sas)"
)
_ASSIGN = (
    r"(?<![A-Za-z0-9_.-])(?P<k>[A-Za-z0-9_.-]{{0,40}}?{keys}[A-Za-z0-9_-]{{0,30}})[\"']?\s{{0,4}}(?::=|=>|[:=])"
    r"\s{{0,4}}(?:\"(?P<q>[^\"\n]{{1,300}})\"|'(?P<q2>[^'\n]{{1,300}})'|(?P<v>[^\s\"'`<>,;]{{1,200}}+))"
)


# a password stated in prose: the word, an optional ``for the admin account``, a verb or a colon, the value
_PW_PROSE = (
    r"(?<![A-Za-z0-9_-])(?P<k>pass(?:words?|phrases?|codes?|wd)|pass[ -]code|pwd|pw|pin(?:[ -]?code)?)(?![A-Za-z0-9_-])"
    r"(?:\s{1,3}(?:for|of|on)(?:\s{1,3}[^\s:=\"'`]{1,40}+){1,4}?)?"
    r"(?:\s{0,3}(?::=|[:=])\s{0,3}|\s{1,3}(?:is|was|were|are|has\s{1,3}been|had\s{1,3}been|became)"
    r"(?:\s{1,3}(?:now|still|just|also|actually|literally|simply))?(?:\s{1,3}(?:set|changed|reset)\s{1,3}to)?:?\s{1,3}"
    r"|\s{1,3}(?:set|changed|reset)\s{1,3}to\s{1,3})"
    r"(?P<v>\"[^\"\n]{1,100}\"|'[^'\n]{1,100}'|`[^`\n]{1,100}`|[^\s\"'`<>]{1,100}+)"
)


def _assign_pattern(keys: str) -> str:
    return _ASSIGN.format(keys=keys)


RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- secrets
    Rule(
        "secret.aws-access-key",
        "secret",
        "token",
        r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])",  # a lower-case letter cannot continue it
        "AWS access key ids (AKIA/ASIA… + 16 characters)",
        "masked ids (AKIA****…), AWS resource ids (i-…, vpc-…)",
        trigger=r"AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA",
    ),
    Rule(
        "secret.aws-secret-key",
        "secret",
        "assign",
        r"(?i)(?<![A-Za-z0-9_])aws_?secret_?(?:access_?)?key[\"']?\s*[:=]\s*[\"']?(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
        "AWS secret access keys with their label (aws_secret_access_key = …40 chars)",
        "variable references ($AWS_SECRET_ACCESS_KEY)",
        mask_group="v",
        trigger=r"(?i:aws_?secret_?(?:access_?)?key)",
    ),
    Rule(
        "secret.github-token",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{30,255}" + _TOK_END,
        "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_)",
        "the bare prefix or shorter strings",
        trigger=r"gh[pousr]_",
    ),
    Rule(
        "secret.github-fine-grained-pat",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{40,255}" + _TOK_END,
        "GitHub fine-grained personal access tokens (github_pat_…)",
        "the bare prefix",
        trigger=r"github_pat_",
    ),
    Rule(
        "secret.gitlab-token",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|ptt|rt|oas|cbt|ft|imt|soat)-|glagent-)[A-Za-z0-9_-]{20,255}+" + _TOK_END,
        "GitLab tokens (glpat-, gldt-, glptt-, …)",
        "the bare prefix",
        trigger=r"gl(?:pat|dt|ptt|rt|oas|cbt|ft|imt|soat|agent)-",
    ),
    Rule(
        "secret.npm-token",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}" + _TOK_END,
        "npm access tokens (npm_ + 36)",
        "package names, npm_config_* variables",
        trigger=r"npm_",
    ),
    Rule(
        "secret.slack-token",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_-])(?:xoxe\.)?(?:xox[abposre]|xapp)-[A-Za-z0-9-]{10,250}+" + _TOK_END,
        "Slack bot, user, app-level, configuration and refresh tokens (xoxb-, xoxp-, xapp-, xoxe.xoxp-, xoxe-, …)",
        "the bare prefix",
        trigger=r"xox[abposre]-|xapp-",
    ),
    Rule(
        "secret.slack-webhook",
        "secret",
        "token",
        r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,300}",
        "Slack incoming webhook URLs",
        "other slack.com links (see infra.chat-url)",
        trigger=r"hooks\.slack\.com/",
    ),
    Rule(
        "secret.stripe-key",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_])(?:[sr]k_(?:live|test)|whsec)_[A-Za-z0-9]{16,255}" + _TOK_END,
        "Stripe secret and restricted keys (sk_live_, rk_live_, sk_test_) and webhook secrets",
        "publishable keys (pk_…), masked values (sk_live_...redacted)",
        trigger=r"[sr]k_live_|[sr]k_test_|whsec_",
    ),
    Rule(
        "secret.google-api-key",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}" + _TOK_END,
        "Google API keys (AIza + 35)",
        "shorter look-alikes",
        trigger=r"AIza",
    ),
    Rule(
        "secret.sendgrid-key",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}" + _TOK_END,
        "SendGrid API keys (SG.….…)",
        "",
        trigger=r"SG\.",
    ),
    Rule(
        "secret.twilio-key",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_])SK[0-9a-fA-F]{32}" + _TOK_END,
        "Twilio API key SIDs (SK + 32 hex)",
        "account SIDs (AC…) are identifiers",
        trigger=r"SK[0-9a-fA-F]",
    ),
    *VT.vendor_rules(Rule),  # OpenAI, Anthropic, PyPI, …: one row per vendor (vendor_tokens.py)
    *cli_rules(Rule),  # curl -u user:password, mysql -pPASSWORD, Cookie: session=… (cli_secrets.py)
    Rule(
        "secret.jwt",
        "secret",
        "token",
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}+\.eyJ[A-Za-z0-9_-]{6,}+\.[A-Za-z0-9_-]*+",
        "JSON Web Tokens (three base64url parts whose header is JSON with alg/typ)",
        "single base64 segments (eyJ… without two dots)",
        validate=V.jwt,
        trigger=r"eyJ",
    ),
    Rule(
        "secret.private-key",
        "secret",
        "token",
        r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:[ \t]*[A-Za-z0-9+/=]{8,}+)*",
        "PEM private keys (the header through the END line)",
        "public keys and certificates",
        trigger=r"-----BEGIN ",
    ),
    Rule(
        "secret.azure-connection-string",
        "secret",
        "token",
        r"(?i)(?<![A-Za-z0-9])DefaultEndpointsProtocol=[^\s\"'<>]{10,2000}+"
        r"|(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/=]{20,}+",
        "Azure storage/service bus connection strings and AccountKey=… values",
        "connection strings without a key",
        validate=V.azure,
        trigger=r"(?i:defaultendpointsprotocol=|accountkey=|sharedaccesskey=)",
    ),
    Rule(
        "secret.connection-string",
        "secret",
        "connstr",
        S.after(r"A-Za-z0-9+.-")
        + r"[a-zA-Z][a-zA-Z0-9+.-]{1,20}://(?P<user>[^\s/@:'\"<>]{0,100}+):(?P<pw>[^\s/@'\"<>]{1,200}+)@"
        r"[^\s'\"<>]*[^\s'\"<>.,;:)\]]",
        "URLs with user:password@host (postgres://, mongodb+srv://, https://, …)",
        "URLs without a password, placeholder passwords (:****@, :${PASS}@)",
        mask_group="pw",
        validate=V.connstr,
        trigger=r"://",
    ),
    Rule(
        "secret.authorization-header",
        "secret",
        "assign",
        r"(?i)(?<![A-Za-z0-9_-])(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?P<scheme>bearer|basic|token|digest|bot"
        r"|apikey|ssws|negotiate)\s+(?P<v>[A-Za-z0-9._~+/=-]{8,}+)",
        "Authorization headers with a credential (Bearer, Basic, Token, …)",
        "placeholders (Bearer <token>, Bearer $TOKEN)",
        mask_group="v",
        validate=V.auth_header,
        trigger=r"(?i:authorization)",
    ),
    Rule(
        "secret.bearer-token",
        "secret",
        "assign",
        r"(?<![A-Za-z0-9_-])[Bb]earer\s+(?P<v>[A-Za-z0-9._~+/-]{20,}+=*)",
        "Bearer tokens outside an Authorization header",
        "short or word-like values",
        mask_group="v",
        validate=V.bearer,
        trigger=r"[Bb]earer" + WS + r"+[A-Za-z0-9._~+/-]{20}",
    ),
    Rule(
        "secret.password-assignment",
        "secret",
        "assign",
        _assign_pattern(_KEYS_PW),
        "password=, pwd:, db_password = … assignments with a real value",
        "placeholders (<redacted>, ${VAR}, $VAR, {{ … }}, changeme, ****) and lone lower-case words",
        flags=I,
        mask_group="value",
        validate=VA.assign_check(VA.looks_like_password),
        trigger=r"(?i:pass|pwd)[A-Za-z0-9_-]*[\"']?" + WS + r"{0,4}[:=]",
    ),
    Rule(
        "secret.password-prose",
        "secret",
        "assign",
        _PW_PROSE,
        "a password, passphrase, passcode or PIN stated in prose (the password is Tr0ub4dor&3x, password was hunter2!,"
        " pw=correct-horse-battery-staple, the PIN is 4821, the password for the admin account was …)",
        "words (the password is rotated / required / wrong / being reset), hash and protocol names (SHA-256),"
        " numbers with units (12 characters), dates, times, paths, placeholders",
        flags=I,
        mask_group="v",
        validate=V.stated_password,
        trigger=r"(?i:pass(?:w|phrase|[ -]?code)|(?:pwd|pw|pin)[^a-z0-9_-])",
    ),
    Rule(
        "secret.api-key-assignment",
        "secret",
        "assign",
        _assign_pattern(_KEYS_API),
        "api_key=, access_token:, client_secret=, *_TOKEN= … assignments with a random-looking value",
        "placeholders and word values (token: expired)",
        flags=I,
        mask_group="value",
        validate=VA.assign_check(VA.looks_random),
        trigger=r"(?i:secret|token|key|credential|sas)[A-Za-z0-9_-]*[\"']?" + WS + r"{0,4}[:=]",
    ),
    Rule(
        "secret.high-entropy-credential",
        "secret",
        "credctx",
        r"(?i)(?<![A-Za-z0-9])" + CRED_WORD + r"(?![A-Za-z0-9])[^\n]{0,48}?(?<![A-Za-z0-9+/_=.-])"
        r"(?P<v>[A-Za-z0-9+/_=-]{20,200}+)(?![A-Za-z0-9+/_=-]|\.[A-Za-z0-9+/_=-])",  # a full stop may end it
        "high-entropy strings within a few words after a credential word (secret, token, key, password); a hex key"
        " right after the word",
        "UUIDs, paths, host names; hex digests further from the word or after a digest word (hash, sha, commit)",
        group="v",
        validate=V.credctx,
        locate=lambda line: credential_locate(line),
    ),
    # ---------------------------------------------------------------- infrastructure
    Rule(
        "infra.private-ipv4",
        "internal-ip",
        "ipv4",
        # not inside a longer dotted number; after a full stop that follows no digit (``x].10.12.4.7``):
        # two plain look-behinds (starts.after's alternation cost this hot rule 3x more)
        r"(?<![0-9])(?<![0-9]\.)"
        + r"(?P<ip>(?:\d{1,3}\.){3}\d{1,3})(?:/\d{1,2}(?!\d)|:\d{1,5}(?!\d))?(?!\.?\d)",  # letters cannot continue it
        "RFC 1918 IPv4 addresses (10/8, 172.16/12, 192.168/16), with port or CIDR; reported as"
        " infra.cgnat-ipv4 for 100.64.0.0/10 and infra.link-local-ipv4 for 169.254.0.0/16 (169.254.169.254 included)",
        "loopback, documentation ranges, public addresses, dotted versions (v10.1.2.3, version 10.1.2.3)",
        validate=V.ipv4,
    ),
    Rule(
        "infra.private-ipv6",
        "internal-ip",
        "ipv6",
        r"(?i)(?<![\w:])(?:f[cd][0-9a-f]{0,2}|fe[89ab][0-9a-f])(?::[0-9a-f]{0,4}+){1,7}(?:/\d{1,3})?(?![\w:])",
        "IPv6 unique-local addresses (fc00::/7) with prefix length; infra.link-local-ipv6 for fe80::/10",
        "::1, 2001:db8::/32, public addresses",
        validate=V.ipv6,
    ),
    Rule(
        "infra.internal-host",
        "internal-host",
        "host",
        r"(?i)"
        + S.after(r"\w.@%+-")
        + r"(?<!://)(?P<host>[a-z0-9][a-z0-9-]{0,62}+(?:\.[a-z0-9][a-z0-9-]{0,62}+)++)(?::\d{1,5})?(?![a-z0-9@])",
        "host names under internal_domains, link hosts, staff email domains; internal suffixes (.internal, .corp,"
        " .local, .lan, .svc.cluster.local, name.namespace.svc, ec2.internal); labels marking a host internal (corp, intra, int, prod,"
        " staging) below the registrable domain; hosts like es-prod-37.acme.com",
        "localhost, example.com/.org, public sites (pypi.org, api.github.com, dev.azure.com), the company's public"
        " site",
        refine=V.host,
    ),
    Rule(
        "infra.bare-hostname",
        "internal-host",
        "barehost",
        S.after(r"\w.@/%+-") + r"(?<!://)[a-z][a-z0-9]*+(?:-[a-z0-9]++){1,6}(?![a-z0-9@/]|-[a-z0-9]|\.[a-z0-9])",
        "bare infrastructure host names: numbered and naming an environment, role or region (k8s-prod-worker-31,"
        " pg-prod-34, mq08-euw1, bastion-prd-1)",
        "service names without a number (orders-service), software versions (redis-7, node-18), AWS resource ids,"
        " UUIDs",
        refine=V.barehost,
    ),
    Rule(
        "infra.internal-url",
        "internal-url",
        "url",
        r"(?i)" + S.after(r"A-Za-z0-9+.-") + r"[a-z][a-z0-9+.-]{0,31}://[^\s<>\"'`]+",
        "URLs to internal hosts, company chat archives (slack.com/archives), ticket systems (Jira, Confluence,"
        " atlassian.net, PagerDuty, Opsgenie, ServiceNow, Zendesk), dashboards (Grafana, Kibana, Datadog, …), cloud"
        " consoles and CI, sign-in tenants (acme.okta.com), internal documents, cloud storage URIs (s3://, gs://)",
        "public documentation, vendor status pages, github.com issues, example.com",
        validate=V.url,
        refine=V.url_span,
        locate=L.re2_locator(r"(?i)[a-z][a-z0-9+.-]{0,31}://"),
    ),
    Rule(
        "infra.aws-arn",
        "internal-host",
        "arn",
        S.after(r"A-Za-z0-9_-")
        + r"arn:aws(?:-cn|-us-gov|-iso(?:-[a-z])?)?:[a-z0-9-]{1,40}+:[a-z0-9-]{0,30}+:[0-9]{12}:"
        r"[A-Za-z0-9_/:.*+=@-]{0,400}[A-Za-z0-9_/*+=@-]",
        "AWS ARNs with an account id (arn:aws:iam::123456789012:role/payments-admin; aws-cn, aws-us-gov)",
        "ARNs without an account (arn:aws:s3:::bucket, AWS managed policies arn:aws:iam::aws:policy/…)",
        trigger=r"arn:aws",
    ),
    # ---------------------------------------------------------------- people and personal data
    Rule(
        "pii.email",
        "email",
        "email",
        S.after(r"\w.+%-")
        + r"(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}+)@(?P<dom>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++)(?![A-Za-z0-9@])",
        "email addresses; reported as people.staff-email for the postmortem's people and addresses on staff,"
        " internal or company domains",
        "@mentions, package@1.2.3, user@localhost, git remotes (git@host:org/repo), example.com addresses,"
        " role mailboxes (support@) on the company's public domains",
        refine=V.email_pii,
    ),
    Rule(
        "pii.phone",
        "phone",
        "phone",
        r"(?<![\w+/.-])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){1,6}(?![\w-]|\.\d)",
        "phone numbers in international form (+1-408-415-4439, +44 20 7839 4713, +491545444955)",
        "masked numbers (+1 (***) ***-7602)",
        validate=V.phone_plus,
        locate=L.re2_locator(r"\+[0-9]{1,3}[ .-]?\(?[0-9]"),
    ),
    Rule(
        "pii.phone-national",
        "phone",
        "phone",
        r"(?<![\w+/.:-])(?:(?:1[ .-]?)?(?:\(\d{3}\) ?\d{3}[ .-]\d{4}|[2-9]\d{2}[.-]\d{3}[.-]\d{4}|[2-9]\d{2} \d{3} \d{4})"
        r"|0\d{1,4}(?: ?\(0\))?(?:[ .-]\d{2,8}){1,4})(?![\w-]|[.:]\d)",
        "national phone numbers (206-965-6231, (206) 965-6231, 07530 783101, 030 89430092, 03 21 97 24 49)",
        "unformatted numeric ids, dates, times, card-like numbers",
        validate=V.phone_national,
        locate=L.re2_locator(
            r"(?:1[ .-]?)?(?:\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4}|[2-9][0-9]{2}[.-][0-9]{3}[.-][0-9]{4}"
            r"|[2-9][0-9]{2} [0-9]{3} [0-9]{4})|0[0-9]{1,4}(?: ?\(0\))?[ .-][0-9]{2}"
        ),
    ),
    Rule(
        "pii.payment-card",
        "payment-card",
        "card",
        r"(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)",
        "payment card numbers (13-19 digits, Luhn-valid, known issuer prefix, grouped like a card)",
        "16-digit order or reference numbers failing Luhn, epoch timestamps, masked cards (**** 4023)",
        refine=V.card,
    ),
    # ---------------------------------------------------------------- vulnerabilities
    Rule(
        "vuln.cve",
        "vulnerability",
        "cve",
        r"(?i)" + S.after(r"A-Za-z0-9-") + r"CVE[-_ ]?\d{4}[-_ ]\d{4,7}(?!\d)",
        "CVE identifiers, with any separator (waived automatically once the security disclosure that names them is"
        " approved)",
        "CWE ids, RFC numbers",
    ),
)


RULES += N.extra_rules(Rule) + intranet_rules(Rule)  # shares, go/ links (intranet.py)
