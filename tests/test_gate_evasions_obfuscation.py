"""Evasions a reader undoes without thinking: defanged notations (``ledger[.]acme[.]internal``,
``dana [at] acme [dot] com``, ``hxxps[:]//``), bidirectional controls that show text in another
order than it is stored (Trojan Source), and names joined as in handles and email local parts.

Each notation is generated from each value of each kind (every dot, at or scheme of the value
rewritten), rendered into every public output (customer md/html/txt, status txt/json/cachet/cstate/
gatus, executive md/html; the PDF's text in a slow test), plain and with --redact: what is written
must not be readable as the value, read as a person reads (``reader`` below undoes the notations
with its own table, and lays out override runs). The engineering version still shows the values,
with secrets masked. Prose that looks like a notation stays clean. See docs/OBFUSCATION.md.
"""

from __future__ import annotations

import re

import pytest
from test_gate_evasions import PUBLIC, _config, _found, _seen, postmortem_with, views

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.redact import bidi, obfuscation
from commsgen.redact.context import context_for
from commsgen.redact.readings import markdown_reading
from commsgen.redact.scanner import scan

VALUES = {
    "ip": "10.12.4.7",
    "host": "ledger.acme.internal",
    "url": "https://ledger.acme.internal/x",
    "email": "dana.whitfield@acme.com",
}
NEEDLE = dict(VALUES, url="ledger.acme.internal/x")  # what must not be readable (any scheme)
PEOPLE_KINDS = {"email", "name"}  # warnings in the executive version (docs/REDACTION.md)


def _dots(sep: str):
    return lambda v: v.replace(".", sep)


def _at(sep: str):
    return lambda v: v.replace("@", sep)


def _scheme(new: str):
    return lambda v: v.replace("https", new, 1)


# notation id -> {case name: transformation of a value}; every kind whose value has the character
NOTATIONS = {
    "defang.bracket-dot": {
        "brackets": _dots("[.]"),
        "parens": _dots("(.)"),
        "braces": _dots("{.}"),
        "angles": _dots("<.>"),
        "bracket-word": _dots("[dot]"),
        "paren-word-upper": _dots("(DOT)"),
        "spaced-brackets": _dots(" [ . ] "),
    },
    "defang.word-dot": {"word": _dots(" dot "), "word-upper": _dots(" DOT ")},
    "defang.spaced-dot": {"space-both": _dots(" . "), "space-before": _dots(" .")},
    "defang.digit-dot-space": {"space-after": lambda v: v.replace(".", ". ") if v[0].isdigit() else v},
    "defang.bracket-at": {
        "brackets": _at("[at]"),
        "parens": _at("(at)"),
        "braces": _at("{at}"),
        "spaced": _at(" [at] "),
        "bracket-sign": _at("[@]"),
    },
    "defang.word-at": {
        "with-word-dot": lambda v: v.replace("@", " at ").replace("acme.com", "acme dot com"),
        "dotted-local": _at(" at "),
    },
    "defang.spaced-at": {"both": _at(" @ "), "after": _at("@ ")},
    "defang.scheme": {"hxxps": _scheme("hxxps"), "hXXps": _scheme("hXXps"), "hxxp": _scheme("hxxp")},
    "defang.bracket-separator": {
        "colon": lambda v: v.replace("://", "[:]//"),
        "whole": lambda v: v.replace("://", "[://]"),
        "full-defang": lambda v: v.replace("https://", "hxxps[:]//").replace(".", "[.]"),
    },
    "defang.letter-spaced": {"spaces": " ".join, "tabs": "\t".join, "after-a-dash": lambda v: "\u2014 " + " ".join(v)},
    "unicode.dot-like": {
        "one-dot-leader": _dots("\u2024"),
        "fullwidth-spaced": _dots(" \uff0e "),
        "ideographic-bracketed": _dots("[\u3002]"),
    },
    "markup.inside-notation": {
        "entities": lambda v: v.replace(".", "&#91;.&#93;"),
        "escapes": lambda v: v.replace(".", "\\[.\\]"),
        "percent-spaces": lambda v: v.replace("@", "%20[at]%20").replace(".", "%20.%20", 1),
    },
}
CASES = [
    (kind, nid, case)
    for nid, cases in NOTATIONS.items()
    for case, fn in cases.items()
    for kind, value in VALUES.items()
    if fn(value) != value
]


def evasion(kind: str, nid: str, case: str) -> str:
    return NOTATIONS[nid][case](VALUES[kind])


# ------------------------------------------------------------------------------------ the reader
# what a person reads: notations undone with a table of the test's own (not the code under test)
_READ = [
    # a letter-spaced run (first: the others would take its dots)
    (r"(?:^|(?<=\s))(?:\S[ \t]{1,8}){5,}\S(?=\s|$|[.,;:!?])", lambda m: re.sub(r"[ \t]", "", m.group(0))),
    (r"\s*[\[({<]\s*(?:\.|dot)\s*[\])}>]\s*", "."),
    (r"\s*[\[({<]\s*(?:@|at)\s*[\])}>]\s*", "@"),
    (r"(?<=\w) dot (?=\w)", "."),
    (r"(?<=\w) \.\s*(?=\w)", "."),
    (r"(?<=\d)\. (?=\d)", "."),
    (r"(?<=\w) ?@ (?=\w)", "@"),
    (r"\bh(?:xx|\*\*)p", "http"),
    (r"\[(:|://|/)\]", r"\1"),
]


def read(text: str) -> str:
    """``text`` as a person reads it: override runs laid out, notations undone, then ``_seen``."""
    text = re.sub("\u202e([^\u202c\n]*)\u202c?", lambda m: m.group(1)[::-1], text)
    text = _seen(text)
    for pattern, plain in _READ:
        text = re.sub(pattern, plain, text, flags=re.I)
    text = re.sub(r"(?<=\w) at (?=[\w-]+\.\w)", "@", text)
    return text


def leaked(needle: str, content: str, fmt: str) -> bool:
    return any(needle.lower() in read(v) for v in views(content, fmt))


def test_reader_reads_every_case():
    """The test's own reader sees the value in each evasion (else the matrix proves nothing)."""
    for kind, nid, case in CASES:
        text = evasion(kind, nid, case)
        seen = [read(text), read(markdown_reading(text).text)]
        assert any(NEEDLE[kind].lower() in v for v in seen), (kind, nid, case)


# ------------------------------------------------------------------------------------ the matrix
# the cases that share a postmortem: one notation case of the IP's and the URL's values (their texts
# share no word); the host's value is in the URL's and the email's holds the host's domain, so they
# are rendered on their own (a term one teaches must not find the other)
_TOGETHER = ("ip", "url")
GROUPS = []
for _nid, _cases in NOTATIONS.items():
    for _case, _fn in _cases.items():
        _kinds = [k for k, v in VALUES.items() if _fn(v) != v]
        _with = [k for k in _kinds if k in _TOGETHER]
        GROUPS += [
            [(k, _nid, _case) for k in g] for g in ([_with] if _with else []) + [[k] for k in _kinds if k not in _with]
        ]
assert sorted(c for g in GROUPS for c in g) == sorted(CASES)


@pytest.mark.parametrize("group", GROUPS, ids=["+".join(c[0] for c in g) + f"-{g[0][1]}-{g[0][2]}" for g in GROUPS])
def test_notation_is_refused_and_masked_in_every_public_output(group):
    """Each case: refused as it is; with --redact written with the value masked, not readable.

    The cases of a group share a postmortem, one paragraph each, and each output is rendered once
    plain and once with --redact; each case's value is looked for on its own. The refused plain
    render stands for each case's own refusal because the gate found the same things in it as in
    the --redact render (asserted), where each case's value was masked away (asserted per case):
    what masked a case is a blocking finding on that case, which refuses it alone too. When
    anything fails, the group's cases are rendered one by one for that output, and the case that
    fails alone is named."""
    loaded = postmortem_with(*(evasion(*c) for c in group))
    config = _config()
    for audience, fmt in PUBLIC:
        cases = [c for c in group if not (audience == "executive" and c[0] in PEOPLE_KINDS)]
        if not cases:
            continue
        plain = pipeline.build(loaded, config, audience, fmt, lint=False)
        masked = pipeline.build(loaded, config, audience, fmt, redact=True, lint=False)
        try:
            assert not plain.ok, (audience, fmt, "published")
            assert masked.ok, (audience, fmt, masked.refused)
            assert _found(plain.findings) == _found(masked.findings), (audience, fmt)
            assert "[redacted]" in masked.content, (audience, fmt)
            seen = [read(v) for v in views(masked.content, fmt)]
            for kind, nid, case in cases:
                assert not any(NEEDLE[kind].lower() in v for v in seen), (kind, audience, fmt, "--redact left it")
                assert evasion(kind, nid, case) not in masked.content, (kind, audience, fmt)
        except AssertionError:
            if len(cases) > 1:
                for c in cases:  # the case that fails alone, named by its own assertion
                    _notation_case(*c, audience, fmt)
            raise


def _notation_case(kind: str, nid: str, case: str, audience: str, fmt: str) -> None:
    text = evasion(kind, nid, case)
    loaded = postmortem_with(text)
    where = (kind, nid, case, audience, fmt)
    plain = pipeline.build(loaded, _config(), audience, fmt, lint=False)
    assert not plain.ok, (where, "published")
    masked = pipeline.build(loaded, _config(), audience, fmt, redact=True, lint=False)
    assert masked.ok, (where, masked.refused)
    assert not leaked(NEEDLE[kind], masked.content, fmt), (where, "--redact left the value")
    assert text not in masked.content and "[redacted]" in masked.content, where


@pytest.mark.parametrize("nid", sorted(NOTATIONS))
def test_engineering_version_still_shows_notations_with_secrets_masked(nid):
    case = next(iter(NOTATIONS[nid]))
    texts = [evasion(k, nid, case) for k in VALUES if NOTATIONS[nid][case](VALUES[k]) != VALUES[k]]
    loaded = _with_summary(" ".join(texts) + " key AKIA2E4RTQ7WXY3ZP5LM")
    for fmt in ("md", "html", "txt"):
        out = pipeline.build(loaded, _config(), "engineering", fmt, lint=False)
        assert out.ok and "AKIA2E4RTQ7WXY3ZP5LM" not in out.content, fmt
        seen = " ".join(read(v) for v in views(out.content, fmt))
        for k in VALUES:
            if NOTATIONS[nid][case](VALUES[k]) != VALUES[k]:
                assert NEEDLE[k].lower() in seen, (fmt, k)


def _with_summary(text: str):
    """The sample with ``text`` in the engineering summary too (``postmortem_with`` and more)."""
    import json

    import yaml
    from test_gate_evasions import _base

    data = json.loads(json.dumps(_base(), default=str))
    line = f"We checked it.\n{text}\nThen we fixed it."
    data["summary"] = data["customer"]["summary"] = data["executive"]["summary"] = line
    data["status_page"]["updates"][-1]["body"] = line
    return pipeline.loads(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "eng.yaml")


# ------------------------------------------------------------------------------------ the table
@pytest.mark.parametrize("notation", obfuscation.NOTATIONS, ids=[n.id for n in obfuscation.NOTATIONS])
def test_each_notation_reads_its_example(notation):
    """Every table entry turns its own example into what a reader reads, and maps each character
    of the copy back into the example."""
    got = obfuscation.plain_copy(notation.example)
    assert got is not None and obfuscation.may_hold(notation.example.encode())
    text, starts, ends = got
    for part in notation.reads.split():
        assert part in text, (text, part)
    assert len(starts) == len(ends) == len(text)
    assert all(0 <= a < b <= len(notation.example) for a, b in zip(starts, ends))


def test_masking_covers_the_whole_obfuscated_span():
    for text in [
        "ledger[.]acme.internal",
        "10 . 12 . 4 . 7",
        "dana [at] acme [dot] com",
        "hxxps[:]//ledger[.]acme[.]internal/x",
    ]:
        loaded = postmortem_with(f"See {text} now.")
        out = pipeline.build(loaded, _config(), "customer", "md", redact=True, lint=False)
        assert out.ok and "See [redacted] now." in out.content, (text, out.content[:400])


# ------------------------------------------------------------------------------------ prose
PROSE = [
    "We looked at the logs at 14:02 and at the dashboards.",
    "The dot releases (3.2.1 and 3.2.2) fixed it.",
    "Use the regex [.] to match a literal dot, or (.) to capture one.",
    'Split on [.] in code: "a[.]b".split and array[:] slices.',
    "At least (at) one node was affected.",
    "He was at acme.com for years; reach us at acme.com/help.",
    "Node.js at scale.io is fine, config.yaml at acme.com too.",
    "We met at the office . Then we left .",
    "Error rate went from 10 . 5 percent to 2 . 1 percent.",
    "Version 10. 12 was released. Price is 10. 12 dollars.",
    "The Dot Net runtime (dot net) and ASP dot NET.",
    "Plain prose at the dot releases; we were at the dot com party; look at acme dot releases.",
    "Dana at home, Omar at work; mail: hello at example dot org.",
    "Download from hxxp is not a word; see [1] and (2) and {3}.",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd, version 10.1.2 is out.",
    "\u0645\u0631\u062d\u0628\u0627 \u200f(v2.3) \u0634\u0643\u0631\u0627",
    "\u05d4\u05de\u05e2\u05e8\u05db\u05ea \u200f\u05d7\u05d6\u05e8\u05d4\u200f \u05dc\u05e4\u05e2\u05d5\u05dc\u05d4 \u05d1-14:02.",
    "Join us \u2068\u05d3\u05e0\u05d4\u2069 in the channel.",
]


def test_prose_that_looks_like_a_notation_is_clean():
    ctx = context_for(
        pipeline.load("samples/outage-checkout-failover.yaml").postmortem, load_config("samples/commsgen.toml")
    )
    for line in PROSE:
        got = [(m.rule, m.text) for m in scan(line, ctx) if m.rule != "content.bidi-embedding"]
        assert got == [], (line, got)


def test_right_to_left_prose_with_marks_publishes():
    loaded = postmortem_with(PROSE[-3] + "\n" + PROSE[-2])
    for audience, fmt in [("customer", "md"), ("customer", "html"), ("status", "json")]:
        out = pipeline.build(loaded, _config(), audience, fmt, lint=False)
        assert out.ok, (audience, fmt, out.refused)


# ------------------------------------------------------------------------------------ bidi
def _rlo(v: str) -> str:
    return "\u202e" + v[::-1] + "\u202c"


BIDI = {
    "rlo-reversed": _rlo,
    "rlo-to-line-end": lambda v: "\u202e" + v[::-1],
    "rlo-in-isolate": lambda v: "\u2067" + _rlo(v) + "\u2069",
    "rlo-defanged": lambda v: _rlo(v.replace(".", "[.]")),
    "lro-in-rtl-paragraph": lambda v: "\u05d0 \u202d" + v + "\u202c \u05d1",
}
BIDI_VALUES = dict(VALUES, secret="AKIA2E4RTQ7WXY3ZP5LM", name="Dana Whitfield")
BIDI_CASES = [(k, t) for t in BIDI for k in BIDI_VALUES]
# the cases that share a postmortem, one paragraph each: one override of the values whose texts share
# no word (the host's is in the URL's, the email's holds the host's domain and the name's words);
# an override left open runs to the end of the line, over the next cases where a format joins the
# lines of a paragraph (cstate): those cases are rendered one by one
_ALONE = {"rlo-to-line-end"}
BIDI_GROUPS = [[(k, t) for k in BIDI_VALUES if k not in ("host", "email")] for t in BIDI if t not in _ALONE]
BIDI_GROUPS += [[(k, t)] for t in BIDI for k in BIDI_VALUES if t in _ALONE or k in ("host", "email")]
assert sorted(c for g in BIDI_GROUPS for c in g) == sorted(BIDI_CASES)


@pytest.mark.parametrize("group", BIDI_GROUPS, ids=[g[0][1] if len(g) > 1 else "-".join(g[0]) for g in BIDI_GROUPS])
def test_bidi_override_is_refused_and_masked_in_every_public_output(group):
    """Each case: refused with a blocking ``content.bidi-override``; with --redact written without
    the control and without the value, forwards or reversed.

    The cases of a group share a postmortem, one paragraph each (each holds one override control);
    each output is rendered once plain and once with --redact. The plain render holds a blocking
    override finding per case and the same findings as the --redact render, where each case's
    value is looked for on its own. When anything fails, the group's cases are rendered one by one
    for that output, and the case that fails alone is named."""
    loaded = postmortem_with(*(f"See {BIDI[t](BIDI_VALUES[k])} for details." for k, t in group))
    for audience, fmt in PUBLIC:
        plain = pipeline.build(loaded, _config(), audience, fmt, lint=False)
        masked = pipeline.build(loaded, _config(), audience, fmt, redact=True, lint=False)
        try:
            assert not plain.ok, (audience, fmt)
            overrides = [f for f in plain.findings if f.rule == "content.bidi-override" and f.blocking]
            assert len(overrides) >= len(group), (audience, fmt, overrides)
            assert masked.ok, (audience, fmt, masked.refused)
            assert _found(plain.findings) == _found(masked.findings), (audience, fmt)
            for v in views(masked.content, fmt):
                assert "\u202e" not in v and "\u202d" not in v, (audience, fmt)
                seen = read(v)
                for k, t in group:
                    needle = BIDI_VALUES[k].lower()
                    assert needle not in seen and needle[::-1] not in seen, (k, t, audience, fmt)
        except AssertionError:
            for k, t in group:  # the case that fails alone, named by its own assertion
                _bidi_case(k, t, audience, fmt)
            raise


def _bidi_case(kind: str, transform: str, audience: str, fmt: str) -> None:
    text = BIDI[transform](BIDI_VALUES[kind])
    loaded = postmortem_with(f"See {text} for details.")
    needle = BIDI_VALUES[kind].lower()
    where = (kind, transform, audience, fmt)
    plain = pipeline.build(loaded, _config(), audience, fmt, lint=False)
    assert not plain.ok, where
    assert any(f.rule == "content.bidi-override" and f.blocking for f in plain.findings), where
    masked = pipeline.build(loaded, _config(), audience, fmt, redact=True, lint=False)
    assert masked.ok, (where, masked.refused)
    for v in views(masked.content, fmt):
        assert "\u202e" not in v and "\u202d" not in v, where
        assert needle not in read(v) and needle[::-1] not in read(v), where


def test_marks_reorder_numbers_and_the_displayed_value_is_found():
    """No explicit control: right-to-left marks lay ``4.7.`` after ``10.12`` on screen."""
    line = "\u200f4.7.\u200f10.12"
    assert bidi.displayed(line)[0][0] == "10.12.4.7"  # the marks are not shown
    loaded = postmortem_with(f"Pool {line} pinned.")
    for audience, fmt in PUBLIC:
        assert not pipeline.build(loaded, _config(), audience, fmt, lint=False).ok, (audience, fmt)
        masked = pipeline.build(loaded, _config(), audience, fmt, redact=True, lint=False)
        assert masked.ok and "[redacted]" in masked.content, (audience, fmt)
        assert not any("10.12" in _seen(v) for v in views(masked.content, fmt)), (audience, fmt)


def test_embeddings_and_isolates_warn_and_marks_are_not_findings():
    loaded = _with_summary(
        "Thanks to \u2068\u05d3\u05e0\u05d4\u2069 and \u202bthe team\u202c; \u200f\u05e9\u05dc\u05d5\u05dd\u200e ok"
    )
    for audience, fmt in [("customer", "md"), ("status", "txt"), ("executive", "html")]:
        out = pipeline.build(loaded, _config(), audience, fmt, lint=False)
        assert out.ok, (audience, fmt, out.refused)
        rules = {f.rule: f.severity for f in out.findings if f.kind == "bidi-control"}
        assert rules == {"content.bidi-embedding": "warn"}, (audience, fmt, rules)
    eng = pipeline.build(loaded, _config(), "engineering", "md", lint=False)
    assert eng.ok and not [f for f in eng.findings if f.kind == "bidi-control"]
    assert "\u2068" in eng.content


def test_too_many_controls_block():
    loaded = postmortem_with("x" + "\u2067a\u2069" * 40)
    out = pipeline.build(loaded, _config(), "customer", "md", lint=False)
    assert not out.ok and any(f.rule == "content.bidi-override" for f in out.findings)


@pytest.mark.parametrize(
    "line,shown",
    [
        ("a\u202ecba\u202c d", "aabc d"),
        ("a\u202dxyz\u202c", "axyz"),
        ("x \u202e(1)\u202c", "x (1)"),  # brackets in a reversed run are mirrored
        ("\u05d0 12 \u05d1", "\u05d1 12 \u05d0"),  # right-to-left paragraph, number kept
        ("ab \u2067\u05d0 \u05d1\u2069 cd", "ab \u2067\u05d1 \u05d0\u2069 cd"),  # isolate: outside kept
    ],
)
def test_display_order_follows_the_bidi_algorithm(line, shown):
    base = bidi.paragraph_level(line)
    assert bidi.display_order(line, base)[0] == shown


def test_controls_report_the_override_run():
    line = "ok \u202eabc\u202c then \u2066x\u2069"
    got = bidi.controls(line)
    assert got[0] == ("content.bidi-override", 3, 8)
    assert [r for r, *_ in got[1:]] == ["content.bidi-embedding", "content.bidi-embedding"]


# ------------------------------------------------------------------------------------ names
NAMES = {
    "zero-width-space": "Dana\u200bWhitfield",
    "word-joiner": "Dana\u2060Whitfield",
    "zero-width-joiner": "Dana\u200dWhitfield",
    "soft-hyphen": "Dana\u00adWhitfield",
    "camel-joined": "DanaWhitfield",
    "lower-joined": "danawhitfield",
    "dotted": "dana.whitfield",
    "underscored": "dana_whitfield",
    "initial-joined": "dwhitfield",
    "surname-dot-first": "whitfield.dana",
    "listed-handle": "@ohaddad",
    "listed-handle-bare": "ohaddad",
    "local-part-of-other-person": "omar.haddad",
}


@pytest.mark.parametrize("form", sorted(NAMES))
def test_joined_names_handles_and_local_parts_are_refused_and_masked(form):
    text = NAMES[form]
    loaded = postmortem_with(f"Thanks {text} for the fix.")
    needle = "haddad" if "haddad" in text else "whitfield"
    for audience, fmt in PUBLIC:
        if audience == "executive":
            continue
        assert not pipeline.build(loaded, _config(), audience, fmt, lint=False).ok, (audience, fmt)
        masked = pipeline.build(loaded, _config(), audience, fmt, redact=True, lint=False)
        assert masked.ok, (audience, fmt, masked.refused)
        assert not any(needle in _seen(v).replace(" ", "") for v in views(masked.content, fmt)), (audience, fmt)


def test_local_part_that_is_not_the_name_is_a_handle_but_a_first_name_is_not():
    import yaml
    from test_gate_evasions import _base

    data = dict(_base())
    data["people"] = [dict(p) for p in data["people"]] + [
        {"name": "Rui Costa", "role": "responder", "email": "rc77@acme.com"}
    ]
    data["people"][0]["email"] = "dana@acme.com"
    pm = pipeline.loads(yaml.safe_dump(data, sort_keys=False, default_flow_style=False), "p.yaml").postmortem
    ctx = context_for(pm, load_config("samples/commsgen.toml"))
    assert "rc77" in ctx.people_handles and "dana" not in ctx.people_handles
    assert {m.rule for m in scan("ask rc77 about it", ctx)} == {"people.handle"}
    assert scan("Dana said hello", ctx) == []
    assert {m.rule for m in scan("mail rc77@acme.com", ctx)} == {"people.staff-email"}


@pytest.mark.slow
def test_executive_pdf_text_holds_no_notation():
    from commsgen.export.pdf import pdf_text

    text = " ".join(
        [
            evasion("ip", "defang.bracket-dot", "brackets"),
            evasion("host", "defang.word-dot", "word"),
            evasion("url", "defang.bracket-separator", "full-defang"),
            _rlo("ledger.acme.internal"),
        ]
    )
    loaded = postmortem_with(text)
    assert not pipeline.build(loaded, _config(), "executive", "pdf", lint=False).ok
    out = pipeline.build(loaded, _config(), "executive", "pdf", redact=True, lint=False)
    assert out.ok, out.refused
    seen = read(pdf_text(out.content))
    for v in ("10.12.4.7", "ledger.acme.internal", "lanretni.emca.regdel"):
        assert v not in seen, v


def test_cli_refuses_then_masks_and_reports_controls_escaped(tmp_path):
    """As a user runs it: exit 1 with every class reported, the report's excerpts never laid out
    reversed on the terminal; with --redact exit 0 and nothing of the values left."""
    import yaml
    from conftest import SAMPLES, run_cli
    from test_gate_evasions import _base

    data = dict(_base())
    data["customer"] = dict(data["customer"])
    data["customer"]["summary"] = (
        "See \u202elanretni.emca.regdel\u202c for details; also ledger[.]acme[.]internal, 10 . 12 . 4 . 7, "
        "dana [at] acme [dot] com and Dana\u200bWhitfield."
    )
    src = tmp_path / "pm.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    args = ("--config", SAMPLES / "commsgen.toml", "render", src, "-a", "customer", "-f", "md")
    r = run_cli(*args)
    assert r.returncode == 1, r.stderr
    assert "<U+202E>lanretni.emca.regdel<U+202C>" in r.stderr and "\u202e" not in r.stderr
    for rule in (
        "content.bidi-override",
        "infra.internal-host",
        "infra.private-ipv4",
        "people.staff-email",
        "people.name",
    ):
        assert rule in r.stderr, rule
    r = run_cli(*args, "--redact")
    assert r.returncode == 0, r.stderr
    assert "See [redacted] for details; also [redacted], [redacted], [redacted] and [redacted]." in r.stdout
