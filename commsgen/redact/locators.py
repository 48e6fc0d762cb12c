"""The vulnerability detectors' patterns (exploit details and payloads), and the locators of the
rules that need one: where a match can start, found by RE2 (``locate.py``)."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from commsgen.redact import locate as L
from commsgen.redact.lazyre import lazy


# exploit details: a vulnerability class followed by where or how it is exploited
VULN_CLASS = (
    r"(?:(?:blind|stored|reflected|dom[- ]based|unauthenticated|authenticated|pre-auth|second[- ]order|"
    r"time-based|boolean-based|error-based|critical|an?|the)\s+){0,3}"
    r"(?:sql ?injection|sqli|nosql injection|xss|cross[- ]site scripting|ssrf|server[- ]side request forgery"
    r"|rce|remote code execution|(?:arbitrary )?code execution|(?:os )?command injection|template injection"
    r"|ssti|xxe|(?:path|directory) traversal|(?:local|remote) file inclusion|lfi|rfi|idor"
    r"|insecure direct object references?|auth(?:entication|ori[sz]ation)?[- ]bypass"
    r"|missing (?:authori[sz]ation|authentication|auth|access)(?: control)? checks?|broken access control"
    r"|privilege escalation|open redirect|csrf|(?:unsafe |insecure )?deseriali[sz]ation"
    r"|request smuggling|prototype pollution)"
)
_PREPOSITION = r"(?:in|via|on|through|using|by|against|to|into|at|of|from|affecting|with)\b"
_STOP_WORD = (
    r"(?:was|were|is|are|which|that|until|starting|allowed|before|after|came|about|next|quoted|does|did|had"
    r"|has|and|but|so|because|when|while|for)\b"
)
_VULN_START = r"(?i)(?<![A-Za-z0-9])(?=[a-z])" + VULN_CLASS + r"(?![A-Za-z0-9])"
VULN_DETAIL = lazy(
    _VULN_START + r"(?P<tail>[ \t]*+(?:\([^)\n]{1,120}\)|(?:" + _PREPOSITION + r"[^\n]{1,120}?)"
    r"(?=[.;,!?](?:\s|$)|\s" + _STOP_WORD + r"|$)))"
)
VULN_PAYLOAD = lazy(
    r"(?i)(?<![./])(?:\.\./){2,}+[^\s)\]\"'<>]{0,200}+|(?<![./])(?:\.\.(?:%2f|%5c))++[^\s)\]\"'<>]{0,200}+"
    r"|(?<![./])(?:%2e%2e(?:%2f|/))++[^\s)\]\"'<>]{0,200}+"
    r"|<script\b[^>\n]{0,200}>(?:[^<\n]{0,300}</script>)?|\$\{jndi:[^}\s]{1,200}\}?"
    r"|\bunion\s+(?:all\s+)?select\b[^\n;]{0,80}|'\s*or\s*'?1'?\s*=\s*'?1'?|/etc/(?:passwd|shadow)\b"
    r"|\bxp_cmdshell\b"
)
# --------------------------------------------------------------------------- locators (see locate.py)
# Where a match can start, found by RE2, so a megabyte-long line costs one RE2 scan, not a Python
# attempt at every position. Each is a superset of its pattern's match starts (ASCII lines: Python's
# \s there is [\t-\r\x1c-\x20]); tests/test_redact_scanner.py checks them against plain finditer.
_ASCII_WS = r"[\t-\r\x1c-\x20]"
_VULN_HEAD = lazy(_VULN_START + r"[ \t]*+(?:(?P<paren>\([^)\n]{1,120}\))|" + _PREPOSITION + ")")
_VULN_TERMINATOR = lazy(r"[.;,!?](?=\s|$)|\s(?=" + _STOP_WORD + ")")
_vuln_classes = L.re2_locator("(?i)" + VULN_CLASS.replace(r"\s", _ASCII_WS))


def vuln_detail_locate(line: str) -> Callable[[int], int] | None:
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
    (
        r"(?i)(?:\.\./){2}|\.\.(?:%2f|%5c)|%2e%2e(?:%2f|/)|<script\b[^>\n]{0,200}>|\$\{jndi:[^}\t-\r\x1c-\x20]|\bunion\s+(?:all\s+)?select\b"
        r"|'\s*or\s*'?1'?\s*=\s*'?1|/etc/(?:passwd|shadow)\b|\bxp_cmdshell\b"
    ).replace(r"\s", _ASCII_WS)
)
# a credential word (the rule secret.high-entropy-credential, its locator and its validator read it)
CRED_WORD = (
    r"(?:secret|token|credential|password|passphrase|api[ _-]?key|access[ _-]?key|private[ _-]?key"
    r"|signing[ _-]?key)s?"
)
_CRED_TOKEN = lazy(r"(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_=-]{20,200}+(?![A-Za-z0-9+/_=-]|\.[A-Za-z0-9+/_=-])")
_cred_words = L.re2_locator("(?i)" + CRED_WORD)


def credential_locate(line: str) -> Callable[[int], int] | None:
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
