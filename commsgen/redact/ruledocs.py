"""What each rule catches and leaves alone (docs, SARIF, messages), the rules built per scan that
are not in the table, and one piece of advice per finding kind."""

from __future__ import annotations

from commsgen.redact.extra_rules import RULES as EXTRA_RULES
from commsgen.redact.rules import RULES

VULN_RULES = (
    (
        "vuln.exploit-detail",
        "exploit specifics: a vulnerability class with the endpoint, parameter or vector"
        " (SQL injection in /api/v1/search?q=, SSRF via /image-proxy?src=, IDOR on /api/v2/accounts/{id})",
        "security words without detail (vulnerability scan, threat model review, WAF rule set), CWE ids",
    ),
    (
        "vuln.payload",
        "exploit payloads: traversal strings (../../, ..%2f), <script>, ${jndi:…}, UNION SELECT,"
        " ' OR '1'='1, /etc/passwd",
        "a single ../ in a relative link",
    ),
)

# context rules: built per postmortem/config by the scanner
CONTEXT_RULES = (
    (
        "people.name",
        "person",
        "names of the postmortem's people, in every form: Dana Whitfield, Whitfield, Dana,"
        " D. Whitfield, Ms. Whitfield, Dana-Whitfield, across a line break, any case and accents",
        "first names alone, other names",
    ),
    (
        "people.surname",
        "person",
        "the surname of one of the postmortem's people alone (a warning: a surname is often also a word)",
        "surnames under three letters",
    ),
    ("people.handle", "person", "chat handles of the postmortem's people (@ohaddad or ohaddad)", "other @mentions"),
    (
        "service.internal-id",
        "service",
        "internal service ids that differ from their public name",
        "public service names; ids equal to their public name, also with other separators (gitlab-com for GitLab.com)",
    ),
    (
        "service.internal-word",
        "service",
        "internal service ids that are one plain English word (backbone, search): a warning, since prose uses the word",
        "ids with a separator, a digit or a word no dictionary holds (those are service.internal-id)",
    ),
    ("deny.term", "deny", "redaction.deny terms (file and commsgen.toml), strings or {regex: …}", ""),
    (
        "content.image",
        "image",
        "images in a version other than engineering: Markdown images, <img> and other"
        " embedded media, data: URIs (refused unless waived)",
        "links to images (not shown inline)",
    ),
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
    out += [(rid, k, s, l) for rid, k, s, l in EXTRA_RULES]
    from commsgen.redact.rereading import RULE_DOCS as REREADING_RULES

    out += [(rid, k, s, l) for rid, k, s, l in REREADING_RULES]
    out.append(
        (
            "infra.cgnat-ipv4",
            "internal-ip",
            "CGNAT / shared address space 100.64.0.0/10",
            "100.63.x.x, 100.128.x.x and up",
        )
    )
    out.append(
        (
            "infra.link-local-ipv4",
            "internal-ip",
            "link-local 169.254.0.0/16, including the cloud metadata endpoint 169.254.169.254",
            "",
        )
    )
    out.append(("infra.link-local-ipv6", "internal-ip", "IPv6 link-local addresses (fe80::/10)", ""))
    out.append(
        (
            "people.staff-email",
            "email",
            "emails of the postmortem's people, and addresses on staff, internal or company domains",
            "see pii.email",
        )
    )
    out.append(
        (
            "infra.chat-url",
            "internal-url",
            "company chat archive links (*.slack.com/archives, Teams messages)",
            "Slack webhooks (secret.slack-webhook)",
        )
    )
    out.append(
        (
            "infra.ticket-url",
            "internal-url",
            "ticket and incident systems (Jira, Confluence, *.atlassian.net, PagerDuty, Opsgenie, ServiceNow, Zendesk)",
            "public issue trackers (github.com)",
        )
    )
    out.append(
        (
            "infra.dashboard-url",
            "internal-url",
            "dashboards and log search (Grafana /d/, Kibana /app/, Datadog,"
            " hosts named grafana., kibana., metrics., logs., …)",
            "public status pages",
        )
    )
    out.append(
        (
            "infra.doc-url",
            "internal-url",
            "internal documents (docs.google.com/document, drive.google.com, *.sharepoint.com)",
            "public documentation sites",
        )
    )
    out.append(
        (
            "infra.cloud-storage",
            "internal-url",
            "cloud storage hosts naming a bucket or account (bucket.s3.amazonaws.com, acct.blob.core.windows.net)",
            "the bare service host s3.amazonaws.com",
        )
    )
    out.append(
        ("infra.cloud-storage-uri", "internal-url", "cloud storage URIs (s3://, gs://, abfss://, wasbs://, az://)", "")
    )
    return out
