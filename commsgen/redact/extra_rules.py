"""The rules of the second pass (``extras.py``) and the company host rules: (id, kind, catches,
leaves alone), for the rule table's documentation (``rules.all_rule_docs``), SARIF and messages."""
from __future__ import annotations

RULES = (
    ("learn.host", "internal-host", "host names the postmortem itself shows to be internal: hosts in log lines,"
     " commands and `on X` phrases, pet-name machines (`on Freud and Franz`), host code spans",
     "public hosts, tools and software names (kubectl, x86_64, v16)"),
    ("learn.identifier", "service", "internal names the postmortem itself shows: cluster names (`Hellman Kubernetes"
     " cluster`), one-word code spans (`k8s-janitor`), snake/kebab/camel case names with digits (`ADSync-CI-2`),"
     " role names in commands", "ticket keys, versions, cloud regions, plain words"),
    ("learn.person", "person", "names and @handles found in the postmortem's engineering-only fields",
     "names also used in the public fields"),
    ("people.likely-name", "person", "likely person names without a people list: a given name and a capitalised"
     " word (`Niels Lunn`), the person thanked (`thanks, Peter`); a warning", "products and places (`Ruby Gems`,"
     " `Austin office`), given names alone"),
    ("people.mention", "person", "@handles of people (`@dma`); a warning", "@here, @channel, team handles"
     " (@oncall-sre), package scopes (@types/node), decorators (@property)"),
    ("infra.private-url", "internal-url", "URLs to private resources on public hosts: repositories or paths naming"
     " internal, private, incidents, postmortem or ops (`github.com/acme/incidents-analysis/pull/120`,"
     " `…/product-internal/…`), or URLs after the word \u201cinternal\u201d",
     "public repositories and pages, status page incident pages (`status.acme.com/incidents/…`)"),
    ("infra.company-host", "internal-host", "hosts under the company's public_domains that are not in public_hosts"
     " (block for customer and status, warn for executive)", "the domain itself, www., public_hosts"),
    ("infra.company-url", "internal-url", "URLs on hosts under the company's public_domains that are not in"
     " public_hosts", "the domain itself, www., public_hosts"),
)
