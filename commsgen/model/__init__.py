"""The postmortem model, its loader and its derived figures."""
from commsgen.model.schema import FORMAT_ID, Postmortem  # noqa: F401
