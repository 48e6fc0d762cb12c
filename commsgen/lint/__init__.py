"""Writing checks: customer language (``lang.``), legal wording (``legal.``), blameless wording
(``blame.``) and completeness (``complete.``). Rules and their ids: commsgen/lint/rules.py and
docs/WRITING-CHECKS.md.

    ctx = context_for(postmortem, config)          # once per postmortem + config
    lint_text(rendered_text, "customer", ctx)      # per audience output, cheap (< 10 ms on 20 KB)
    lint_model(loaded, config, today=None)         # on the model, located in the source file
"""
from commsgen.lint.api import lint_model, lint_text
from commsgen.lint.context import LintContext, context_for
from commsgen.lint.rules import RULE_IDS, RULES, level_for

__all__ = ["lint_text", "lint_model", "context_for", "LintContext", "RULES", "RULE_IDS", "level_for"]
