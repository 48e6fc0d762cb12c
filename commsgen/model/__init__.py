"""The postmortem model, its loader and its derived figures.

Nothing is imported here: importing one module of the package (``commsgen.model.terms`` for the
configuration) must not build the whole postmortem schema.
"""
