"""`commsgen new`: the skeleton is printed or written verbatim, never clobbers, and validates."""

from __future__ import annotations

import stat

import pytest

from commsgen.model.loader import loads
from commsgen.model.schema import Postmortem
from commsgen.skeleton import OutputExists, skeleton_text, write_skeleton
from conftest import ROOT, run_cli, run_cli_inproc

SKELETON = ROOT / "templates" / "skeleton.yaml"


def test_prints_the_skeleton_verbatim():
    r = run_cli("new")
    assert r.returncode == 0, r.stderr
    assert r.stdout == SKELETON.read_text(encoding="utf-8")


def test_writes_the_skeleton_and_it_checks(tmp_path):
    out = tmp_path / "incidents" / "INC-2026-0200.yaml"
    r = run_cli("new", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == SKELETON.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left behind
    c = run_cli_inproc("check", out)
    assert c.returncode == 1, c.stdout + c.stderr  # valid, but blocked until it is filled in
    assert "Traceback" not in c.stderr


def test_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "mine.yaml"
    out.write_text("my work\n")
    r = run_cli("new", "-o", out)
    assert r.returncode == 1
    assert str(out) in r.stderr and "--force" in r.stderr and "Traceback" not in r.stderr
    assert out.read_text() == "my work\n"
    r = run_cli_inproc("new", "-o", out, "--force")
    assert r.returncode == 0 and out.read_text() == skeleton_text()


def test_folder_as_output_is_a_usage_error(tmp_path):
    r = run_cli("new", "-o", tmp_path)
    assert r.returncode == 2 and "is a folder" in r.stderr


def test_library_refusal_carries_the_file(tmp_path):
    out = tmp_path / "x.yaml"
    out.write_text("keep")
    with pytest.raises(OutputExists) as e:
        write_skeleton(out)
    assert e.value.problems[0].file == str(out) and e.value.exit_code == 1


def test_skeleton_validates_as_a_draft():
    pm = loads(skeleton_text(), "skeleton.yaml").postmortem
    assert pm.status.value == "draft" and pm.lead.role == "lead"
    assert pm.customer is not None and pm.action_items[0].owner and pm.action_items[0].due


def test_skeleton_mentions_every_top_level_section():
    """Every top-level key of the format appears in the skeleton (as a key or a commented key),
    so a writer discovers each section from it."""
    text = skeleton_text()
    missing = [k for k in Postmortem.model_fields if f"\n{k}:" not in text and f"\n# {k}:" not in text]
    assert missing == []


def test_skeleton_guides_the_writer():
    text = skeleton_text().lower()
    for words in (
        "utc",
        "without blame",
        "five whys",
        "owner",
        "due date",
        "roles not names",
        "internal",
        "customer",
        "executive",
    ):
        assert words in text, words


def test_skeleton_is_shipped_with_the_templates():
    from commsgen.resources import builtin_templates

    assert (builtin_templates() / "skeleton.yaml").is_file()
