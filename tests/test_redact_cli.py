"""`commsgen scan` end to end, in a subprocess: formats, exit codes, configuration, imports."""

from __future__ import annotations

import json

from conftest import cli_env, run_cli, run_cli_inproc

TEXT = (
    "# Incident notes\n"
    "The replica at 10.40.30.240 fell behind.\n"
    "Über-notice: the key AKIAO2GSHIKPPY7DP2DJ leaked; mail zoe.garcia@northwindtraders.com.\n"
    "Nothing else here: 127.0.0.1, version 10.1.2.3, orders-service.\n"
)


def test_scan_json(tmp_path):
    f = tmp_path / "notes.md"
    f.write_text(TEXT, encoding="utf-8")
    p = run_cli("scan", "--format", "json", f)
    assert p.returncode == 1, p.stderr
    fs = json.loads(p.stdout)["findings"]
    by = {x["rule"]: x for x in fs}
    assert set(by) == {"infra.private-ipv4", "secret.aws-access-key", "pii.email"}
    lines = TEXT.split("\n")
    for x in fs:
        line = lines[x["line"] - 1]
        assert x["severity"] == "block" and x["kind"] and x["message"] and x["file"] == str(f)
        assert line[x["column"] - 1 : x["end_column"] - 1] in (
            "10.40.30.240",
            "AKIAO2GSHIKPPY7DP2DJ",
            "zoe.garcia@northwindtraders.com",
        )
    assert by["secret.aws-access-key"]["excerpt"] == "AKIA************P2DJ"
    assert "AKIAO2GSHIKPPY7DP2DJ" not in p.stdout


def test_scan_sarif(tmp_path):
    f = tmp_path / "notes.md"
    f.write_text(TEXT, encoding="utf-8")
    p = run_cli_inproc("scan", "--format", "sarif", f)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "commsgen"
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    res = run["results"]
    assert len(res) == 3 and all(r["ruleId"] in rule_ids and r["level"] == "error" for r in res)
    region = res[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["endColumn"] > region["startColumn"]


def test_scan_text_and_clean_file(tmp_path):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(TEXT, encoding="utf-8")
    good.write_text("All systems normal. Version 10.1.2.3 shipped at 14:02 UTC.\n", encoding="utf-8")
    p = run_cli("scan", bad)
    assert p.returncode == 1 and "secret.aws-access-key" in p.stdout and "AKIA************P2DJ" in p.stdout
    p = run_cli_inproc("scan", good)
    assert p.returncode == 0, p.stdout
    assert "0 blocking" in p.stdout


def test_scan_exit_2_missing_and_not_utf8(tmp_path):
    p = run_cli("scan", tmp_path / "nope.md")
    assert p.returncode == 2 and "nope.md" in p.stderr and "Traceback" not in p.stderr
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9 10.1.2.3\n".encode("latin-1"))
    p = run_cli_inproc("scan", latin)
    assert p.returncode == 2 and "UTF-8" in p.stderr and "line 1" in p.stderr and "Traceback" not in p.stderr


def test_scan_uses_config(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text(
        'internal_domains = ["acme-tools.net"]\ndeny = ["Project Falcon"]\n'
        '[[redaction.allow]]\nmatch = "10.9.8.7"\nreason = "lab address"\n',
        encoding="utf-8",
    )
    f = tmp_path / "n.md"
    f.write_text("See wiki.acme-tools.net about Project Falcon; host 10.9.8.7.\n", encoding="utf-8")
    p = run_cli_inproc("scan", "--format", "json", f, env=cli_env(COMMSGEN_CONFIG=str(cfg)))
    fs = json.loads(p.stdout)["findings"]
    rules = {(x["rule"], bool(x["waived"])) for x in fs}
    assert ("infra.internal-host", False) in rules and ("deny.term", False) in rules
    assert ("infra.private-ipv4", True) in rules
    bad = tmp_path / "bad.toml"
    bad.write_text("internal_domains = 3\n", encoding="utf-8")
    p = run_cli_inproc("scan", f, env=cli_env(COMMSGEN_CONFIG=str(bad)))
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_scan_does_not_import_heavy_modules(tmp_path):
    import subprocess
    import sys

    f = tmp_path / "n.md"
    f.write_text(TEXT, encoding="utf-8")
    code = (
        "import sys\nfrom commsgen.cli import main\ntry:\n    main(['scan', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('textual', 'weasyprint', 'pydantic') if m in sys.modules]\n"
        "print('HEAVY', bad, file=sys.stderr)\n"
    )
    p = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, env=cli_env())
    assert "HEAVY []" in p.stderr, p.stderr
