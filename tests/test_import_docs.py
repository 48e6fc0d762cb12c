"""The before/after diffs in README.md and docs/IMPORT.md are what ``commsgen import`` prints for the
command written above each (run from the repository's root, as a user would copy it)."""

from __future__ import annotations

import re
import shlex

import pytest

from conftest import ROOT, run_cli, run_cli_inproc

_EXAMPLE = re.compile(r"^    \$ (commsgen import .*?--dry-run)\n+```diff\n(.*?)```\n", re.M | re.S)


def examples() -> list[tuple[str, str, str]]:
    out = []
    for doc in ("README.md", "docs/IMPORT.md"):
        for m in _EXAMPLE.finditer((ROOT / doc).read_text(encoding="utf-8")):
            out.append((doc, " ".join(m.group(1).replace("\\\n", " ").split()), m.group(2)))
    return out


def test_every_source_has_a_before_and_after():
    sources = {shlex.split(cmd)[2] for _doc, cmd, _diff in examples()}
    assert sources == {"slack", "pagerduty", "opsgenie", "alertmanager", "grafana", "datadog", "statuspage"}


@pytest.mark.parametrize("doc, command, diff", examples(), ids=lambda v: v.split()[2] if " " in v else None)
def test_documented_diff_is_the_output(doc, command, diff):
    # the program prints the first example; the others run the same command line in process
    # (``run_cli_inproc``, the same stdout: tests/test_cli_inproc.py)
    run = run_cli if (doc, command) == examples()[0][:2] else run_cli_inproc
    r = run(*shlex.split(command)[1:], cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout == diff, f"{doc}: `{command}` prints another diff now"
