"""`commsgen check`: model-level warnings."""

from __future__ import annotations

import json

import yaml

from commsgen.model.yamltraps import comment_traps
from conftest import DATA, run_cli, run_cli_inproc

MARKERS = DATA / "render" / "markers.yaml"


def test_unquoted_hash_in_a_value_is_flagged(tmp_path):
    # a bug found in our own sample: `opens #inc-2026-0142` lost its channel name to a YAML comment
    src = MARKERS.read_text().replace("text: MKR-TIMELINE-ENG,", "text: MKR-TIMELINE-ENG,")
    src = src.replace("summary: MKR-SUMMARY", "summary: Dana opens #inc-2026-0142 and pages the DBA")
    p = tmp_path / "hash.yaml"
    p.write_text(src)
    r = run_cli("check", p, "--format", "json")
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "yaml.comment-in-text"]
    assert len(found) == 1 and found[0]["line"] == src[: src.index("#inc")].count("\n") + 1
    assert r.returncode == 0  # a warning, not blocking


def test_swallowed_comment_detector_leaves_real_comments_and_quotes_alone():
    text = (
        'a: value # a real comment\n'
        'b: "quoted #channel"\n'
        "c: 'single #x'\n"
        "d: |\n  block #x\n"
        "# comment line #x\n"
        "e: tag#inside-word\n"
        "f:\n"
        "  - text: opens #inc-1\n"
    )
    found = comment_traps(text, yaml.compose(text), "t.yaml")
    assert [(p.line, p.rule) for p in found] == [(9, "yaml.comment-in-text")] and "#inc-1" in found[0].message


def test_samples_are_clean_under_every_check():
    # the bundled samples show every feature and must read as a writer would want them: no
    # warning at all (a template wording like "SLO breached" once made every executive version warn)
    from conftest import SAMPLES

    files = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".json"))
    r = run_cli_inproc("--config", SAMPLES / "commsgen.toml", "check", "--format", "json", *files)
    assert r.returncode == 0, r.stdout[-2000:]
    # complete.action-overdue reads the wall clock (the samples' due dates pass as time goes on);
    # tests/test_samples.py checks it at a fixed date
    noisy = [
        f
        for f in json.loads(r.stdout)["findings"]
        if f["severity"] in ("warn", "block") and f["rule"] != "complete.action-overdue"
    ]
    assert noisy == [], noisy
