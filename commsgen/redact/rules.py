"""The rule table: data. Each rule has a stable id (never renamed: waivers and CI configurations
refer to it), a finding ``kind``, a prefilter ``family``, a precise Python pattern (run only on lines
the RE2 prefilter selected) and an optional validator. docs/REDACTION.md documents every rule.

Patterns are written to run in linear time: every pattern starts at a token boundary
(look-behind) and uses possessive quantifiers where a run could otherwise be re-tried.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from commsgen.redact import detectors as D
from commsgen.redact import validators as V
from commsgen.redact import locate as L
from commsgen.redact import notations as N
from commsgen.redact.lazyre import lazy


@dataclass(frozen=True, eq=False)   # a table entry: compared by identity
class Rule:
    id: str
    kind: str
    family: str
    pattern: str
    summary: str                 # what it catches
    leaves: str = ""             # what it leaves alone
    flags: int = 0
    group: int | str = 0         # the reported span
    mask_group: int | str | None = None   # the part masked (default: the reported span)
    validate: Callable | None = None       # (match, line, ctx) -> bool, or a rule id that replaces ours
    refine: Callable | None = None         # (match, line, ctx) -> (start, end) | None: the valid part of a run
    trigger: str | None = None             # RE2: this rule's own trigger (default: its family's), a superset
    locate: Callable | None = None         # where a match can start (locate.py); default: every position

    @cached_property
    def regex(self) -> re.Pattern:
        """Compiled on first use: a small scan compiles only the rules its text triggers."""
        return re.compile(self.pattern, self.flags)


I = re.IGNORECASE


# --------------------------------------------------------------------------- triggers (RE2 syntax)
# Every rule has a trigger: its own (``Rule.trigger``) or its family's (``PREFILTERS``). A trigger is a
# superset of its rule (a line without the trigger cannot hold a match) made of short literals and
# small classes, cheap for RE2's DFA. The scanner runs every trigger over the whole text in one RE2
# pass (measured: one combined DFA beats several smaller passes), then a RE2 set of the same triggers
# tells which rules a candidate line needs. Triggers are loose where that is cheap: the rules decide.
# Python's ``\s`` also matches \v, \x1c-\x1f and non-ASCII spaces: triggers allow all of them.
_WS = r"[\t-\r\x1c-\x20\x{80}-\x{10FFFF}]"


def _barehost_trigger() -> str:
    """A hyphenated token with an environment, role or region label next to a hyphen, and a digit."""
    words = "|".join(sorted(D.ENV_WORDS | D.ROLE_WORDS | D._AIRPORTS, key=len, reverse=True))
    region = r"(?:eu|us|ap|sa|ca|me|af|il|mx|uk|de|fr|jp|in|au|br)[a-z]{0,7}[0-9]{1,2}[a-z]?"
    lab = f"(?:{words}|{region})"
    return (f"(?:^|[^a-z0-9-]){lab}[0-9]{{0,4}}-[a-z0-9-]*[0-9]"           # k8s-prod-31, mq08-euw1
            f"|-{lab}-[a-z0-9-]*[0-9]"                                     # foo-prod-3
            f"|[0-9][a-z0-9-]*-{lab}[0-9]{{0,4}}(?:[^a-z0-9_-]|$)"          # node3-fra
            f"|-{lab}[0-9]{{1,4}}(?:[^a-z0-9_-]|$)")                        # cache-web7


PREFILTERS: dict[str, str] = {
    "credctx": r"(?i:secret|token|credential|passw|passphrase|api.?key|access.?key|private.?key|signing.?key)",
    "ipv4": r"(?:10\.[0-9]{1,3}|172\.(?:1[6-9]|2[0-9]|3[01])|192\.168|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])"
            r"|169\.254)\.[0-9]{1,3}\.[0-9]",
    "ipv6": r"(?i:f[cd][0-9a-f]{0,2}:|fe[89ab][0-9a-f]:)",
    "host": r"(?i:\.internal|\.corp|\.local|\.lan|\.intra|\.arpa|\.priv|\.prv|corp\.|intra\.|intranet\.|internal\."
            r"|int\.|prod\.|prd\.|production\.|staging\.|stage\.|stg\.|preprod\.|pre-prod\.|uat\.|nonprod\.|non-prod\."
            r"|mgmt\.|infra\.|onprem\.|on-prem\.|ec2\.|compute\.|amazonaws|core\.windows|googleapis"
            r"|-(?:prod|prd|production|stg|staging|stage|qa|dev|uat|perf|canary|preprod|sandbox|nonprod|test|tst|int"
            r"|dr|sbx|lab)[a-z0-9-]*\.)",
    "barehost": _barehost_trigger(),
    "url": r"://",
    "email": r"@",
    "phone": r"\+[0-9]|[0-9]{3}[-. )][0-9]{3}[-. ][0-9]|\([0-9]{3}\)|(?:^|[^0-9a-zA-Z:.-])0[0-9]{1,4}[ .-][0-9]{2}",
    "card": r"(?:^|[^0-9a-zA-Z])[0-9](?:[ -]?[0-9]){12}",
    "cve": r"(?i:cve-)",
    "vuln": r"(?i:injection|sqli|xss|cross.site|ssrf|forgery|rce|code execution|ssti|xxe|traversal|inclusion|lfi|rfi"
            r"|idor|direct object|bypass|missing auth|missing access|access control|escalation|open redirect|csrf"
            r"|deseriali|smuggling|pollution|\.\./|\.\.%2f|%2e%2e|<script|jndi:|union|' *or|/etc/|xp_cmdshell)",
}

# Routes: what the per-line RE2 set uses, instead of the family's trigger, to say which rules a
# candidate line needs (the whole-text pass still uses the trigger). A route must match every line
# on which the family's rules can report something. The bare host trigger's word list makes the set's
# automaton large (measured: most of the set's start-up cost): its route is the shape every bare host
# has instead (``bare_host_ok``): a token that starts a word with a lower-case letter and holds a
# hyphen, a digit (its numbered label) and a letter after ``f`` (not every label is hex).
_TOK = "[a-z0-9-]"
_HYPHEN_DIGIT = f"{_TOK}*(?:-{_TOK}*[0-9]|[0-9]{_TOK}*-)"
_HYPHEN_DIGIT_GZ = (f"{_TOK}*(?:-{_TOK}*(?:[0-9]{_TOK}*[g-z]|[g-z]{_TOK}*[0-9])|[0-9]{_TOK}*(?:-{_TOK}*[g-z]|[g-z]{_TOK}*-)"
                    f"|[g-z]{_TOK}*(?:-{_TOK}*[0-9]|[0-9]{_TOK}*-))")
ROUTES: dict[str, str] = {
    "barehost": f"(?:^|[^A-Za-z0-9_.@/:%+-])(?:[g-z]{_HYPHEN_DIGIT}|[a-f]{_HYPHEN_DIGIT_GZ})",
}

# --------------------------------------------------------------------------- the table
_TOK_END = r"(?![A-Za-z0-9])"   # a dash or an underscore after a token ends it
_KEYS_PW = r"(?:password|passwd|passphrase|pwd|pass)"
_KEYS_API = (r"(?:secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|secret[_-]?key|auth[_-]?key"
             r"|client[_-]?secret|credentials?|signing[_-]?key|encryption[_-]?key|master[_-]?key|sas)")
_ASSIGN = (r"(?<![A-Za-z0-9_.-])(?P<k>[A-Za-z0-9_.-]{{0,40}}?{keys}[A-Za-z0-9_-]{{0,30}})[\"']?\s{{0,4}}(?::=|=>|[:=])"
           r"\s{{0,4}}(?:\"(?P<q>[^\"\n]{{1,300}})\"|'(?P<q2>[^'\n]{{1,300}})'|(?P<v>[^\s\"'`<>,;]{{1,200}}+))")


def _assign_check(fn):
    def check(m, line, ctx):
        v = m.group("v") or m.group("q") or m.group("q2") or ""
        v = v.rstrip(".,;:)]}") if m.group("v") else v
        return fn(v)
    return check


def _assign_pattern(keys: str) -> str:
    return _ASSIGN.format(keys=keys)


RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- secrets
    Rule("secret.aws-access-key", "secret", "token",
         r"(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])",
         "AWS access key ids (AKIA/ASIA… + 16 characters)",
         "masked ids (AKIA****…), AWS resource ids (i-…, vpc-…)",
         trigger=r"AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA"),
    Rule("secret.aws-secret-key", "secret", "assign",
         r"(?i)(?<![A-Za-z0-9_])aws_?secret_?(?:access_?)?key[\"']?\s*[:=]\s*[\"']?(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
         "AWS secret access keys with their label (aws_secret_access_key = …40 chars)",
         "variable references ($AWS_SECRET_ACCESS_KEY)", mask_group="v",
         trigger=r"(?i:aws_?secret_?(?:access_?)?key)"),
    Rule("secret.github-token", "secret", "token", r"(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{30,255}" + _TOK_END,
         "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_)", "the bare prefix or shorter strings",
         trigger=r"gh[pousr]_"),
    Rule("secret.github-fine-grained-pat", "secret", "token", r"(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{40,255}" + _TOK_END,
         "GitHub fine-grained personal access tokens (github_pat_…)", "the bare prefix",
         trigger=r"github_pat_"),
    Rule("secret.gitlab-token", "secret", "token",
         r"(?<![A-Za-z0-9_-])(?:gl(?:pat|dt|ptt|rt|oas|cbt|ft|imt|soat)-|glagent-)[A-Za-z0-9_-]{20,255}+" + _TOK_END,
         "GitLab tokens (glpat-, gldt-, glptt-, …)", "the bare prefix",
         trigger=r"gl(?:pat|dt|ptt|rt|oas|cbt|ft|imt|soat|agent)-"),
    Rule("secret.npm-token", "secret", "token", r"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}" + _TOK_END,
         "npm access tokens (npm_ + 36)", "package names, npm_config_* variables",
         trigger=r"npm_"),
    Rule("secret.slack-token", "secret", "token", r"(?<![A-Za-z0-9_-])xox[abposre]-[A-Za-z0-9-]{10,250}+" + _TOK_END,
         "Slack bot, user, app and refresh tokens (xoxb-, xoxp-, …)", "the bare prefix",
         trigger=r"xox[abposre]-"),
    Rule("secret.slack-webhook", "secret", "token",
         r"https?://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,300}",
         "Slack incoming webhook URLs", "other slack.com links (see infra.chat-url)",
         trigger=r"hooks\.slack\.com/"),
    Rule("secret.stripe-key", "secret", "token",
         r"(?<![A-Za-z0-9_])(?:[sr]k_(?:live|test)|whsec)_[A-Za-z0-9]{16,255}" + _TOK_END,
         "Stripe secret and restricted keys (sk_live_, rk_live_, sk_test_) and webhook secrets",
         "publishable keys (pk_…), masked values (sk_live_...redacted)",
         trigger=r"[sr]k_live_|[sr]k_test_|whsec_"),
    Rule("secret.google-api-key", "secret", "token", r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}" + _TOK_END,
         "Google API keys (AIza + 35)", "shorter look-alikes",
         trigger=r"AIza"),
    Rule("secret.sendgrid-key", "secret", "token",
         r"(?<![A-Za-z0-9_-])SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}" + _TOK_END,
         "SendGrid API keys (SG.….…)", "",
         trigger=r"SG\."),
    Rule("secret.twilio-key", "secret", "token", r"(?<![A-Za-z0-9_])SK[0-9a-fA-F]{32}" + _TOK_END,
         "Twilio API key SIDs (SK + 32 hex)", "account SIDs (AC…) are identifiers",
         trigger=r"SK[0-9a-fA-F]"),
    Rule("secret.jwt", "secret", "token",
         r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}+\.eyJ[A-Za-z0-9_-]{6,}+\.[A-Za-z0-9_-]*+",
         "JSON Web Tokens (three base64url parts whose header is JSON with alg/typ)",
         "single base64 segments (eyJ… without two dots)", validate=V.jwt,
         trigger=r"eyJ"),
    Rule("secret.private-key", "secret", "token",
         r"-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:[ \t]*[A-Za-z0-9+/=]{8,}+)*",
         "PEM private keys (the header through the END line)", "public keys and certificates",
         trigger=r"-----BEGIN "),
    Rule("secret.azure-connection-string", "secret", "token",
         r"(?i)(?<![A-Za-z0-9])DefaultEndpointsProtocol=[^\s\"'<>]{10,2000}+"
         r"|(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/=]{20,}+",
         "Azure storage/service bus connection strings and AccountKey=… values",
         "connection strings without a key", validate=V.azure,
         trigger=r"(?i:defaultendpointsprotocol=|accountkey=|sharedaccesskey=)"),
    Rule("secret.connection-string", "secret", "connstr",
         r"(?<![A-Za-z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]{1,20}://(?P<user>[^\s/@:'\"<>]{0,100}+):(?P<pw>[^\s/@'\"<>]{1,200}+)@"
         r"[^\s'\"<>]*[^\s'\"<>.,;:)\]]",
         "URLs with user:password@host (postgres://, mongodb+srv://, https://, …)",
         "URLs without a password, placeholder passwords (:****@, :${PASS}@)", mask_group="pw", validate=V.connstr,
         trigger=r"://"),
    Rule("secret.authorization-header", "secret", "assign",
         r"(?i)(?<![A-Za-z0-9_-])(?:proxy-)?authorization[\"']?\s*[:=]\s*[\"']?(?P<scheme>bearer|basic|token|digest|bot"
         r"|apikey|ssws|negotiate)\s+(?P<v>[A-Za-z0-9._~+/=-]{8,}+)",
         "Authorization headers with a credential (Bearer, Basic, Token, …)",
         "placeholders (Bearer <token>, Bearer $TOKEN)", mask_group="v", validate=V.auth_header,
         trigger=r"(?i:authorization)"),
    Rule("secret.bearer-token", "secret", "assign",
         r"(?<![A-Za-z0-9_-])[Bb]earer\s+(?P<v>[A-Za-z0-9._~+/-]{20,}+=*)",
         "Bearer tokens outside an Authorization header", "short or word-like values", mask_group="v",
         validate=V.bearer,
         trigger=r"[Bb]earer" + _WS + r"+[A-Za-z0-9._~+/-]{20}"),
    Rule("secret.password-assignment", "secret", "assign", _assign_pattern(_KEYS_PW),
         "password=, pwd:, db_password = … assignments with a real value",
         "placeholders (<redacted>, ${VAR}, $VAR, {{ … }}, changeme, ****) and lone lower-case words",
         flags=I, mask_group="value", validate=_assign_check(D.looks_like_password),
         trigger=r"(?i:pass|pwd)[A-Za-z0-9_-]*[\"']?" + _WS + r"{0,4}[:=]"),
    Rule("secret.api-key-assignment", "secret", "assign", _assign_pattern(_KEYS_API),
         "api_key=, access_token:, client_secret=, *_TOKEN= … assignments with a random-looking value",
         "placeholders and word values (token: expired)", flags=I, mask_group="value",
         validate=_assign_check(D.looks_random),
         trigger=r"(?i:secret|token|key|credential|sas)[A-Za-z0-9_-]*[\"']?" + _WS + r"{0,4}[:=]"),
    Rule("secret.high-entropy-credential", "secret", "credctx",
         r"(?i)(?<![A-Za-z0-9])(?:secret|token|credential|password|passphrase|api[ _-]?key|access[ _-]?key"
         r"|private[ _-]?key|signing[ _-]?key)s?(?![A-Za-z0-9])[^\n]{0,48}?(?<![A-Za-z0-9+/_=.-])"
         r"(?P<v>[A-Za-z0-9+/_=-]{20,200}+)(?![A-Za-z0-9+/_=.-])",
         "high-entropy strings within a few words after a credential word (secret, token, key, password)",
         "UUIDs, digests, hex ids, paths and host names", group="v", validate=V.credctx,
         locate=lambda line: credential_locate(line)),
    # ---------------------------------------------------------------- infrastructure
    Rule("infra.private-ipv4", "internal-ip", "ipv4",
         r"(?<![A-Za-z0-9.])(?P<ip>(?:\d{1,3}\.){3}\d{1,3})(?:/\d{1,2}(?!\d)|:\d{1,5}(?!\d))?(?!\.?\d|[A-Za-z])",
         "RFC 1918 IPv4 addresses (10/8, 172.16/12, 192.168/16), with port or CIDR; reported as"
         " infra.cgnat-ipv4 for 100.64.0.0/10 and infra.link-local-ipv4 for 169.254.0.0/16 (169.254.169.254 included)",
         "loopback, documentation ranges, public addresses, dotted versions (v10.1.2.3, version 10.1.2.3)",
         validate=V.ipv4),
    Rule("infra.private-ipv6", "internal-ip", "ipv6",
         r"(?i)(?<![\w:])(?:f[cd][0-9a-f]{0,2}|fe[89ab][0-9a-f])(?::[0-9a-f]{0,4}+){1,7}(?:/\d{1,3})?(?![\w:])",
         "IPv6 unique-local addresses (fc00::/7) with prefix length; infra.link-local-ipv6 for fe80::/10",
         "::1, 2001:db8::/32, public addresses", validate=V.ipv6),
    Rule("infra.internal-host", "internal-host", "host",
         r"(?i)(?<![\w.@/:%+-])(?P<host>[a-z0-9][a-z0-9-]{0,62}+(?:\.[a-z0-9][a-z0-9-]{0,62}+)++)(?::\d{1,5})?(?![a-z0-9@])",
         "host names under internal_domains, link hosts, staff email domains; internal suffixes (.internal, .corp,"
         " .local, .lan, .svc.cluster.local, ec2.internal); labels marking a host internal (corp, intra, int, prod,"
         " staging) below the registrable domain; hosts like es-prod-37.acme.com",
         "localhost, example.com/.org, public sites (pypi.org, api.github.com, dev.azure.com), the company's public"
         " site", refine=V.host),
    Rule("infra.bare-hostname", "internal-host", "barehost",
         r"(?<![\w.@/:%+-])[a-z][a-z0-9]*+(?:-[a-z0-9]++){1,6}(?![a-z0-9@/]|-[a-z0-9]|\.[a-z0-9])",
         "bare infrastructure host names: numbered and naming an environment, role or region (k8s-prod-worker-31,"
         " pg-prod-34, mq08-euw1, bastion-prd-1)",
         "service names without a number (orders-service), software versions (redis-7, node-18), AWS resource ids,"
         " UUIDs", refine=V.barehost),
    Rule("infra.internal-url", "internal-url", "url",
         r"(?i)(?<![A-Za-z0-9+.-])(?:https?|s3a?|s3n|gs|gcs|az|abfss?|wasbs?|adl|ftp|sftp|ssh|wss?)://[^\s<>\"'`]+",
         "URLs to internal hosts, company chat archives (slack.com/archives), ticket systems (Jira, Confluence,"
         " atlassian.net, PagerDuty, Opsgenie, ServiceNow, Zendesk), dashboards (Grafana, Kibana, Datadog, …),"
         " internal documents, and cloud storage URIs (s3://, gs://, abfss://)",
         "public documentation, vendor status pages, github.com issues, example.com", validate=V.url, refine=V.url_span,
         locate=L.re2_locator(r"(?i)(?:https?|s3a?|s3n|gs|gcs|az|abfss?|wasbs?|adl|ftp|sftp|ssh|wss?)://")),
    # ---------------------------------------------------------------- people and personal data
    Rule("pii.email", "email", "email",
         r"(?<![\w.+%-])(?P<local>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}+)@(?P<dom>[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++)(?![A-Za-z0-9@])",
         "email addresses; reported as people.staff-email for the postmortem's people and addresses on staff,"
         " internal or company domains",
         "@mentions, package@1.2.3, user@localhost, git remotes (git@host:org/repo), example.com addresses,"
         " role mailboxes (support@) on the company's public domains", refine=V.email_pii),
    Rule("pii.phone", "phone", "phone",
         r"(?<![\w+/.-])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){1,6}(?![\w-]|\.\d)",
         "phone numbers in international form (+1-408-415-4439, +44 20 7839 4713, +491545444955)",
         "masked numbers (+1 (***) ***-7602)", validate=V.phone_plus,
         locate=L.re2_locator(r"\+[0-9]{1,3}[ .-]?\(?[0-9]")),
    Rule("pii.phone-national", "phone", "phone",
         r"(?<![\w+/.:-])(?:(?:1[ .-]?)?(?:\(\d{3}\) ?\d{3}[ .-]\d{4}|[2-9]\d{2}[.-]\d{3}[.-]\d{4}|[2-9]\d{2} \d{3} \d{4})"
         r"|0\d{1,4}(?: ?\(0\))?(?:[ .-]\d{2,8}){1,4})(?![\w-]|[.:]\d)",
         "national phone numbers (206-965-6231, (206) 965-6231, 07530 783101, 030 89430092, 03 21 97 24 49)",
         "unformatted numeric ids, dates, times, card-like numbers", validate=V.phone_national,
         locate=L.re2_locator(r"(?:1[ .-]?)?(?:\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4}|[2-9][0-9]{2}[.-][0-9]{3}[.-][0-9]{4}"
                              r"|[2-9][0-9]{2} [0-9]{3} [0-9]{4})|0[0-9]{1,4}(?: ?\(0\))?[ .-][0-9]{2}")),
    Rule("pii.payment-card", "payment-card", "card",
         r"(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w-]|\.\d)",
         "payment card numbers (13-19 digits, Luhn-valid, known issuer prefix, grouped like a card)",
         "16-digit order or reference numbers failing Luhn, epoch timestamps, masked cards (**** 4023)",
         refine=V.card),
    # ---------------------------------------------------------------- vulnerabilities
    Rule("vuln.cve", "vulnerability", "cve", r"(?i)(?<![A-Za-z0-9-])CVE-\d{4}-\d{4,7}(?!\d)",
         "CVE identifiers (waived automatically once the security disclosure that names them is approved)",
         "CWE ids, RFC numbers"),
)


RULES += N.extra_rules(Rule)


# exploit details: a vulnerability class followed by where or how it is exploited
VULN_CLASS = (r"(?:(?:blind|stored|reflected|dom[- ]based|unauthenticated|authenticated|pre-auth|second[- ]order|"
              r"time-based|boolean-based|error-based|critical|an?|the)\s+){0,3}"
              r"(?:sql ?injection|sqli|nosql injection|xss|cross[- ]site scripting|ssrf|server[- ]side request forgery"
              r"|rce|remote code execution|(?:arbitrary )?code execution|(?:os )?command injection|template injection"
              r"|ssti|xxe|(?:path|directory) traversal|(?:local|remote) file inclusion|lfi|rfi|idor"
              r"|insecure direct object references?|auth(?:entication|ori[sz]ation)?[- ]bypass"
              r"|missing (?:authori[sz]ation|authentication|auth|access)(?: control)? checks?|broken access control"
              r"|privilege escalation|open redirect|csrf|(?:unsafe |insecure )?deseriali[sz]ation"
              r"|request smuggling|prototype pollution)")
_PREPOSITION = r"(?:in|via|on|through|using|by|against|to|into|at|of|from|affecting|with)\b"
_STOP_WORD = (r"(?:was|were|is|are|which|that|until|starting|allowed|before|after|came|about|next|quoted|does|did|had"
              r"|has|and|but|so|because|when|while|for)\b")
_VULN_START = r"(?i)(?<![A-Za-z0-9])(?=[a-z])" + VULN_CLASS + r"(?![A-Za-z0-9])"
VULN_DETAIL = lazy(
    _VULN_START + r"(?P<tail>[ \t]*+(?:\([^)\n]{1,120}\)|(?:" + _PREPOSITION + r"[^\n]{1,120}?)"
    r"(?=[.;,!?](?:\s|$)|\s" + _STOP_WORD + r"|$)))")
VULN_PAYLOAD = lazy(
    r"(?i)(?<![./])(?:\.\./){2,}+[^\s)\]\"'<>]{0,200}+|(?<![./])(?:\.\.(?:%2f|%5c))++[^\s)\]\"'<>]{0,200}+"
    r"|(?<![./])(?:%2e%2e(?:%2f|/))++[^\s)\]\"'<>]{0,200}+"
    r"|<script\b[^>\n]{0,200}>(?:[^<\n]{0,300}</script>)?|\$\{jndi:[^}\s]{1,200}\}?"
    r"|\bunion\s+(?:all\s+)?select\b[^\n;]{0,80}|'\s*or\s*'?1'?\s*=\s*'?1'?|/etc/(?:passwd|shadow)\b"
    r"|\bxp_cmdshell\b")
# --------------------------------------------------------------------------- locators (see locate.py)
# Where a match can start, found by RE2, so a megabyte-long line costs one RE2 scan, not a Python
# attempt at every position. Each is a superset of its pattern's match starts (ASCII lines: Python's
# \s there is [\t-\r\x1c-\x20]); tests/test_redact_scanner.py checks them against plain finditer.
_ASCII_WS = r"[\t-\r\x1c-\x20]"
_VULN_HEAD = lazy(_VULN_START + r"[ \t]*+(?:(?P<paren>\([^)\n]{1,120}\))|" + _PREPOSITION + ")")
_VULN_TERMINATOR = lazy(r"[.;,!?](?=\s|$)|\s(?=" + _STOP_WORD + ")")
_vuln_classes = L.re2_locator("(?i)" + VULN_CLASS.replace(r"\s", _ASCII_WS))


def vuln_detail_locate(line: str):
    """Starts of a vulnerability class whose tail can match: a parenthesis, or a preposition with a
    terminator (sentence end, a verb or conjunction, the line end) within 120 characters."""
    classes = _vuln_classes(line)
    if classes is None:
        return None
    ends: list[int] = []

    def next_start(pos: int) -> int:
        while (s := classes(pos)) >= 0:
            pos = s + 1
            m = _VULN_HEAD.match(line, s)
            if m is None:
                continue
            if m.group("paren"):
                return s
            if not ends:
                ends.extend(t.start() for t in _VULN_TERMINATOR.finditer(line))
                ends.append(len(line) - (line.endswith("\n")))
                ends.append(len(line))
            i = bisect.bisect_left(ends, m.end() + 1)
            if i < len(ends) and ends[i] <= m.end() + 120:
                return s
        return -1
    return next_start


vuln_payload_locate = L.re2_locator(
    (r"(?i)(?:\.\./){2}|\.\.(?:%2f|%5c)|%2e%2e(?:%2f|/)|<script\b[^>\n]{0,200}>|\$\{jndi:[^}\t-\r\x1c-\x20]|\bunion\s+(?:all\s+)?select\b"
     r"|'\s*or\s*'?1'?\s*=\s*'?1|/etc/(?:passwd|shadow)\b|\bxp_cmdshell\b").replace(r"\s", _ASCII_WS))
_CRED_WORD = (r"(?:secret|token|credential|password|passphrase|api[ _-]?key|access[ _-]?key|private[ _-]?key"
              r"|signing[ _-]?key)s?")
_CRED_TOKEN = lazy(r"(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_=-]{20,200}+(?![A-Za-z0-9+/_=.-])")
_cred_words = L.re2_locator("(?i)" + _CRED_WORD)


def credential_locate(line: str):
    """Starts of a credential word with a token (20-200 characters) starting within 60 characters
    (the word, at most 12, then at most 48 more)."""
    words = _cred_words(line)
    if words is None:
        return None
    tokens = [t.start() for t in _CRED_TOKEN.finditer(line)]

    def next_start(pos: int) -> int:
        while tokens and (s := words(pos)) >= 0:
            i = bisect.bisect_right(tokens, s)
            if i < len(tokens) and tokens[i] <= s + 60:
                return s
            if i == len(tokens):
                return -1
            pos = max(s + 1, tokens[i] - 60)
        return -1
    return next_start


VULN_RULES = (
    ("vuln.exploit-detail", "exploit specifics: a vulnerability class with the endpoint, parameter or vector"
     " (SQL injection in /api/v1/search?q=, SSRF via /image-proxy?src=, IDOR on /api/v2/accounts/{id})",
     "security words without detail (vulnerability scan, threat model review, WAF rule set), CWE ids"),
    ("vuln.payload", "exploit payloads: traversal strings (../../, ..%2f), <script>, ${jndi:…}, UNION SELECT,"
     " ' OR '1'='1, /etc/passwd", "a single ../ in a relative link"),
)

# context rules: built per postmortem/config by the scanner
CONTEXT_RULES = (
    ("people.name", "person", "names of the postmortem's people, in every form: Dana Whitfield, Whitfield, Dana,"
     " D. Whitfield, Ms. Whitfield, Dana-Whitfield, across a line break, any case and accents",
     "first names alone, other names"),
    ("people.surname", "person", "the surname of one of the postmortem's people alone (a warning: a surname is"
     " often also a word)", "surnames under three letters"),
    ("people.handle", "person", "chat handles of the postmortem's people (@ohaddad or ohaddad)", "other @mentions"),
    ("service.internal-id", "service", "internal service ids that differ from their public name",
     "public service names; ids equal to their public name"),
    ("deny.term", "deny", "redaction.deny terms (file and commsgen.toml), strings or {regex: …}", ""),
    ("content.image", "image", "images in a version other than engineering: Markdown images, <img> and other"
     " embedded media, data: URIs (refused unless waived)", "links to images (not shown inline)"),
)

# one finding message per kind (what it is, and how to fix it)
ADVICE = {
    "secret": "a credential must never appear outside a secret store; remove it and rotate it (it has been exposed)",
    "internal-ip": "internal addresses map the private network; describe the component instead (\"a database replica\")",
    "internal-host": "internal host names map the infrastructure; name the component or the public service instead",
    "internal-url": "links to internal systems (chat, tickets, dashboards, storage) are not reachable by this audience "
                    "and reveal internal structure; remove the link or describe what it showed",
    "email": "email addresses identify people; use a role (\"the incident lead\") or a public mailbox",
    "phone": "phone numbers are personal data; remove them",
    "payment-card": "a payment card number is cardholder data (PCI DSS); remove it and check where else it was logged",
    "vulnerability": "vulnerability details help attackers until every customer is patched; describe the class of "
                     "issue in plain words, or add a waiver once the security disclosure is approved",
    "person": "postmortems are blameless: name roles, not people, outside engineering",
    "service": "internal service ids mean nothing to this audience; use the service's public name",
    "deny": "this term is on the redaction deny list (redaction.deny / commsgen.toml deny)",
    "bidi-control": "an explicit bidirectional control makes a viewer show text in another order than it is "
                    "stored (Trojan Source); remove it (right-to-left text needs no override)",
    "image": "an image can show what no text scan reads (a dashboard, a host name, a person); remove it, or "
             "waive it in `redaction.allow` with its source as `match` and a reason",
}


def all_rule_docs() -> list[tuple[str, str, str, str]]:
    """(id, kind, catches, leaves alone) for every rule, in table order (docs and SARIF)."""
    out = [(r.id, r.kind, r.summary, r.leaves) for r in RULES]
    out += [(rid, "vulnerability", s, l) for rid, s, l in VULN_RULES]
    out += [(rid, k, s, l) for rid, k, s, l in CONTEXT_RULES]
    from commsgen.redact.extra_rules import RULES as EXTRA_RULES
    out += [(rid, k, s, l) for rid, k, s, l in EXTRA_RULES]
    from commsgen.redact.rereading import RULE_DOCS as REREADING_RULES
    out += [(rid, k, s, l) for rid, k, s, l in REREADING_RULES]
    out.append(("infra.cgnat-ipv4", "internal-ip", "CGNAT / shared address space 100.64.0.0/10",
                "100.63.x.x, 100.128.x.x and up"))
    out.append(("infra.link-local-ipv4", "internal-ip", "link-local 169.254.0.0/16, including the cloud metadata"
                " endpoint 169.254.169.254", ""))
    out.append(("infra.link-local-ipv6", "internal-ip", "IPv6 link-local addresses (fe80::/10)", ""))
    out.append(("people.staff-email", "email", "emails of the postmortem's people, and addresses on staff, internal"
                " or company domains", "see pii.email"))
    out.append(("infra.chat-url", "internal-url", "company chat archive links (*.slack.com/archives, Teams messages)",
                "Slack webhooks (secret.slack-webhook)"))
    out.append(("infra.ticket-url", "internal-url", "ticket and incident systems (Jira, Confluence, *.atlassian.net,"
                " PagerDuty, Opsgenie, ServiceNow, Zendesk)", "public issue trackers (github.com)"))
    out.append(("infra.dashboard-url", "internal-url", "dashboards and log search (Grafana /d/, Kibana /app/, Datadog,"
                " hosts named grafana., kibana., metrics., logs., …)", "public status pages"))
    out.append(("infra.doc-url", "internal-url", "internal documents (docs.google.com/document, drive.google.com,"
                " *.sharepoint.com)", "public documentation sites"))
    out.append(("infra.cloud-storage", "internal-url", "cloud storage hosts naming a bucket or account"
                " (bucket.s3.amazonaws.com, acct.blob.core.windows.net)", "the bare service host s3.amazonaws.com"))
    out.append(("infra.cloud-storage-uri", "internal-url", "cloud storage URIs (s3://, gs://, abfss://, wasbs://, az://)", ""))
    return out
