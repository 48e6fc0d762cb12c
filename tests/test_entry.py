"""The `commsgen` entry point: the plain form of `scan` runs without click and behaves exactly like
the click command; everything else goes to click."""
from __future__ import annotations

import subprocess
import sys

import pytest

from commsgen.entry import plain_scan, wants_pdf
from conftest import cli_env, run_cli

TEXT = "The replica at 10.40.30.240 fell behind; key AKIAO2GSHIKPPY7DP2DJ; mail zoe.garcia@northwindtraders.com.\n"


@pytest.mark.parametrize("argv,want", [
    (["scan", "a.md"], (None, "text", ["a.md"])),
    (["scan", "--format", "json", "a.md", "b.md"], (None, "json", ["a.md", "b.md"])),
    (["scan", "a.md", "--format=sarif"], (None, "sarif", ["a.md"])),
    (["--config", "c.toml", "scan", "a.md"], ("c.toml", "text", ["a.md"])),
    (["--config=c.toml", "scan", "--format", "text", "a.md"], ("c.toml", "text", ["a.md"])),
    (["scan"], None), (["scan", "--help"], None), (["scan", "-", "a.md"], None), (["scan", "--", "a.md"], None),
    (["scan", "--format", "xml", "a.md"], None), (["scan", "--format"], None), (["check", "a.yaml"], None),
    (["--version"], None), ([], None), (["--config=", "scan", "a.md"], None),
])
def test_plain_scan_form(argv, want):
    assert plain_scan(argv) == want


def _click(*args: str, env: dict) -> subprocess.CompletedProcess:
    code = "import sys\nfrom commsgen.cli import main\nmain(sys.argv[1:])\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_fast_scan_is_the_click_scan(fmt, tmp_path):
    f = tmp_path / "notes.md"
    f.write_text(TEXT, encoding="utf-8")
    env = cli_env()
    fast = run_cli("scan", "--format", fmt, f, tmp_path / "missing.md", env=env)
    slow = _click("scan", "--format", fmt, str(f), str(tmp_path / "missing.md"), env=env)
    assert (fast.returncode, fast.stdout, fast.stderr) == (slow.returncode, slow.stdout, slow.stderr)
    assert fast.returncode == 2 and "missing.md" in fast.stderr and "10.40.30.240" in fast.stdout


def test_fast_scan_config_errors_and_no_click(tmp_path):
    f = tmp_path / "notes.md"
    f.write_text(TEXT, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text("[lint]\nmax_grdae = 3\n", encoding="utf-8")
    p = run_cli("--config", bad, "scan", f)
    q = _click("--config", str(bad), "scan", str(f), env=cli_env())
    assert p.returncode == q.returncode == 2 and p.stderr == q.stderr and "max_grdae" in p.stderr
    code = ("import sys\nfrom commsgen.entry import main\ntry:\n    main(['scan', sys.argv[1]])\nexcept SystemExit:\n"
            "    pass\nprint('CLICK', 'click' in sys.modules, file=sys.stderr)\n")
    r = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, env=cli_env())
    assert "CLICK False" in r.stderr and "AKIA" in r.stdout


def test_other_commands_go_to_click():
    p = run_cli("scan", "--help")
    assert p.returncode == 0 and "--format" in p.stdout
    assert run_cli("--version").stdout.startswith("commsgen")


@pytest.mark.parametrize("argv,want", [
    (["render", "a.yaml", "-a", "executive", "-f", "pdf", "-o", "b.pdf"], True),
    (["render", "a.yaml", "--format", "pdf", "-o", "b.pdf"], True),
    (["--config", "c.toml", "render", "a.yaml", "--format=pdf", "-o", "b.pdf"], True),
    (["render", "a.yaml", "-fpdf", "-o", "b.pdf"], True),
    (["render", "a.yaml", "-f", "md", "-o", "pdf"], False), (["render", "pdf.yaml"], False),
    (["render", "a.yaml", "-f"], False), (["check", "a.yaml", "-f", "pdf"], False),
    (["render", "--", "a.yaml", "-f", "pdf"], False), ([], False),
])
def test_wants_pdf_guesses_a_pdf_render_before_parsing(argv, want):
    assert wants_pdf(argv) is want
