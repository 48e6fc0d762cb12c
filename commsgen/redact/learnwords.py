"""Which tokens a learnt term can be (``learn.py``): hosts and identifiers by their shape, never a
tool, a software version, a number, a plain word, a credential's name or a public site."""

from __future__ import annotations

import re
from functools import lru_cache

from commsgen.redact import likely_names as N
from commsgen.redact.lazyre import lazy

HOSTNAME = lazy(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")

# words that are tools, software, clouds, standards or plain words, never learnt
TECH = frozenset(
    """
aws azure gcp google amazon microsoft github gitlab bitbucket atlassian jira confluence slack teams zoom
kubernetes k8s k3s eks aks gke openshift docker podman helm terraform ansible chef puppet salt vagrant packer
linux ubuntu debian centos rhel alpine windows macos ios android unix bsd freebsd
postgres postgresql mysql mariadb mongodb mongo redis memcached kafka zookeeper rabbitmq elasticsearch opensearch
cassandra clickhouse sqlite oracle mssql dynamodb aurora rds s3 ec2 ecs lambda cloudfront cloudwatch route53 iam
nginx apache haproxy envoy traefik istio linkerd consul vault nomad etcd coredns kiam kyverno calico cilium flux
argocd argo jenkins circleci travis buildkite tekton spinnaker prometheus grafana loki tempo jaeger kibana
logstash fluentd fluentbit datadog newrelic splunk sentry pagerduty opsgenie statuspage cloudflare fastly akamai
java python ruby rails node nodejs npm yarn pip maven gradle golang rust php perl dotnet javascript typescript
http https tcp udp dns tls ssl ssh sftp ftp smtp imap ldap saml oauth oidc jwt json yaml xml csv html css sql
api cli sdk ui ux cdn vpn vpc lan wan ip ipv4 ipv6 cpu gpu ram ssd hdd nvme raid lvm nfs smb iops
log4j log4shell openssl openssh systemd cron sudo bash zsh git svn kubectl curl wget grep sed awk tar
true false null none yes no ok todo
kube-system kube-public kube-node-lease default ingress-nginx cert-manager
artifactory jfrog sonatype nexus harbor quay gcr ecr acr digitalocean linode hetzner ovh heroku vercel netlify
openvpn wireguard letsencrypt mailgun sendgrid twilio okta auth0 keycloak dependabot renovate snyk updatecli
cloudbees oracle ibm redhat suse canonical hashicorp confluent elastic mirrorbrain fluxcd crossplane karpenter
velero rancher lens teleport tailscale zscaler cisco juniper fortinet paloalto vmware proxmox openstack ceph
europe asia africa america australia denmark germany france sweden norway finland ireland india japan china
digital ocean brazil canada netherlands spain italy poland switzerland austria belgium london paris amsterdam frankfurt dublin
copenhagen stockholm oslo helsinki tokyo singapore sydney virginia oregon ohio california iowa
twitter facebook instagram whatsapp messenger youtube linkedin reddit mastodon bluesky discord telegram tiktok threads
pg_dump pg_dumpall pg_restore pg_basebackup pg_upgrade pg_ctl pg_ctlcluster pg_rewind pg_receivewal pg_repack
pg_stat_activity pg_stat_replication pg_hba pg_isready pg_bouncer pgbouncer patroni patronictl repmgr wal-g wal-e
pgbackrest barman mysqldump mysqlbinlog xtrabackup gh-ost pt-online-schema-change pt-kill orchestrator vitess
proxysql redis-cli redis-server redis-sentinel mongodump mongorestore mongosh etcdctl consul-template
kube-proxy kube-apiserver kube-scheduler kube-controller-manager kube-dns kube-state-metrics node-exporter
cloud-init containerd runc cri-o dockerd docker-compose nvidia-smi iptables nftables tcpdump strace netstat
""".split()
)
SOFTWARE_NUM = lazy(
    r"(?i)^(?:v\d+[a-z]?|x86\w*|x64|arm64\w*|amd64\w*|aarch64|s390x|ppc64le|i[36]86|ipv[46]|utf-?(?:8|16)(?:mb\d)?|k[38]s"
    r"|jdk-?\d+|java-?\d+|jre-?\d+|python-?\d*|py\d+|node-?\d+|http-?[123]|h[123]|s3|ec2|gen\d|log4[jJ]\d?|p\d{2,3}"
    r"|sev-?\d|tls-?1?\d*|sha-?\d+|md5|mp[34]|h26[45]|iso-?\d+|q[1-4]|fy\d+|w\d+|rc\d+|beta\d*|alpha\d*|win\d+"
    r"|es20\d\d|html5|css3|oauth2|web[23]|[1-9]d|[0-9]fa|mfa|covid-?19|y2k|[a-z]\d|[a-z]\d[a-z]?\.\w+|e2e|b2[bc]"
    r"|p2p|i18n|l10n|a11y|cve-\d+-\d+|cwe-\d+|rfc-?\d+|pm\d+-\d+|inc-?\d+|sev\d)$"
)
ORDINAL = lazy(
    r"(?i)^(?:tier|level|step|phase|stage|sev|priority|region|zone|day|week|part|round|batch|wave"
    r"|version|release|build|ring|p|q|h|gen|group|team|row|rack|slot|item|page|line)-?\d+$"
)
_HEXISH = lazy(r"^(?:[0-9a-f]{7,}|[0-9a-f]{1,4}(?::[0-9a-f]{0,4})+)$")  # git SHAs, IPv6 pieces
_CRED_WORDS = lazy(
    r"secret|token|passw|passwd|api_?key|apikey|access_?key|private_?key|auth|credential"
    r"|^sk_|^rk_|^pk_|^gh[pousr]_|^github_pat|^glpat|^xox|^npm_|^aiza"
)
_PROTOCOL = re.compile(r"^[A-Z]{2,}\d")  # JNLP4-connect, HTTP2, TLS13: protocols, versions
UPPER_KEY = re.compile(r"^[A-Z][A-Z0-9]*-\d+$")  # ticket keys: INFRA-2944, PR-1625
VERSIONISH = re.compile(r"\d+[-_.]\d+")  # lts-2-319-2, aks-1-26


def plain(word: str) -> bool:
    w = word.casefold()
    return w in TECH or w in N.common_words() or w in N._NOT_SURNAMES


@lru_cache(maxsize=8192)
def host_ok(host: str) -> bool:
    """A learnt host: not a tool, a software version, a number or a plain word."""
    h = host.strip(".").casefold()
    if (
        len(h) < 2
        or h.isdigit()
        or plain(h)
        or SOFTWARE_NUM.match(h)
        or _PROTOCOL.match(host)
        or _HEXISH.match(h)
        or _secretish(host)
    ):
        return False
    if "." in h:
        if not HOSTNAME.match(h) or h.split(".")[-1].isdigit():
            return False  # 1.2.3, file.txt-like tokens are left to other rules
        tld = h.rsplit(".", 1)[-1]
        if (
            tld
            in (
                "py",
                "js",
                "ts",
                "go",
                "rb",
                "md",
                "txt",
                "yaml",
                "yml",
                "json",
                "toml",
                "sh",
                "log",
                "conf",
                "service",
                "socket",
                "timer",
                "mount",
                "target",
                "exe",
                "dll",
                "so",
                "jar",
                "war",
                "ini",
                "cfg",
            )
            or tld in _FILE_EXTENSIONS
        ):
            return False
    return True


# more file extensions that are no top-level domain in use (a driver, an archive, a dump, a key file):
# `C-00000291-00000000-00000032.sys` is a file name. Extensions that are also live TLDs (.zip, .app,
# .dev, .rs, .cc, .tf) are left out: a host under them is more likely than a file name
_FILE_EXTENSIONS = frozenset(
    "sys bin img iso tar gz tgz bz2 xz zst csv tsv sql xml htm html pem crt cer der p12 pfx jks pdf snap db sqlite"
    " bak dmp msi deb rpm lock hcl java cpp hpp ps1 bat vhd vhdx evtx etl dat pid sock tmp whl dmg plist reg cab"
    " parquet avro proto textproto pb gguf onnx ckpt".split()
)


def _secretish(tok: str) -> bool:
    """A credential or its variable's name (the secret rules' business), or a masked value: not a name."""
    low = tok.lower()
    if _CRED_WORDS.search(low) or len(tok) > 40:
        return True
    labels = re.split(r"[-_.]", tok)
    if any(
        len(lab) >= 8 and re.search(r"[a-z]", lab) and re.search(r"[A-Z]", lab) and re.search(r"\d", lab)
        for lab in labels
    ):
        return True  # random-looking (glpat-WaijCsHB2P-...)
    return any(re.fullmatch(r"[x*#]{2,}", lab.lower()) for lab in labels)  # xxx-xxx-9007


@lru_cache(maxsize=8192)
def ident_ok(tok: str, *, strict: bool) -> bool:
    """An identifier-like name: snake, kebab or camel case with a digit (``ADSync-CI-2``), or snake case.
    ``strict`` (loose texts, no fields): kebab names need three labels, one with a digit. The shape is
    checked first (cheap), the word lists and exclusions after."""
    digit = any(c.isdigit() for c in tok)
    if "-" in tok:
        labels = tok.split("-")
        if not digit or strict and (len(labels) < 3 or all(lab.isdigit() for lab in labels[1:])):
            return False
    elif "_" in tok:
        if tok.isupper() or tok.count("_") < (2 if strict else 1):
            return False  # JENKINS_HOME is a variable
    elif not digit or strict:
        return False  # camel case with a digit, in fields only
    return not (
        plain(tok) or SOFTWARE_NUM.match(tok) or UPPER_KEY.match(tok) or VERSIONISH.search(tok) or _secretish(tok)
    )


def strict_code(code: str) -> bool:
    """A loose text's code span worth learning: a kebab or snake name with a label that mixes letters
    and digits (``k8s-janitor``, ``temp-privatek8s``), not a word and a number (``maven-11``)."""
    labels = re.split(r"[-_]", code)
    if len(labels) < 2 or "." in code or code.isupper():
        return False
    return any(re.fullmatch(r"[a-z]+\d+[a-z0-9]*|\d+[a-z]+[a-z0-9]*", lab) for lab in labels)


def public_host(host: str) -> bool:
    """A host on a well-known public suffix that learning must not claim (github.com, pypi.org)."""
    from commsgen.redact.hosts import vendor_public

    return vendor_public(host.casefold())
