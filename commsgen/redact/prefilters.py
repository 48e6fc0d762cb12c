"""The rule table's triggers (RE2 syntax): the cheap superset each rule family's lines must match,
and the routes the per-line RE2 set uses instead (``triggers.py`` compiles them)."""

from __future__ import annotations

from commsgen.redact import barehosts as BH

# Every rule has a trigger: its own (``Rule.trigger``) or its family's (``PREFILTERS``). A trigger is a
# superset of its rule (a line without the trigger cannot hold a match) made of short literals and
# small classes, cheap for RE2's DFA. The scanner runs every trigger over the whole text in one RE2
# pass (one combined DFA beats several smaller passes, measured), except the few whose automata
# multiply the others' states (``triggers.APART``: a second pass), then a RE2 set of the same triggers
# tells which rules a candidate line needs. Triggers are loose where that is cheap: the rules decide.
# Python's ``\s`` also matches \v, \x1c-\x1f and non-ASCII spaces: triggers allow all of them.
WS = r"[\t-\r\x1c-\x20\x{80}-\x{10FFFF}]"


def _barehost_trigger() -> str:
    """A hyphenated token with an environment, role or region label next to a hyphen, and a digit."""
    words = "|".join(sorted(BH.ENV_WORDS | BH.ROLE_WORDS | BH.AIRPORTS, key=len, reverse=True))
    region = r"(?:eu|us|ap|sa|ca|me|af|il|mx|uk|de|fr|jp|in|au|br)[a-z]{0,7}[0-9]{1,2}[a-z]?"
    lab = f"(?:{words}|{region})"
    return (
        f"(?:^|[^a-z0-9-]){lab}[0-9]{{0,4}}-[a-z0-9-]*[0-9]"  # k8s-prod-31, mq08-euw1
        f"|-{lab}-[a-z0-9-]*[0-9]"  # foo-prod-3
        f"|[0-9][a-z0-9-]*-{lab}[0-9]{{0,4}}(?:[^a-z0-9_-]|$)"  # node3-fra
        f"|-{lab}[0-9]{{1,4}}(?:[^a-z0-9_-]|$)"
    )  # cache-web7


PREFILTERS: dict[str, str] = {
    "credctx": r"(?i:secret|token|credential|passw|passphrase|api.?key|access.?key|private.?key|signing.?key)",
    "ipv4": r"(?:10\.[0-9]{1,3}|172\.(?:1[6-9]|2[0-9]|3[01])|192\.168|100\.(?:6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])"
    r"|169\.254)\.[0-9]{1,3}\.[0-9]",
    "ipv6": r"(?i:f[cd][0-9a-f]{0,2}:|fe[89ab][0-9a-f]:)",
    "host": r"(?i:\.internal|\.corp|\.local|\.lan|\.svc|\.intra|\.arpa|\.priv|\.prv|corp\.|intra\.|intranet\.|internal\."
    r"|int\.|prod\.|prd\.|production\.|staging\.|stage\.|stg\.|preprod\.|pre-prod\.|uat\.|nonprod\.|non-prod\."
    r"|mgmt\.|infra\.|onprem\.|on-prem\.|ec2\.|compute\.|amazonaws|core\.windows|googleapis"
    r"|grafana\.|kibana\.|prometheus\.|alertmanager\.|graylog\.|jaeger\."
    r"|-(?:prod|prd|production|stg|staging|stage|qa|dev|uat|perf|canary|preprod|sandbox|nonprod|test|tst|int"
    r"|dr|sbx|lab)[a-z0-9-]*\.)",
    "barehost": _barehost_trigger(),
    "url": r"://",
    "email": r"@",
    "phone": r"\+[0-9]|[0-9]{3}[-. )][0-9]{3}[-. ][0-9]|\([0-9]{3}\)|(?:^|[^0-9a-zA-Z:.-])0[0-9]{1,4}[ .-][0-9]{2}",
    "card": r"(?:^|[^0-9a-zA-Z])[0-9](?:[ -]?[0-9]){12}",
    "cve": r"(?i:cve[-_ ]?[0-9]|ghsa-|pysec-|rustsec-|go-[12]|gsd-|osv-|alas2?-|rhsa-)",  # and advisory ids
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
_HYPHEN_DIGIT_GZ = (
    f"{_TOK}*(?:-{_TOK}*(?:[0-9]{_TOK}*[g-z]|[g-z]{_TOK}*[0-9])|[0-9]{_TOK}*(?:-{_TOK}*[g-z]|[g-z]{_TOK}*-)"
    f"|[g-z]{_TOK}*(?:-{_TOK}*[0-9]|[0-9]{_TOK}*-))"
)
ROUTES: dict[str, str] = {
    # (a start after one or two of starts.py's lead characters at a word's start too: —pg-prod-34)
    "barehost": f"(?:^|[^A-Za-z0-9_.@/%+~-]|(?:^|[^A-Za-z0-9_/])[.@%+~-]{{1,2}})"
    f"(?:[g-z]{_HYPHEN_DIGIT}|[a-f]{_HYPHEN_DIGIT_GZ})",
}
