"""lang.*: jargon, readability grade, long sentences, abbreviations (customer and status outputs)."""

from __future__ import annotations

import pytest

from commsgen.lint import lint_text
from commsgen.lint.glossary import builtin_glossary
from lint_helpers import config, ctx, hits, rules


# ------------------------------------------------------------------------------ lang.jargon
@pytest.mark.parametrize(
    "text, flagged",
    [
        ("The DNS resolver stopped answering.", ["DNS", "resolver"]),
        ("We deployed a fix at 14:48.", ["deployed"]),
        ("The deployment finished.", ["deployment"]),
        ("Two pods ran out of memory.", ["pods", "out of memory"]),
        ("A Pod restarted.", ["Pod"]),
        ("p99 latency rose and 5xx errors followed.", ["p99", "latency", "5xx"]),
        ("We rolled back the change.", ["rolled back"]),
        ("The load-balancer dropped traffic.", ["load-balancer"]),
        ("Our load balancers were saturated.", ["load balancers"]),
        ("The shard was sharded again.", ["shard", "sharded"]),
        ("An OOM kill hit two VMs.", ["OOM", "VMs"]),
        ("A failover to the replica took place.", ["failover", "replica"]),
        ("The CDN's cache expired.", ["CDN's", "cache"]),
    ],
)
def test_jargon_is_flagged(text, flagged):
    assert [f.excerpt for f in hits(text, "lang.jargon")] == flagged


@pytest.mark.parametrize(
    "text",
    [
        "Visit our website for updates.",
        "Some payments failed for 78 minutes on November 20.",
        "The tripod and the iPod are fine.",  # "pod" inside a word
        "A podcast episode was delayed.",
        "Ha! The pr team and the dr office are ready.",  # HA / PR / DR only in capitals
        "We employed a new process.",  # "deploy" inside a word
        "Prices will not change.",
        "We will email you a summary.",
    ],
)
def test_plain_words_are_left_alone(text):
    assert hits(text, "lang.jargon") == []


def test_jargon_position_and_suggestion():
    f = hits("Sorry.\nThe DNS resolver failed.", "lang.jargon")[0]
    assert (f.line, f.column, f.end_column) == (2, 5, 8)
    assert f.kind == "lang" and f.severity == "warn" and f.audience == "customer"
    assert "directs traffic" in f.suggestion


def test_jargon_skips_urls_emails_and_code():
    text = "Write to ops@acme.example or see https://acme.example/dns/pod and `kubectl get pods` for help."
    assert hits(text, "lang.jargon") == []


def test_glossary_has_at_least_150_terms_each_with_a_plain_suggestion():
    g = builtin_glossary()
    assert len(g) >= 150
    assert all(v.strip() for v in g.values())


def test_every_builtin_term_matches_itself_in_a_sentence():
    c = ctx()
    missed = [
        t
        for t in builtin_glossary()
        if not [f for f in lint_text(f"Yesterday the {t} was slow.", "customer", c) if f.rule == "lang.jargon"]
    ]
    assert missed == []


def test_config_glossary_extends_overrides_and_switches_off():
    c = ctx(
        config(glossary={"frobnicator": "the billing engine", "DNS": "the address book of the internet", "latency": ""})
    )
    got = {f.excerpt: f.suggestion for f in hits("The frobnicator and DNS had latency.", "lang.jargon", c=c)}
    assert set(got) == {"frobnicator", "DNS"}
    assert "billing engine" in got["frobnicator"] and "address book" in got["DNS"]


def test_jargon_applies_to_customer_and_status_only():
    text = "The DNS resolver failed."
    assert "lang.jargon" in rules(text, "status")
    assert "lang.jargon" not in rules(text, "engineering")
    assert "lang.jargon" not in rules(text, "executive")


# ------------------------------------------------------------------------------ lang.grade
HARD = (
    "Notwithstanding comprehensive architectural considerations, intermittent infrastructural "
    "degradation substantially diminished transactional availability. Consequently, organisational "
    "remediation initiatives prioritise operational resilience, observability, and institutional "
    "accountability mechanisms."
)
EASY = (
    "Some payments failed for a while on Friday. We found the fault and fixed it. "
    "Payments work again. We are sorry for the trouble this caused you and your team."
)


def test_hard_text_is_over_the_grade_ceiling():
    (f,) = hits(HARD, "lang.grade")
    assert "grade" in f.message and f.line == 1 and f.excerpt
    assert float(f.message.split("grade ")[1].split(" ")[0]) > 14


def test_easy_text_is_within_the_ceiling():
    assert hits(EASY, "lang.grade") == []


def test_grade_ceiling_is_configurable():
    c = ctx(config(lint={"max_grade": 1}))
    assert hits(EASY, "lang.grade", c=c)


def test_short_texts_get_no_grade():
    assert hits("Unavailability notwithstanding.", "lang.grade") == []


def test_headings_are_not_graded_as_sentences():
    # a heading made of long words does not push the grade of plain prose over the ceiling
    text = "# Comprehensive infrastructural unavailability\n\n" + EASY
    assert hits(text, "lang.grade") == []


# ------------------------------------------------------------------------------ lang.long-sentence
def test_long_sentence_is_flagged_with_its_position():
    long = " ".join(["word"] * 31) + "."
    (f,) = hits("Short one. " + long, "lang.long-sentence")
    assert f.column == 12 and "31 words" in f.message


def test_thirty_words_is_fine_and_limit_is_configurable():
    thirty = " ".join(["word"] * 30) + "."
    assert hits(thirty, "lang.long-sentence") == []
    assert hits(thirty, "lang.long-sentence", c=ctx(config(lint={"max_sentence_words": 10})))


def test_abbreviations_do_not_end_sentences():
    text = (
        "We restored service at 14:02 UTC, e.g. checkout and the U.S. store, and we are adding a check "
        "so this does not happen again to any of our customers in any region at any time."
    )
    (f,) = hits(text, "lang.long-sentence")
    assert f.column == 1


# ------------------------------------------------------------------------------ lang.abbreviation
def test_internal_abbreviations_are_flagged():
    got = [f.excerpt for f in hits("The PSP and our KYC flow failed for EU users at 14:02 UTC.", "lang.abbreviation")]
    assert got == ["PSP", "KYC"]


@pytest.mark.parametrize(
    "text",
    [
        "Our API and FAQ pages were slow for US and EU users; see the PDF.",
        "We are sorry. SERVICE UPDATE FOR ALL USERS.",  # shouting, not abbreviations
        "Chapter II of the FAQ.",
        "The DNS resolver failed.",  # jargon, reported once by lang.jargon
    ],
)
def test_everyday_abbreviations_are_left_alone(text):
    assert hits(text, "lang.abbreviation") == []


def test_allow_list_and_company_name_extend_the_builtin_list():
    c = ctx(config(company="ACME Corp", lint={"allow_abbreviations": ["KYC"]}))
    assert hits("ACME checks KYC and PSP.", "lang.abbreviation", c=c)[0].excerpt == "PSP"
    assert len(hits("ACME checks KYC and PSP.", "lang.abbreviation", c=c)) == 1
