"""commsgen.toml: discovery order, and mistakes in it reported with file, line and key (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from commsgen.config import load_config
from commsgen.errors import ConfigError
from conftest import DATA, SAMPLES, cli_env, run_cli, run_cli_inproc

GOOD = DATA / "good" / "minimal.yaml"


def env_without_config(**extra: str) -> dict[str, str]:
    env = cli_env(**extra)
    if "COMMSGEN_CONFIG" not in extra:
        env.pop("COMMSGEN_CONFIG", None)
    return env


def located(r) -> str:
    assert r.returncode == 0, r.stderr
    line = next(l for l in r.stdout.splitlines() if l.startswith("config:"))
    return line.split(":", 1)[1].strip()


@pytest.fixture
def tree(tmp_path: Path):
    """tmp/commsgen.toml (parent), tmp/team/ (working folder), tmp/env.toml, tmp/explicit.toml."""
    (tmp_path / "commsgen.toml").write_text('company = "Parent"\n')
    work = tmp_path / "team" / "incidents"
    work.mkdir(parents=True)
    (tmp_path / "env.toml").write_text('company = "FromEnv"\n')
    (tmp_path / "explicit.toml").write_text('company = "Explicit"\n')
    return tmp_path, work


def test_parent_folder_is_found_from_a_subfolder(tree, monkeypatch):
    root, work = tree
    r = run_cli_inproc("locate", cwd=work, env=env_without_config())  # which file: in process
    assert located(r) == str(root / "commsgen.toml")
    monkeypatch.delenv("COMMSGEN_CONFIG")
    assert load_config(None, cwd=work).company == "Parent"


def test_nearest_folder_wins_over_parent(tree):
    root, work = tree
    (work / "commsgen.toml").write_text('company = "Nearest"\n')
    r = run_cli_inproc("locate", cwd=work, env=env_without_config())  # which file: in process
    assert located(r) == str(work / "commsgen.toml")


def test_environment_variable_beats_the_folder_search(tree):
    root, work = tree
    r = run_cli_inproc("locate", cwd=work, env=env_without_config(COMMSGEN_CONFIG=str(root / "env.toml")))
    assert located(r) == str(root / "env.toml")


def test_explicit_option_beats_the_environment(tree):
    root, work = tree
    r = run_cli(
        "--config",
        str(root / "explicit.toml"),
        "locate",
        cwd=work,
        env=env_without_config(COMMSGEN_CONFIG=str(root / "env.toml")),
    )
    assert located(r) == str(root / "explicit.toml")
    assert load_config(root / "explicit.toml").company == "Explicit"


def test_no_config_anywhere_means_defaults(tmp_path):
    r = run_cli("locate", cwd=tmp_path, env=env_without_config())
    if located(r).startswith("("):
        assert "built-in defaults" in located(r)
    else:  # pragma: no cover - a commsgen.toml above the temp folder on this machine
        pytest.skip(f"a commsgen.toml exists above {tmp_path}")


def test_explicit_config_that_does_not_exist(tmp_path):
    r = run_cli("--config", str(tmp_path / "nope.toml"), "check", str(GOOD))
    assert r.returncode == 2 and "configuration file not found" in r.stderr and "Traceback" not in r.stderr


def test_unknown_top_level_key_suggests_and_names_the_line(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('# Acme\npublic_domains = ["acme.com"]\ncompnay = "Acme"\n')
    r = run_cli_inproc("--config", str(cfg), "check", str(GOOD))
    assert r.returncode == 2, r.stdout
    assert f"{cfg}, line 3, field `compnay`: unknown key `compnay`; did you mean `company`?" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_key_in_a_section_suggests_and_names_the_line(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('company = "Acme"\n\n[lint]\nmax_grade = 8\nmax_sentence_word = 25\n')
    r = run_cli_inproc("--config", str(cfg), "check", str(GOOD))
    assert r.returncode == 2
    assert (
        "line 5" in r.stderr
        and "did you mean `max_sentence_words`?" in r.stderr
        and "lint.max_sentence_word" in r.stderr
    )


def test_toml_syntax_error_with_line(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('company = "Acme"\ninternal_domains = ["acme.internal",\n"corp.acme.com"\ndeny = []\n')
    r = run_cli_inproc("--config", str(cfg), "check", str(GOOD))
    assert r.returncode == 2
    assert str(cfg) in r.stderr and "line 4" in r.stderr and "TOML syntax error" in r.stderr
    assert "Traceback" not in r.stderr


def test_wrong_value_type_is_named(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('company = "Acme"\ninternal_domains = ["not a domain!"]\n')
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    [p] = e.value.problems
    assert p.field == "internal_domains" and p.line == 2 and "not a domain name" in p.message


def test_sample_config_loads_and_maps_every_sample_service():
    from commsgen.model.loader import load

    cfg = load_config(SAMPLES / "commsgen.toml")
    assert cfg.company == "Acme" and "acme.com" in cfg.public_domains
    assert {"acme.internal", "corp.acme.com"} <= set(cfg.internal_domains)
    for sample in sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json")):
        for svc in load(sample).postmortem.services:
            assert cfg.component(svc.id) is not None, (sample.name, svc.id)


def test_default_configuration_equals_a_validated_empty_one():
    """No commsgen.toml: the configuration is built without validation, and must be exactly what
    validating an empty file gives (every field, nested tables included)."""
    from commsgen.config import Config, LintConfig, StatusConfig

    default = Config.default()  # what load_config returns when it finds no commsgen.toml
    assert default == Config()
    assert default.model_dump() == Config().model_dump()
    assert default.lint == LintConfig() and default.status == StatusConfig()
    assert set(Config.model_fields) <= set(default.__dict__)
