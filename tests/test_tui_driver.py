"""The TUI writes the screen through its own copy of the terminal's descriptor: the live preview's
YAML fast path points descriptor 2 at /dev/null around each rapidyaml call, and Textual's Linux
driver writes frames to descriptor 2, so frames written in that window were lost."""
from __future__ import annotations

import subprocess
import sys

from conftest import cli_env

RACE = '''
import asyncio, sys, threading, time
from textual.app import App
from commsgen.model import fastyaml
from commsgen.tui.driver import OwnDescriptorDriver

target = sys.argv[1]
if target == "driver":
    async def made():             # a driver is made inside the app's event loop
        driver = OwnDescriptorDriver(App())
        first = driver.own_file()
        driver.close()            # a suspend (ctrl+z) closes it; the resume makes it again
        again = driver.own_file()
        assert first.closed and not again.closed and again.fileno() != 2
        return again
    out = asyncio.run(made())
else:
    out = sys.__stderr__          # where Textual's own Linux driver writes
stop = False

def preview_worker():             # what the preview worker does: rapidyaml calls, kept quiet
    while not stop:
        fastyaml._quiet(time.sleep, 0.0005)

t = threading.Thread(target=preview_worker)
t.start()
for _ in range(2000):             # what Textual's writer thread does: frames
    out.write("X")
    out.flush()
    time.sleep(0.0001)
stop = True
t.join()
'''


def _frames_kept(target: str) -> int:
    r = subprocess.run([sys.executable, "-c", RACE, target], capture_output=True, text=True, env=cli_env())
    assert r.returncode == 0, r.stderr[-500:]
    return r.stderr.count("X")


def test_frames_written_while_the_preview_parses_are_all_kept():
    assert _frames_kept("driver") == 2000
    # the same writes to descriptor 2, as Textual's own driver makes them: most are lost
    assert _frames_kept("stderr") < 2000


def test_the_app_uses_the_own_descriptor_driver_unless_told_otherwise():
    code = ("from commsgen.config import Config\nfrom commsgen.tui.app import CommsgenApp\n"
            "print(CommsgenApp(None, Config.default()).driver_class.__name__)\n")
    run = lambda **env: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                       env=cli_env(**env)).stdout.strip()
    assert run() == "OwnDescriptorDriver"
    # a driver named in the environment (Textual's own override) is used as it is
    assert run(TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver") == "HeadlessDriver"
