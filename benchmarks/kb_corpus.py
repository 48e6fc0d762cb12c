"""Corpora of past postmortems for the knowledge base's tests and benchmarks.

    python benchmarks/kb_corpus.py --files 1000 --out DIR      # generated, realistic, labelled
    python benchmarks/kb_corpus.py --fixed --out DIR           # the fixed corpus the tests check

``generate``: services, recurring causes (each postmortem belongs to one cause family: its label for
"seen before?"), seasonal counts (more in November and December), actions done, late or overdue.
Texts share a common incident vocabulary, so words alone do not give the family away.

``fixed``: a small corpus whose figures are checkable by hand (tests/test_kb_review.py spells
each expected value out with its arithmetic).
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

FAMILIES: list[dict[str, Any]] = [
    {
        "key": "pool-pinned",
        "services": ["payments-api", "payments-db"],
        "trigger": "config-push",
        "tags": ["database", "failover", "connection-pool"],
        "words": ["pgbouncer", "writer endpoint", "read-only transaction", "demoted primary", "switchover", "pool"],
        "title": "Payment writes failed after {w0} of payments-db",
        "prevent": "Point the pool at the writer endpoint",
    },
    {
        "key": "cert-expiry",
        "services": ["partner-gateway", "notify-svc", "mesh-ca"],
        "trigger": "other",
        "tags": ["certificates", "expiry"],
        "words": ["certificate expired", "renewal", "cert-manager", "x509", "intermediate", "handshake"],
        "title": "{svc} unavailable after a certificate expired ({w0})",
        "prevent": "Alert 21 days before any certificate expires",
    },
    {
        "key": "bad-release",
        "services": ["identity-svc", "storefront-web"],
        "trigger": "binary-push",
        "tags": ["release", "rollback"],
        "words": ["release", "rollback", "canary", "regression", "feature flag", "version"],
        "title": "{svc} errors after release {n}.{m} ({w0})",
        "prevent": "Canary every release for 30 minutes",
    },
    {
        "key": "capacity",
        "services": ["storefront-web", "search-api"],
        "trigger": "capacity",
        "tags": ["capacity", "autoscaling", "peak-traffic"],
        "words": ["autoscaler", "maxReplicas", "peak traffic", "node pool", "saturation", "sale"],
        "title": "{svc} slow at peak traffic ({w0})",
        "prevent": "Load-test at 8x daily peak before sales",
    },
    {
        "key": "sms-provider",
        "services": ["notify-svc", "identity-svc"],
        "trigger": "dependency",
        "tags": ["sms", "provider"],
        "words": ["sms provider", "one-time codes", "rate limit", "http 429", "sender number", "delivery"],
        "title": "SMS codes delayed ({w0})",
        "prevent": "Add a second SMS provider",
    },
    {
        "key": "reindex",
        "services": ["search-api", "catalog-indexer"],
        "trigger": "pipeline",
        "tags": ["reindex", "shards"],
        "words": ["re-index", "bulk indexing", "shard", "indexer lag", "hot spot", "catalog"],
        "title": "Search degraded during {w0}",
        "prevent": "Throttle bulk indexing on live clusters",
    },
    {
        "key": "slow-query",
        "services": ["merchant-dashboard", "records-api"],
        "trigger": "performance-decay",
        "tags": ["slow-query", "database"],
        "words": ["sequential scan", "query planner", "stale statistics", "orders table", "index", "report"],
        "title": "{svc} reports slow ({w0})",
        "prevent": "Partition the orders table",
    },
    {
        "key": "dns",
        "services": ["storefront-web", "partner-gateway", "identity-svc"],
        "trigger": "config-push",
        "tags": ["dns", "resolver"],
        "words": ["dns", "resolver", "ttl", "record", "nxdomain", "zone"],
        "title": "{svc} unreachable after a DNS change ({w0})",
        "prevent": "Lint DNS changes before they apply",
    },
    {
        "key": "queue-backlog",
        "services": ["notify-svc", "payments-api"],
        "trigger": "user-behaviour",
        "tags": ["queue", "backlog"],
        "words": ["queue depth", "consumer lag", "dead-letter", "retry storm", "backlog", "kafka"],
        "title": "{svc} backlog after a retry storm ({w0})",
        "prevent": "Cap retries with exponential backoff",
    },
    {
        "key": "disk-full",
        "services": ["records-api", "payments-db", "catalog-indexer"],
        "trigger": "hardware",
        "tags": ["disk", "storage"],
        "words": ["disk full", "volume", "inode", "log rotation", "wal segments", "storage"],
        "title": "{svc} stopped writing when a volume filled ({w0})",
        "prevent": "Alert at 80% volume use",
    },
]
COMMON = [
    "error rate rose",
    "customers saw failures",
    "on-call engineer paged",
    "impact on checkout",
    "latency increased",
    "rollback considered",
    "status page updated",
    "dashboard showed",
    "database",
    "traffic",
    "retry",
    "timeout",
    "configuration",
    "alert fired",
    "mitigated",
    "deploy",
]
SEVERITIES = ["SEV1", "SEV2", "SEV2", "SEV3", "SEV3", "SEV3", "SEV4"]
SOURCES = ["monitoring", "monitoring", "monitoring", "synthetic", "customer", "internal", "third-party"]
# incidents per month, relative: more around the November and December peaks
SEASON = [0.8, 0.7, 0.8, 0.8, 0.9, 0.9, 0.8, 0.8, 1.0, 1.1, 1.6, 1.5]
PEOPLE = ["Dana Whitfield", "Omar Haddad", "Priya Raman", "Lena Fischer", "Tomás Ortega", "Mei Tanaka"]


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _month_start(rnd: random.Random, years: tuple[int, ...]) -> datetime:
    months = [(y, m) for y in years for m in range(1, 13)]
    y, m = rnd.choices(months, weights=[SEASON[m - 1] for _, m in months])[0]
    return datetime(y, m, 1, tzinfo=timezone.utc) + timedelta(minutes=rnd.randrange(27 * 24 * 60))


def postmortem(i: int, rnd: random.Random, years: tuple[int, ...] = (2024, 2025, 2026)) -> tuple[dict[str, Any], str]:
    """One generated postmortem (a dict of format v1) and its cause family."""
    fam = FAMILIES[rnd.randrange(len(FAMILIES))]
    start = _month_start(rnd, years)
    sev = rnd.choice(SEVERITIES)
    scale = {"SEV1": 1, "SEV2": 2, "SEV3": 4, "SEV4": 8}[sev]
    ttd = rnd.randint(1, 20) * scale
    tta = ttd + rnd.randint(1, 10)
    ttm = tta + rnd.randint(5, 60) * scale
    ttr = ttm + rnd.randint(5, 90) * scale
    svc = rnd.choice(fam["services"])
    services = list(dict.fromkeys([svc] + rnd.sample(fam["services"], k=rnd.randint(0, len(fam["services"]) - 1))))
    words = [rnd.choice(fam["words"]), *rnd.sample(COMMON, k=2)]  # one word of its own family
    noise = rnd.sample(COMMON, k=5)
    # words of other families: postmortems mention neighbouring systems, and words alone mislead
    others = [FAMILIES[rnd.randrange(len(FAMILIES))]["words"][rnd.randrange(6)] for _ in range(3)]
    other = " and ".join(others[:2])
    resolved = start + timedelta(minutes=ttr)
    due = (resolved + timedelta(days=rnd.choice([14, 30, 60]))).date()
    status = rnd.choice(["done", "done", "open", "in-progress", "wont-do"])
    action = {"title": fam["prevent"], "type": "prevent", "owner": "SRE", "due": due.isoformat(), "status": status}
    if status == "done":
        action["note"] = f"Done {(due + timedelta(days=rnd.randint(-10, 10))).isoformat()}."
    pm = {
        "format": "commsgen/postmortem/v1",
        "id": f"INC-{start.year}-{i:06d}",
        "title": (
            fam["title"].format(w0=words[0], svc=svc, n=rnd.randint(1, 9), m=rnd.randint(0, 30))
            if rnd.random() < 0.3
            else f"{svc} incident: {others[2]} and {noise[0]}"
        ),
        "status": rnd.choice(["final"] * 9 + ["draft"]),
        "event_type": rnd.choice(["outage", "degradation"]),
        "severity": sev,
        "tags": rnd.sample(fam["tags"], k=rnd.randint(0, len(fam["tags"]))),
        "trigger_kind": fam["trigger"] if rnd.random() < 0.8 else None,
        "detection_source": rnd.choice(SOURCES),
        "exclude_from_metrics": rnd.random() < 0.03,
        "services": [{"id": s} for s in services],
        "people": [{"name": rnd.choice(PEOPLE), "role": "lead"}],
        "times": {
            "started": _iso(start),
            "detected": _iso(start + timedelta(minutes=ttd)),
            "acknowledged": _iso(start + timedelta(minutes=tta)),
            "mitigated": _iso(start + timedelta(minutes=ttm)),
            "resolved": _iso(resolved),
            "closed": _iso(resolved + timedelta(hours=rnd.choice([20, 30, 40, 60, 100]))),
        },
        "summary": (
            f"{noise[0].capitalize()} on {svc} when {words[0]} happened; {noise[1]} and {noise[2]}. "
            f"We saw {words[1]} and {other}."
        ),
        "impact": {"description": f"{noise[3].capitalize()} for {ttr} minutes.", "slo_breached": rnd.random() < 0.5},
        "timeline": [
            {"at": _iso(start + timedelta(minutes=ttd)), "kind": "alert", "text": f"Alert: {noise[4]} on {svc}."},
            {"at": _iso(resolved), "kind": "resolution", "text": f"Resolved after fixing {words[2]}."},
        ],
        "contributing_factors": [{"kind": "technical", "description": f"{words[1].capitalize()} was not handled."}],
        "root_cause": {"summary": f"{words[2].capitalize()} on {svc}."},
        "resolution": f"Fixed {words[2]} and restarted {svc}.",
        "action_items": [action],
    }
    for k in ("tags", "trigger_kind"):
        if not pm[k]:
            del pm[k]
    return pm, fam["key"]


def generate(out: Path, n: int, seed: int = 7, yaml_every: int = 10) -> dict[str, str]:
    """Write ``n`` postmortems into ``out`` (every ``yaml_every``-th as YAML, the rest JSON). Returns
    id -> cause family (the labels)."""
    import yaml

    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    labels = {}
    for i in range(n):
        pm, fam = postmortem(i, rnd)
        labels[pm["id"]] = fam
        sub = out / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        if yaml_every and i % yaml_every == 0:
            (sub / f"{pm['id']}.yaml").write_text(
                yaml.safe_dump(pm, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
        else:
            (sub / f"{pm['id']}.json").write_text(json.dumps(pm, ensure_ascii=False), encoding="utf-8")
    return labels


# ---------------------------------------------------------------------------------- fixed corpus
def _fixed_pm(pid: str, sev: str, start: datetime, minutes: dict[str, int | None], **extra: Any) -> dict[str, Any]:
    times = {"started": _iso(start)}
    for k, m in minutes.items():
        if m is not None:
            times[k] = _iso(start + timedelta(minutes=m))
    pm = {
        "format": "commsgen/postmortem/v1",
        "id": pid,
        "title": f"Fixed corpus incident {pid}",
        "status": "final",
        "event_type": "outage",
        "severity": sev,
        "services": [{"id": "api"}],
        "people": [{"name": "Dana Whitfield", "role": "lead"}],
        "times": times,
        "summary": f"Incident {pid} of the fixed corpus.",
        "impact": {"description": "Some requests failed."},
        "timeline": [{"at": times["started"], "text": "Impact begins."}],
    }
    pm.update(extra)
    return pm


def fixed() -> list[dict[str, Any]]:
    """The fixed corpus (see tests/test_kb_review.py for every expected figure)."""
    out = []
    for i in range(1, 11):  # SEV2 x 10 in 2026Q4: detect i, acknowledge i+1, mitigate 5i, resolve 10i minutes
        month = 10 if i <= 4 else 11 if i <= 8 else 12
        start = datetime(2026, month, i, 10, 0, tzinfo=timezone.utc)
        closed = 10 * i + (24 * 60 if i <= 7 else 72 * 60) if i <= 9 else None
        extra: dict[str, Any] = {
            "trigger_kind": "config-push" if i % 2 else "capacity",
            "detection_source": "monitoring" if i <= 8 else "customer",
        }
        if i % 2 == 0:
            extra["services"] = [{"id": "api"}, {"id": "db"}]
        if i <= 5:
            extra["impact"] = {"description": "Some requests failed.", "slo_breached": False}
        if i == 1:
            extra["action_items"] = [
                {
                    "title": "Prevent A",
                    "type": "prevent",
                    "due": "2026-10-20",
                    "status": "done",
                    "note": "Done 2026-10-15.",
                },
                {
                    "title": "Prevent B",
                    "type": "prevent",
                    "due": "2026-10-20",
                    "status": "done",
                    "note": "Done 2026-10-25.",
                },
                {"title": "Detect C", "type": "detect", "due": "2026-10-20", "status": "done"},
                {"title": "Process D", "type": "process", "due": "2026-12-01", "status": "open"},
                {"title": "Mitigate E", "type": "mitigate", "due": "2026-12-31", "status": "in-progress"},
                {"title": "Process F", "type": "process", "status": "wont-do"},
            ]
        out.append(
            _fixed_pm(
                f"F-{i:02d}",
                "SEV2",
                start,
                {"detected": i, "acknowledged": i + 1, "mitigated": 5 * i, "resolved": 10 * i, "closed": closed},
                **extra,
            )
        )
    for j, (det, ack, mit, res) in enumerate([(2, 3, 30, 60), (4, 6, 60, 120), (30, None, 300, 600)], 1):
        start = datetime(2026, 11, 1 + j, 10, 0, tzinfo=timezone.utc)
        extra = {
            "trigger_kind": "binary-push",
            "services": [{"id": "api"}, {"id": "edge"}],
            "tags": ["deploy", "rollback"],
            "impact": {"description": "Most requests failed.", "slo_breached": True},
        }
        if j != 2:
            extra["detection_source"] = "customer" if j == 1 else "synthetic"
        if j == 1:
            extra["action_items"] = [{"title": "Prevent G", "type": "prevent", "due": "2026-11-30", "status": "open"}]
        out.append(
            _fixed_pm(
                f"G-{j}",
                "SEV1",
                start,
                {"detected": det, "acknowledged": ack, "mitigated": mit, "resolved": res, "closed": res + 24 * 60},
                **extra,
            )
        )
    # left out: a drill (exclude_from_metrics) and a draft; the drill would join the config-push theme
    out.append(
        _fixed_pm(
            "D-1",
            "SEV1",
            datetime(2026, 10, 15, 9, 0, tzinfo=timezone.utc),
            {"detected": 1, "resolved": 5},
            exclude_from_metrics=True,
            trigger_kind="config-push",
        )
    )
    out.append(
        _fixed_pm(
            "D-2",
            "SEV3",
            datetime(2026, 12, 20, 9, 0, tzinfo=timezone.utc),
            {"detected": 1, "resolved": 5},
            status="draft",
        )
    )
    # previous periods: 2026Q3 x 4, 2026Q2 x 1
    out.append(
        _fixed_pm(
            "P-1",
            "SEV2",
            datetime(2026, 8, 3, 9, 0, tzinfo=timezone.utc),
            {"resolved": 30},
            trigger_kind="config-push",
            action_items=[{"title": "Prevent P", "type": "prevent", "due": "2026-09-01", "status": "open"}],
        )
    )
    out.append(
        _fixed_pm(
            "P-2",
            "SEV2",
            datetime(2026, 8, 10, 9, 0, tzinfo=timezone.utc),
            {"resolved": 30},
            trigger_kind="dependency",
            services=[{"id": "queue"}],
        )
    )
    for k, day in ((3, 7), (4, 21)):
        out.append(
            _fixed_pm(
                f"P-{k}",
                "SEV3",
                datetime(2026, 9, day, 9, 0, tzinfo=timezone.utc),
                {"resolved": 30},
                trigger_kind="other",
                services=[{"id": "queue"}],
            )
        )
    out.append(
        _fixed_pm(
            "Q-1",
            "SEV4",
            datetime(2026, 5, 5, 9, 0, tzinfo=timezone.utc),
            {"resolved": 30},
            trigger_kind="performance-decay",
            services=[{"id": "reports"}],
        )
    )
    return out


def write_fixed(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for pm in fixed():
        p = out / f"{pm['id']}.json"
        p.write_text(json.dumps(pm, indent=1), encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--fixed", action="store_true")
    a = ap.parse_args()
    if a.fixed:
        write_fixed(a.out)
    else:
        labels = generate(a.out, a.files, a.seed)
        (a.out / "labels.json").write_text(json.dumps(labels), encoding="utf-8")


if __name__ == "__main__":
    main()
