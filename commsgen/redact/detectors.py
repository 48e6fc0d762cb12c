"""Validators and classifiers used by the rule table: pure functions, no regex engines of their own
beyond small anchored checks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from commsgen.redact.hosts import company_host, vendor_public
from commsgen.redact.barehosts import bare_host_ok
from commsgen.redact.lazyre import lazy


# ------------------------------------------------------------------ IP addresses
def inet_aton(text: str) -> int | None:
    """The 32-bit value of ``text`` the way C's ``inet_aton`` (and so ``ping``, ``curl``, browsers)
    reads it: 1 to 4 parts separated by dots, each decimal, octal (leading 0) or hex (0x); the last
    part fills the remaining bytes. None when it is not an address."""
    parts = text.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    vals = []
    for p in parts:
        try:
            if p[:2].lower() == "0x":
                v = int(p[2:], 16) if len(p) > 2 else 0
            elif len(p) > 1 and p[0] == "0":
                v = int(p[1:], 8)
            else:
                v = int(p, 10)
        except ValueError:
            return None
        vals.append(v)
    *head, last = vals
    if any(v > 255 for v in head) or last >= 1 << (8 * (4 - len(head))):
        return None
    value = 0
    for v in head:
        value = value << 8 | v
    return value << (8 * (4 - len(head))) | last


def ipv4_value_class(value: int) -> str | None:
    """private | cgnat | link-local | None, for an address as a 32-bit number."""
    a, b = value >> 24, (value >> 16) & 0xFF
    if a == 10 or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168):
        return "private"
    if a == 100 and 64 <= b <= 127:
        return "cgnat"
    if a == 169 and b == 254:
        return "link-local"
    return None


def ipv4_class(addr: str) -> str | None:
    """private | cgnat | link-local | None (public, loopback, documentation, invalid)."""
    parts = addr.split(".")
    if len(parts) != 4 or not all(p.isdigit() and len(p) <= 3 for p in parts):
        return None
    a, b, c, d = (int(p) for p in parts)
    if max(a, b, c, d) > 255 or any(len(p) > 1 and p[0] == "0" for p in parts):
        return None
    return ipv4_value_class(a << 24 | b << 16 | c << 8 | d)


@cache
def _v6() -> Any:
    import ipaddress  # only for IPv6 candidates: not at start-up

    return ipaddress, ipaddress.ip_network("fc00::/7"), ipaddress.ip_network("fe80::/10")


def ipv6_class(text: str) -> str | None:
    t = text.strip("[]")
    ipaddress, ula, ll6 = _v6()
    try:
        if "/" in t:
            net = ipaddress.IPv6Network(t, strict=False)
            ip = net.network_address
        else:
            ip = ipaddress.IPv6Address(t.split("%", 1)[0])
    except ValueError:
        return None
    if ip in ula:
        return "ula"
    if ip in ll6:
        return "link-local"
    return None


_VERSION_BEFORE = lazy(
    r"(?i)(?:\b(?:version|ver|build|release|firmware|fw|agent|driver|kernel|rev|revision|"
    r"patch|v)\s*[:#=]?\s*|\bv)$"
)


def preceded_by_version_label(line: str, start: int) -> bool:
    return bool(_VERSION_BEFORE.search(line[max(0, start - 16) : start]))


# ------------------------------------------------------------------ host names
INTERNAL_SUFFIXES = (
    "internal",
    "corp",
    "local",
    "lan",
    "intranet",
    "intra",
    "localdomain",
    "home.arpa",
    "cluster.local",
    "private",
    "prv",
    "priv",
)
INTERNAL_LABELS = frozenset(
    {
        "corp",
        "intra",
        "intranet",
        "internal",
        "int",
        "prod",
        "prd",
        "production",
        "staging",
        "stage",
        "stg",
        "preprod",
        "pre-prod",
        "uat",
        "nonprod",
        "non-prod",
        "mgmt",
        "infra",
        "onprem",
        "on-prem",
        "ec2",
        "compute",
    }
)
DOC_DOMAINS = ("example.com", "example.org", "example.net", "example", "test", "invalid", "localhost")
# public services whose subdomains look internal by our label rules
PUBLIC_HOSTS = (
    "amazonaws.com",
    "azure.com",
    "microsoft.com",
    "windows.net",
    "googleapis.com",
    "google.com",
    "github.com",
    "githubusercontent.com",
    "gitlab.com",
    "cloudflare.com",
    "pypi.org",
    "npmjs.org",
    "npmjs.com",
    "docker.io",
    "docker.com",
    "kubernetes.io",
    "apple.com",
    "akamai.net",
)

_STORAGE_HOST = lazy(
    r"^(?:[a-z0-9][a-z0-9.-]*\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com|"
    r"[a-z0-9]+\.(?:blob|dfs|file|queue|table)\.core\.windows\.net|"
    r"[a-z0-9][a-z0-9._-]*\.storage\.googleapis\.com)$"
)


# the first label of a host that is a dashboard or log search (what infra.dashboard-url reads in URLs)
_DASHBOARD_HOSTS = frozenset({"grafana", "kibana", "prometheus", "alertmanager", "graylog", "jaeger"})


def under(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def classify_host(host: str, ctx: Any) -> str | None:
    """The rule id that makes ``host`` internal, or None. ``host`` is lower-case, no port."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    if len(labels) < 2 or host == "localhost" or host.endswith(".localhost"):
        return None
    if under(host, DOC_DOMAINS):
        return None
    if ctx.internal_domains and under(host, ctx.internal_domains):
        return "infra.internal-domain"
    if ctx.link_hosts and host in ctx.link_hosts:
        return "infra.internal-domain"
    if ctx.public_domains and under(host, ctx.public_domains):
        # the company's own domain: only its published hosts are public (hosts.py)
        return company_host(host, ctx.public_domains, getattr(ctx, "public_hosts", ()))
    for suf in INTERNAL_SUFFIXES:
        if host.endswith("." + suf):
            return "infra.internal-suffix"
    if labels[-1] == "svc" and len(labels) >= 3:
        # a Kubernetes service by its short name, service.namespace.svc (Payments.svc is a file)
        return "infra.internal-suffix"
    if _STORAGE_HOST.match(host):
        return "infra.cloud-storage"
    if vendor_public(host):
        return None
    if not labels[-1].isalpha():
        return None
    if any(lab in INTERNAL_LABELS for lab in labels[:-2]):
        return "infra.internal-label"
    if len(labels) >= 3 and labels[0] in _DASHBOARD_HOSTS:
        # a dashboard or log search host below a domain (grafana.cfdata.org), with or without its
        # scheme: the URL rule (infra.dashboard-url) reads only URLs with one
        return "infra.internal-label"
    if len(labels) >= 3 and bare_host_ok(labels[0], need_env=True):
        return "infra.internal-label"
    return None


# ------------------------------------------------------------------ URLs
_STORAGE_SCHEMES = frozenset({"s3", "s3a", "s3n", "gs", "gcs", "az", "abfs", "abfss", "wasb", "wasbs", "adl"})
_DASH_LABELS = frozenset(
    {
        "grafana",
        "kibana",
        "metrics",
        "logs",
        "log",
        "logging",
        "dash",
        "dashboard",
        "dashboards",
        "prometheus",
        "prom",
        "alertmanager",
        "alerts",
        "splunk",
        "sentry",
        "jaeger",
        "tempo",
        "loki",
        "graylog",
        "argocd",
        "argo",
        "jenkins",
        "ci",
        "airflow",
        "rancher",
        "kubernetes",
        "k8s",
        "vault",
        "consul",
        "nomad",
        "monitoring",
        "observability",
        "tracing",
        "apm",
        "opensearch",
        "elastic",
        "kafka-ui",
        "pgadmin",
        "phpmyadmin",
        "intranet",
        "wiki",
    }
)
_TICKET_LABELS = frozenset(
    {
        "jira",
        "confluence",
        "servicedesk",
        "helpdesk",
        "tickets",
        "ticket",
        "youtrack",
        "redmine",
        "bugzilla",
        "phabricator",
    }
)
_SAAS_TICKETS = (
    "atlassian.net",
    "service-now.com",
    "opsgenie.com",
    "zendesk.com",
    "freshservice.com",
    "youtrack.cloud",
    "linear.app",
    "shortcut.com",
    "monday.com",
    "incident.io",
    "firehydrant.io",
    "rootly.com",
    "statuspage.io",
)
_SAAS_DASH = (
    "datadoghq.com",
    "datadoghq.eu",
    "ddog-gov.com",
    "newrelic.com",
    "grafana.net",
    "honeycomb.io",
    "lightstep.com",
    "signalfx.com",
    "sumologic.com",
    "logz.io",
    "loggly.com",
    "papertrailapp.com",
    "splunkcloud.com",
    "elastic-cloud.com",
    "found.io",
    "sentry.io",
)
# cloud consoles and CI: a page below them (a resource, a pipeline) only the company's staff can open;
# the bare site is the vendor's public sign-in page (a status post may send customers there)
_CONSOLES = (
    "console.aws.amazon.com",
    "console.cloud.google.com",
    "portal.azure.com",
    "dev.azure.com",
    "app.circleci.com",
)
# a company's sign-in tenant (acme.okta.com): its administration and its users' pages, never a customer's
_SSO_TENANTS = ("okta.com", "oktapreview.com", "okta-emea.com", "onelogin.com")
# labels that projects also use for their public sites (ci.jenkins.io, wiki.postgresql.org): alone they
# do not make a host a dashboard
_PUBLIC_SITE_LABELS = frozenset({"ci", "wiki", "jenkins", "logs", "log", "metrics", "dash"})
_CONFLUENCE_PATH = lazy(r"/(?:display|spaces)/[a-z0-9~_-]+/|/pages/viewpage\.action")
_PUBLIC_SUBDOMAINS = frozenset(
    {"www", "status", "support", "help", "developer", "developers", "docs", "api", "blog", "community", "app"}
)
_URL = lazy(
    r"(?i)^(?P<scheme>[a-z][a-z0-9+.-]*)://(?:[^/?#@\s]*@)?(?P<host>\[[^\]]+\]|[^/?#:\s]+)"
    r"(?::\d+)?(?P<path>[/?#][^\s]*)?$"
)


def classify_url(url: str, ctx: Any) -> str | None:
    """The rule id that makes ``url`` internal, or None (public)."""
    m = _URL.match(url)
    if not m:
        return None
    scheme, host, path = m.group("scheme").lower(), m.group("host").lower().rstrip("."), m.group("path") or ""
    if scheme in _STORAGE_SCHEMES:
        return "infra.cloud-storage-uri"
    if host.startswith("["):
        return "infra.internal-url" if ipv6_class(host) else None
    if re.fullmatch(r"[\d.]+", host) and ipv4_class(host):
        return "infra.internal-url"
    if re.fullmatch(r"(?i)(?:0x[0-9a-f]{1,8}|[0-9]{1,12})(?:\.(?:0x[0-9a-f]{1,8}|[0-9]{1,12})){0,3}", host):
        # another notation of an address (a browser or curl reads http://0xa0c0407/ as 10.12.4.7)
        value = inet_aton(host)
        return "infra.internal-url" if value is not None and ipv4_value_class(value) else None
    if host == "hooks.slack.com" or under(host, DOC_DOMAINS) or host == "localhost":
        return None
    hid = classify_host(host, ctx)
    if hid == "infra.cloud-storage":
        return "infra.cloud-storage-uri"
    if hid == "infra.company-host":
        return "infra.company-url"
    if hid is not None:
        # a host internal only for its dashboard label is reported as what it is (the URL rules below)
        dash_only = host.split(".", 1)[0] in _DASHBOARD_HOSTS and classify_host(host.split(".", 1)[1], ctx) is None
        return "infra.dashboard-url" if dash_only else "infra.internal-url"
    if ctx.public_domains and under(host, ctx.public_domains):
        return None  # the company's own published host (public_hosts): its word labels mean nothing here
    labels = host.split(".")
    first = labels[0]
    lpath = path.lower()
    if host.endswith(".slack.com") and first not in _PUBLIC_SUBDOMAINS | {"hooks", "api", "slack"}:
        return "infra.chat-url"
    if host == "app.slack.com" and lpath.startswith("/client/"):
        return "infra.chat-url"
    if host == "teams.microsoft.com" and lpath.startswith("/l/"):
        return "infra.chat-url"
    if host in ("discord.com", "discordapp.com") and lpath.startswith("/channels/"):
        return "infra.chat-url"
    if host.endswith(".pagerduty.com") and first not in _PUBLIC_SUBDOMAINS:
        return "infra.ticket-url"
    if under(host, _SAAS_TICKETS) and first not in _PUBLIC_SUBDOMAINS - {"app"}:
        return "infra.ticket-url"
    if under(host, _SAAS_DASH) and first not in _PUBLIC_SUBDOMAINS - {"app"}:
        return "infra.dashboard-url"
    if under(host, _CONSOLES) and path.strip("/#?"):
        return "infra.dashboard-url"
    if under(host, _SSO_TENANTS) and len(labels) >= 3 and first not in _PUBLIC_SUBDOMAINS | {"trust", "login"}:
        return "infra.internal-url"
    if host in ("docs.google.com", "drive.google.com") and re.match(
        r"/(?:document|spreadsheets|presentation|forms|file|drive)/", lpath
    ):
        return "infra.doc-url"
    if host.endswith(".sharepoint.com") or under(host, ("notion.so", "notion.site", "quip.com")):
        return "infra.doc-url"
    if len(labels) < 2 and re.fullmatch(r"[a-z][a-z0-9_-]*", host):
        # a host without a dot (http://go/runbook, http://jenkins:8080/): only the local network's
        # search domains resolve it, so it is an intranet name (localhost is left above)
        return "infra.internal-url"
    if vendor_public(host) or len(labels) < 2:
        return None
    # a ticket key in the path (/browse/INFRA-2944) is internal only on an internal or configured host,
    # which classify_host reported above: public trackers (issues.jenkins.io) use the same paths
    if (
        first in _TICKET_LABELS
        or "/wiki/spaces/" in lpath
        or _CONFLUENCE_PATH.match(lpath)
        or "/secure/rapidboard" in lpath
        or "/display/" in lpath
        and "confluence" in host
    ):
        return "infra.ticket-url"
    if first in _DASH_LABELS and first not in _PUBLIC_SITE_LABELS and len(labels) >= 3:
        return "infra.dashboard-url"
    if re.match(r"/d(?:-solo)?/[A-Za-z0-9_-]{6,}/", path) or lpath.startswith(
        ("/app/discover", "/app/kibana", "/app/dashboards", "/app/lens", "/goto/", "/explore?")
    ):
        return "infra.dashboard-url"
    return None
