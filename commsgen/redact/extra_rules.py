"""The rules of the second pass (``extras.py``) and the company host rules: (id, kind, catches,
leaves alone), for the rule table's documentation (``rules.all_rule_docs``), SARIF and messages."""

from __future__ import annotations

RULES = (
    (
        "learn.host",
        "internal-host",
        "host names the postmortem itself shows to be internal: hosts in log lines,"
        " commands and `on X` phrases, pet-name machines (`on Freud and Franz`), host code spans",
        "public hosts, tools and software names (kubectl, x86_64, v16)",
    ),
    (
        "learn.identifier",
        "service",
        "internal names the postmortem itself shows: cluster names (`Hellman Kubernetes"
        " cluster`), one-word code spans (`k8s-janitor`), snake/kebab/camel case names with digits (`ADSync-CI-2`),"
        " role names in commands",
        "ticket keys, versions, cloud regions, plain words",
    ),
    (
        "learn.person",
        "person",
        "names and @handles found in the postmortem's engineering-only fields",
        "names also used in the public fields",
    ),
    (
        "people.likely-name",
        "person",
        "likely person names without a people list: a given name and a capitalised"
        " word (`Niels Lunn`), the person thanked (`thanks, Peter`); a warning",
        "products and places (`Ruby Gems`, `Austin office`), given names alone",
    ),
    (
        "people.mention",
        "person",
        "@handles of people (`@dma`); a warning",
        "@here, @channel, team handles (@oncall-sre), package scopes (@types/node), decorators (@property)",
    ),
    (
        "infra.private-url",
        "internal-url",
        "URLs to private resources on public hosts: repositories or paths naming"
        " internal, private, incidents, postmortem or ops (`github.com/acme/incidents-analysis/pull/120`,"
        " `…/product-internal/…`), or URLs after the word \u201cinternal\u201d",
        "public repositories and pages, status page incident pages (`status.acme.com/incidents/…`)",
    ),
    (
        "infra.company-host",
        "internal-host",
        "hosts under the company's public_domains that are not in public_hosts"
        " (block for customer and status, warn for executive)",
        "the domain itself, www., public_hosts",
    ),
    (
        "infra.company-url",
        "internal-url",
        "URLs on hosts under the company's public_domains that are not in public_hosts",
        "the domain itself, www., public_hosts",
    ),
)


# RE2 triggers of the second pass (supersets of what learn.py and names.py look for), kept here so a
# scan whose text holds none of them imports neither module
LEARN_TRIGGER = (
    r"(?:`|[0-9]:[0-9][0-9]:[0-9][0-9](?:[.,][0-9]+)?(?:Z|[+-][0-9][0-9]:?[0-9][0-9])?[ \t]+[A-Za-z0-9][A-Za-z0-9._-]*"
    r"[ \t]+[A-Za-z0-9_./-]+(?:\[[0-9]+\])?:"
    r"|\b(?:ssh|scp|rsync|ping|telnet|mosh|traceroute|nslookup|psql|mysql|redis-cli|mongo|mongosh|knife)\b"
    r"|--host|--(?:project|cluster|namespace|context|profile|account|stack|db-)|\blog(?:ged)?[ \t]+(?:in[ \t]*)?to\b"
    r"|\blogin[ \t]+to\b|role:"
    r"|\b(?:on|from|into)[ \t]+[A-Z][a-z][a-z]"
    r"|\b(?:on|from|to|at|into|via)[ \t]+(?:the[ \t]+)?(?:[a-z]+[ \t]+)?[A-Za-z][A-Za-z0-9.-]*[0-9]"
    r"|\b(?:cluster|Kubernetes|k8s|K8s)\b"
    r"|[A-Za-z0-9]*[g-z_][A-Za-z0-9_]*-[A-Za-z0-9]+-[A-Za-z0-9]*[0-9]|[a-z][a-z0-9]*_[a-z0-9_]*_)"
)
NAMES_TRIGGER = r"(?:[A-Z][a-z]{2,}[ \t]+[A-Z][a-z]|[A-Z][a-z]{3,}(?:/[A-Z]|,[ \t]+[A-Z]|[ \t]+and[ \t]+[A-Z])|(?:[a-z,][ \t]+|\()[A-Z][a-z]{3,}[ \t]+(?:call|said|says|mention|noticed|reported|asked|confirmed|suggest|pinged|paged|wrote|replied)|\b(?i:thanks?|thank you|kudos|shout-?out|props|cc|h/t)\b|(?:^|[^A-Za-z0-9._%+:/=-])@[A-Za-z])"
# lines with a URL whose path or the words before it may make it private (extras.py)
# RE2's case folding leaves out the dotless and dotted i that Python's ``re.I`` (the URL checks in
# extras.py) takes for an ``i``: the trigger names them, so it selects every line those checks read
_I = "[i\u0131\u0130]"
URL_CONTEXT_TRIGGER = (
    rf"://[^ \t\n]*(?i:{_I}nternal|pr{_I}vate|{_I}nc{_I}dent|postmortem|post-mortem|[/_-]ops[/_.-])"
    rf"|(?i:{_I}nternal)[^\n]{{0,60}}://"
)
