"""commsgen.drafts: saving as typed, recovery copies, timeline insertion, findings helpers."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from commsgen import drafts, pipeline
from commsgen.config import Config
from commsgen.findings import Finding

DATA = Path(__file__).parent / "data" / "tui"
NOW = datetime(2026, 11, 20, 16, 5, 9, tzinfo=timezone.utc)


def test_recovery_path_is_hidden_beside_the_file(tmp_path):
    assert drafts.recovery_path(tmp_path / "inc.yaml") == tmp_path / ".inc.yaml.commsgen-recovery"
    assert drafts.recovery_path(None, cwd=tmp_path) == tmp_path / ".untitled-postmortem.yaml.commsgen-recovery"


def test_save_writes_text_as_typed_and_drops_recovery(tmp_path):
    p = tmp_path / "inc.yaml"
    text = "# a comment\nz: 1\na: 2  # trailing\n"
    drafts.write_recovery(p, text + "more\n")
    drafts.save(p, text)
    assert p.read_text(encoding="utf-8") == text
    assert not drafts.recovery_path(p).exists()


def test_pending_recovery_only_when_newer_and_different(tmp_path):
    p = tmp_path / "inc.yaml"
    p.write_text("a: 1\n", encoding="utf-8")
    assert drafts.pending_recovery(p) is None
    drafts.write_recovery(p, "a: 1\n")
    assert drafts.pending_recovery(p) is None  # same text: nothing to offer
    drafts.write_recovery(p, "a: 2\n")
    assert drafts.pending_recovery(p) == "a: 2\n"
    rec = drafts.recovery_path(p)
    os.utime(rec, (1_000_000, 1_000_000))  # older than the file: the file wins
    assert drafts.pending_recovery(p) is None
    p.unlink()  # the file is gone: the copy is all there is
    assert drafts.pending_recovery(p) == "a: 2\n"


def _events(text):
    return yaml.safe_load(text)["timeline"]


def test_insert_event_at_end_of_indented_timeline_keeps_comments():
    src = (DATA / "outage.yaml").read_text(encoding="utf-8")
    new, (row, c0, c1) = drafts.insert_timeline_event(src, now=NOW)
    before, after = _events(src), _events(new)
    assert len(after) == len(before) + 1
    assert after[-1]["at"] == datetime(2026, 11, 20, 16, 5, 9, tzinfo=timezone.utc)
    assert new.split("\n")[row][c0:c1] == drafts.EVENT_PLACEHOLDER
    # every original line is still there, in order
    old_lines = src.split("\n")
    new_lines = new.split("\n")
    assert [ln for ln in new_lines if ln in old_lines] == old_lines
    assert "# Comms" in new and pipeline.loads(new, "x.yaml").postmortem.timeline[-1].text == drafts.EVENT_PLACEHOLDER


def test_insert_event_timeline_items_at_column_zero_and_trailing_comment():
    src = "a: 1\ntimeline:\n- at: 2026-01-01T00:00:00Z\n  text: first\n\n# about factors\ncontributing_factors: []\n"
    new, (row, c0, c1) = drafts.insert_timeline_event(src, now=NOW)
    lines = new.split("\n")
    assert lines[4:7] == ["- at: 2026-11-20T16:05:09Z", "  kind: observation", f"  text: {drafts.EVENT_PLACEHOLDER}"]
    assert lines[8] == "# about factors"  # the comment stays with the next section
    assert len(_events(new)) == 2 and row == 6


def test_insert_event_when_timeline_is_last_without_newline():
    src = "a: 1\ntimeline:\n    - at: 2026-01-01T00:00:00Z\n      text: first"
    new, _ = drafts.insert_timeline_event(src, now=NOW)
    assert _events(new)[-1]["text"] == drafts.EVENT_PLACEHOLDER
    assert new.split("\n")[-3] == "    - at: 2026-11-20T16:05:09Z"


def test_insert_event_creates_timeline_when_missing():
    new, (row, c0, c1) = drafts.insert_timeline_event("a: 1\n", now=NOW)
    assert _events(new)[0]["kind"] == "observation"
    assert new.split("\n")[row][c0:c1] == drafts.EVENT_PLACEHOLDER


@pytest.mark.parametrize(
    "src", ["timeline: []\n", "timeline: [{at: 2026-01-01T00:00:00Z, text: x}]\n", '{"timeline": []}']
)
def test_insert_event_refuses_flow_style_and_json(src):
    with pytest.raises(drafts.InsertError):
        drafts.insert_timeline_event(src, now=NOW)


def test_preview_findings_are_the_findings_check_reports_one_row_per_problem():
    src = (DATA / "security-pending.yaml").read_text(encoding="utf-8")
    pv = pipeline.preview(src, "security-pending.yaml", Config())
    found = drafts.preview_findings(pv)
    assert sorted(map(id, found)) == sorted(map(id, pv.findings))
    # no customer version and no status-page output of a security event with disclosure pending:
    # one row each, as `check` says it
    refusals = [f for f in found if f.rule.endswith(".refused")]
    assert [f.audience for f in refusals] == ["customer", "status"]
    assert drafts.blocking_counts(found)["engineering"] == 0


def test_blocking_counts_source_findings_count_for_every_audience():
    fs = [
        Finding(kind="validation", rule="x", severity="block", message="m"),
        Finding(kind="secret", rule="y", severity="block", message="m", audience="executive"),
        Finding(kind="secret", rule="y", severity="block", message="m", audience="executive", waived="ok"),
        Finding(kind="lang", rule="z", severity="warn", message="m", audience="customer"),
    ]
    assert drafts.blocking_counts(fs) == {"engineering": 1, "executive": 2, "customer": 1, "status": 1}


def test_export_path_beside_source(tmp_path):
    assert drafts.export_path(tmp_path / "inc-1.yaml", "customer.md") == tmp_path / "inc-1.customer.md"


def test_core_and_cli_do_not_import_textual():
    import subprocess
    import sys

    code = "import sys, commsgen.cli, commsgen.pipeline, commsgen.drafts; print('textual' in sys.modules)"
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "False"


def test_tui_command_is_listed(cli):
    r = cli("tui", "--help")
    assert r.returncode == 0 and "FILE" in r.stdout
