"""Issue 20 figure: importing 10,000 Slack messages or 10,000 PagerDuty log entries into a
postmortem takes <= 1 s (the whole command: read the export, de-duplicate, match people, mask
secrets, insert into the text, re-validate, write; and the same in this process).

    python benchmarks/bench_import.py
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import resource
import subprocess
import time

from _timing import PY, ROOT, env, time_fn

N = int(os.environ.get("N", "10000"))
START = datetime(2026, 11, 20, 14, 0, tzinfo=timezone.utc)
NAMES = [
    ("U1", "dwhitfield", "Dana Whitfield"),
    ("U2", "ohaddad", "Omar Haddad"),
    ("U3", "jberg", "Jonas Berg"),
    ("U4", "klee", "Kim Lee"),
]


def slack_export(root: Path, n: int) -> Path:
    ch = root / "slack" / "inc-2026-0142"
    ch.mkdir(parents=True)
    (root / "slack" / "users.json").write_text(
        json.dumps(
            [
                {"id": i, "name": h, "real_name": r, "profile": {"real_name": r, "email": f"{h}@acme.com"}}
                for i, h, r in NAMES
            ]
        )
    )
    (root / "slack" / "channels.json").write_text(json.dumps([{"id": "C1", "name": "inc-2026-0142", "pins": []}]))
    per_day: dict[str, list] = {}
    for k in range(n):
        t = START + timedelta(seconds=7 * k)
        msg = {
            "type": "message",
            "ts": f"{int(t.timestamp())}.{k % 1000000:06d}",
            "user": NAMES[k % 4][0],
            "text": f"step {k}: <@U2> checked <https://grafana.corp.acme.com/d/x|the dashboard>, error rate {k % 97}%",
        }
        if k % 10 == 0:
            msg["thread_ts"] = msg["ts"]
        per_day.setdefault(t.strftime("%Y-%m-%d"), []).append(msg)
    for day, msgs in per_day.items():
        (ch / f"{day}.json").write_text(json.dumps(msgs))
    return ch


def pagerduty_export(root: Path, n: int) -> Path:
    types = ["trigger", "acknowledge", "annotate", "escalate", "assign", "resolve"]
    entries = []
    for k in range(n):
        t = START + timedelta(seconds=5 * k)
        typ = types[k % len(types)]
        entries.append(
            {
                "id": f"R{k:09d}",
                "type": f"{typ}_log_entry",
                "created_at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "summary": f"{typ} number {k}",
                "agent": {"type": "user_reference", "summary": NAMES[k % 4][2]},
                "channel": {"type": "note", "summary": f"note {k}"},
                "incident": {"id": "Q1", "summary": "[#1] x"},
            }
        )
    f = root / "log_entries.json"
    f.write_text(json.dumps({"log_entries": entries, "more": False}))
    return f


def main() -> None:
    from commsgen.importers.plan import plan

    sample = ROOT / "samples" / "outage-checkout-failover.yaml"
    runs = int(os.environ.get("RUNS", "5"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        exports = {"slack": slack_export(root, N), "pagerduty": pagerduty_export(root, N)}
        target = root / "incident.yaml"
        for source, export in exports.items():
            extra = ["--all"] if source == "slack" else []

            def fresh() -> None:
                shutil.copyfile(sample, target)

            best, cpu = float("inf"), float("inf")
            argv = [PY, "-m", "commsgen", "import", source, str(export), "--into", str(target), *extra]
            for _ in range(runs):  # each run starts from the sample again (a re-import adds nothing)
                fresh()
                r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                t0 = time.perf_counter()
                p = subprocess.run(argv, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                best = min(best, time.perf_counter() - t0)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = min(cpu, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
                if p.returncode != 0:
                    raise SystemExit(f"{argv} exited {p.returncode}")
            added = target.read_text().count(f"source: {source}\n") - sample.read_text().count(f"source: {source}\n")
            fresh()
            lib = time_fn(lambda s=source, x=export: plan(s, x, target, take_all=True), runs=runs)
            print(
                f"{source}: {N:,} {'messages' if source == 'slack' else 'log entries'} -> {added:,} events: "
                f"commsgen import (whole command, written): best wall {best:.2f} s, CPU {cpu:.2f} s; "
                f"library plan() {lib:.2f} s (target <= 1 s; {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})"
            )


if __name__ == "__main__":
    main()
