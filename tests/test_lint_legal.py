"""legal.*: words with legal weight (customer and executive) and the three things a customer
text must state (impact, time window, action)."""

from __future__ import annotations

import pytest

from commsgen.lint import context_for
from conftest import SAMPLES
from lint_helpers import config, ctx, hits, loaded, rules

SECURITY = {
    "vulnerability_exposed": True,
    "data_at_risk": "names",
    "access_control_gaps": "none",
    "detected_by_monitoring": True,
}


@pytest.mark.parametrize(
    "text, word",
    [
        ("There was a data breach.", "breach"),
        ("Some records were leaked.", "leaked"),
        ("An unauthorized party saw the page.", "unauthorized"),
        ("We found no violation of policy.", "violation"),  # negated, still a legal word
        ("Two accounts were compromised.", "compromised"),
        ("This was not negligence.", "negligence"),
        ("We breached our SLA.", "breached"),
    ],
)
def test_legal_words_are_flagged(text, word):
    (f,) = hits(text, "legal.word")
    assert f.excerpt == word and f.kind == "legal"


@pytest.mark.parametrize(
    "text",
    [
        "Some payments failed for 78 minutes.",
        "A memory leak slowed the service.",  # jargon (lang.jargon), not a legal statement
        "We reached a compromise on timing.",  # "compromise" is not in the list, "compromised" is
        "Our leakproof process held.",
    ],
)
def test_ordinary_words_are_left_alone(text):
    assert hits(text, "legal.word") == []


def test_legal_words_apply_to_customer_and_executive_only():
    assert "legal.word" in rules("There was a breach.", "executive")
    assert "legal.word" not in rules("There was a breach.", "engineering")
    assert "legal.word" not in rules("There was a breach.", "status")


def test_approved_security_disclosure_may_use_legal_words():
    approved = ctx(event_type="security", security={**SECURITY, "disclosure": {"decision": "approved"}})
    pending = ctx(event_type="security", security={**SECURITY, "disclosure": {"decision": "pending"}})
    outage_approved = context_for(loaded().postmortem, config())
    assert hits("Unauthorized access to names.", "legal.word", c=approved) == []
    assert hits("Unauthorized access to names.", "legal.word", c=pending)
    assert hits("Unauthorized access to names.", "legal.word", c=outage_approved)


def test_legal_word_list_is_configurable():
    c = ctx(config(lint={"legal_words": ["fault"]}))
    assert [f.excerpt for f in hits("A breach and a fault.", "legal.word", c=c)] == ["fault"]


GOOD = (
    "Some payments failed for 78 minutes on November 20. A maintenance step on our payment system "
    "did not complete as planned. We are changing the procedure so the system reconnects on its own."
)


def test_complete_customer_text_states_impact_window_and_action():
    got = rules(GOOD)
    assert not [r for r in got if r.startswith("legal.customer-missing")]


@pytest.mark.parametrize(
    "text, missing",
    [
        (
            "On November 20 a maintenance step did not go as planned. We are changing the procedure.",
            "legal.customer-missing-impact",
        ),
        ("Some payments failed. We are changing the procedure so it does not recur.", "legal.customer-missing-window"),
        ("Some payments failed for 78 minutes on November 20.", "legal.customer-missing-action"),
    ],
)
def test_each_missing_part_is_its_own_finding(text, missing):
    got = [r for r in rules(text) if r.startswith("legal.customer-missing")]
    assert got == [missing]


def test_missing_parts_are_asked_of_customer_text_only():
    assert not [r for r in rules("Hello.", "executive") if r.startswith("legal.customer-missing")]
    assert not [r for r in rules("Hello.", "status") if r.startswith("legal.customer-missing")]
    assert len([r for r in rules("Hello.", "customer") if r.startswith("legal.customer-missing")]) == 3


def test_window_accepts_times_dates_and_durations():
    for text in (
        "Some logins failed between 14:02 and 15:20 UTC. We fixed it.",
        "Some logins failed on 2026-11-20. We fixed it.",
        "Some logins failed for two hours. We fixed it.",
        "Some logins failed on Friday. We fixed it.",
    ):
        assert "legal.customer-missing-window" not in rules(text), text


def _customer_texts() -> list[str]:
    from commsgen import pipeline
    from commsgen.config import load_config

    cfg = load_config(SAMPLES / "commsgen.toml")
    out = []
    for f in sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json")):
        built = pipeline.build(pipeline.load(f), cfg, "customer", "md", lint=False)
        out.append(built.content or "")
    return out


_WORDS = (
    "failed fail failing failures unavailable unable could not couldn't couldn’t cannot can't did not work "
    "load complete arrive errors slower delayed degraded outage disrupted interruption affected down lost "
    "missing intermittently incomplete duplicated incorrect timed out stopped problems issues 14:02 2026-11-20 "
    "Nov 20 20 November Friday today yesterday this morning 78 minutes 2h 1.5 hours several hours UTC GMT "
    "restored resolving fixes repaired recovering prevents improvements changed adding updated reviewing "
    "monitoring investigate working on taking steps safeguards corrected putting in place introduced "
    "strengthened mitigating reverted undid undone back to normal operating normally fully operational "
    "the a we our some customers payments Failed FIXED Restored UTC. (down) 'slow' x-down down-time "
    "affectedly 5minutes 9:7 2026-1-1 mondays"
).split(" ")


def test_missing_part_patterns_answer_as_python_re_does():
    """The three patterns are Python's re with ASCII \\b and \\d (issue 15: no RE2 for word lists);
    the Unicode-aware reading gives the same yes/no on every sample's customer text and on 3,000
    word soups."""
    import random
    import re

    from commsgen.lint import rules_text as rt

    rng = random.Random(20261128)
    texts = _customer_texts() + [GOOD, "Hello.", ""]
    texts += [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for pattern in (rt._IMPACT, rt._WINDOW, rt._ACTION):
        ref = re.compile(pattern.pattern, re.I)
        found = 0
        for t in texts:
            want = ref.search(t) is not None
            assert (pattern.search(t) is not None) == want, (pattern.pattern[:40], t)
            found += want
        assert 0 < found < len(texts)  # the soups hold texts with and without each part
