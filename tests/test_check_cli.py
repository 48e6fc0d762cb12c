"""`check` over folders and globs with a per-file summary, `--config` after the subcommand, and
`scan --lint` (the customer writing checks on plain text files)."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SAMPLES, run_cli, run_cli_inproc
from lint_helpers import COMPLETE

CFG = SAMPLES / "commsgen.toml"
OVERDUE_OFF = '"complete.action-overdue" = "off"\n'  # the samples' due dates pass as the clock moves on


@pytest.fixture
def tree(tmp_path):
    """samples/ copied into nested folders, plus a non-postmortem file and a hidden folder."""
    root = tmp_path / "pms"
    (root / "2026" / "nov").mkdir(parents=True)
    (root / ".drafts").mkdir()
    for i, f in enumerate(sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json"))):
        shutil.copy(f, root / ("2026/nov" if i % 2 else "2026") / f.name)
    shutil.copy(COMPLETE, root / ".drafts" / "hidden.yaml")
    (root / "notes.txt").write_text("not a postmortem")
    return root


@pytest.mark.parametrize("form", ["folder", "glob", "files"])
def test_check_takes_folders_globs_and_files_alike(tree, form):
    files = sorted(str(p) for p in tree.rglob("*") if p.suffix in (".yaml", ".json") and ".drafts" not in str(p))
    args = {"folder": [tree], "glob": [f"{tree}/**/*.yaml", f"{tree}/**/*.json"], "files": files}[form]
    r = (run_cli if form == "folder" else run_cli_inproc)("--config", CFG, "check", *args)
    assert r.returncode == 0 and "4 file(s) checked: 0 blocking" in r.stdout
    assert "per file: " in r.stdout and "0 blocked, 0 invalid" in r.stdout
    r = run_cli_inproc("--config", CFG, "check", "--format", "json", *args, "--config", CFG)
    assert list(json.loads(r.stdout)) == ["findings"]
    assert {f["file"] for f in json.loads(r.stdout)["findings"]} <= set(files)


def test_the_text_summary_counts_files_by_state(tree, tmp_path):
    bad = tree / "2026" / "broken.yaml"
    bad.write_text("format: commsgen/postmortem/v1\nid: [\n")
    blocked = tree / "2026" / "skeleton.yaml"
    run_cli_inproc("new", "-o", blocked)
    cfg = tmp_path / "c.toml"
    cfg.write_text(CFG.read_text().replace('"lang.grade" = "warn"\n', '"lang.grade" = "warn"\n' + OVERDUE_OFF))
    r = run_cli_inproc("check", tree, "--config", cfg)
    assert r.returncode == 2  # an invalid file wins
    last = r.stdout.strip().splitlines()[-1]
    assert last == "per file: 4 clean, 0 with warnings, 1 blocked, 1 invalid", r.stdout[-600:]
    assert "6 file(s) checked:" in r.stdout


def test_an_empty_folder_or_a_glob_that_matches_nothing_is_a_usage_error(tmp_path):
    r = run_cli("check", tmp_path)
    assert r.returncode == 2 and "no postmortem files" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("check", tmp_path / "nothing-*.yaml")
    assert r.returncode == 2


@pytest.mark.parametrize("cmd", [["check"], ["render", "-a", "customer"]])
def test_config_before_or_after_the_subcommand_is_the_same(cmd, tmp_path):
    """The sample's config lowers lang.grade to warn and waives "Acme": with it, the customer
    version renders; the same file either way round gives the same result."""
    f = SAMPLES / "outage-checkout-failover.yaml"
    a = run_cli("--config", CFG, *cmd, f)
    b = run_cli_inproc(*cmd, "--config", CFG, f)  # the same command line in other orders
    c = run_cli_inproc(*cmd, f, "--config", CFG)
    assert a.returncode == b.returncode == c.returncode and a.stdout == b.stdout == c.stdout
    r = run_cli("--config", CFG, *cmd, "--config", tmp_path / "other.toml", f)
    assert r.returncode == 2 and "given twice" in r.stderr


def test_config_after_scan_goes_to_the_scan(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('deny = ["frobnicator"]\n')
    t = tmp_path / "note.md"
    t.write_text("The frobnicator was restarted.\n")
    assert run_cli("scan", t).returncode == 0
    assert run_cli_inproc("scan", "--config", cfg, t).returncode == 1
    assert run_cli_inproc("scan", t, "--config", cfg).returncode == 1


NOTICE = (
    "Some payments failed on November 20 from 14:02 to 15:20 UTC. We guarantee this will never happen "
    "again. We restored service and are adding checks. The DNS failover broke.\n"
)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_scan_lint_reports_writing_findings_in_every_format(tmp_path, fmt):
    t = tmp_path / "notice.md"
    t.write_text(NOTICE)
    r = (run_cli if fmt == "text" else run_cli_inproc)("scan", "--lint", "--format", fmt, t)
    assert r.returncode == 0, r.stdout + r.stderr  # writing findings warn
    if fmt == "text":
        assert "legal.promise" in r.stdout and "lang.jargon" in r.stdout
    elif fmt == "json":
        rules = {f["rule"] for f in json.loads(r.stdout)["findings"]}
        assert {"legal.promise", "lang.jargon"} <= rules
    else:
        run = json.loads(r.stdout)["runs"][0]
        assert {x["ruleId"] for x in run["results"]} >= {"legal.promise", "lang.jargon"}
    plain = run_cli_inproc("scan", "--format", fmt, t)
    assert "legal.promise" not in plain.stdout  # without --lint: the redaction scan only


def test_scan_lint_blocks_on_placeholders_and_on_raised_severity(tmp_path):
    t = tmp_path / "notice.md"
    t.write_text("TODO: say what happened.\n")
    r = run_cli("scan", "--lint", t)
    assert r.returncode == 1 and "placeholder.marker" in r.stdout
    t.write_text(NOTICE)
    cfg = tmp_path / "c.toml"
    cfg.write_text('[lint.severity]\n"legal" = "block"\n')
    assert run_cli_inproc("scan", "--lint", "--config", cfg, t).returncode == 1
    assert run_cli("scan", "--lint", tmp_path / "missing.md").returncode == 2
