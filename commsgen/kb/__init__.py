"""The knowledge base: an index of past postmortems (``index``), full-text search (``search``),
"seen before?" (``similar``) and pattern reviews (``review``).

The files stay the source of truth; ``.commsgen/index.sqlite`` is a disposable cache holding
internal (engineering-only) text, with secrets masked before anything is stored.
"""
