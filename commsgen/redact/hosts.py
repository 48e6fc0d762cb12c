"""Which hosts are public: the company's own (``public_domains`` and ``public_hosts`` in
``commsgen.toml``) and the well-known vendors' (a built-in table of each vendor's bare domain and
its documented public hosts, never every subdomain: ``db1.corp.gitlab.com`` is not GitLab's public
site). Hosts are lower-case, without a port or a trailing dot. Globs: ``*`` stands for one or more
labels (``*.cdn.acme.com``), ``?`` for one character.
"""

from __future__ import annotations

import re
from functools import cache

from commsgen.redact.lazyre import lazy

# vendor domain -> its documented public hosts (globs); the bare domain and www. are always public
VENDOR_HOSTS: dict[str, tuple[str, ...]] = {
    "github.com": (
        "api.github.com",
        "gist.github.com",
        "docs.github.com",
        "status.github.com",
        "raw.github.com",
        "codeload.github.com",
        "uploads.github.com",
        "objects.github.com",
        "education.github.com",
        "support.github.com",
        "skills.github.com",
        "resources.github.com",
        "cli.github.com",
        "desktop.github.com",
        "pages.github.com",
        "partner.github.com",
        "enterprise.github.com",
        "githubstatus.com",
        "copilot.github.com",
        "models.github.com",
        "pkg.github.com",
        "npm.pkg.github.com",
        "maven.pkg.github.com",
        "nuget.pkg.github.com",
        "rubygems.pkg.github.com",
        "containers.pkg.github.com",
        "ghcr.io",
    ),
    "githubusercontent.com": (
        "raw.githubusercontent.com",
        "objects.githubusercontent.com",
        "avatars.githubusercontent.com",
        "user-images.githubusercontent.com",
        "private-user-images.githubusercontent.com",
        "camo.githubusercontent.com",
        "media.githubusercontent.com",
        "release-assets.githubusercontent.com",
        "gist.githubusercontent.com",
    ),
    "gitlab.com": (
        "about.gitlab.com",
        "docs.gitlab.com",
        "status.gitlab.com",
        "registry.gitlab.com",
        "packages.gitlab.com",
        "forum.gitlab.com",
        "handbook.gitlab.com",
        "customers.gitlab.com",
        "support.gitlab.com",
        "design.gitlab.com",
        "university.gitlab.com",
        "gitlab.io",
    ),
    "amazonaws.com": ("*.amazonaws.com",),  # service endpoints: classified by shape below
    "azure.com": (
        "portal.azure.com",
        "status.azure.com",
        "learn.azure.com",
        "dev.azure.com",
        "management.azure.com",
        "*.azurecr.io",
        "azure.status.microsoft",
    ),
    "microsoft.com": (
        "www.microsoft.com",
        "learn.microsoft.com",
        "docs.microsoft.com",
        "support.microsoft.com",
        "azure.microsoft.com",
        "techcommunity.microsoft.com",
        "msrc.microsoft.com",
        "login.microsoftonline.com",
        "teams.microsoft.com",
        "devblogs.microsoft.com",
        "aka.ms",
        "admin.microsoft.com",
        "portal.office.com",
        "status.office365.com",
    ),
    "windows.net": (
        "*.blob.core.windows.net",
        "*.file.core.windows.net",
        "*.queue.core.windows.net",
        "*.table.core.windows.net",
        "*.dfs.core.windows.net",
        "*.database.windows.net",
        "login.windows.net",
        "graph.windows.net",
    ),
    "googleapis.com": ("*.googleapis.com",),
    "google.com": (
        "cloud.google.com",
        "console.cloud.google.com",
        "status.cloud.google.com",
        "docs.google.com",
        "drive.google.com",
        "mail.google.com",
        "support.google.com",
        "developers.google.com",
        "groups.google.com",
        "accounts.google.com",
        "sites.google.com",
        "meet.google.com",
        "calendar.google.com",
        "play.google.com",
        "fonts.google.com",
        "www.google.com",
        "source.android.com",
    ),
    "cloudflare.com": (
        "www.cloudflare.com",
        "blog.cloudflare.com",
        "developers.cloudflare.com",
        "dash.cloudflare.com",
        "api.cloudflare.com",
        "cloudflarestatus.com",
        "community.cloudflare.com",
        "one.one.one.one",
        "radar.cloudflare.com",
        "support.cloudflare.com",
    ),
    "pypi.org": ("files.pythonhosted.org", "test.pypi.org", "upload.pypi.org", "status.python.org"),
    "npmjs.org": ("registry.npmjs.org", "www.npmjs.org"),
    "npmjs.com": ("www.npmjs.com", "docs.npmjs.com", "status.npmjs.com", "registry.npmjs.com"),
    "docker.io": ("registry-1.docker.io", "index.docker.io", "auth.docker.io", "production.cloudflare.docker.com"),
    "docker.com": (
        "hub.docker.com",
        "docs.docker.com",
        "www.docker.com",
        "status.docker.com",
        "download.docker.com",
        "desktop.docker.com",
    ),
    "kubernetes.io": (
        "docs.kubernetes.io",
        "kubernetes.io",
        "blog.kubernetes.io",
        "registry.k8s.io",
        "dl.k8s.io",
        "pkgs.k8s.io",
        "discuss.kubernetes.io",
        "github.com/kubernetes",
    ),
    "apple.com": ("developer.apple.com", "support.apple.com", "www.apple.com", "apps.apple.com", "itunes.apple.com"),
    "akamai.net": (),
}
# AWS service endpoints: service(.region)?.amazonaws.com(.cn), ec2 public names, the bucket hosts
# (the scanner's storage rule reports named buckets before this is asked)
_AWS_ENDPOINT = lazy(
    r"^(?:[a-z0-9-]+\.)?(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?(?:[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"
    r"|^ec2-[0-9-]+\.(?:[a-z0-9-]+\.)?compute(?:-\d)?\.amazonaws\.com$"
)
_GOOGLEAPIS = re.compile(r"^[a-z0-9-]+\.googleapis\.com$")


def _glob(pattern: str) -> re.Pattern[str]:
    """``*`` = one or more labels, ``?`` = one character, the rest literal."""
    parts = []
    for ch in pattern.lower():
        parts.append("[a-z0-9.-]+" if ch == "*" else "[a-z0-9-]" if ch == "?" else re.escape(ch))
    return re.compile("^" + "".join(parts) + "$")


@cache
def _compiled(patterns: tuple[str, ...]) -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact = frozenset(p.lower().rstrip(".") for p in patterns if "*" not in p and "?" not in p)
    globs = tuple(_glob(p) for p in patterns if "*" in p or "?" in p)
    return exact, globs


def matches_any(host: str, patterns: tuple[str, ...]) -> bool:
    """``host`` equals one of ``patterns`` or matches one of its globs."""
    if not patterns:
        return False
    exact, globs = _compiled(tuple(patterns))
    return host in exact or any(g.match(host) for g in globs)


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def vendor_domain(host: str) -> str | None:
    for d in VENDOR_HOSTS:
        if _under(host, d):
            return d
    return None


def vendor_public(host: str) -> bool:
    """A well-known vendor's bare domain, ``www.`` host or documented public host."""
    d = vendor_domain(host)
    if d is None:
        return False
    if host in (d, "www." + d):
        return True
    if d == "amazonaws.com":
        return bool(_AWS_ENDPOINT.match(host)) and not any(
            lab in ("corp", "internal", "intra", "int", "prod", "staging") for lab in host.split(".")[:-2]
        )
    if d == "googleapis.com":
        return bool(_GOOGLEAPIS.match(host))
    return matches_any(host, VENDOR_HOSTS[d])


def company_host(host: str, public_domains: tuple[str, ...], public_hosts: tuple[str, ...]) -> str | None:
    """For a host under the company's own public domains: None when it is published (one of those
    domains itself, its www., or one of ``public_hosts``), else ``"infra.company-host"``. Hosts
    elsewhere: None. Every listed domain counts, not only the first the host is under: with
    ``["acme.com", "status.acme.com"]``, ``status.acme.com`` is published."""
    doms = [d for d in public_domains if _under(host, d)]
    if not doms:
        return None
    if any(host in (d, "www." + d) for d in doms) or matches_any(host, tuple(public_hosts)):
        return None
    return "infra.company-host"


_URL_START = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def in_query_or_fragment(line: str, start: int) -> bool:
    """``line[start]`` is in a URL's query string or fragment (``…/doc#upgrading-to-lts-2-319-2``)."""
    lo = max(0, start - 2000)  # a window: a long line without spaces stays linear
    i = max(line.rfind(c, lo, start) for c in " \t<>\"'`([")
    chunk = line[max(i + 1, lo) : start]
    return ("?" in chunk or "#" in chunk) and (
        _URL_START.search(chunk) is not None or chunk.startswith(("/", "#", "?"))
    )


_CLOUD_REGION = lazy(
    r"^(?:(?:prod|prd|production|stg|staging|dev|test|qa|uat)-)?"
    r"(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-\d[a-z]?"
    r"|(?:[a-z]+)-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)\d[a-z]?(?:-[a-z])?"
    r"|[a-z]{2,3}[nsewc]{0,2}\d-az\d)$"
)


def cloud_region_id(token: str) -> bool:
    """A public cloud region or zone id, possibly after an environment word: ``eu-west-2``,
    ``prod-eu-west-2``, ``us-east-1a``, ``europe-west4-b``, ``mec1-az2``: a location, not a host."""
    return bool(_CLOUD_REGION.match(token.lower()))


_TRAIL = ".,;:!?'\""


def url_end(url: str) -> int:
    """The length of ``url`` without trailing sentence punctuation and unbalanced closing brackets
    (``https://ci.jenkins.io),`` -> ``https://ci.jenkins.io``), so a mask keeps Markdown links whole."""
    end = len(url)
    while end > 0:
        c = url[end - 1]
        if c in _TRAIL or c == "*" or c == "_" and url[end - 2 : end - 1] in ("_", "*"):
            end -= 1
        elif c in ")]}":
            opener = {")": "(", "]": "[", "}": "{"}[c]
            if url.count(opener, 0, end) < url.count(c, 0, end):
                end -= 1
            else:
                break
        else:
            break
    return end


def effective_lists(config: object) -> list[tuple[str, list[str]]]:
    """What ``commsgen locate`` prints: the host lists in force (label, values)."""
    vendors = [f"{d} ({', '.join(hs) if hs else 'bare domain only'})" for d, hs in VENDOR_HOSTS.items()]
    return [
        ("public_domains:   ", list(getattr(config, "public_domains", ()) or ())),
        ("public_hosts:     ", list(getattr(config, "public_hosts", ()) or ())),
        ("internal_domains: ", list(getattr(config, "internal_domains", ()) or ())),
        ("vendor hosts:     ", ["; ".join(vendors)]),
    ]
