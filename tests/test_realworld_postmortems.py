"""Third-party postmortems (tests/data/realworld/: modelled on public incident reports, written for
testing) through the whole pipeline: every public output is produced, with the samples'
configuration and with none, and an engineering-only detail copied into the customer summary is
refused.

The files hold the wording each false refusal of session 31 came from (docs/REDACTION-REAL-TEXT.md,
"Session 31: third-party postmortems"): a company's own site named while a link in the file points
at it (GitHub.com), a service's public name taught back as a machine by the customer text
(Amazon Cognito), a service id that is its public name with another separator (gitlab-com), a
service id that is one English word (backbone), a public platform and a public tool named in
the customer text (Twitter, pg_dump).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLES

from commsgen import pipeline
from commsgen.config import Config, load_config

DATA = Path(__file__).parent / "data" / "realworld"
FILES = sorted(DATA.glob("*.yaml"))
PUBLIC = [("customer", "md"), ("customer", "txt"), ("status", "txt"), ("status", "json"), ("executive", "md")]
PUBLIC_KEYS = ("customer", "status_page", "executive")

# engineering-only details of each file, as a writer would copy them into the customer text: hosts,
# addresses, internal ids, commands with a credential (people's names are added from each file)
PLANTED = {
    "atlassian-2022-04-deletion": [
        "ops-bastion-03.prod.atl-paas.net",
        "tcs-prod-usw2-shard-14",
        "restore-orchestrator",
        "abrennan@atlassian.example",
    ],
    "aws-2020-11-kinesis": ["kfe-iad-1187.iad7.amazon.com", "kfe-iad-1187"],
    "azure-2025-10-front-door": [
        "afd-edge-ams21.frontdoor.azure-int.net",
        "chloe.dubois@afd-ops.example.net",
        "afdcfg-validator",
        "afd-config-pipeline",
        "@raiyer",
    ],
    "cloudflare-2019-07-waf": ["36m122.ams01.cfops.net", "grafana.cfdata.org/d/edge-cpu"],
    "crowdstrike-2024-07-channel-file": ["content-publisher-01.cs-prod.internal", "content-interpreter"],
    "facebook-2021-10-bgp": ["prn1-bb-rtr-01", "edge-dns-lhr3-07"],
    "fastly-2021-06-config": ["cache-lhr6324", "svc_7Qm2Kx", "h2o-2021.05.12-r3"],
    "gcp-2025-06-service-control": ["servicecontrol_20250529_RC00", "cp-quota-prod", "@meeras"],
    "github-2018-10-partition": [
        "mysql-cluster5-master-west",
        "edge-rtr-iad-02",
        "10.97.4.21",
        "s3://gh-mysql-backups/cluster5/2018-10-21/",
        "@samlambert",
    ],
    "gitlab-2017-01-database": [
        "db1.cluster.gitlab.com",
        "db1.staging.gitlab.com",
        "PGPASSWORD=Xk9mQ2vL7pZr4T psql -h db2.cluster.gitlab.com",
        "@yorickpeterse",
    ],
    "roblox-2021-10-consul": [
        "consul-prd-03.rbx.internal",
        "10.40.8.13",
        "consul-prod",
        "VAULT_TOKEN=hvs.CAESIJq8sT2vX9mK4nL7pR3wY6zB1cD5fG0hJ8kM2nQ4rT6uV",
    ],
    "slack-2021-01-transit": ["tgw-0a3f9c1e77b2d4e15", "grafana.tinyspeck.com", "webapp-prod-iad-4c-0481"],
}


@lru_cache(maxsize=1)
def _config() -> Config:
    return load_config(str(SAMPLES / "commsgen.toml"))


def _data(path: Path) -> dict:
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _public_text(data: dict) -> str:
    return json.dumps([data.get(k) for k in PUBLIC_KEYS])


def _engineering_text(data: dict) -> str:
    return json.dumps({k: v for k, v in data.items() if k not in PUBLIC_KEYS})


def test_every_file_is_here_and_planted():
    assert len(FILES) == 12
    assert sorted(p.stem for p in FILES) == sorted(PLANTED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_public_outputs_are_produced(path):
    loaded = pipeline.load(str(path))
    for config in (_config(), Config.default()):
        for audience, fmt in PUBLIC:
            out = pipeline.build(loaded, config, audience, fmt, lint=False)
            blocking = [(f.rule, f.excerpt) for f in out.findings if f.blocking]
            assert out.ok, (audience, fmt, out.refused, blocking)


def _variants(path: Path):
    """(term, postmortem) for each engineering-only detail of ``path`` copied into its customer
    summary, in a sentence of its own."""
    data = _data(path)
    terms = [*PLANTED[path.stem], *(p["name"] for p in data["people"])]
    eng, public = _engineering_text(data), _public_text(data)
    for term in terms:
        # the detail is the file's engineering text's, and its public text does not hold it already
        assert term in eng and term not in public, term
        planted = json.loads(json.dumps(data))
        planted["customer"]["summary"] += f" For the record, {term} was part of it."
        yield term, pipeline.loads(yaml.safe_dump(planted, sort_keys=False), f"{path.stem}.yaml")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_an_engineering_detail_copied_into_the_customer_summary_is_refused(path):
    config = _config()
    for term, loaded in _variants(path):
        for cfg in (config, Config.default()):
            out = pipeline.build(loaded, cfg, "customer", "md", lint=False)
            assert not out.ok, (term, [(f.rule, f.excerpt) for f in out.findings])


# the classes of public wording behind those refusals, each generated from its table
PLATFORMS = ("Twitter", "Facebook", "Instagram", "YouTube", "Reddit", "Mastodon", "Bluesky", "Discord", "Telegram")


def test_a_public_platform_in_a_sentence_about_servers_is_not_a_machine():
    """``on Twitter`` in a customer line that also speaks of load or servers: the customer text's
    own contexts taught the platform as a pet-named machine (learn.py's ``on Freud and Franz``)."""
    data = _data(DATA / "gitlab-2017-01-database.yaml")
    data["customer"]["what_happened"] = " ".join(
        f"While the load on our servers was high, we posted updates on {p}." for p in PLATFORMS
    )
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "platforms.yaml")
    for cfg in (_config(), Config.default()):
        out = pipeline.build(loaded, cfg, "customer", "md", lint=False)
        assert out.ok, [(f.rule, f.excerpt) for f in out.findings if f.blocking]


def test_public_tool_names_from_the_engineering_text_pass_in_the_customer_text():
    """Database, replication and Kubernetes tools the engineering text quotes (`pg_dump`) are public
    software, not internal identifiers; the same terms written as hosts in a command still teach."""
    from commsgen.redact.learnwords import TECH

    tools = sorted(t for t in TECH if "_" in t or "-" in t)
    assert "pg_dump" in tools and "gh-ost" in tools
    data = _data(DATA / "gitlab-2017-01-database.yaml")
    data["technical_analysis"] = "\n".join(f"- `{t}` was running on the primary" for t in tools)
    data["customer"]["what_happened"] = " ".join(f"We use {t}." for t in tools)
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "tools.yaml")
    out = pipeline.build(loaded, Config.default(), "customer", "md", lint=False)
    assert out.ok, [(f.rule, f.excerpt) for f in out.findings if f.blocking]


@pytest.mark.parametrize(
    ("sid", "public"),
    [("gitlab-com", "GitLab.com"), ("fly_io", "Fly.io"), ("status-page", "Status Page"), ("github.com", "GitHub.com")],
)
def test_a_service_id_that_is_its_public_name_with_other_separators_is_not_internal(sid, public):
    data = _data(DATA / "gitlab-2017-01-database.yaml")
    data["services"][0] = {"id": sid, "public_name": public, "tier": 1}
    data["customer"]["summary"] = f"{public} was unavailable for many hours."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "sid.yaml")
    out = pipeline.build(loaded, Config.default(), "customer", "md", lint=False)
    assert out.ok, [(f.rule, f.excerpt) for f in out.findings if f.blocking]


@pytest.mark.parametrize("word", ["backbone", "search", "ledger", "checkout"])
def test_a_one_word_service_id_warns_and_a_named_one_still_blocks(word):
    data = _data(DATA / "facebook-2021-10-bgp.yaml")
    data["services"] = [
        {"id": word, "tier": 1},
        {"id": f"{word}-db-2", "tier": 1},
        {"id": "facebook-app", "public_name": "Facebook", "tier": 1},
    ]
    data["customer"]["summary"] = f"Our {word} system had a problem."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "word.yaml")
    out = pipeline.build(loaded, Config.default(), "customer", "md", lint=False)
    assert out.ok
    assert {(f.rule, f.severity) for f in out.findings if f.excerpt == word} == {("service.internal-word", "warn")}
    data["customer"]["summary"] = f"Our {word}-db-2 system had a problem."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "word.yaml")
    assert not pipeline.build(loaded, Config.default(), "customer", "md", lint=False).ok


PLACES = ("San Francisco", "New York", "Los Angeles", "São Paulo", "Hong Kong", "Tel Aviv", "Salt Lake City")


def test_a_place_of_several_words_in_a_sentence_about_deploys_is_not_a_cluster():
    """``in London and San Francisco`` in a customer line that also says "deployed": the first
    word of a longer proper name was taught as a cluster name (``San``)."""
    data = _data(DATA / "cloudflare-2019-07-waf.yaml")
    data["customer"]["what_happened"] = " ".join(
        f"The rule was deployed everywhere; our team in London and {p} found it." for p in PLACES
    )
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "places.yaml")
    for cfg in (_config(), Config.default()):
        out = pipeline.build(loaded, cfg, "customer", "md", lint=False)
        assert out.ok, [(f.rule, f.excerpt) for f in out.findings if f.blocking]
    # a pet-named machine written alone is still taught and refused
    data["technical_analysis"] = "Load was high on Zorbax and Freud after the deploy."
    data["customer"]["what_happened"] += " Zorbax was slow."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "places.yaml")
    assert not pipeline.build(loaded, Config.default(), "customer", "md", lint=False).ok


@pytest.mark.parametrize("ext", ["sys", "bin", "tar", "gz", "csv", "sql", "pem", "pdf", "snap", "bak", "msi"])
def test_a_file_name_from_the_engineering_text_is_not_a_host(ext):
    """A code span naming a file (``C-00000291-00000000-00000032.sys``) taught it as a host; the same
    name under a host's own last label is still taught."""
    data = _data(DATA / "crowdstrike-2024-07-channel-file.yaml")
    name = f"C-00000291-00000000-00000032.{ext}"
    data["technical_analysis"] = f"Sensors loaded `{name}` at boot."
    data["customer"]["what_happened"] = f"The file {name} caused the crash."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "ext.yaml")
    out = pipeline.build(loaded, Config.default(), "customer", "md", lint=False)
    assert out.ok, [(f.rule, f.excerpt) for f in out.findings if f.blocking]
    data["technical_analysis"] = "Sensors loaded content from `cdn-07.cs-edge.net` at boot."
    data["customer"]["what_happened"] = "The server cdn-07.cs-edge.net sent it."
    loaded = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "ext.yaml")
    assert not pipeline.build(loaded, Config.default(), "customer", "md", lint=False).ok
