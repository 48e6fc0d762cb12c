#!/usr/bin/env python3
"""Measure ``commsgen scan`` on a folder of real, public incident text (kept outside the repository;
see docs/REDACTION-REAL-TEXT.md for the method and the figures).

    python tools/measure_real_text.py CORPUS [--config commsgen.toml] [--show 20]

CORPUS holds ``customer/`` (status-page posts and customer emails, as published), ``engineering/``
(engineering postmortems) and ``labels.jsonl``, one internal detail per line:

    {"file": "engineering/dfds-PM2019-010.md", "kind": "service", "text": "Hellman"}

``kind`` is one of ``host``, ``url``, ``name``, ``service``. ``text`` is matched case-insensitively;
a label is found when a finding overlaps one of its occurrences in the file (``--strict``: every
occurrence). A label on a customer file marks a real internal detail the company published: a finding
on it is not a false positive (and it counts for recall too).

Prints: the share of customer files with any finding and with a false one (a finding on no labelled
detail), and recall per kind; ``--show`` lists false findings and misses. Every file is scanned as
customer text, in one ``commsgen scan --format json`` process per folder.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

KINDS = ("host", "url", "name", "service")


def scan(files: list[Path], config: str | None) -> dict[str, list[dict]]:
    cmd = (
        [sys.executable, "-m", "commsgen"]
        + (["--config", config] if config else [])
        + ["scan", "--format", "json", *map(str, files)]
    )
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"commsgen scan failed ({p.returncode}): {p.stderr[:2000]}")
    out: dict[str, list[dict]] = defaultdict(list)
    for f in json.loads(p.stdout)["findings"]:
        out[f["file"]].append(f)
    return out


def spans(text: str, findings: list[dict]) -> list[tuple[int, int]]:
    """Character spans of findings in ``text`` (line/column -> offset)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for f in findings:
        base = starts[f["line"] - 1]
        s = base + f["column"] - 1
        e = base + (f["end_column"] or f["column"] + 1) - 1
        out.append((s, e))
    return out


def occurrences(text: str, term: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(term), text, re.IGNORECASE)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--config")
    ap.add_argument("--strict", action="store_true", help="a label is found only when every occurrence is")
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args(argv)
    root = Path(a.corpus)
    labels: dict[str, list[dict]] = defaultdict(list)
    for line in (root / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels[str(root / row["file"])].append(row)
    folders = {d: sorted((root / d).glob("*")) for d in ("customer", "engineering")}
    found = {d: scan(fs, a.config) for d, fs in folders.items() if fs}
    # false positives: customer files with a finding on no labelled detail
    any_hit = false_hit = 0
    false_list = []
    for f in folders["customer"]:
        fs = found["customer"].get(str(f), [])
        if not fs:
            continue
        any_hit += 1
        text = f.read_text(encoding="utf-8")
        occ = [o for lab in labels.get(str(f), []) for o in occurrences(text, lab["text"])]
        bad = [
            (fi, sp)
            for fi, sp in zip(fs, spans(text, fs))
            if not any(s < oe and os_ < e for s, e in [sp] for os_, oe in occ)
        ]
        if bad:
            false_hit += 1
            false_list += [(f.name, fi["rule"], fi["severity"], text[sp[0] : sp[1]]) for fi, sp in bad]
    n_cust = len(folders["customer"])
    print(
        f"customer files: {n_cust}; with any finding: {any_hit} ({100 * any_hit / max(n_cust, 1):.1f}%); "
        f"with a false finding: {false_hit} ({100 * false_hit / max(n_cust, 1):.1f}%)"
    )
    # recall
    per = {d: {k: [0, 0] for k in KINDS} for d in ("engineering", "customer")}
    misses = []
    for d in ("engineering", "customer"):
        for f in folders[d]:
            labs = labels.get(str(f), [])
            if not labs:
                continue
            text = f.read_text(encoding="utf-8")
            sp = spans(text, found[d].get(str(f), []))
            for lab in labs:
                occ = occurrences(text, lab["text"])
                hit = [any(s < oe and os_ < e for s, e in sp) for os_, oe in occ]
                ok = bool(hit) and (all(hit) if a.strict else any(hit))
                per[d][lab["kind"]][0] += 1
                per[d][lab["kind"]][1] += ok
                if not ok:
                    misses.append((f.name, lab["kind"], lab["text"], "not in file" if not occ else ""))
    for d in ("engineering", "customer"):
        tot = [sum(v[0] for v in per[d].values()), sum(v[1] for v in per[d].values())]
        if not tot[0]:
            continue
        print(f"recall on labelled details in {d} files:")
        for k in KINDS:
            n, ok = per[d][k]
            print(f"  {k:8s} {ok:3d}/{n:<3d} {100 * ok / max(n, 1):5.1f}%")
        print(f"  {'all':8s} {tot[1]:3d}/{tot[0]:<3d} {100 * tot[1] / max(tot[0], 1):5.1f}%")
    if a.show:
        print("\nfalse findings:")
        for row in false_list[: a.show]:
            print("  ", *row)
        print("\nmisses:")
        for row in misses[: a.show]:
            print("  ", *row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
