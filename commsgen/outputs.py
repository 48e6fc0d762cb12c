"""The one table of what commsgen produces: the audiences, each output's file name, and the formats
each command picks for an audience when none is given. Every other module reads these names from
here (a leaf module: it imports nothing of commsgen).

Output file names are a contract: ``batch`` writes them into ``OUT/<id>/``, ``render --audience all``
into its folder, and the TUI's export beside the source as ``<stem>.<file name>``.
"""

from __future__ import annotations

from typing import NamedTuple

# every audience, in the order outputs are built, listed and shown (TUI tabs, batch summary)
AUDIENCES = ("engineering", "executive", "customer", "status")
# the audiences rendered from a template view (status is built from its own status view)
RENDERED_AUDIENCES = AUDIENCES[:3]
# the public audiences: everything blocks there (redaction), customer language is checked there (lint)
PUBLIC_AUDIENCES = ("customer", "status")

# (audience, format) -> output file name
OUTPUT_NAMES: dict[tuple[str, str], str] = {
    ("engineering", "md"): "engineering.md",
    ("engineering", "html"): "engineering.html",
    ("engineering", "txt"): "engineering.txt",
    ("executive", "pdf"): "executive.pdf",
    ("executive", "md"): "executive.md",
    ("executive", "html"): "executive.html",
    ("executive", "txt"): "executive.txt",
    ("customer", "md"): "customer.md",
    ("customer", "html"): "customer.html",
    ("customer", "txt"): "customer.txt",
    ("status", "txt"): "status.txt",
    ("status", "json"): "statuspage.json",
    ("status", "cachet"): "cachet.json",
    ("status", "cstate"): "cstate.md",
    ("status", "gatus"): "gatus.yaml",
}
FORMATS = tuple(dict.fromkeys(f for _, f in OUTPUT_NAMES))
# status format -> file name (the status-page payloads and the public text)
STATUS_FILENAMES = {f: name for (a, f), name in OUTPUT_NAMES.items() if a == "status"}
STATUS_FORMATS = tuple(STATUS_FILENAMES)
# machine payloads: checked through their text twin, never read by the writing checks
PAYLOAD_FORMATS = ("json", "cachet", "gatus")


class Defaults(NamedTuple):
    """The formats each command picks for one audience when the user names none."""

    render: str  # ``render`` (one output)
    check: str  # ``check`` and the TUI preview (the text every check reads)
    batch: tuple[str, ...]  # ``batch`` writes each of these
    export: str  # the TUI's export


DEFAULTS: dict[str, Defaults] = {
    "engineering": Defaults(render="md", check="md", batch=("md",), export="md"),
    "executive": Defaults(render="md", check="md", batch=("pdf",), export="pdf"),
    "customer": Defaults(render="md", check="md", batch=("md",), export="md"),
    "status": Defaults(render="txt", check="txt", batch=("txt", "json"), export="json"),
}

# what ``check`` and the TUI preview build: one text output per audience
CHECK_OUTPUTS = tuple((a, DEFAULTS[a].check) for a in AUDIENCES)
# what ``batch`` writes when neither --audience nor --format is given
BATCH_OUTPUTS = tuple((a, f) for a in AUDIENCES for f in DEFAULTS[a].batch)


def formats_for(audience: str) -> list[str]:
    """The formats ``audience`` can be produced in, in table order."""
    return [f for a, f in OUTPUT_NAMES if a == audience]
