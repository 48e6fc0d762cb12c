"""Rules for other notations of the same sensitive values: IPv4 addresses written as one decimal,
hex or octal number, with octal or hex parts, or inside an IPv4-mapped IPv6 address; cloud private
DNS names built from an address (``ip-10-12-4-7``); and the base64 body of a PEM key without its
BEGIN and END lines. Appended to ``rules.RULES`` (``rules.py`` calls ``extra_rules``), so they are
table entries like any other: id, kind, family, pattern, validator, trigger.

Also here: the boundary helpers of the host and email rules (where such a token ends when a dash,
an underscore or other punctuation follows it), and percent-decoding of a line with its map back.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable
from typing import Any

from commsgen.redact import detectors as D
from commsgen.redact import starts as S
from commsgen.redact import values as VA
from commsgen.redact.detectors import inet_aton, ipv4_value_class
# ------------------------------------------------------------------------------------ IPv4 forms


def _odd_form(text: str) -> bool:
    """Not a plain dotted quad (the ``infra.private-ipv4`` rule reads those): one number, two or
    three parts whose last packs several bytes, or a part in octal or hex."""
    parts = text.split(".")
    if any(p[:2].lower() == "0x" or (len(p) > 1 and p[0] == "0") for p in parts):
        return True
    if len(parts) == 1:
        return len(text) >= 9
    return len(parts) < 4 and int(parts[-1]) > 255


def _ipv4_notation(m: re.Match[str], line: str, ctx: Any) -> str | None:
    text = m.group("ip")
    if not _odd_form(text) or D.preceded_by_version_label(line, m.start()):
        return None
    value = inet_aton(text)
    if value is None:
        return None
    cls = ipv4_value_class(value)
    return None if cls is None else "infra.ipv4-notation"


def _mapped_v6(m: re.Match[str], line: str, ctx: Any) -> bool:
    if m.group("v4"):
        value = inet_aton(m.group("v4"))
    else:
        value = int(m.group("h1"), 16) << 16 | int(m.group("h2"), 16)
    return value is not None and ipv4_value_class(value) is not None


def _cloud_dns(m: re.Match[str], line: str, ctx: Any) -> bool:
    value = inet_aton(".".join(m.group(i) for i in (1, 2, 3, 4)))
    return (
        value is not None and all(int(m.group(i)) <= 255 for i in (1, 2, 3, 4)) and ipv4_value_class(value) is not None
    )


def _pem_body(m: re.Match[str], line: str, ctx: Any) -> bool:
    body = m.group("body")
    if all(c in "0123456789abcdefABCDEF" for c in body):
        return False  # a hex digest, not base64
    kinds = sum((any(c.isupper() for c in body), any(c.islower() for c in body), any(c.isdigit() for c in body)))
    return kinds == 3 and VA.entropy(body) >= 4.5


def extra_rules(Rule: Callable[..., Any]) -> tuple[Any, ...]:
    """The rules of this module, built with ``rules.Rule``."""
    num = r"(?:0[xX][0-9A-Fa-f]{1,8}|\d{1,12})"
    return (
        Rule(
            "infra.ipv4-notation",
            "internal-ip",
            "ipv4n",
            r"(?<![\w.:/-])(?P<ip>" + num + r"(?:\." + num + r"){0,3})(?::\d{1,5}(?!\d))?(?![\w]|\.\w)",
            "private IPv4 addresses in other notations: one decimal, hex or octal number (168559623,"
            " 0xa0c0407), octal or hex parts (012.014.04.07), a packed last part (10.12.1031)",
            "plain numbers outside the private ranges, versions (v10.1, version 10.1)",
            validate=_ipv4_notation,
            # a superset of every private address in these forms: a hex number, one decimal number
            # in a private range, an octal first part of a private first byte, a leading zero or a
            # packed last part after a private first byte
            trigger=(
                r"0[xX][0-9A-Fa-f]"
                r"|(?:^|[^0-9.])(?:1[6-8][0-9]{7}|28(?:8[67]|5[12])[0-9]{6}|3232[0-9]{6}|168[0-6][0-9]{6})"
                r"(?:[^0-9.]|\.(?:[^0-9]|$)|$)"
                r"|(?:^|[^0-9A-Za-z.])0+(?:12|254|300|144|251)\.[0-9]"
                r"|(?:^|[^0-9A-Za-z.])0(?:12|254|3005|144|2517)[0-7]{5,9}(?:[^0-9.]|\.(?:[^0-9]|$)|$)"
                r"|(?:^|[^0-9.])(?:10|172|192|100|169)\.(?:[0-9]{1,3}\.){0,2}0[0-9]"
                r"|(?:^|[^0-9.])(?:10|172|192|100|169)\.[0-9]{1,3}(?:\.[0-9]{1,3})?\.[0-9]{3,8}(?:[^0-9.]|\.(?:[^0-9]|$)|$)"
                r"|(?:^|[^0-9.])(?:10|172|192|100|169)\.[0-9]{4,8}(?:[^0-9.]|\.(?:[^0-9]|$)|$)"
            ),
        ),
        Rule(
            "infra.ipv4-mapped-ipv6",
            "internal-ip",
            "ipv6m",
            r"(?i)(?<![\w:])(?:(?:0{1,4}:){5}|::)ffff:(?:(?P<v4>\d{1,3}(?:\.\d{1,3}){3})"
            r"|(?P<h1>[0-9a-f]{1,4}):(?P<h2>[0-9a-f]{1,4}))(?![\w:]|\.\d)",
            "IPv4-mapped IPv6 addresses of a private IPv4 address (::ffff:a0c:407, ::ffff:10.12.4.7)",
            "mapped public addresses",
            validate=_mapped_v6,
            trigger=r"(?i:ffff:)",
        ),
        Rule(
            "infra.cloud-private-dns",
            "internal-host",
            "clouddns",
            r"(?i)"
            + S.after(r"\w.-")
            + r"ip-(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})(?:\.[a-z0-9-]+)*(?![\w]|\.[a-z0-9])",
            "cloud private DNS names built from a private address (ip-10-12-4-7,"
            " ip-10-12-4-7.ec2.internal, ip-172-31-3-4.eu-west-1.compute.internal)",
            "ip- names of public addresses",
            validate=_cloud_dns,
            trigger=r"(?i:ip-[0-9])",
        ),
        Rule(
            "secret.private-key-body",
            "secret",
            "pembody",
            r"^[ \t>]{0,8}(?P<body>[A-Za-z0-9+/]{64})[ \t]*$",
            "lines of a PEM key's base64 body (64 characters) without its BEGIN and END lines",
            "hex digests, certificates and public keys with their BEGIN line, low-entropy runs",
            # a body line is a whole line (indented or quoted at most): prose with a hex digest
            # in it is not a candidate
            group="body",
            validate=_pem_body,
            trigger=r"(?:^|\n)[ \t>]{0,8}[A-Za-z0-9+/]{64}[ \t]*(?:\r|\n|$)",
        ),
        Rule(
            "vuln.advisory-id",
            "vulnerability",
            "cve",  # the CVE rule's trigger, which lists these prefixes too (prefilters.py)
            r"(?i)" + S.after(r"A-Za-z0-9-") + r"(?:GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}"
            r"|(?:PYSEC|RUSTSEC|GO|GSD|OSV|ALAS2?)-(?:19|20)\d\d-\d{1,7}|RHSA-(?:19|20)\d\d:\d{3,7})(?![A-Za-z0-9])",
            "the same vulnerability named by an advisory database: GitHub (GHSA-jfh8-c2jp-5v3q), PyPI, RustSec,"
            " Go, OSV, Red Hat, Amazon Linux ids",
            "CVE ids (vuln.cve), CWE ids, ticket keys of other prefixes",
        ),
    )


# ------------------------------------------------------------------------------------ boundaries
def host_cuts(host: str) -> list[int]:
    """Lengths of the shorter host names ``host`` may stand for when it ran into the word after it
    (``ledger.acme.internal-the``, ``db.acme.internal-``): cut at each hyphen, from the right, while
    a dot is left before the cut. ``db-01.acme.internal`` is tried whole first by the caller."""
    out: list[int] = []
    i = len(host)
    dot = host.find(".")  # a dot is left before a cut at i when dot < i (linear: no slice per cut)
    while True:
        i = host.rfind("-", 0, i)
        if i <= 0 or dot < 0 or dot >= i:
            return out
        if host[i - 1] not in ".-":
            out.append(i)


# ------------------------------------------------------------------------------------ percent-encoding
_PCT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


@lru_cache(maxsize=8)
def percent_decode_map(line: str) -> tuple[str, list[int], list[int]] | None:
    """``line`` with its percent-encoded bytes decoded (UTF-8; control characters and invalid UTF-8
    stay encoded), and for each character of the result the span in ``line`` it came from (starts,
    ends). None when nothing decodes.

    Memoised for the last few lines, and the result is shared: callers only read it. One scan asks
    for the same line up to three times (the scanner, the rereading test and its copies), and a
    postmortem's outputs hold the same lines: a megabyte of ``%41`` was decoded 18 times in one
    ``check``, 3.7 of its 6 seconds."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    changed = False
    for m in _PCT.finditer(line):
        a, b = m.span()
        out.append(line[pos:a])
        starts.extend(range(pos, a))
        ends.extend(range(pos + 1, a + 1))
        raw = bytes.fromhex(m.group().replace("%", ""))
        text = raw.decode("utf-8", "replace")
        if any(c < " " or c == "\x7f" for c in text) or "\ufffd" in text:
            out.append(m.group())
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))
        else:
            at = a
            for c in text:
                width = 3 * len(c.encode("utf-8"))
                out.append(c)
                starts.append(at)
                ends.append(at + width)
                at += width
            changed = True
        pos = b
    if not changed:
        return None
    out.append(line[pos:])
    starts.extend(range(pos, len(line)))
    ends.extend(range(pos + 1, len(line) + 1))
    return "".join(out), starts, ends
