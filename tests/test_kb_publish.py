"""A published review passes the same redaction gate as every other output: the executive edition
is refused on a leak (or masks it with --redact), secrets are masked in every edition, and the PDF's
charts keep their labels as text the gate reads back."""

from __future__ import annotations

import json

import pytest

from conftest import SAMPLES, run_cli, run_cli_inproc
from kb_helpers import copy_samples, index

CFG = str(SAMPLES / "commsgen.toml")
ARGS = ("--period", "2026Q4", "--as-of", "2026-12-07")
HOST = "payments-db-01.corp.acme.internal"


@pytest.fixture(scope="module")
def leaky(tmp_path_factory):
    folder = copy_samples(tmp_path_factory.mktemp("pub") / "pm")
    f = folder / "history" / "2026-11-sms-provider-outage.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "title: SMS sign-in codes not delivered", f"title: SMS sign-in codes via {HOST} not delivered"
        ),
        encoding="utf-8",
    )
    assert index(folder).returncode == 0
    return folder


def test_executive_edition_refused_on_an_internal_host(leaky):
    r = run_cli("--config", CFG, "review", *ARGS, "-a", "executive", "-f", "md", cwd=leaky)
    assert r.returncode == 1 and r.stdout == ""
    assert "refused the executive review" in r.stderr and "internal-host" in r.stderr


def test_redact_masks_it_instead(leaky):
    # what each edition holds: in process (the refusal above and the PDF below run the program)
    r = run_cli_inproc("--config", CFG, "review", *ARGS, "-a", "executive", "-f", "md", "--redact", cwd=leaky)
    assert r.returncode == 0, r.stderr
    assert HOST not in r.stdout and "[redacted]" in r.stdout


def test_engineering_edition_keeps_internal_detail(leaky):
    r = run_cli_inproc("--config", CFG, "review", *ARGS, "-f", "md", cwd=leaky)
    assert r.returncode == 0 and HOST in r.stdout


def test_executive_json_has_no_files_or_action_titles(leaky):
    r = run_cli_inproc("--config", CFG, "review", *ARGS, "-a", "executive", "-f", "json", "--redact", cwd=leaky)
    d = json.loads(r.stdout)
    assert d["audience"] == "executive"
    assert all("file" not in x for x in d["excluded"]["items"])
    assert all(isinstance(t["earlier_prevent_actions"]["not_done"], int) for t in d["themes"])
    assert set(d) >= {
        "period",
        "postmortems",
        "excluded",
        "by_severity",
        "by_service",
        "by_month",
        "actions",
        "completed_within_48h",
    }


@pytest.mark.slow
def test_executive_pdf_of_the_samples(tmp_path):
    from pypdf import PdfReader

    folder = copy_samples(tmp_path / "pm")
    assert index(folder).returncode == 0
    out = tmp_path / "review.pdf"
    r = run_cli("--config", CFG, "review", *ARGS, "-a", "executive", "-f", "pdf", "-o", str(out), cwd=folder)
    assert r.returncode == 0, r.stderr
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    for label in (
        "Incident pattern review 2026Q4",
        "Postmortems by severity",
        "Postmortems by month",
        "2026-11",
        "SEV3 (n=3)",
        "Seen before, and the fix was never done",
        "exclude_from_metrics",
    ):
        assert label in " ".join(text.split()), label


def test_pdf_needs_an_output_file(leaky):
    r = run_cli("review", *ARGS, "-f", "pdf", cwd=leaky)
    assert r.returncode == 2 and "needs -o FILE" in r.stderr
