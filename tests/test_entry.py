"""The `commsgen` entry point: the plain form of `scan` runs without click and behaves exactly like
the click command; everything else goes to click."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from commsgen.entry import plain_scan, wants_pdf
from conftest import cli_env, run_cli

TEXT = "The replica at 10.40.30.240 fell behind; key AKIAO2GSHIKPPY7DP2DJ; mail zoe.garcia@northwindtraders.com.\n"


@pytest.mark.parametrize(
    "argv,want",
    [
        (["scan", "a.md"], (None, "text", ["a.md"])),
        (["scan", "--format", "json", "a.md", "b.md"], (None, "json", ["a.md", "b.md"])),
        (["scan", "a.md", "--format=sarif"], (None, "sarif", ["a.md"])),
        (["--config", "c.toml", "scan", "a.md"], ("c.toml", "text", ["a.md"])),
        (["--config=c.toml", "scan", "--format", "text", "a.md"], ("c.toml", "text", ["a.md"])),
        (["scan"], None),
        (["scan", "--help"], None),
        (["scan", "-", "a.md"], None),
        (["scan", "--", "a.md"], None),
        (["scan", "--format", "xml", "a.md"], None),
        (["scan", "--format"], None),
        (["check", "a.yaml"], None),
        (["--version"], None),
        ([], None),
        (["--config=", "scan", "a.md"], None),
    ],
)
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
    code = (
        "import sys\nfrom commsgen.entry import main\ntry:\n    main(['scan', sys.argv[1]])\nexcept SystemExit:\n"
        "    pass\nprint('CLICK', 'click' in sys.modules, file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, env=cli_env())
    assert "CLICK False" in r.stderr and "AKIA" in r.stdout


def test_other_commands_go_to_click():
    p = run_cli("scan", "--help")
    assert p.returncode == 0 and "--format" in p.stdout
    assert run_cli("--version").stdout.startswith("commsgen")


@pytest.mark.parametrize(
    "argv,want",
    [
        (["render", "a.yaml", "-a", "executive", "-f", "pdf", "-o", "b.pdf"], True),
        (["render", "a.yaml", "--format", "pdf", "-o", "b.pdf"], True),
        (["--config", "c.toml", "render", "a.yaml", "--format=pdf", "-o", "b.pdf"], True),
        (["render", "a.yaml", "-fpdf", "-o", "b.pdf"], True),
        (["render", "a.yaml", "-f", "md", "-o", "pdf"], False),
        (["render", "pdf.yaml"], False),
        (["render", "a.yaml", "-f"], False),
        (["check", "a.yaml", "-f", "pdf"], False),
        (["render", "--", "a.yaml", "-f", "pdf"], False),
        ([], False),
    ],
)
def test_wants_pdf_guesses_a_pdf_render_before_parsing(argv, want):
    assert wants_pdf(argv) is want


SPY = '''import os


class _Spy:
    def new_schema_validator(self, *args, **kwargs):
        with open(os.environ["SPY_FILE"], "a", encoding="utf-8") as f:
            f.write("handed a schema\\n")
        return None, None, None


plugin = _Spy()
'''


def _spy_site(tmp_path):
    """A folder holding an installed pydantic plugin (a module and its distribution's entry point)."""
    site = tmp_path / "site"
    (site / "spyplug-1.0.dist-info").mkdir(parents=True)
    (site / "spyplug-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: spyplug\nVersion: 1.0\n")
    (site / "spyplug-1.0.dist-info" / "entry_points.txt").write_text("[pydantic]\nspy = spyplug:plugin\n")
    (site / "spyplug.py").write_text(SPY)
    return site


def test_the_program_hands_nothing_to_pydantic_plugins(tmp_path):
    """An installed pydantic plugin would see every postmortem validated, secrets included: the
    program turns plugins off unless the environment says otherwise."""
    site, spy = _spy_site(tmp_path), tmp_path / "spy.log"
    env = cli_env(SPY_FILE=str(spy))
    env["PYTHONPATH"] += os.pathsep + str(site)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    sample = "samples/outage-checkout-failover.yaml"
    p = run_cli("check", sample, env=env)
    assert p.returncode in (0, 1), p.stderr
    assert not spy.exists()
    # the same plugin is loaded when the environment asks for plugins: the check above can fail
    p = run_cli("check", sample, env=dict(env, PYDANTIC_DISABLE_PLUGINS=""))
    assert p.returncode in (0, 1), p.stderr
    assert "handed a schema" in spy.read_text()


def test_library_callers_keep_their_environment_and_tear_down():
    code = (
        "import os, sys\nfrom commsgen.entry import main\ntry:\n    main(['--version'])\n"
        "except SystemExit as e:\n    print('EXIT', e.code, os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    )
    env = cli_env()
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert "EXIT 0 None" in r.stdout


@pytest.mark.parametrize(
    "args,code", [(["--version"], 0), (["render", "missing.yaml"], 2), (["scan", "missing.md"], 2)]
)
def test_the_program_exits_without_tear_down_but_runs_exit_handlers(args, code):
    """``exit_now``: atexit handlers still run, buffered output is flushed, the exit code is kept."""
    prog = (
        "import atexit, sys\natexit.register(lambda: print('HANDLER RAN', flush=True))\n"
        "import builtins\nclass Late:\n    def __del__(self):\n        print('TORN DOWN', flush=True)\n"
        "builtins._late = Late()\n"
        f"sys.argv = ['commsgen', *{args!r}]\nsys.stdout.write('buffered ')\n"
        "from commsgen.entry import main\nmain()\n"
    )
    r = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True, env=cli_env())
    assert r.returncode == code, r.stderr
    assert "buffered" in r.stdout and "HANDLER RAN" in r.stdout
    assert "TORN DOWN" not in r.stdout


def test_an_output_that_cannot_be_flushed_at_exit_is_not_a_refusal():
    """exit_now exits 120 when the standard output cannot be flushed (the interpreter's own code),
    never 1, which means "refused"."""
    code = (
        "import io, sys\nfrom commsgen.entry import exit_now\n"
        "class Gone(io.StringIO):\n    def flush(self):\n        raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Gone()\nexit_now(int(sys.argv[1]))\n"
    )
    assert subprocess.run([sys.executable, "-c", code, "0"], env=cli_env()).returncode == 120
    assert subprocess.run([sys.executable, "-c", code, "2"], env=cli_env()).returncode == 2
