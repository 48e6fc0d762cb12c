"""lint.severity (block | warn | off by rule id or prefix), audiences, and the rule table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commsgen.errors import ConfigError
from commsgen.lint import RULES, lint_text, level_for
from commsgen.lint.rules import unknown_rule_message
from lint_helpers import config, ctx

DOC = Path(__file__).resolve().parent.parent / "docs" / "WRITING-CHECKS.md"
JARGON = "The DNS resolver failed."


def test_default_is_warn_and_longest_key_wins():
    sev = {"lang": "block", "lang.jargon": "off", "complete.action": "block"}
    assert level_for("lang.grade", {}) == "warn"
    assert level_for("lang.grade", sev) == "block"
    assert level_for("lang.jargon", sev) == "off"
    assert level_for("complete.action-owner", sev) == "block"
    assert level_for("complete.actions-missing", sev) == "warn"  # not a prefix at a boundary
    assert level_for("legal.word", {"legal.": "block"}) == "block"


def test_severity_applies_to_text_findings():
    blocked = ctx(config(lint={"severity": {"lang": "block"}}))
    (f,) = [f for f in lint_text(JARGON, "customer", blocked) if f.excerpt == "DNS"]
    assert f.severity == "block" and f.blocking
    off = ctx(config(lint={"severity": {"lang.jargon": "off"}}))
    assert not [f for f in lint_text(JARGON, "customer", off) if f.rule == "lang.jargon"]


def test_unknown_severity_keys_are_refused_with_a_suggestion():
    assert unknown_rule_message("lang") is None and unknown_rule_message("blame.word") is None
    assert "did you mean `lang.jargon`" in unknown_rule_message("lang.jargo")
    with pytest.raises(ConfigError) as e:
        config(lint={"severity": {"lang.jargo": "block"}})
    assert "lang.jargo" in str(e.value)


def test_audience_must_be_known():
    with pytest.raises(ValueError):
        lint_text("x", "customers", ctx())


def test_families_reach_the_right_audiences():
    text = "Omar broke the DNS resolver; a careless breach."
    by = {
        a: {f.rule.split(".")[0] for f in lint_text(text, a, ctx())}
        for a in ("engineering", "executive", "customer", "status")
    }
    assert by["engineering"] == {"blame"}
    assert by["executive"] == {"blame", "legal"}
    assert by["status"] == {"blame", "lang"}
    assert by["customer"] == {"blame", "lang", "legal"}


def test_rule_ids_are_unique_dotted_and_in_their_family():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", r.id) and r.id.split(".")[0] == r.kind


def test_every_rule_is_documented_and_every_documented_id_exists():
    doc = DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `([a-z]+\.[a-z0-9-]+)`", doc, re.M))
    assert documented == {r.id for r in RULES}


def test_the_rule_id_table_is_a_leaf_module():
    """commsgen.lint.ids imports nothing of commsgen but the leaf outputs table (config imports it; no cycle), and every id
    of the table has exactly one check."""
    import subprocess
    import sys

    from commsgen.lint import rules
    from commsgen.lint.ids import TABLE
    from conftest import cli_env

    code = (
        "import sys; import commsgen.lint.ids; "
        "print(sorted(m for m in sys.modules if m.startswith('commsgen') and m not in "
        "('commsgen', 'commsgen.lint', 'commsgen.lint.ids', 'commsgen.outputs')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=cli_env()).stdout
    assert out.strip() == "[]"
    assert set(rules.CHECKS) == {r.id for r in TABLE}


def test_placeholder_defaults_depend_on_the_audience_and_config_overrides_them():
    assert [level_for("placeholder.marker", {}, a) for a in ("engineering", "executive", "customer", "status")] == [
        "warn",
        "block",
        "block",
        "block",
    ]
    assert level_for("placeholder.marker", {"placeholder": "warn"}, "customer") == "warn"
    assert level_for("time.public-window", {}, "customer") == "warn"
