"""The editor in a real terminal (tmux) and the terminal guard (issue #14 defect 1): the bundled
JSON sample opens; a fatal signal leaves a usable terminal and a message saying where the unsaved
work is."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import cli_env

ROOT = Path(__file__).resolve().parent.parent
CRASHING_CHILD = (
    "import os, signal, sys\nfrom commsgen.tui.guard import enable_crash_log\nenable_crash_log()\n"
    "sys.stdout.write('\\x1b[?1049h\\x1b[?1000h\\x1b[?1006h\\x1b[?25l'); sys.stdout.flush()\n"
    "import ctypes; ctypes.string_at(0)\n"
)
GUARD = (
    "import sys\nfrom pathlib import Path\nfrom commsgen.tui.guard import run_guarded\n"
    "sys.exit(run_guarded([sys.executable, '-c', sys.argv[1]], recovery=Path(sys.argv[2])))\n"
)


def test_guard_restores_the_terminal_and_explains_a_fatal_signal(tmp_path):
    from commsgen.tui.guard import RESTORE

    rec = tmp_path / ".inc.yaml.commsgen-recovery"
    r = subprocess.run(
        [sys.executable, "-c", GUARD, CRASHING_CHILD, str(rec)], capture_output=True, text=True, env=cli_env()
    )
    assert r.returncode == 3
    assert r.stdout.endswith(RESTORE)
    assert "SIGSEGV" in r.stderr and str(rec) in r.stderr and "Traceback" not in r.stderr
    log = Path(r.stderr.split("Details: ", 1)[1].split(".log", 1)[0] + ".log")
    assert "Fatal Python error: Segmentation fault" in log.read_text(encoding="utf-8")
    log.unlink()


def test_guard_passes_a_normal_exit_code_through(tmp_path):
    r = subprocess.run(
        [sys.executable, "-c", GUARD, "import sys; sys.exit(2)", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        env=cli_env(),
    )
    assert r.returncode == 2 and not r.stderr and not r.stdout


# ---------------------------------------------------------------------------------- tmux
tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    def __init__(self, cmd: str, size: tuple[int, int], cwd: Path) -> None:
        self.name = f"commsgen-test-{uuid.uuid4().hex[:8]}"
        env = " ".join(f"{k}='{v}'" for k, v in cli_env().items() if k in ("PATH", "PYTHONPATH", "HOME"))
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                "-c",
                str(cwd),
                f"env {env} {cmd}; echo EXIT=$?; sleep 60",
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout

    def flag(self, name: str) -> str:
        return subprocess.run(
            ["tmux", "display", "-p", "-t", self.name, f"#{{{name}}}"], capture_output=True, text=True
        ).stdout.strip()

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if text in s:
                return s
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never shown:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@tmux
@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_tmux_the_bundled_json_sample_opens_and_quits_cleanly(tmp_path, size):
    p = tmp_path / "degradation-search-latency.json"
    shutil.copy(ROOT / "samples" / p.name, p)
    t = Tmux(f"{sys.executable} -m commsgen tui {p.name}", size, tmp_path)
    try:
        screen = t.wait_for("block:")
        assert '"format": "commsgen/postmortem/v1"' in screen or '"format"' in screen
        t.wait_for("stat 0")
        assert t.flag("alternate_on") == "1"
        t.keys("C-q")
        screen = t.wait_for("EXIT=0")
        assert t.flag("alternate_on") == "0" and t.flag("mouse_any_flag") == "0"
        assert "Segmentation" not in screen
    finally:
        t.close()


@tmux
@pytest.mark.slow
def test_tmux_a_fatal_signal_leaves_a_usable_terminal(tmp_path):
    (tmp_path / "child.py").write_text(CRASHING_CHILD, encoding="utf-8")
    (tmp_path / "guard.py").write_text(GUARD, encoding="utf-8")
    t = Tmux(f"{sys.executable} guard.py \"$(cat child.py)\" {tmp_path / 'rec'}", (80, 24), tmp_path)
    try:
        screen = t.wait_for("EXIT=3")
        assert "the terminal was restored" in screen.replace("\n", " ") or "terminal was" in screen
        assert t.flag("alternate_on") == "0" and t.flag("mouse_any_flag") == "0" and t.flag("cursor_flag") == "1"
    finally:
        t.close()
