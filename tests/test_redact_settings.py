"""`commsgen scan` reads commsgen.toml without pydantic when it is plainly valid, gives the scan the
same context as the full validation, and sends anything unexpected to the full validation (exit 2
with file, line and key)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import BaseModel

from commsgen.config import Component, Config, LintConfig, RedactionConfig, StatusConfig, load_config
from commsgen.model.schema import DenyRegex, Waiver
from commsgen.redact import context_for
from commsgen.redact.settings import KEYS, scan_config
from conftest import SAMPLES, cli_env, run_cli

CONFIGS = {
    "samples": (SAMPLES / "commsgen.toml").read_text(encoding="utf-8"),
    "small": 'internal_domains = [".Acme-Tools.NET"]\ndeny = ["Project Falcon", {regex = "OPS-\\\\d+"}]\n'
             '[[redaction.allow]]\nmatch = "10.9.8.7"\nreason = "lab address"\naudience = "customer"\n'
             '[[redaction.allow]]\nmatch = "CVE-2024-1"\nreason = "public"\nrule = "vuln.cve"\n',
    "company only": 'company = "Initech"\n',
}


def _fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields) - {"source"}


def test_known_keys_are_the_models_keys():
    assert KEYS[""] == _fields(Config)
    assert KEYS["lint"] == _fields(LintConfig)
    assert KEYS["status"] == _fields(StatusConfig)
    assert KEYS["redaction"] == _fields(RedactionConfig)
    assert KEYS["waiver"] == _fields(Waiver)
    assert KEYS["deny"] == _fields(DenyRegex)
    assert KEYS["component"] == _fields(Component)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_light_settings_give_the_same_context_as_the_models(name, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(CONFIGS[name], encoding="utf-8")
    light = scan_config(cfg)
    assert light is not None and not isinstance(light, Config)      # the light path was taken
    assert context_for(None, light) == context_for(None, load_config(cfg))


@pytest.mark.parametrize("text", ["", "# only a comment\n\n"])
def test_empty_config_means_defaults(text, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    assert scan_config(cfg) is None


@pytest.mark.parametrize("text,key", [
    ("[lint]\nmax_grade = 8\nmax_grdae = 9\n", "max_grdae"),
    ('compnay = "Acme"\n', "compnay"),
    ('[[redaction.allow]]\nmatch = "x"\nreason = "y"\naudiences = ["all"]\n', "audiences"),
])
def test_unknown_keys_are_reported_with_line(text, key, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    f = tmp_path / "n.md"
    f.write_text("nothing here\n", encoding="utf-8")
    p = run_cli("scan", f, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    assert p.returncode == 2 and f"unknown key `{key}`" in p.stderr and "line " in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


@pytest.mark.parametrize("text,field", [
    ('internal_domains = ["not a domain"]\n', "internal_domains"),
    ("deny = [3]\n", "deny"),
    ('deny = [{regex = "("}]\n', "deny"),
    ('[[redaction.allow]]\nmatch = "x"\nreason = ""\n', "reason"),
    ('[[redaction.allow]]\nmatch = "x"\nreason = "y"\naudience = "board"\n', "audience"),
])
def test_invalid_scan_values_get_the_full_validation(text, field, tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(text, encoding="utf-8")
    f = tmp_path / "n.md"
    f.write_text("nothing here\n", encoding="utf-8")
    p = run_cli("scan", f, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    assert p.returncode == 2 and field in p.stderr and str(cfg) in p.stderr, p.stderr
    assert "Traceback" not in p.stderr


def test_scan_with_the_sample_config_does_not_import_pydantic(tmp_path):
    f = tmp_path / "n.md"
    f.write_text("Grafana showed 10.1.2.3; see PAY-12.\n", encoding="utf-8")
    code = ("import sys\nfrom commsgen.cli import main\ntry:\n    main(['scan', '--format', 'json', sys.argv[1]])\n"
            "except SystemExit:\n    pass\nprint('PYDANTIC', 'pydantic' in sys.modules, file=sys.stderr)\n")
    p = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True,
                       env=cli_env(COMMSGEN_CONFIG=str(SAMPLES / "commsgen.toml")))
    assert "PYDANTIC False" in p.stderr, p.stderr
    assert '"deny.term"' in p.stdout and '"infra.private-ipv4"' in p.stdout
