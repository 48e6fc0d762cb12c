"""``python -m commsgen.tui [--config PATH] [--new] [FILE]``: the editor process ``commsgen tui``
starts under its terminal guard."""

import sys

from commsgen.tui import main

sys.exit(main(sys.argv[1:]))
