"""What a matched value looks like: a placeholder or a real credential (randomness, entropy), a JWT
header, a payment card or phone number's digits. Pure functions used by the rules' validators."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from commsgen.redact.lazyre import lazy

# ------------------------------------------------------------------ placeholders and randomness
_PLACEHOLDER_WORDS = (
    "redacted",
    "placeholder",
    "changeme",
    "change-me",
    "change_me",
    "example",
    "dummy",
    "sample",
    "xxxx",
    "****",
    "...",
    "\u2026",
    "masked",
    "removed",
    "hidden",
    "not-set",
    "notset",
    "unset",
    "your_",
    "your-",
    "yourpassword",
    "yoursecret",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "%(",
    "process.env",
    "os.environ",
    "env(",
    "getenv",
    "secretref",
    "vault:",
    "sealed",
    "undefined",
    "fixme",
)
_PLACEHOLDER_EXACT = frozenset(
    {
        "password",
        "passwd",
        "secret",
        "token",
        "pass",
        "key",
        "apikey",
        "api_key",
        "value",
        "string",
        "true",
        "false",
        "empty",
        "test",
        "foo",
        "bar",
        "foobar",
        "admin",
        "root",
        "user",
        "username",
        "required",
        "optional",
        "expired",
        "invalid",
        "rotated",
        "revoked",
        "set",
        "missing",
        "n/a",
    }
)


def is_placeholder(value: str) -> bool:
    v = value.strip().strip("\"'`").lower()
    if not v or v in _PLACEHOLDER_EXACT:
        return True
    if v.startswith(("$", "%", "@")) or v.endswith("_here"):
        return True
    if set(v) <= set("*x.-_#•·?0 ") and len(set(v)) <= 3:
        return True
    return any(w in v for w in _PLACEHOLDER_WORDS) or _SHORT_PLACEHOLDER.search(v) is not None


# the short placeholder words count only as a word of their own (``null``, ``TODO``, ``<tbd>``): a
# random token holds three or four given letters often enough (``…nrxexvMyR5BTbDHJ…`` holds ``tbd``)
_SHORT_PLACEHOLDER = lazy(r"(?<![a-z0-9])(?:none|null|nil|todo|tbd)(?![a-z0-9])")


def entropy(s: str) -> float:
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in Counter(s).values())


def looks_random(v: str, *, min_len: int = 8) -> bool:
    """A credential-like value: long enough, mixes character classes, not a plain word."""
    if len(v) < min_len or is_placeholder(v):
        return False
    classes = sum(
        (
            any(c.islower() for c in v),
            any(c.isupper() for c in v),
            any(c.isdigit() for c in v),
            any(not c.isalnum() for c in v),
        )
    )
    if classes < 2:
        return len(v) >= 24 and entropy(v) >= 3.5
    return entropy(v) >= 2.5


def looks_like_password(v: str) -> bool:
    """A password value: at least 6 characters, not a placeholder, not a lone lowercase word."""
    if len(v) < 6 or is_placeholder(v):
        return False
    if v.isalpha() and v.islower():
        return len(v) >= 12 and entropy(v) >= 3.3
    return True


_UUID = lazy(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_high_entropy_token(v: str) -> bool:
    """A bare token near a credential word: 20+ chars, letters and digits, high entropy, and not
    a UUID, a digest-shaped hex string, a path, a version or a host."""
    if len(v) < 20 or "." in v or "://" in v or v.startswith("/") or is_placeholder(v):
        return False
    if _UUID.search(v):
        return False
    if not (any(c.isdigit() for c in v) and any(c.isalpha() for c in v)):
        return False
    if re.fullmatch(r"(?:sha\d*[:-])?[0-9a-fA-F]+", v) and len(v) in (32, 40, 56, 64, 96, 128):
        return False
    return entropy(v) >= 3.6


def b64url(text: str) -> bytes | None:
    """``text`` decoded as unpadded URL-safe base64 (a JWT's or a Discord token's first part), or None."""
    import base64  # only for such candidates: not at start-up
    import binascii

    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def jwt_header_ok(token: str) -> bool:
    raw = b64url(token.split(".", 1)[0])
    if raw is None:
        return False
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(obj, dict) and ("alg" in obj or "typ" in obj)


# ------------------------------------------------------------------ numbers
def luhn_ok(digits: str) -> bool:
    total, alt = 0, False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if alt:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        alt = not alt
    return total % 10 == 0


CARD_GROUPS = {
    (4, 4, 4, 4),
    (4, 4, 4, 4, 3),
    (4, 6, 5),
    (4, 6, 4),
    (4, 4, 4, 4, 2),
    (4, 4, 4, 1),
    (4, 4, 4, 3),
    (4, 4, 4, 4, 1),
}


def card_ok(raw: str) -> bool:
    """Luhn-valid, 13-19 digits, a known issuer prefix, and grouped like a card (or not grouped)."""
    digits = raw.replace(" ", "").replace("-", "")
    if not (13 <= len(digits) <= 19) or len(set(digits)) < 3:
        return False
    space, dash = " " in raw, "-" in raw
    if space and dash:
        return False
    if space or dash:
        groups = tuple(len(g) for g in raw.split(" " if space else "-"))
        if groups not in CARD_GROUPS:
            return False
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    issuer = (
        digits[0] == "4"  # Visa
        or 51 <= p2 <= 55
        or 2221 <= p4 <= 2720  # Mastercard
        or p2 in (34, 37)  # Amex
        or p4 == 6011
        or p2 == 65
        or 644 <= p3 <= 649
        or 622126 <= p6 <= 622925  # Discover
        or 3528 <= p4 <= 3589  # JCB
        or p2 in (36, 38, 39)
        or 300 <= p3 <= 305  # Diners
        or p2 in (50, 56, 57, 58, 63, 67)
        or p2 == 62
        or p2 == 60
        or p2 == 81
    )  # Maestro/UnionPay/RuPay
    return issuer and luhn_ok(digits)


def phone_digits_ok(raw: str, *, plus: bool) -> bool:
    digits = re.sub(r"\D", "", raw)
    if plus:
        return 8 <= len(digits) <= 15 and digits[0] != "0"
    return 10 <= len(digits) <= 12


# ------------------------------------------------------------------ a password stated in prose
_QUOTES = "\"'`\u201c\u201d\u2018\u2019\u00ab\u00bb"
# names of hashes, ciphers, protocols and password managers: what a password "is" in a sentence
_NOT_PASSWORDS = frozenset(
    "sha1 sha-1 sha2 sha-2 sha256 sha-256 sha384 sha-384 sha512 sha-512 sha3 sha-3 md5 bcrypt scrypt argon2 argon2id"
    " pbkdf2 aes aes128 aes-128 aes256 aes-256 aes-gcm rsa rsa2048 rsa-2048 rsa4096 rsa-4096 ed25519 utf-8 utf8"
    " base64 x509 x.509 pkcs12 pkcs#12 hmac-sha256 totp hotp 2fa mfa 1password oauth oauth2 ldap ntlm ntlmv2 kerberos"
    " wpa2 wpa3 wpa2-psk tls1.2 tls1.3 fido2 webauthn u2f saml2 keepass lastpass bitwarden".split()
)
# the word after the value that makes it a description (the password is SHA256 hashed, 16 characters long)
_DESCRIBED_BY = frozenset(
    "hashed encrypted encoded salted stored characters character chars digits digit letters long protected"
    " compliant based bits bytes minimum maximum policy".split()
)
_STOP_WORDS = frozenset("a an the to of in on at by for and or with up out off end is was be not no".split())
_NUMBER_WITH_UNIT = lazy(
    r"(?i)v?\d+(?:[.:/,-]\d+)*(?:[ -]?(?:chars?|characters?|digits?|days?|d|h|hrs?|hours?|mins?|minutes?|m|s|secs?"
    r"|seconds?|weeks?|w|months?|years?|y|bits?|bytes?|%|x|th|st|nd|rd|\+))?"
)
_ADJECTIVE_ENDS = ("ed", "ing", "only", "based", "less", "free", "wide", "like", "style")


def stated_password(raw: str, *, pin: bool = False, after: str = "") -> bool:
    """The value of ``the password is VALUE`` is a credential: quoted (4 or more characters), or
    letters with digits or symbols (6 or more), a number (6 or more digits; 4 for a PIN or passcode)
    or a passphrase of three or more lower-case words joined by dashes. Not a word (rotated, required,
    being), a hash or protocol name (SHA-256), a number with a unit, a date, a time, a path or a
    placeholder, nor a value the next word describes (SHA256 hashed, 16 characters long)."""
    v = raw.strip(_QUOTES)
    quoted = v != raw
    if not quoted:
        v = v.lstrip("([{").rstrip(".,;:!?)]}")
    if not v or "://" in v or "**" in v or is_placeholder(v) or v.lower() in _NOT_PASSWORDS:
        return False
    if quoted:
        return len(v) >= 4
    nxt = after.split(None, 1)[0].lower().strip(".,;:)") if after.strip() else ""
    if nxt in _DESCRIBED_BY:
        return False
    if v.isdigit():
        return len(v) >= (4 if pin else 6)
    if _NUMBER_WITH_UNIT.fullmatch(v):
        return False
    words = [p for p in re.split(r"[-_.]", v) if p]
    if all(p.isalpha() for p in words):  # words: only a passphrase of lower-case words counts
        return len(words) >= 3 and len(v) >= 16 and v.islower() and not any(w in _STOP_WORDS for w in words)
    last = v.rsplit("-", 1)[-1]
    if "-" in v and last.isalpha() and last.islower() and last.endswith(_ADJECTIVE_ENDS):
        return False  # a compound adjective (2FA-protected, AES-256-encrypted)
    symbol = any(not c.isalnum() and c not in "-_./'" for c in v)
    if len(v) < 6 or ("/" in v and not symbol):
        return False
    return symbol or (any(c.isdigit() for c in v) and any(c.isalpha() for c in v))


# sentence punctuation after an unquoted value (``password=hunter2x.``): not part of the value
TRAIL = ".,;:)]}"


def assign_check(fn: Callable[[str], bool]) -> Callable[[re.Match[str], str, Any], bool]:
    """A rule's validator: ``fn`` of an assignment's value (group ``v``, ``q`` or ``q2``; an unquoted
    one without the sentence punctuation after it)."""

    def check(m: re.Match[str], line: str, ctx: Any) -> bool:
        v = m.group("v")
        return fn(v.rstrip(TRAIL) if v else m.group("q") or m.group("q2") or "")

    return check
