"""Credentials as people paste them from a terminal or a browser into a timeline: a password on a
command line (``curl -u deploy:S3cret``, ``mysql -pS3cret``, ``--password S3cret``, ``sshpass -p
S3cret``), a session cookie in a pasted header (``Cookie: session=…``) and the signature of a signed
URL (``?sig=…``, ``X-Amz-Signature=…``). Appended to
``rules.RULES`` (``rules.py`` spreads ``cli_rules``), so they are table rows like any other: id,
kind, family, pattern, validator, trigger; only the value is masked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from commsgen.redact import values as VA

# the value of a command-line password: quoted, or up to the next space or quote, not a next flag
# (a trailing full stop or bracket of the sentence around it is not part of it: values.TRAIL)
_VALUE = r"(?:'(?P<q>[^'\n]{3,200}+)'|\"(?P<q2>[^\"\n]{3,200}+)\"|(?P<v>[^\s'\"`-][^\s'\"`]{2,199}+))"


def _cookie(m: re.Match[str], line: str, ctx: Any) -> bool:
    v = m.group("v")
    return VA.is_high_entropy_token(v) or VA.looks_random(v, min_len=16)


# one trigger for the three rows (literals only): each distinct trigger is one more pattern in the
# whole-text pass and the per-line set, whose automata every process builds again (measured: ~35 M
# instructions per row on the dense 20 MB scan as separate triggers)
TRIGGER = r"-u[ =]|--user|--proxy-user|--pass|(?i:mysql|mariadb|sshpass|cookie:|[?&;](?:sig|signature|x-amz-|x-goog-))"
# the login pair's own: the login word, then a user, a colon or slash and eight characters (the word
# alone is on one line in twenty of incident prose: as the shared trigger it cost the dense scan 15%)
_PAIR_LEAD = r"(?i:creds|credentials|login|logon|log in)(?i: as| with| was| were| is| for)?[ :=]{1,3}"
PAIR_TRIGGER = _PAIR_LEAD + r"[A-Za-z0-9._@-]+ ?[:/] ?[^\s'\"`]{8}"


def _pgpass(m: re.Match[str], line: str, ctx: Any) -> bool:
    v = m.group("v")
    return VA.looks_like_password(v) and not v.isdigit()


def _pair(m: re.Match[str], line: str, ctx: Any) -> bool:
    """A user and a password pasted together: the password has three kinds of character of four
    (lower, upper, digit, other) and eight or more; not a URL, a path, a time or a ratio."""
    v = m.group("v").rstrip(VA.TRAIL)
    if len(v) < 8 or "://" in line[m.start() : m.end() + 3] or v.startswith(("/", "\\")) or VA.is_placeholder(v):
        return False
    kinds = (any(c.islower() for c in v), any(c.isupper() for c in v), any(c.isdigit() for c in v))
    return sum(kinds) + (not v.isalnum()) >= 3


def cli_rules(Rule: Callable[..., Any]) -> tuple[Any, ...]:
    """The rules of this module, built with ``rules.Rule``."""
    return (
        Rule(
            "secret.cli-password",
            "secret",
            "assign",  # the family whose trailing sentence punctuation is not part of the value (apply.py)
            r"(?:(?<![\w-])(?:-u|--user|--proxy-user)[ =][^\s:'\"`]{1,64}+:"  # curl -u user:password
            r"|(?i:(?<![\w-])(?:mysql|mysqldump|mysqladmin|mariadb)\b)[^\n]{0,160}?\s-p"  # mysql -pPASSWORD
            r"|(?<![\w-])--pass(?:word)?[ ]+"  # --password VALUE (with = it is an assignment)
            r"|(?i:(?<![\w-])sshpass)\s+-p\s*)" + _VALUE,
            "passwords on a command line: curl -u user:password, mysql -pPASSWORD, --password VALUE, sshpass -p VALUE",
            "placeholders ($PASSWORD, <password>, ****), a user name alone (-u deploy), lone lower-case words",
            mask_group="value",
            validate=VA.assign_check(VA.looks_like_password),
            trigger=TRIGGER,
        ),
        Rule(
            "secret.session-cookie",
            "secret",
            "cookie",
            r"(?i)(?<![\w-])(?:set-)?cookie:[^\n]{0,300}?(?<![\w.-])(?P<k>[\w.-]{0,30}(?:sess|sid|token|auth|jwt)"
            r"[\w.-]{0,30})=(?P<v>[^;\s'\"`]{16,400}+)",
            "session cookies in a pasted Cookie or Set-Cookie header (session=…, sid=…, auth_token=…)",
            "short or plain values (theme=dark), cookies not named for a session or a token",
            group="v",
            validate=_cookie,
            trigger=TRIGGER,
        ),
        Rule(
            "secret.signed-url",
            "secret",
            "signedurl",
            r"(?i)[?&;](?:sig|signature|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential"
            r"|x-amz-credential)=(?P<v>[A-Za-z0-9%+/=_.-]{16,2000}+)",
            "the signature or session token of a signed URL (Azure SAS sig=, S3 X-Amz-Signature= and"
            " X-Amz-Security-Token=, GCS X-Goog-Signature=): whoever has the URL has the access",
            "short values, the other query parameters (se=, sp=, X-Amz-Expires=)",
            group="v",
            trigger=TRIGGER,
        ),
        Rule(
            "secret.pgpass-line",
            "secret",
            "assign",
            r"(?<![\w.:*-])[\w.*-]{1,253}+:(?:\d{1,5}|\*):[\w*-]{1,63}+:[\w.@*-]{1,63}+:(?P<v>[^\s:'\"`]{6,128}+)",
            "a line of a PostgreSQL password file (host:port:database:user:password, ~/.pgpass)",
            "the same shape with a placeholder or a number last, times (12:30:00), IPv6 addresses",
            mask_group="v",
            validate=_pgpass,
            trigger=r"[A-Za-z0-9.*-]:(?:[0-9]{1,5}|\*):[A-Za-z0-9_*-]+:[A-Za-z0-9_.@*-]+:[^ \t:]",
        ),
        Rule(
            "secret.login-pair",
            "secret",
            "assign",
            r"(?<![\w-])" + _PAIR_LEAD + r"(?P<u>[A-Za-z0-9._@-]{2,64}+)(?:[ ]?:[ ]?|[ ]?/[ ]?)(?P<v>[^\s'\"`]{8,64}+)",
            "a user and a password pasted together after a login word: Login admin:Tr0ub4dor&3x!,"
            " creds were deploy / S3cret-Pass9",
            "ratios and times (502/503, 14:02), URLs and paths, passwords of fewer than three kinds of character",
            mask_group="v",
            validate=_pair,
            trigger=PAIR_TRIGGER,
        ),
    )
