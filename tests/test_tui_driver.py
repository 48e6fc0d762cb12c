"""The TUI writes the screen through its own copy of the terminal's descriptor: the live preview's
YAML fast path points descriptor 2 at /dev/null around each rapidyaml call, and Textual's Linux
driver writes frames to descriptor 2, so frames written in that window were lost."""
from __future__ import annotations

import subprocess
import sys

from conftest import cli_env

def test_the_app_uses_the_own_descriptor_driver_unless_told_otherwise():
    code = ("from commsgen.config import Config\nfrom commsgen.tui.app import CommsgenApp\n"
            "print(CommsgenApp(None, Config.default()).driver_class.__name__)\n")
    run = lambda **env: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: E731
                                       env=cli_env(**env)).stdout.strip()
    assert run() == "OwnDescriptorDriver"
    # a driver named in the environment (Textual's own override) is used as it is
    assert run(TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver") == "HeadlessDriver"
