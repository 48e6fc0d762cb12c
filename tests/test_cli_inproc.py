"""``run_cli_inproc`` (conftest.py), which some tests use instead of a subprocess: it gives what the
program gives, and leaves the test process as it found it."""

from __future__ import annotations

import os
import re
import sys

import pytest

from conftest import DATA, SAMPLES, cli_env, run_cli, run_cli_inproc

SAMPLE = SAMPLES / "outage-checkout-failover.yaml"


@pytest.mark.parametrize(
    "args",
    [
        ("check", SAMPLE),  # exit 0
        ("check", "--format", "json", DATA / "bad" / "three-mistakes.yaml"),  # exit 2, JSON report
        ("check", DATA / "bad" / "syntax.yaml"),  # exit 2, a paragraph on stderr
        ("render", SAMPLE, "-a", "customer", "-f", "html"),  # the output on stdout
        ("render", SAMPLE, "--audience", "status", "--format", "md"),  # usage: exit 2 (program name aside)
        ("scan", "--format", "json", SAMPLE),  # the scan without click: exit 1, findings
        ("--config", SAMPLES / "commsgen.toml", "render", SAMPLE, "-a", "status", "-f", "json"),
    ],
    ids=["check-ok", "check-json-invalid", "check-syntax", "render-html", "render-usage", "scan-json", "config"],
)
def test_same_exit_code_and_streams_as_the_program(args):
    a, b = run_cli(*args), run_cli_inproc(*args)
    # click names the program in its usage text after how it was started (``python -m commsgen``
    # here, the test runner in process): the tests of usage text run the program
    named = re.compile(r"^(Usage: |Try ')\S+( -m \S+)?", re.M)
    assert (b.returncode, b.stdout) == (a.returncode, a.stdout)
    assert named.sub(r"\1commsgen", b.stderr) == named.sub(r"\1commsgen", a.stderr)


def test_environment_folder_and_streams_are_the_commands_then_put_back(tmp_path):
    (tmp_path / "note.md").write_text("The Payments team rolled it back.\n", encoding="utf-8")
    cfg = tmp_path / "deny.toml"
    cfg.write_text('deny = [{regex = "Payments"}]\n', encoding="utf-8")
    before = (dict(os.environ), os.getcwd(), sys.stdin, sys.stdout, sys.stderr)
    mask = os.umask(0o022)
    os.umask(mask)
    # a relative path, read from the given folder; the configuration named by the given environment
    r = run_cli_inproc("scan", "note.md", cwd=tmp_path, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    assert r.returncode == 1 and "Payments" in r.stdout + r.stderr
    assert run_cli_inproc("scan", "note.md", cwd=tmp_path).returncode == 0  # the test's empty config again
    assert (dict(os.environ), os.getcwd(), sys.stdin, sys.stdout, sys.stderr) == before
    assert os.umask(mask) == mask


def test_input_is_the_commands_stdin(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    a = run_cli("check", "-", input=text)
    b = run_cli_inproc("check", "-", input=text)
    assert (b.returncode, b.stdout, b.stderr) == (a.returncode, a.stdout, a.stderr)
