"""blame.*: a person as the subject of a failure, words that judge people (every audience), and
a root cause that stops at a person (on the model)."""

from __future__ import annotations

import pytest

from commsgen.lint import lint_model
from lint_helpers import config, hits, loaded

AUDIENCES = ("engineering", "executive", "customer", "status")


@pytest.mark.parametrize(
    "text, who",
    [
        ("Omar broke the pool settings.", "Omar"),
        ("The outage was caused by Dana.", "Dana"),
        ("@ohaddad forgot the post-check.", "@ohaddad"),
        ("ohaddad had forgotten the check.", "ohaddad"),
        ("Omar Haddad accidentally deleted the table.", "Omar Haddad"),
        ("It was Omar's mistake.", "Omar"),
        ("The fault was due to Whitfield.", "Whitfield"),
        ("Dana didn't check the pool.", "Dana"),
    ],
)
def test_person_as_subject_of_failure_is_flagged(text, who):
    for audience in AUDIENCES:
        (f,) = hits(text, "blame.person-subject", audience)
        assert f"`{who}`" in f.message and f.suggestion and f.kind == "blame"


@pytest.mark.parametrize(
    "text",
    [
        "Omar restored service at 14:48.",
        "Dana Whitfield led the response.",
        "Omar fixed what broke.",  # a failure near a name, not by the name
        "The pool broke after the failover.",
        "Omari broke nothing; the pool did.",  # a different name (word boundary)
        "We will never let this happen again.",
        "The alert was acknowledged by Dana.",
    ],
)
def test_neutral_mentions_are_left_alone(text):
    assert hits(text, "blame.person-subject", "engineering") == []


@pytest.mark.parametrize(
    "text, word",
    [
        ("A careless change went out.", "careless"),
        ("The root cause was human error.", "human error"),
        ("The engineer should have known better.", "should have known"),
        ("That was negligent.", "negligent"),
        ("Someone fat-fingered the value.", "fat-fingered"),
        ("The on-call engineer was to blame.", "was to blame"),
    ],
)
def test_blame_words_are_flagged_in_every_audience(text, word):
    for audience in AUDIENCES:
        (f,) = hits(text, "blame.word", audience)
        assert f.excerpt == word


@pytest.mark.parametrize(
    "text",
    [
        "The review was blameless.",
        "We took care to check the pool.",
        "The human side of the response went well.",
        "The error rate rose.",
        "We do not want to blame anyone.",
    ],
)
def test_ordinary_wording_is_left_alone(text):
    assert hits(text, "blame.word", "engineering") == []


def test_human_error_suggests_systemic_phrasing():
    (f,) = hits("Root cause: human error.", "blame.word", "engineering")
    assert "guardrail" in f.suggestion


def test_blame_word_list_is_configurable():
    from lint_helpers import ctx

    c = ctx(config(lint={"blame_words": ["oops"]}))
    assert [f.excerpt for f in hits("Oops, a careless change.", "blame.word", "engineering", c=c)] == ["Oops"]


# ------------------------------------------------------------------------------ model
def _root(loaded_pm):
    return [f for f in lint_model(loaded_pm, config()) if f.rule == "blame.root-cause-person"]


def test_root_cause_naming_a_person_is_flagged_at_its_line():
    lp = loaded(root_cause={"summary": "Omar ran the wrong command."})
    (f,) = _root(lp)
    assert f.field == "root_cause.summary" and "`Omar`" in f.message
    assert f.line == lp.text.splitlines().index("  summary: Omar ran the wrong command.") + 1


def test_last_why_stopping_at_human_error_is_flagged():
    whys = [
        {"why": "Why did it fail?", "because": "The pool was stale."},
        {"why": "Why was it stale?", "because": "Human error during the failover."},
    ]
    (f,) = _root(loaded(five_whys=whys))
    assert f.field == "five_whys[1].because" and "human error" in f.message.lower()


def test_systemic_root_cause_is_left_alone():
    assert _root(loaded()) == []
    # a person named in an earlier why, not the last one, is not a root cause
    whys = [
        {"why": "Why did it fail?", "because": "Omar's change left the pool stale."},
        {"why": "Why was that possible?", "because": "The runbook has no post-check."},
    ]
    assert _root(loaded(five_whys=whys)) == []


def test_names_match_as_written_so_common_words_are_not_people():
    people = [{"name": "Will Parker", "role": "lead"}, {"name": "Mark Lee", "role": "responder"}]
    from lint_helpers import ctx as make_ctx

    c = make_ctx(people=people)
    assert hits("We will never skip this check again.", "blame.person-subject", "engineering", c=c) == []
    assert hits("Will forgot the check.", "blame.person-subject", "engineering", c=c)
    # "Lee" is a three-letter last name; "mark" in lower case is a verb
    assert hits("Lee broke the build.", "blame.person-subject", "engineering", c=c)
    assert hits("We mark failed jobs.", "blame.person-subject", "engineering", c=c) == []
