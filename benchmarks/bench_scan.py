#!/usr/bin/env python3
"""Throughput of ``commsgen scan`` (a subprocess, start-up included) on generated postmortem prose.

    python benchmarks/bench_scan.py [--mb 20] [--sensitive 0.02] [--ds-mb 2] [--config] [--adversarial-only]
                                    [--dense] [--secretlint PATH] [--no-adversarial] [--fifo]

``--dense`` builds the file from the redaction corpus's development half instead (2% of lines its
positives, the rest its hard negatives and prose): the dense case of issue #13. ``--secretlint``
times secretlint (recommended preset) on the same file in the same run.

Generates a file of one-line postmortem prose (about 2% of lines hold a planted secret, internal
address, email, phone, card or vulnerability detail; the rest is full of look-alikes: times,
versions, UUIDs, SHAs, hyphenated service names) in a temporary folder, times
``python -m commsgen scan --format json`` on it, times detect-secrets (``detect-secrets scan``) on
a slice of ``--ds-mb`` MB in the same run, and prints MB/s for both and their ratio.
``--config`` also times the run with a realistic commsgen.toml (``samples/commsgen.toml``).
Then times adversarial input: a 1 MB line of each pattern in ``ADVERSARIAL`` (runs of one character,
repeated payloads), in-process (CPU seconds of ``findings_for``) and as ``commsgen scan`` (wall,
start-up included), and the start-up of a scan of a one-line file.
Prints numbers only; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _timing  # noqa: E402,F401  (compiles commsgen's bytecode, as an installed package has it)

SERVICES = [
    "checkout API",
    "payments service",
    "login flow",
    "search backend",
    "billing worker",
    "EU ingest pipeline",
    "webhook dispatcher",
    "notification fan-out",
    "order history page",
    "image resizing service",
]
NAMES = ["orders-service", "edge-proxy", "search-indexer", "image-resizer", "notification-fanout"]
PLAIN = [
    "At {t} UTC the on-call engineer acknowledged the page for the {s} and started the incident bridge.",
    "Error rates on the {s} climbed to {p}% within {d} minutes of the deploy of release {v}.",
    "The rollback of {n} to {v} finished at {t} UTC and latency returned to normal.",
    "Deployment {u} rolled out to all regions at {t} UTC and was rolled back after {d} minutes.",
    "The regression was introduced in commit {sha} and reverted at {t} UTC by the {s} team.",
    "We are adding an alert on queue depth so that a stuck consumer pages within five minutes.",
    "Customers saw intermittent 503 errors on the {s}; retries succeeded for most requests.",
    "Action item: add a canary stage to the {s} rollout and document the rollback steps in the runbook.",
    "The database connection pool was exhausted because idle connections were never recycled.",
    "Latency p99 for the {s} rose from {d}0 ms to {d}00 ms while the cache was cold.",
    "A config push to {n} disabled the circuit breaker; the fix is a schema check in CI.",
    "Trace id {hex} shows {d} seconds spent waiting on the lock in the {s}.",
    "Vendor confirmed the fix is included in version {v}.{d}, released at {t} UTC.",
    "We will review the on-call handover checklist with every team that owns a tier-1 service.",
    "The support team posted an update on the status page at {t} UTC and again at resolution.",
]


# one unit per adversarial 1 MB line: runs of one character, and repeated payloads that put a trigger
# (and a partial match) at every position
ADVERSARIAL = [
    "a",
    "9",
    ".",
    "=",
    "@",
    "-",
    " ",
    "a.",
    "1.",
    "a-",
    "-1",
    "a@",
    "=a",
    "ab1-",
    "0 ",
    "1234 ",
    "10.0.0.",
    "password=",
    "api_key: ",
    "Bearer ",
    "xoxb-",
    "AKIA",
    "eyJ",
    "eyJa.",
    "ghp_",
    "SG.",
    "-----BEGIN ",
    "://a:",
    "http://a",
    "a@b.",
    "+1",
    "+1 ",
    "(206) ",
    "fd00:",
    "CVE-",
    "pw=",
    "password is ",
    "the password for a ",
    "okta 00",
    "sk-proj-",
    "hf_",
    "1234567:AA",
    "arn:aws:iam::123456789012:",
    "../",
    "SQL injection in ",
    "k8s-prod-",
    "db-prod-1.",
    "\u200bａ",
    "\u0430",
]


def _rand(alphabet: str, n: int, rng: random.Random) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def sensitive(rng: random.Random) -> str:
    A, U, D = string.ascii_letters + string.digits, string.ascii_uppercase + string.digits, string.digits
    ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    card = None
    while card is None:
        body = "4" + _rand(D, 14, rng)
        for c in D:
            if _luhn(body + c):
                card = body + c
    items = [
        f"AKIA{_rand(U, 16, rng)}",
        f"ghp_{_rand(A, 36, rng)}",
        f"password={_rand(A, 14, rng)}",
        f"xoxb-{_rand(D, 12, rng)}-{_rand(D, 12, rng)}-{_rand(A, 24, rng)}",
        ip,
        f"{ip}:5432",
        f"db-prod-{rng.randint(1, 40):02d}.corp.acme.internal",
        f"ip-10-1-{rng.randint(0, 255)}-7.ec2.internal",
        f"https://acme.slack.com/archives/C{_rand(U, 8, rng)}/p{_rand(D, 16, rng)}",
        f"dana.whitfield{rng.randint(1, 99)}@acme.io",
        f"+1-415-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
        " ".join(card[i : i + 4] for i in range(0, 16, 4)),
        f"CVE-2025-{rng.randint(1000, 99999)}",
        "SQL injection in /api/v1/search?q=",
        f"postgres://app:{_rand(A, 12, rng)}@db.acme.com/app",
    ]
    return f"During the review we found {rng.choice(items)} in the draft for the {rng.choice(SERVICES)} outage."


def _luhn(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch) * (2 if i % 2 else 1)
        total += x - 9 if x > 9 else x
    return total % 10 == 0


def plain(rng: random.Random) -> str:
    return rng.choice(PLAIN).format(
        t=f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
        s=rng.choice(SERVICES),
        p=rng.randint(2, 99),
        d=rng.randint(2, 59),
        v=f"{rng.randint(1, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        n=rng.choice(NAMES),
        u=f"{_rand('0123456789abcdef', 8, rng)}-{_rand('0123456789abcdef', 4, rng)}-4{_rand('0123456789abcdef', 3, rng)}"
        f"-a{_rand('0123456789abcdef', 3, rng)}-{_rand('0123456789abcdef', 12, rng)}",
        sha=_rand("0123456789abcdef", 7, rng),
        hex=_rand("0123456789abcdef", 32, rng),
    )


def generate(path: Path, mb: float, share: float, seed: int = 7) -> int:
    rng = random.Random(seed)
    target, size, n_sens = int(mb * 1e6), 0, 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        buf = []
        while size < target:
            if rng.random() < share:
                line = sensitive(rng)
                n_sens += 1
            else:
                line = plain(rng)
            buf.append(line)
            size += len(line) + 1
            if len(buf) >= 5000:
                fh.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            fh.write("\n".join(buf) + "\n")
    return n_sens


# ../shared beside the repository (a helper's worktree sits one folder deeper); $COMMSGEN_EVAL_CORPUS wins
_CORPUS = Path("shared") / "eval" / "redaction" / "corpus"
EVAL_CORPUS = next(
    (p for p in (ROOT.parent / _CORPUS, ROOT.parent.parent / _CORPUS) if p.is_dir()), ROOT.parent / _CORPUS
)
if os.environ.get("COMMSGEN_EVAL_CORPUS"):
    EVAL_CORPUS = Path(os.environ["COMMSGEN_EVAL_CORPUS"])


def generate_dense(path: Path, mb: float, share: float, seed: int = 11, corpus: Path = EVAL_CORPUS) -> int:
    """A file built from the redaction corpus's development half: ``share`` of its lines are its
    positives (a sensitive value each), the rest alternate between its hard negatives (look-alikes
    that must not be flagged) and ordinary prose (``plain``). Returns the number of sensitive lines."""
    pos = [json.loads(x)["text"] for x in (corpus / "positives.jsonl").read_text(encoding="utf-8").splitlines() if x]
    neg = [json.loads(x)["text"] for x in (corpus / "negatives.jsonl").read_text(encoding="utf-8").splitlines() if x]
    rng = random.Random(seed)
    target, size, n_sens = int(mb * 1e6), 0, 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        buf = []
        while size < target:
            if rng.random() < share:
                line = rng.choice(pos)
                n_sens += 1
            else:
                line = rng.choice(neg) if rng.random() < 0.5 else plain(rng)
            buf.append(line)
            size += len(line.encode("utf-8")) + 1
            if len(buf) >= 5000:
                fh.write("\n".join(buf) + "\n")
                buf = []
        if buf:
            fh.write("\n".join(buf) + "\n")
    return n_sens


def secretlint(corpus: Path, tdp: Path, env: dict, binary: str | None, repeat: int, cs: float) -> None:
    """Time secretlint (``--secretlint PATH`` or $SECRETLINT; with the recommended preset) on the same
    file and print the ratio. Install: ``npm install secretlint @secretlint/secretlint-rule-preset-recommend``."""
    binary = binary or os.environ.get("SECRETLINT")
    if not binary or not Path(binary).exists():
        print("secretlint: not given (--secretlint PATH or $SECRETLINT); no comparison")
        return
    rc = tdp / "secretlintrc.json"
    rc.write_text('{"rules": [{"id": "@secretlint/secretlint-rule-preset-recommend"}]}', encoding="utf-8")
    out = tdp / "secretlint.json"
    cmd = [
        binary,
        "--secretlintrc",
        str(rc),
        "--format",
        "json",
        "--no-maskSecrets",
        "--no-color",
        "--no-glob",
        "--output",
        str(out),
        str(corpus),
    ]
    best, p = min((timed(cmd, env, Path(binary).parent.parent.parent) for _ in range(repeat)), key=lambda x: x[0])
    if p.returncode not in (0, 1):
        print(f"secretlint failed ({p.returncode}): {p.stderr[:300]}")
        return
    data = json.loads(out.read_text(encoding="utf-8") or "[]")
    n = sum(len(r.get("messages", [])) for r in data)
    size = corpus.stat().st_size / 1e6
    print(f"secretlint: {best:.2f} s = {size / best:.1f} MB/s ({n} findings; best of {repeat})")
    print(f"ratio commsgen / secretlint: {cs / (size / best):.1f}x")


# ``--fifo``: each timed command runs under the real-time FIFO policy (``chrt -f 50``, root or
# CAP_SYS_NICE), so the machine's other work waits while it runs: on a shared 2-core machine this
# stands for a quiet one. commsgen and the tools it is compared with get the same.
PREFIX: list[str] = []


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    p = subprocess.run(PREFIX + cmd, capture_output=True, text=True, env=env, cwd=cwd)
    return time.perf_counter() - t0, p


def detect_secrets(corpus: Path, tdp: Path, env: dict, ds_mb: float, cs: float) -> None:
    """Time detect-secrets on the first ``ds_mb`` MB of the corpus and print the ratio."""
    ds = shutil.which("detect-secrets", path=str(Path(sys.executable).parent)) or shutil.which("detect-secrets")
    if not ds:
        print("detect-secrets: not installed; no comparison")
        return
    raw = corpus.read_bytes()
    cut = raw.rfind(b"\n", 0, int(ds_mb * 1e6)) + 1
    sl = tdp / "slice.txt"
    sl.write_bytes(raw[:cut])
    t, dp = timed([ds, "scan", str(sl)], env, tdp)
    if dp.returncode != 0:
        print(f"detect-secrets failed: {dp.stderr[:300]}")
        return
    n_ds = sum(len(v) for v in json.loads(dp.stdout).get("results", {}).values())
    dss = cut / 1e6 / t
    print(f"detect-secrets scan: {cut / 1e6:.1f} MB slice in {t:.2f} s = {dss:.2f} MB/s ({n_ds} findings)")
    print(f"ratio commsgen / detect-secrets: {cs / dss:.0f}x")


def adversarial(tdp: Path, env: dict, repeat: int) -> None:
    """Time a 1 MB line of each adversarial unit: in-process scan CPU time and CLI wall time."""
    sys.path.insert(0, str(ROOT))
    from commsgen.redact import findings_for

    findings_for("warm up 10.1.2.3", "customer")
    tiny = tdp / "tiny.txt"
    tiny.write_text("All systems normal.\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "commsgen", "scan", "--format", "json"]
    startup = min(timed(cmd + [str(tiny)], env, tdp)[0] for _ in range(repeat))
    cfg = [
        sys.executable,
        "-m",
        "commsgen",
        "--config",
        str(ROOT / "samples" / "commsgen.toml"),
        "scan",
        "--format",
        "json",
    ]
    cstartup = min(timed(cfg + [str(tiny)], env, tdp)[0] for _ in range(repeat))
    print(
        f"start-up: commsgen scan --format json of a one-line file: {startup * 1000:.0f} ms; with samples/commsgen.toml "
        f"{cstartup * 1000:.0f} ms (best of {repeat})"
    )
    print(f"adversarial input, a 1 MB line each (scan CPU in-process; commsgen scan wall, best of {repeat}):")
    worst = ("", 0.0)
    for unit in ADVERSARIAL:
        text = unit * (1_000_000 // len(unit.encode("utf-8")))
        cpu = float("inf")
        for _ in range(repeat):
            t0 = time.process_time()
            n = len(findings_for(text, "customer"))
            cpu = min(cpu, time.process_time() - t0)
        f = tdp / "adv.txt"
        f.write_text(text + "\n", encoding="utf-8")
        wall = min(timed(cmd + [str(f)], env, tdp)[0] for _ in range(repeat))
        worst = max(worst, (unit, wall), key=lambda x: x[1])
        print(f"  {unit!r:24} {cpu:6.3f} s CPU  {wall:6.3f} s wall  {n} findings")
    print(f"slowest: {worst[0]!r} {worst[1]:.3f} s wall")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--sensitive", type=float, default=0.02)
    ap.add_argument("--ds-mb", type=float, default=2.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--config", action="store_true", help="also time with samples/commsgen.toml")
    ap.add_argument("--adversarial-only", action="store_true", help="only time the adversarial inputs")
    ap.add_argument(
        "--dense",
        action="store_true",
        help="build the file from the redaction corpus (its positives, hard negatives and prose)",
    )
    ap.add_argument("--secretlint", help="path of a secretlint binary to compare with (default $SECRETLINT)")
    ap.add_argument("--no-adversarial", action="store_true")
    ap.add_argument("--fifo", action="store_true", help="run each timed command under chrt -f 50 (see PREFIX)")
    args = ap.parse_args(argv)
    if args.fifo:
        if not shutil.which("chrt") or subprocess.run(["chrt", "-f", "50", "true"]).returncode != 0:
            print("--fifo: chrt -f is not allowed here (needs root or CAP_SYS_NICE)", file=sys.stderr)
            return 2
        PREFIX[:] = ["chrt", "-f", "50"]
        print("timed commands run under chrt -f 50 (real-time FIFO: the machine's other work waits)")
    with tempfile.TemporaryDirectory(prefix="commsgen-bench-") as td:
        tdp = Path(td)
        env = dict(os.environ)
        env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        env.pop("COMMSGEN_CONFIG", None)
        if args.adversarial_only:
            adversarial(tdp, env, args.repeat)
            return 0
        corpus = tdp / "postmortems.txt"
        n_sens = (generate_dense if args.dense else generate)(corpus, args.mb, args.sensitive)
        size = corpus.stat().st_size
        cmd = [sys.executable, "-m", "commsgen", "scan", "--format", "json", str(corpus)]
        best, p = min((timed(cmd, env, tdp) for _ in range(args.repeat)), key=lambda x: x[0])
        if p.returncode not in (0, 1):
            print(p.stderr, file=sys.stderr)
            return 2
        found = len(json.loads(p.stdout)["findings"])
        lines = sum(1 for _ in corpus.open(encoding="utf-8"))
        print(f"corpus: {size / 1e6:.1f} MB, {lines} lines, {n_sens} planted sensitive lines; {found} findings")
        print(
            f"commsgen scan (no config): {best:.2f} s = {size / 1e6 / best:.1f} MB/s (best of {args.repeat}, start-up included)"
        )
        if args.config:
            shutil.copy(ROOT / "samples" / "commsgen.toml", tdp / "commsgen.toml")
            cbest, cp = min((timed(cmd, env, tdp) for _ in range(args.repeat)), key=lambda x: x[0])
            print(f"commsgen scan (with samples/commsgen.toml): {cbest:.2f} s = {size / 1e6 / cbest:.1f} MB/s")
            (tdp / "commsgen.toml").unlink()
        detect_secrets(corpus, tdp, env, args.ds_mb, size / 1e6 / best)
        secretlint(corpus, tdp, env, args.secretlint, args.repeat, size / 1e6 / best)
        if not args.no_adversarial:
            adversarial(tdp, env, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
