"""Validators of the rule table (``commsgen.redact.rules``): each takes the pattern's match, its
line and the scan context, and says whether the match is a finding (True/False), which part of it
is (a span), or which rule it really is (a rule id). Pure functions over ``detectors``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from commsgen.redact import detectors as D
from commsgen.redact import values as VA
from commsgen.redact import barehosts as BH
from commsgen.redact import notations as N
from commsgen.redact.hosts import cloud_region_id, in_query_or_fragment, url_end
from commsgen.redact.locators import CRED_WORD

if TYPE_CHECKING:
    from commsgen.redact.context import ScanContext

Match = re.Match[str]


def jwt(m: Match, line: str, ctx: ScanContext) -> bool:
    return VA.jwt_header_ok(m.group(0))


def azure(m: Match, line: str, ctx: ScanContext) -> bool:
    t = m.group(0).lower()
    return "accountkey=" in t or "sharedaccesskey=" in t or "sharedaccesssignature=" in t or "sig=" in t


def auth_header(m: Match, line: str, ctx: ScanContext) -> bool:
    v = m.group("v")
    return not VA.is_placeholder(v) and len(v) >= 8 and (VA.looks_random(v) or m.group("scheme").lower() == "basic")


def bearer(m: Match, line: str, ctx: ScanContext) -> bool:
    return VA.looks_random(m.group("v"), min_len=20)


def connstr(m: Match, line: str, ctx: ScanContext) -> bool:
    pw = m.group("pw")
    return not VA.is_placeholder(pw) and not set(pw) <= set("*x") and len(pw) >= 3


# A hex string right after the credential word ("the API token 9f86d0…"): many services issue keys as
# 32 to 64 hex digits. Further from the word, or with a digest word before it, it is a hash (a commit,
# a checksum, a token's fingerprint), which is_high_entropy_token leaves alone.
_CRED_WORD = re.compile("(?i)" + CRED_WORD)
_RIGHT_AFTER = re.compile(r"(?i)[\s\"'`:=]{1,4}+(?:(?:is|was)[\s\"'`:=]{1,3}+)?")
_HEX_KEY = re.compile(
    r"(?=[a-fA-F]*[0-9])(?=[0-9]*[a-fA-F])[0-9a-fA-F]{32,64}"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # Heroku's API keys
)
_DIGEST_WORDS = re.compile(r"(?i)hash|sha|digest|checksum|commit|fingerprint|md5|hmac|blake|crc|etag|signature")


def credctx(m: Match, line: str, ctx: ScanContext) -> bool:
    v = m.group("v")
    if VA.is_high_entropy_token(v):
        return True
    if not _HEX_KEY.fullmatch(v) or VA.entropy(v.replace("-", "")) < 3.0:
        return False
    word = _CRED_WORD.match(line, m.start())
    return (
        word is not None
        and _RIGHT_AFTER.fullmatch(line, word.end(), m.start("v")) is not None
        and not _DIGEST_WORDS.search(line, max(0, m.start() - 40), m.start("v"))
    )


_V4_IDS = {"private": "infra.private-ipv4", "cgnat": "infra.cgnat-ipv4", "link-local": "infra.link-local-ipv4"}
_V6_IDS = {"ula": "infra.private-ipv6", "link-local": "infra.link-local-ipv6"}


def ipv4(m: Match, line: str, ctx: ScanContext) -> str | None:
    cls = D.ipv4_class(m.group("ip"))
    if cls is None or D.preceded_by_version_label(line, m.start()):
        return None
    return _V4_IDS[cls]


def ipv6(m: Match, line: str, ctx: ScanContext) -> str | None:
    cls = D.ipv6_class(m.group(0))
    return None if cls is None else _V6_IDS.get(cls)


def _host_id(host: str, ctx: ScanContext) -> str | None:
    rid = D.classify_host(host, ctx)
    if rid == "infra.cloud-storage":
        return _STORAGE
    if rid == "infra.company-host":
        return _COMPANY
    return "infra.internal-host" if rid else None


def host(m: Match, line: str, ctx: ScanContext) -> tuple[int, int, str] | None:
    """The host, or the shorter host it stands for when a dash joined it to the next word
    (``ledger.acme.internal—the``, ``host-``): (start, end, rule id) or None."""
    host, start = m.group("host"), m.start("host")
    if in_query_or_fragment(line, m.start()):
        return None  # a URL's fragment or query (``#upgrading-to-lts-2-319``) names no host
    rid = _host_id(host, ctx)
    if rid:
        return start, m.end(), rid
    for cut in N.host_cuts(host):
        rid = _host_id(host[:cut], ctx)
        if rid:
            return start, start + cut, rid
    return None


class _Retarget(str):
    """A validator result that changes the rule id and the kind."""

    kind: str = ""


_STORAGE = _Retarget("infra.cloud-storage")
_STORAGE.kind = "internal-url"
_COMPANY = _Retarget("infra.company-host")
_COMPANY.kind = "internal-host"


def barehost(m: Match, line: str, ctx: ScanContext) -> tuple[int, int] | None:
    """The bare host, or its part before a dash that joined it to the next word: (start, end)."""
    token = m.group(0)
    if in_query_or_fragment(line, m.start()) or cloud_region_id(token):
        return None  # a URL fragment, or a public cloud region or zone id (prod-eu-west-2, mec1-az2)
    if BH.bare_host_ok(token):
        return m.span()
    i = len(token)
    while (i := token.rfind("-", 0, i)) > 0 and token.count("-", 0, i) >= 1:
        if BH.bare_host_ok(token[:i]):
            return m.start(), m.start() + i
    return None


def email_pii(m: Match, line: str, ctx: ScanContext) -> tuple[int, int, str] | None:
    """(start, end, rule id) of the address, its domain cut at a dash that joined it to the next
    word (``dana@acme.com—she``), or None."""
    dom = m.group("dom")
    end = m.end()
    label = dom.rsplit(".", 1)[-1]
    if "-" in label and not label.lower().startswith("xn--"):
        cut = len(label) - label.index("-")
        dom, end = dom[:-cut], end - cut
    if not _email_ok(m.group("local"), dom, line, end, ctx):
        return None
    addr = line[m.start() : end]
    return m.start(), end, "people.staff-email" if _is_staff_email(addr, dom, ctx) else "pii.email"


def _email_ok(local: str, dom: str, line: str, end: int, ctx: ScanContext) -> bool:
    dom = dom.lower()
    tld = dom.rsplit(".", 1)[-1]
    if not tld.isalpha() or len(tld) < 2 or D.under(dom, D.DOC_DOMAINS):
        return False
    if local.lower() == "git" and line[end : end + 1] == ":":
        return False  # git remote: git@github.com:org/repo
    if ctx.public_domains and D.under(dom, ctx.public_domains):
        from commsgen.redact.context import PUBLIC_ROLE_MAILBOXES

        if local.lower().split("+")[0] in PUBLIC_ROLE_MAILBOXES | ROLE_MAILBOXES:
            return False
    elif (
        (local.lower().split("+")[0] in ROLE_MAILBOXES or _MESSAGE_ID.match(local))
        and not _is_staff_email(f"{local}@{dom}", dom, ctx)
        and D.classify_host(dom, ctx) is None
    ):
        # a role mailbox of a public domain (support@jenkins.io), or a message id there
        # (<uuid>…@googlegroups.com in a mailing-list link): not a person
        return False
    return True


# a local part that starts with a UUID: a message id or a system's token, not a person's name
_MESSAGE_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


# role mailboxes: a team's or a service's address, not a person's (on the company's public domains, and
# on any other domain that is not internal)
ROLE_MAILBOXES = frozenset(
    {
        "support",
        "help",
        "helpdesk",
        "servicedesk",
        "service-desk",
        "service",
        "customerservice",
        "customer-service",
        "care",
        "security",
        "secure",
        "psirt",
        "cert",
        "privacy",
        "dpo",
        "gdpr",
        "abuse",
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "notifications",
        "notification",
        "status",
        "sales",
        "business",
        "contact",
        "press",
        "media",
        "pr",
        "legal",
        "compliance",
        "hello",
        "info",
        "billing",
        "accounts",
        "invoices",
        "feedback",
        "webmaster",
        "postmaster",
        "hostmaster",
        "jobs",
        "careers",
        "partners",
        "marketing",
        "team",
        "community",
    }
)


def _is_staff_email(addr: str, dom: str, ctx: ScanContext) -> bool:
    addr = addr.lower()
    dom = dom.lower()
    return (
        addr in ctx.people_emails
        or D.under(dom, ctx.staff_email_domains)
        or D.under(dom, ctx.internal_domains)
        or (bool(ctx.public_domains) and D.under(dom, ctx.public_domains))
    )


def url(m: Match, line: str, ctx: ScanContext) -> str | None:
    url = m.group(0)
    return D.classify_url(url[: url_end(url)], ctx)


def url_span(m: Match, line: str, ctx: ScanContext) -> tuple[int, int]:
    """The URL without trailing punctuation (spans end before ``)``, ``,``, ``).``)."""
    return m.start(), m.start() + url_end(m.group(0))


def phone_plus(m: Match, line: str, ctx: ScanContext) -> bool:
    return VA.phone_digits_ok(m.group(0), plus=True)


def phone_national(m: Match, line: str, ctx: ScanContext) -> bool:
    return VA.phone_digits_ok(m.group(0), plus=False)


def card(m: Match, line: str, ctx: ScanContext) -> tuple[int, int] | None:
    """The longest prefix of a digit run (cut at a group boundary) that is a valid card number:
    ``4669 7834 8826 6474 37 times`` is a card followed by a count. Only prefixes grouped like a
    card reach the full check, so a long run of digit groups costs little."""
    raw = m.group(0)
    if raw[0] in "0179":  # no issuer starts so: every prefix fails
        return None
    groups = raw.replace("-", " ").split(" ")
    for k in range(len(groups), 0, -1):
        shape = tuple(len(g) for g in groups[:k])
        if 13 <= shape[0] <= 19 if k == 1 else shape in VA.CARD_GROUPS:
            cut = sum(shape) + k - 1
            if VA.card_ok(raw[:cut]):
                return m.start(), m.start() + cut
    return None


# ------------------------------------------------------------------ vendor tokens (vendor_tokens.py)
def _classes(s: str) -> int:
    return any(c.islower() for c in s) + any(c.isupper() for c in s) + any(c.isdigit() for c in s)


def varied(m: Match, line: str, ctx: ScanContext) -> bool:
    """A token, not a placeholder run (``sk-proj-xxxx…``, ``dop_v1_0000…``): six or more distinct
    characters in its last twenty."""
    return len(set(m.group(0)[-20:])) >= 6


def random_token(m: Match, line: str, ctx: ScanContext) -> bool:
    """A token whose prefix is short or common: its body mixes two of lower case, upper case and
    digits (a random body of that length always does)."""
    return _classes(m.group(0)[4:]) >= 2 and varied(m, line, ctx)


def okta(m: Match, line: str, ctx: ScanContext) -> bool:
    """An Okta token (``00`` + 40) with Okta or SSWS named in the 80 characters before it."""
    before = line[max(0, m.start() - 80) : m.start()].lower()
    return ("okta" in before or "ssws" in before) and random_token(m, line, ctx)


def discord(m: Match, line: str, ctx: ScanContext) -> bool:
    """A Discord bot token: its first part is the bot's numeric id (17 to 20 digits) in base64."""
    raw = VA.b64url(m.group(0).split(".", 1)[0])
    return raw is not None and raw.isdigit() and 17 <= len(raw) <= 20 and varied(m, line, ctx)


def mixed_case(m: Match, line: str, ctx: ScanContext) -> bool:
    """A letters-only token body (after its last underscore) with both cases: not a snake_case name."""
    body = m.group(0).rsplit("_", 1)[-1]
    return any(c.isupper() for c in body) and any(c.islower() for c in body) and varied(m, line, ctx)


def hex_mixed(m: Match, line: str, ctx: ScanContext) -> bool:
    """A hex body (after the prefix's dash) with letters and digits."""
    body = m.group(0).split("-", 1)[-1]
    return any(c.isdigit() for c in body) and any(c.isalpha() for c in body) and varied(m, line, ctx)


def telegram(m: Match, line: str, ctx: ScanContext) -> bool:
    """A Telegram bot token's secret part (after ``:AA``) mixes character classes."""
    return _classes(m.group(0).split(":", 1)[1][2:]) >= 2 and varied(m, line, ctx)


def stated_password(m: Match, line: str, ctx: ScanContext) -> bool:
    """A password stated in prose (``rules._PW_PROSE``): its value is a credential, not a word."""
    k = m.group("k").lower()
    after = line[m.end() : m.end() + 40]  # the next word (a bounded slice: a long line is not copied per match)
    return VA.stated_password(m.group("v"), pin=k.startswith("pin") or "code" in k, after=after)
