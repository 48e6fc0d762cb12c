"""`commsgen scan` reads commsgen.toml with the one configuration schema (commsgen.config): the same
context as every other command, and every mistake reported with file, line and key (exit 2)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from commsgen.config import Config, load_config
from commsgen.redact import context_for
from commsgen.redact.settings import scan_config
from conftest import SAMPLES, cli_env, run_cli, run_cli_inproc

CONFIGS = {
    "samples": (SAMPLES / "commsgen.toml").read_text(encoding="utf-8"),
    "small": 'internal_domains = [".Acme-Tools.NET"]\ndeny = ["Project Falcon", {regex = "OPS-\\\\d+"}]\n'
    '[[redaction.allow]]\nmatch = "10.9.8.7"\nreason = "lab address"\naudience = "customer"\n'
    '[[redaction.allow]]\nmatch = "CVE-2024-1"\nreason = "public"\nrule = "vuln.cve"\n',
    "company only": 'company = "Initech"\n',
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_scan_reads_the_configuration_schema(name, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(CONFIGS[name], encoding="utf-8")
    settings = scan_config(cfg)
    assert isinstance(settings, Config)
    assert context_for(None, settings) == context_for(None, load_config(cfg))


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_empty_config_means_defaults(text, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    assert scan_config(cfg) is None


@pytest.mark.parametrize(
    "text,key",
    [
        ("[lint]\nmax_grade = 8\nmax_grdae = 9\n", "max_grdae"),
        ('compnay = "Acme"\n', "compnay"),
        ('[[redaction.allow]]\nmatch = "x"\nreason = "y"\naudiences = ["all"]\n', "audiences"),
    ],
)
def test_unknown_keys_are_reported_with_line(text, key, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    f = tmp_path / "n.md"
    f.write_text("nothing here\n", encoding="utf-8")
    # the program reads the first; the other files are the same command line in process
    run = run_cli if key == "max_grdae" else run_cli_inproc
    p = run("scan", f, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    assert p.returncode == 2 and f"unknown key `{key}`" in p.stderr and "line " in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize(
    "text,field",
    [
        ('internal_domains = ["not a domain"]\n', "internal_domains"),
        ("deny = [3]\n", "deny"),
        ('deny = [{regex = "("}]\n', "deny"),
        ('[[redaction.allow]]\nmatch = "x"\nreason = ""\n', "reason"),
        ('[[redaction.allow]]\nmatch = "x"\nreason = "y"\naudience = "board"\n', "audience"),
    ],
)
def test_invalid_scan_values_get_the_full_validation(text, field, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    f = tmp_path / "n.md"
    f.write_text("nothing here\n", encoding="utf-8")
    # the program reads the first; the other files are the same command line in process
    run = run_cli if field == "internal_domains" else run_cli_inproc
    p = run("scan", f, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    assert p.returncode == 2 and field in p.stderr and str(cfg) in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


def test_scan_without_a_config_does_not_import_the_models(tmp_path):
    f = tmp_path / "n.md"
    f.write_text("Grafana showed 10.1.2.3.\n", encoding="utf-8")
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    code = (
        "import sys\nfrom commsgen.cli import main\ntry:\n    main(['scan', '--format', 'json', sys.argv[1]])\n"
        "except SystemExit:\n    pass\nprint('MODELS', 'commsgen.config' in sys.modules, file=sys.stderr)\n"
    )
    p = subprocess.run(
        [sys.executable, "-c", code, str(f)], capture_output=True, text=True, env=cli_env(COMMSGEN_CONFIG=str(empty))
    )
    assert "MODELS False" in p.stderr, p.stderr
    assert '"infra.private-ipv4"' in p.stdout


def test_scan_with_the_sample_config(tmp_path):
    f = tmp_path / "n.md"
    f.write_text("Grafana showed 10.1.2.3; see PAY-12.\n", encoding="utf-8")
    p = run_cli_inproc("scan", "--format", "json", f, env=cli_env(COMMSGEN_CONFIG=str(SAMPLES / "commsgen.toml")))
    assert p.returncode == 1, p.stderr
    assert '"deny.term"' in p.stdout and '"infra.private-ipv4"' in p.stdout
