"""``commsgen scan --format json`` builds each file's findings in parts (forked processes for a large
file, see redact/parallel.py): its output must be byte for byte the report of the plain path, which
sorts and encodes every ``findings_for`` finding in one process."""

from __future__ import annotations

import json
import os
import random

import pytest

from commsgen.findings import sort_key
from commsgen.redact import api, context_for, findings_for, looselearn, parallel
from commsgen.redact.api import findings_json
from commsgen.redact.command import run_scan
from commsgen.redact.context import ScanContext
from commsgen.redact.settings import scan_config
from conftest import assert_reaped, run_cli

PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq9XvWk2o3kq1xQ8fW3n2Lm\nZ9y4T6r8s0u1v2w3x4y5z6A7B8C9D0E1F2\n"
    "-----END RSA PRIVATE KEY-----"
)


def _text(n: int, seed: int = 3) -> str:
    """Prose with findings of every kind, several on one line (ties of line and column), PEM keys
    spanning lines, and non-ASCII lines."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        r = rng.random()
        if i % 97 == 5:  # at the start of a line: the trigger takes the newline before it
            rows.append(["4675 8682 3335 9161 was pasted", "030 89430092 is the desk", "k8s-prod-31 died"][i // 97 % 3])
        elif r < 0.03:
            rows.append(f"host 10.20.{i % 250}.4:5432 and zoe.garcia{i}@northwindtraders.com, key AKIAO2GSHIKPPY7DP2DJ")
        elif r < 0.04:
            rows.append(PEM)
        elif r < 0.05:
            rows.append(f"Über — call +1-415-555-{1000 + i % 9000} or see db-prod-{i % 40:02d}.corp.acme.internal")
        elif r < 0.055:  # two findings at one place: by (line, column, rule) the longer one comes first
            rows.append(f"The Dana Whitfield Report of week {i} names people.")
        elif r < 0.06:
            rows.append(
                "SQL injection in /api/v1/search?q= via 4111 1111 1111 1111 and CVE-2025-12345, token=ghp_"
                + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
            )
        else:
            rows.append(f"line {i}: at 14:{i % 60:02d} UTC the deploy of orders-service {i % 9}.{i % 7}.1 finished.")
    return "\n".join(rows) + "\n"


def _reference(texts: dict[str, str], ctx: ScanContext) -> str:
    """The report as the plain path writes it: every finding of every file, sorted, one dumps."""
    fs = []
    for name, text in texts.items():
        fs.extend(findings_for(text, "customer", ctx, file=name))
    fs.sort(key=sort_key)
    return json.dumps({"findings": [f.to_dict() for f in fs]}, ensure_ascii=False)


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_parts_equal_the_plain_report(monkeypatch, workers):
    text = _text(3000)
    ctx = ScanContext(people_names=("Dana Whitfield",), deny_terms=("Dana Whitfield Report",))
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ref = _reference({"a.txt": text}, ctx)
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: workers)
    bounds = parallel.split(text)
    assert len(bounds) == workers
    assert [a for a, _ in bounds[1:]] == [b for _, b in bounds[:-1]] and bounds[-1][1] == len(text)
    body, blocks = findings_json(text, "customer", ctx, file="a.txt")
    assert blocks
    assert '{"findings": [' + body + "]}" == ref
    # with the file's bytes (not copied when the text is ASCII)
    assert findings_json(text, "customer", ctx, file="a.txt", data=text.encode()) == (body, blocks)
    ascii_text = text.replace("Über —", "Uber -")
    assert ascii_text.isascii()
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ascii_ref = _reference({"a.txt": ascii_text}, ctx)
    monkeypatch.setattr(parallel, "workers", lambda _size: workers)
    ascii_body, _ = findings_json(ascii_text, "customer", ctx, file="a.txt", data=ascii_text.encode())
    assert '{"findings": [' + ascii_body + "]}" == ascii_ref
    fs = json.loads(ref)["findings"]
    assert len(fs) > 300
    assert [f["rule"] for f in fs if f["excerpt"].startswith("Dana")][:2] == ["deny.term", "people.name"]
    assert {f["rule"] for f in fs if f["column"] == 1} >= {"pii.payment-card", "pii.phone-national"}


@pytest.mark.parametrize("three", [False, True])
def test_pem_key_across_a_part_boundary(monkeypatch, three):
    """A part ends inside a PEM key: the key still runs to its END line, as in one process."""
    before = "plain line\n" * 500
    text = before + PEM + "\n" + "plain line\n" * 500
    cut = len(before) + len(PEM.split("\n")[0]) + 1  # the second part starts inside the key
    bounds = [(0, 110), (110, cut), (cut, len(text))] if three else [(0, cut), (cut, len(text))]
    ctx = ScanContext()
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ref = _reference({"k.txt": text}, ctx)
    monkeypatch.setattr(parallel, "split", lambda t, *_: bounds)
    body, _ = findings_json(text, "customer", ctx, file="k.txt")
    assert '{"findings": [' + body + "]}" == ref
    assert json.loads(ref)["findings"][0]["rule"] == "secret.private-key"


@pytest.mark.parametrize("key_line", [0, 1, 3])
def test_head_ends_inside_a_pem_key(monkeypatch, key_line):
    """The lines this process scans while the text is learnt (the head of its part) end on any line
    of a PEM key: same report as in one process, the key found whole once."""
    before = "plain line\n" * 500
    text = before + PEM + "\n" + "plain line\n" * 500
    head = len(before) + sum(len(x) + 1 for x in PEM.split("\n")[:key_line])
    cut = len(before) + len(PEM) + 1 + 11 * 100
    ctx = ScanContext()
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ref = _reference({"k.txt": text}, ctx)
    monkeypatch.setattr(parallel, "split", lambda t, *_: [(0, cut), (cut, len(text))])
    monkeypatch.setattr(parallel, "head_end", lambda t, a, b: head)
    looselearn._LAST[0] = None
    body, _ = findings_json(text, "customer", ctx, file="k.txt")
    assert '{"findings": [' + body + "]}" == ref
    assert [f["rule"] for f in json.loads(ref)["findings"]] == ["secret.private-key"]


def test_deny_patterns_and_waivers(monkeypatch, tmp_path):
    """A deny pattern (RE2) and a waiver: same report in parts as in one process."""
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(
        'deny = [{regex = "Project\\\\s+Falcon"}]\n'
        '[[redaction.allow]]\nmatch = "10.20.7.4"\naudience = ["customer"]\nreason = "lab address"\n',
        encoding="utf-8",
    )
    ctx = context_for(None, scan_config(str(cfg)))
    text = _text(2000) + "Project  Falcon launch slipped\n" + "host 10.20.7.4 again\n"
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ref = _reference({"d.txt": text}, ctx)
    assert '"deny.term"' in ref and "lab address" in ref
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)
    body, _ = findings_json(text, "customer", ctx, file="d.txt")
    assert '{"findings": [' + body + "]}" == ref


@pytest.mark.parametrize("where", ["scan", "learn"])
def test_worker_failure_is_redone_here(monkeypatch, where):
    """A forked process that fails, in the learning round or in the scan's, costs time, never
    findings: its part is done again here."""
    text = _text(2000)
    ctx = ScanContext()
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ref = _reference({"a.txt": text}, ctx)
    parent = os.getpid()
    module, name = (api, "_body") if where == "scan" else (looselearn, "_learn_range")
    real = getattr(module, name)

    def fragile(*a, **k):
        if os.getpid() != parent:
            raise RuntimeError("worker crash")
        return real(*a, **k)

    monkeypatch.setattr(module, name, fragile)
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)
    looselearn._LAST[0] = None
    body, _ = findings_json(text, "customer", ctx, file="a.txt")
    assert '{"findings": [' + body + "]}" == ref


def test_several_files_in_name_order(monkeypatch, tmp_path):
    files = {}
    for name, seed in (("b.txt", 1), ("a.txt", 2), ("clean.txt", 0)):
        p = tmp_path / name
        text = _text(400, seed) if seed else "nothing to see here\n"
        p.write_text(text, encoding="utf-8")
        files[str(p)] = text
    ctx = context_for(None, scan_config(None))
    out: list[str] = []
    code = run_scan(list(files), "json", None, lambda t, err=False: out.append(t))
    assert code == 1 and out == [_reference(files, ctx)]
    out.clear()
    assert run_scan([str(tmp_path / "clean.txt")], "json", None, lambda t, err=False: out.append(t)) == 0
    assert out == ['{"findings": []}']


@pytest.mark.slow
def test_cli_large_file_equals_the_plain_report(monkeypatch, tmp_path):
    """A file over parallel.MIN_SIZE through the real command (it forks when CPUs are idle), and
    the same file named twice (the plain path): both match the one-process reference."""
    unit = _text(2000, seed=5)
    text = unit * (parallel.MIN_SIZE // len(unit) + 1)
    assert len(text) >= parallel.MIN_SIZE
    p = tmp_path / "big.txt"
    p.write_text(text, encoding="utf-8")
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    ctx = context_for(None, scan_config(None))
    ref = _reference({str(p): text}, ctx)
    r = run_cli("scan", "--format", "json", p)
    assert r.returncode == 1 and r.stdout == ref + "\n"
    twice = run_cli("scan", "--format", "json", p, p)
    assert json.loads(twice.stdout)["findings"][:2] == [json.loads(ref)["findings"][0]] * 2


def test_finding_json_is_the_encoders():
    from commsgen.findings import Finding
    from commsgen.redact.api import _JSON, finding_json

    ctx = context_for(None, scan_config(None))
    text = _text(300) + 'quote " back \\ tab \t ctrl \x01 Ünï — 10.1.2.3 "x"\n'
    fs = findings_for(text, "customer", ctx, file="dir/ä \"b\".txt") + findings_for(text, "executive", ctx)
    fs.append(
        Finding(
            kind="secret",
            rule="secret.x",
            severity="warn",
            message="m\u2028\n",
            line=3,
            column=None,
            excerpt="é\"",
            waived="reason",
            extra={"waiver": {"match": "x", "source": "config"}},
        )
    )
    fs.append(
        Finding(
            kind="deny",
            rule="deny.term",
            severity="block",
            message="m",
            line=1,
            column=2,
            end_column=5,
            excerpt="\x7f\ud7ff",
            suggestion="use \"this\"",
        )
    )
    assert len(fs) > 50
    for f in fs:
        assert finding_json(f) == _JSON.encode(f.to_dict())


def test_failure_here_leaves_no_forked_process(forked, monkeypatch):
    """This process's own work fails while forked processes learn the text: the error goes up and
    no forked process is left behind (each is waited for)."""
    from commsgen.redact.scanner import Engine

    text = _text(2000)
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)

    def broken(*a, **k):
        raise RuntimeError("head failed")

    monkeypatch.setattr(Engine, "line_matches", broken)
    looselearn._LAST[0] = None
    with pytest.raises(RuntimeError, match="head failed"):
        findings_json(text, "customer", ScanContext(), file="a.txt")
    assert_reaped(forked, reap=False)


@pytest.mark.parametrize("ascii_only", [True, False])
def test_far_apart_findings_on_long_lines_are_located_as_the_plain_report(forked, monkeypatch, ascii_only):
    """The parts tell a finding's line from the learners' newline counts when it is more than two
    blocks past the one before (``linemarks``): on a line longer than that, its column too. Lines of
    60 kB with findings 9 kB apart, between short lines that teach terms (their line numbers are in
    the notes), forked as a large file is: the plain report, byte for byte."""
    pad = "x " * 4500 if ascii_only else "é " * 4500
    long_line = pad.join(f" AKIAO2GSHIKPPY7DP{i:03d}J and 10.20.{i % 250}.4 " for i in range(7))
    rows = []
    for i in range(60):
        rows.append(
            long_line if i % 3 == 0 else f"Dec 13 18:59:{i:02d} nietzsche{i % 7} bundle[5886{i}]: worker exited"
        )
    text = "\n".join(rows) + "\n" + "later nietzsche3 was seen again\n"
    ctx = ScanContext()
    monkeypatch.setattr(parallel, "workers", lambda _size: 1)
    looselearn._LAST[0] = None
    ref = _reference({"a.txt": text}, ctx)
    assert '"learn.' in ref
    monkeypatch.setattr(parallel, "MIN_SIZE", 1000)
    monkeypatch.setattr(parallel, "workers", lambda _size: 2)
    looselearn._LAST[0] = None
    for data in (None, text.encode()):
        body, _ = findings_json(text, "customer", ctx, file="a.txt", data=data)
        assert '{"findings": [' + body + "]}" == ref
        looselearn._LAST[0] = None
    assert_reaped(forked)
