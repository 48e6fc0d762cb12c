"""YAML traps: a ` #` that cuts an unquoted value short is a warning wherever the file is read
(check, render, batch, the library's Loaded.warnings); "mapping values are not allowed here" points
at the colon and shows the value quoted and as a folded block."""

from __future__ import annotations

import json

import pytest

from commsgen.errors import InputError
from commsgen.model.loader import loads
from conftest import run_cli, run_cli_inproc
from lint_helpers import COMPLETE

BASE = COMPLETE.read_text(encoding="utf-8")
CUT_VALUES = [
    "opens #inc-2026-0142 and pages the DBA",
    "merged PR #512 then deployed",
    "see #ops-alerts",
    "moved to #2 in the queue",
]
KEPT = ['"quoted #channel"', "'single #x'", "plain with a real # comment", "tag#inside-word", "C# code"]


def _with_summary(value: str) -> str:
    block = (
        "summary: |\n  A planned failover of the payments database left the connection pool pointing at the\n"
        "  demoted primary.\n"
    )
    assert block in BASE
    return BASE.replace(block, f"summary: {value}\n")


@pytest.mark.parametrize("value", CUT_VALUES)
def test_a_cut_value_warns_at_the_hash(value):
    text = _with_summary(value)
    lp = loads(text, "pm.yaml")
    (w,) = lp.warnings
    line = text.splitlines()[w.line - 1]
    assert w.rule == "yaml.comment-in-text" and line[w.column - 1] == "#"
    assert lp.postmortem.summary == value.split(" #")[0]


@pytest.mark.parametrize("value", KEPT)
def test_quoted_values_and_real_comments_are_left_alone(value):
    assert loads(_with_summary(value), "pm.yaml").warnings == []


@pytest.mark.parametrize("where", ["timeline", "list", "flow"])
def test_a_cut_value_is_found_in_lists_and_nested_mappings(where):
    if where == "timeline":
        text = BASE.replace(
            "    text: Failover of payments-db-01 starts (change CHG-5521).",
            "    text: Failover starts #chg-5521 in the channel",
        )
    elif where == "list":
        text = BASE.replace("mitigators:\n", "mitigators:\n  - The alert fired #ops within a minute\n", 1)
    else:
        text = BASE.rstrip("\n") + "\ntags: [checkout, db]  #not-cut: after a flow list\n"
    warns = loads(text, "pm.yaml").warnings
    assert len(warns) == (0 if where == "flow" else 1)


def _file(tmp_path, value="opens #inc-2026-0142 and pages the DBA"):
    p = tmp_path / "in" / "pm.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_text(_with_summary(value))
    return p


@pytest.mark.slow
def test_check_render_and_batch_all_warn(tmp_path):
    p = _file(tmp_path)
    r = run_cli_inproc("check", p, "--format", "json")
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]].count("yaml.comment-in-text") == 1
    r = run_cli_inproc("render", p, "-a", "engineering")
    assert r.returncode == 0 and "yaml.comment-in-text" in r.stderr and "#inc-2026-0142" in r.stderr
    r = run_cli("batch", p.parent, "--out", tmp_path / "out", "-a", "engineering", "--summary", "json")
    (res,) = json.loads(r.stdout)["results"]
    assert r.returncode == 0 and any("yaml.comment-in-text" in w for w in res["warnings"])
    r = run_cli("batch", p.parent, "--out", tmp_path / "out2", "-a", "engineering")
    assert "yaml.comment-in-text" in r.stdout


COLON_LINES = [
    ("summary: The fix: restart the pool", "summary", "fix"),
    ("title: Outage: checkout down", "title", "Outage"),
    ("  description: Users saw errors: 503 and 504", "description", "errors"),
    ("    text: Pool restarted: errors drop.", "text", "restarted"),
]


@pytest.mark.parametrize("line,key,before", COLON_LINES)
def test_a_colon_in_unquoted_text_gets_a_hint(line, key, before):
    lines = BASE.split("\n")
    i = next(
        n
        for n, x in enumerate(lines)
        if x.startswith(line.split(":")[0] + ":") and (key != "text" or "Pool restarted" in x)
    )
    bad = "\n".join(lines[:i] + [line] + lines[i + 1 :])
    with pytest.raises(InputError) as e:
        loads(bad, "pm.yaml")
    (p,) = e.value.problems
    col = line.index(":", line.index(":") + 1) + 1
    assert p.line == i + 1 and p.column == col
    assert f"after `{before}`" in p.message and f"column {col}" in p.message
    assert f'{key}: "' in p.message and ">-" in p.message


def test_a_colon_in_a_timeline_text_through_the_cli(tmp_path):
    bad = BASE.replace(
        "    text: Failover of payments-db-01 starts (change CHG-5521).", "    text: Dana said: we roll back now"
    )
    p = tmp_path / "pm.yaml"
    p.write_text(bad)
    r = run_cli_inproc("check", p)
    assert r.returncode == 2 and "mapping values are not allowed" in r.stdout
    assert 'text: "Dana said: we roll back now"' in r.stdout and "indented by 6 spaces" in r.stdout
    assert "Traceback" not in r.stderr
