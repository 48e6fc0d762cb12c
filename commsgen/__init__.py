"""commsgen: one postmortem in, one version per audience out.

Importing the package imports nothing heavy; see ``commsgen.pipeline`` for the API.
"""

__version__ = "0.1.0"
