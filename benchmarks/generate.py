"""Generate realistic, varied postmortems for benchmarks (and nothing else).

    python benchmarks/generate.py --events 300 > big.yaml
    python benchmarks/generate.py --files 1000 --out DIR

Each file is valid format v1, carries internal details in internal fields (hosts, IPs, staff
names) and clean customer/status text, like the real samples do.
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

SERVICES = [
    ("payments-api", "Payments"),
    ("search-svc", "Search"),
    ("auth-gw", "Sign-in"),
    ("notify-worker", "Notifications"),
    ("media-cdn-edge", "Image delivery"),
    ("billing-core", None),
]
PEOPLE = [
    ("Dana Whitfield", "Payments SRE"),
    ("Omar Haddad", "Platform"),
    ("Priya Raman", "Search"),
    ("Lena Fischer", "Identity"),
    ("Tomás Ortega", "Edge"),
    ("Mei Chen", "Comms"),
]
KINDS = ["alert", "observation", "action", "decision", "communication", "mitigation"]
TEXTS = [
    "Alert `{svc}_5xx_ratio > 5%` fires for {svc} on host {svc}-{n:02d}.corp.acme.internal.",
    "Connection pool on 10.{a}.{b}.{c} reports {n} waiting clients; p99 at {ms} ms.",
    "{person} rolls back build {n}.{b}.{c} of {svc}.",
    "Decision: drain traffic from eu-west-{b} to reduce load on {svc}.",
    "Status page updated: investigating elevated errors.",
    "Error rate falls to {pct}% after the config change on `{svc}`.",
    "Grafana panel shows queue depth {n} for {svc}.",
]


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_postmortem(events: int = 40, seed: int = 0, ident: str | None = None) -> str:
    rnd = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rnd.randrange(0, 60 * 24 * 300))
    services = rnd.sample(SERVICES, k=rnd.randint(1, 3))
    if not any(p for _, p in services):
        services.append(SERVICES[0])
    people = rnd.sample(PEOPLE, k=rnd.randint(2, 5))
    sev = rnd.choice(["SEV1", "SEV2", "SEV3", "SEV4"])
    step = max(1, 600 // max(events, 1))
    minutes = sorted(rnd.sample(range(0, max(events * step * 2, events + 1)), events))
    resolved = start + timedelta(minutes=minutes[-1] + 5)
    ident = ident or f"INC-{start.year}-{seed:05d}"
    pub = [p for _, p in services if p]
    lines = [
        "format: commsgen/postmortem/v1",
        f"id: {ident}",
        f"title: {_yaml_str(f'{services[0][0]} errors after config change')}",
        "status: final",
        f"event_type: {rnd.choice(['outage', 'degradation', 'performance'])}",
        f"severity: {sev}",
        "services:",
    ]
    for sid, pname in services:
        lines.append(f"  - id: {sid}")
        if pname:
            lines.append(f"    public_name: {pname}")
    lines.append("people:")
    for i, (name, team) in enumerate(people):
        role = "lead" if i == 0 else rnd.choice(["responder", "comms", "scribe", "reviewer"])
        handle = "@" + name.split()[0].lower()
        lines.append(f"  - {{name: {name}, role: {role}, team: {team}, handle: \"{handle}\"}}")
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    lines += [
        "times:",
        f"  started: {start.strftime(fmt)}",
        f"  detected: {(start + timedelta(minutes=minutes[min(1, events - 1)])).strftime(fmt)}",
        f"  mitigated: {(start + timedelta(minutes=minutes[-1])).strftime(fmt)}",
        f"  resolved: {resolved.strftime(fmt)}",
        f"  closed: {(resolved + timedelta(hours=20)).strftime(fmt)}",
        "summary: |",
        f"  A configuration change to `{services[0][0]}` exhausted the connection pool on",
        f"  {services[0][0]}-01.corp.acme.internal (10.12.4.{rnd.randint(2, 250)}).",
        "impact:",
        f"  description: {rnd.randint(2, 60)}% of requests failed.",
        f"  users_affected: {rnd.randint(100, 90000)}",
        f"  users_affected_percent: {rnd.randint(1, 60)}",
        "  regions: [eu-west-1, us-east-1]",
        f"  slo_breached: {str(rnd.random() < 0.5).lower()}",
        "timeline:",
    ]
    for i, m in enumerate(minutes):
        svc = rnd.choice(services)[0]
        text = rnd.choice(TEXTS).format(
            svc=svc,
            n=rnd.randint(1, 99),
            a=rnd.randint(0, 255),
            b=rnd.randint(1, 9),
            c=rnd.randint(0, 255),
            ms=rnd.randint(200, 9000),
            pct=rnd.randint(0, 9),
            person=rnd.choice(people)[0],
        )
        lines.append(f"  - at: {(start + timedelta(minutes=m)).strftime(fmt)}")
        lines.append(f"    text: {_yaml_str(text)}")
        lines.append(f"    kind: {KINDS[0] if i == 1 else rnd.choice(KINDS)}")
        if i % 10 == 0:
            lines.append("    audience: [engineering, customer]")
            lines.append(f"    public_text: {_yaml_str('We saw errors and started working on a fix.')}")
    lines += [
        "contributing_factors:",
        "  - {kind: technical, description: The pool size was not tied to the number of workers.}",
        "  - {kind: process, description: The change skipped the staged rollout.}",
        "five_whys:",
        "  - {why: Why did requests fail?, because: The pool was exhausted.}",
        "  - {why: Why was the pool exhausted?, because: The worker count doubled.}",
        "  - {why: Why did the worker count double?, because: A config default changed.}",
        "root_cause: {summary: A default in the shared config doubled the worker count.}",
        "mitigators: [The rollback tooling worked on the first try.]",
        "lessons: {went_well: [Fast rollback], went_wrong: [Late detection], got_lucky: [Low traffic hour]}",
        "action_items:",
        f"  - {{title: Tie pool size to worker count, type: prevent, owner: {people[0][1]}, due: 2027-01-15}}",
        f"  - {{title: Alert on pool saturation, type: detect, owner: {people[-1][1]}, due: 2027-01-30}}",
        "executive:",
        f"  summary: Some customers could not use {pub[0]} for a short time. We fixed it and are adding safeguards.",
        "  business_impact: A small share of requests failed during the incident.",
        "customer:",
        f"  title: {pub[0]} errors on {start.strftime('%B')} {start.day}",
        f"  summary: Some requests to {pub[0]} failed for a short time.",
        "  what_happened: A settings change caused errors. We undid it.",
        "  what_we_are_doing: We are adding checks so this change cannot cause errors again.",
        "  apology: We are sorry for the trouble this caused.",
        "status_page:",
        "  updates:",
        f"    - {{at: {(start + timedelta(minutes=minutes[min(1, events - 1)] + 2)).strftime(fmt)}, status: investigating, body: We are looking into errors.}}",
        f"    - {{at: {resolved.strftime(fmt)}, status: resolved, body: The issue is fixed.}}",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=40)
    ap.add_argument("--files", type=int, default=0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.files:
        a.out.mkdir(parents=True, exist_ok=True)
        for i in range(a.files):
            (a.out / f"pm-{i:05d}.yaml").write_text(make_postmortem(a.events, seed=a.seed + i), encoding="utf-8")
    else:
        print(make_postmortem(a.events, seed=a.seed), end="")


if __name__ == "__main__":
    main()
