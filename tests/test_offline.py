"""Nothing reaches the network at run time, and the core never imports the heavy faces.

Each CLI run happens (a) with a socket guard installed through sitecustomize that fails the run on
any attempt to open a network connection, and (b) where the machine allows it, inside a fresh
network namespace (`unshare -n`) that has no network at all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT, cli_env

MARKERS = DATA / "render" / "markers.yaml"

GUARD = '''
import socket, sys
_orig_connect = socket.socket.connect
def _refuse(self, address, *a, **k):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        sys.stderr.write(f"NETWORK ATTEMPT: {address!r}\\n")
        raise OSError("network access attempted by commsgen")
    return _orig_connect(self, address, *a, **k)
socket.socket.connect = _refuse
_orig_gai = socket.getaddrinfo
def _no_dns(host, *a, **k):
    if host not in (None, "localhost", "127.0.0.1", "::1"):
        sys.stderr.write(f"NETWORK ATTEMPT: getaddrinfo {host!r}\\n")
        raise OSError("name lookup attempted by commsgen")
    return _orig_gai(host, *a, **k)
socket.getaddrinfo = _no_dns
'''


def _commands(tmp: Path) -> list[list[str]]:
    return [
        ["check", str(MARKERS)],
        ["render", str(MARKERS), "--audience", "all", "-o", str(tmp / "all")],
        ["render", str(MARKERS), "--audience", "customer", "--format", "html"],
        ["batch", str(MARKERS), "--out", str(tmp / "batch"), "--summary", "json"],
    ]


@pytest.fixture
def guarded_env(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(GUARD)
    env = cli_env()
    env["PYTHONPATH"] = f"{site}:{env['PYTHONPATH']}"
    return env


@pytest.mark.slow
def test_cli_never_opens_a_network_connection(tmp_path, guarded_env):
    for args in _commands(tmp_path):
        r = subprocess.run(
            [sys.executable, "-m", "commsgen", *args],
            capture_output=True,
            text=True,
            env=guarded_env,
            cwd=ROOT,
            timeout=300,
        )
        assert "NETWORK ATTEMPT" not in r.stderr, (args, r.stderr)
        assert r.returncode in (0, 1) and "Traceback" not in r.stderr, (args, r.stderr)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("unshare") is None, reason="unshare not available")
def test_cli_works_in_a_namespace_without_network(tmp_path):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("network namespaces are not allowed here")
    for args in _commands(tmp_path):
        r = subprocess.run(
            ["unshare", "-rn", sys.executable, "-m", "commsgen", *args],
            capture_output=True,
            text=True,
            env=cli_env(),
            cwd=ROOT,
            timeout=300,
        )
        assert r.returncode in (0, 1) and "Traceback" not in r.stderr, (args, r.stderr)


@pytest.mark.parametrize("args", [["check", str(MARKERS)], ["render", str(MARKERS), "-a", "customer"]])
def test_core_paths_do_not_import_textual_or_weasyprint(args):
    # the program ends with exit_now (no tear-down): what it imported is read in an exit handler
    code = (
        "import atexit, sys, runpy; sys.argv=['commsgen', *sys.argv[1:]]\n"
        "def heavy():\n    bad=[m for m in ('textual','weasyprint') if m in sys.modules]\n"
        "    sys.stderr.write('HEAVY:'+','.join(bad)+'\\n')\n"
        "atexit.register(heavy)\n"
        "runpy.run_module('commsgen', run_name='__main__')\n"
    )
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=cli_env(), cwd=ROOT)
    assert "HEAVY:\n" in r.stderr, r.stderr[-500:]
