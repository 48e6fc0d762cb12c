"""Evasions of the redaction gate, by class: every transformation of every kind of sensitive value
is rendered into every public output, plain and with --redact, and what is written must not hold
the value - not in its bytes, not in its decoded JSON or YAML values, not in what a Markdown or HTML
viewer shows of it (all read as a person's eyes would: accents, look-alikes, invisible characters,
percent-encoding; the test's own reading, not commsgen's normaliser).

Transformations are generated from each value (escape every dot, put an entity for every space,
emphasise a middle character, ...), not listed per example, so they apply to any value of the kind.
Each case is a paragraph of the sample outage's customer summary, latest status update and
executive summary: every public output shows one of those. The cases of one transformation share
a postmortem, one paragraph each (``GROUPS``: the email, whose text holds the name's, on its own);
each case's value is looked for on its own and a failure names the case (see
``test_evasion_is_refused_or_masked_in_every_public_output``).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from functools import lru_cache

import pytest
import yaml
from conftest import SAMPLES, run_cli

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.redact.readings import html_reading, markdown_reading

SAMPLE = SAMPLES / "outage-checkout-failover.yaml"
PUBLIC = [
    ("customer", "md"),
    ("customer", "html"),
    ("customer", "txt"),
    ("status", "txt"),
    ("status", "json"),
    ("status", "cachet"),
    ("status", "cstate"),
    ("status", "gatus"),
    ("executive", "md"),
    ("executive", "html"),
]

# one value of each kind, with the text that must never be readable in a public output
VALUES = {
    "secret": "AKIA2E4RTQ7WXY3ZP5LM",
    "github": "ghp_R8mK2pQ7vX4nL9sT3wY6zB1cD5fG0hJ8kM2n",
    "ip": "10.12.4.7",
    "host": "ledger.acme.internal",
    "email": "dana.whitfield@acme.com",
    "name": "Dana Whitfield",
}


# ------------------------------------------------------------------------------------ transformations
def _swap(v: str, table: dict[str, str], count: int = 1) -> str:
    """Replace the first ``count`` characters of ``v`` found in ``table``."""
    out, n = [], 0
    for c in v:
        if n < count and c in table:
            out.append(table[c])
            n += 1
        else:
            out.append(c)
    return "".join(out)


def _insert(v: str, mark: str) -> str:
    """``mark`` after every other character (inside the token)."""
    return "".join(c + (mark if i % 2 == 0 and i < len(v) - 1 else "") for i, c in enumerate(v))


def _mid(v: str, fn) -> str:
    """``fn`` applied to one alphanumeric character in the middle of ``v``."""
    i = len(v) // 2
    while not v[i].isalnum():
        i += 1
    return v[:i] + fn(v[i]) + v[i + 1 :]


_MATH_BOLD = {c: chr(0x1D41A + ord(c) - 97) for c in "abcdefghijklmnopqrstuvwxyz"}
_MATH_BOLD.update({c: chr(0x1D400 + ord(c) - 65) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_MATH_BOLD.update({c: chr(0x1D7CE + ord(c) - 48) for c in "0123456789"})
_CONFUSABLE = {
    "a": "\u0251",
    "o": "\u043e",
    "e": "\u0435",
    "i": "\u0456",
    "c": "\u0441",
    "p": "\u0440",
    "A": "\u0391",
    "K": "\u039a",
    "I": "\u0399",
    "1": "\u0661",
    "0": "\u0966",
    "4": "\uff14",
}
_ACCENT = {"i": "\u00ed", "e": "\u00e9", "a": "\u00e1", "o": "\u00f3", "u": "\u00fa", "I": "\u00cd", "A": "\u00c1"}


def _entities(v: str) -> str:
    return re.sub(r"[. @_]", lambda m: f"&#{ord(m.group())};", v)


def _escapes(v: str) -> str:
    return re.sub(r"([.@_\-])", r"\\\1", v)


# characters a reader reads as a dot between labels: middle dots, bullets, operators, other scripts'
# full stops (each value's dots take them in turn)
_DOT_LIKES = "\u00b7\u2022\u30fb\u22c5\u2219\u06d4\uff65\u0387\u2e31"


def _dot_likes(v: str, offset: int = 0) -> str:
    out, n = [], offset
    for c in v:
        if c == ".":
            out.append(_DOT_LIKES[n % len(_DOT_LIKES)])
            n += 1
        else:
            out.append(c)
    return "".join(out)


def _percent(v: str) -> str:
    return _mid(v, lambda c: f"%{ord(c):02X}") if ("." in v or "@" in v) else v


# text around the value is part of some transformations (a dash after a host, a line start)
TRANSFORMS = {
    "plain": lambda v: v,
    "line-start": lambda v: "the cause:\n" + v + " was the one",
    "em-dash-after": lambda v: v + "\u2014the payments primary",
    "en-dash-after": lambda v: v + "\u2013x",
    "hyphen-after": lambda v: v + "- (old)",
    "underscore-after": lambda v: v + "_x",
    "md-underscore-emphasis": lambda v: "_" + v + "_",
    "md-star-inside": lambda v: _mid(v, lambda c: f"*{c}*"),
    "md-code-inside": lambda v: _mid(v, lambda c: f"`{c}`"),
    "md-backslash-escapes": _escapes,
    "html-entities": _entities,
    "precomposed-accent": lambda v: _swap(v, _ACCENT),
    "confusable": lambda v: _swap(v, _CONFUSABLE, 2),
    "math-bold": lambda v: _swap(v, _MATH_BOLD, 3),
    "fullwidth": lambda v: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in v),
    "tag-characters": lambda v: _insert(v, "\U000e0041"),
    "variation-selector": lambda v: _insert(v, "\U000e0100"),
    "musical-format-mark": lambda v: _insert(v, "\U0001d173"),
    "zero-width": lambda v: _insert(v, "\u200b"),
    "html-comment-inside": lambda v: _mid(v, lambda c: c + "<!-- -->"),
    "empty-tag-inside": lambda v: _mid(v, lambda c: c + "<b></b>"),
    "hair-spaces": lambda v: _insert(v, "\u200a"),
    "thin-space": lambda v: _mid(v, lambda c: c + "\u2009"),
    "narrow-no-break-space": lambda v: _mid(v, lambda c: "\u202f" + c),
    "six-per-em-space": lambda v: _mid(v, lambda c: c + "\u2006"),
    "combining-mark": lambda v: _insert(v, "\u0301"),
    "percent-encoded": _percent,
    "dot-look-alikes": _dot_likes,
    "dot-look-alikes-shifted": lambda v: _dot_likes(v, 4),
    "in-link-target": lambda v: f"[the status page](https://{v}/x)" if "@" not in v else f"[mail](mailto:{v})",
    "after-a-colon": lambda v: "upstream:" + v,
    "in-a-share-url": lambda v: f"smb://{v}/share",
    "in-a-path": lambda v: f"/srv/{v}/logs",
    # a dash (any kind), plus, percent or at sign that starts the word: the value starts after it
    "em-dash-before": lambda v: "the primary \u2014" + v + "\u2014 failed",
    "en-dash-before": lambda v: "the primary \u2013" + v,
    "hyphen-before": lambda v: "the primary -" + v,
    "two-dashes-before": lambda v: "the primary \u2014\u2014" + v,
    "plus-before": lambda v: "the primary +" + v,
    "dot-before": lambda v: "the primary[^1]." + v,  # a footnote mark, then a full stop
}
NAME_FORMS = {
    "surname-first": "Whitfield, Dana",
    "initial": "D. Whitfield",
    "title": "Ms. Whitfield",
    "hyphen-joined": "Dana-Whitfield",
    "line-break": "Dana\nWhitfield",
    "upper-accented": "DANA WHITF\u00cdELD",
    "across-a-link": "[Dana](https://example.com/a) Whitfield",
    "nickname-between": 'Dana "DW" Whitfield',
    "remark-between": "Dana (Payments SRE) Whitfield",
    "across-a-plain-link": "Dana (https://example.com/a) Whitfield",
    "across-a-plain-link-in-markup": "*Thanks* to Dana (https://example.com/a) Whitfield <b>x</b>",
}
CASES = [(k, t) for k in VALUES for t in TRANSFORMS] + [("name", f) for f in NAME_FORMS]


def evasion(kind: str, transform: str) -> str:
    if transform in NAME_FORMS:
        return NAME_FORMS[transform]
    return TRANSFORMS[transform](VALUES[kind])


# ------------------------------------------------------------------------------------ rendering
@lru_cache(maxsize=1)
def _base() -> dict:
    return yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _config():
    return load_config(str(SAMPLES / "commsgen.toml"))


# the cases that share a postmortem: one transformation of each kind's value, the email apart (its
# value holds the name's words and the host's domain: a term one teaches must not find the other)
GROUPS = [[(k, t) for k in VALUES if k != "email"] for t in TRANSFORMS]
GROUPS += [[("email", t)] for t in TRANSFORMS] + [[("name", f)] for f in NAME_FORMS]
assert sorted(c for g in GROUPS for c in g) == sorted(CASES)


def postmortem_with(*texts: str):
    """The sample with each text in a paragraph of its own ("We checked it.", the text, "Then we
    fixed it.") in the customer summary, the latest status update and the executive summary."""
    data = json.loads(json.dumps(_base(), default=str))
    line = "\n\n".join(f"We checked it.\n{text}\nThen we fixed it." for text in texts)
    data["customer"]["summary"] = line
    data["status_page"]["updates"][-1]["body"] = line
    data["executive"]["summary"] = line
    return pipeline.loads(dump_yaml(data), "evasion.yaml")


def dump_yaml(data: dict) -> str:
    """The postmortem as YAML text, written with libyaml's emitter where PyYAML has it (the pure
    Python emitter costs about 20 ms a case, a tenth of it; for every case here both emitters'
    texts load back to the same values)."""
    return yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)


# ------------------------------------------------------------------------------------ what a reader gets
def views(content: str, fmt: str) -> list[str]:
    """Every representation of a written output, read as a person or a program would."""
    out = [content]
    if fmt in ("json", "cachet"):
        out += _values(json.loads(content))
    elif fmt == "gatus":
        out += _values(yaml.safe_load(content))
    if fmt in ("md", "txt", "cstate") or fmt in ("json", "cachet", "gatus"):
        raw = list(out)
        out += [markdown_reading(v).text for v in raw]
        # a viewer that renders the HTML in it (a status page): tags and comments hidden (a
        # regular expression here, independent of commsgen's own reader)
        out += [html.unescape(re.sub(r"<!--.*?-->|<[^<>]*>", "", v, flags=re.S)) for v in raw]
    if fmt == "html":
        out.append(html_reading(content).text)
    return out


def _values(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for v in data.values() for s in _values(v)]
    if isinstance(data, list):
        return [s for v in data for s in _values(v)]
    return []


# what the eye reads each look-alike of the transformations as (the test's own tables, not the
# normaliser under test: a gap in commsgen's tables must fail here, not be read the same way)
_READ_AS = str.maketrans(
    {
        **{v: k for k, v in _CONFUSABLE.items()},
        **dict.fromkeys(_DOT_LIKES + "\u3002\uff61", "."),
    }  # and ideographic stops
)
_HARDLY_SEEN = frozenset("\u2006\u2008\u2009\u200a\u202f")  # narrow spaces


def _seen(view: str) -> str:
    """What the eye reads: percent-decoded; invisible characters (format marks, variation
    selectors, combining marks) dropped and narrow spaces closed up; compatibility forms folded and
    accents removed (NFKD); look-alikes read as what they imitate; lower case, whitespace as one
    space. Independent of commsgen's normaliser, which the tests hold to it."""
    from urllib.parse import unquote

    text = unquote(view).translate(_CLOSED_UP).translate(_READ_AS)
    text = unicodedata.normalize("NFKD", text).translate(_READ_AS)
    text = _NON_ASCII.sub(_unseen_dropped, text)  # (no ASCII character is Cf, Mn or Me)
    return " ".join(text.split()).lower()


_CLOSED_UP = dict.fromkeys(map(ord, _HARDLY_SEEN))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _unseen_dropped(m: re.Match) -> str:
    return "".join(c for c in m.group() if unicodedata.category(c) not in ("Cf", "Mn", "Me"))


def needle(kind: str) -> str:
    return "whitfield" if kind == "name" else VALUES[kind].lower()


def leaked(kind: str, content: str, fmt: str) -> bool:
    return any(needle(kind) in _seen(v) for v in views(content, fmt))


def leaks(cases, content: str, fmt: str) -> list[tuple[str, str]]:
    """The cases whose value is readable in ``content`` (``leaked`` for each, one reading)."""
    seen = [_seen(v) for v in views(content, fmt)]
    return [(k, t) for k, t in cases if any(needle(k) in v for v in seen)]


def _found(findings) -> list[tuple]:
    """What the gate found, whatever was done with it (masked or not): rule, source and output place."""
    return sorted(
        (f.rule, f.field or "", f.line or 0, f.column or 0, f.end_column or 0, str(f.extra.get("output_line")))
        for f in findings
    )


# ------------------------------------------------------------------------------------ the tests
_NOT_READ = {"in-link-target"}  # a link target: no viewer shows it as text (the bytes are checked)


def test_reader_reads_every_case():
    """The test's own reader sees the value in each evasion, as written and as a Markdown viewer
    shows it (else the matrix proves nothing)."""
    for kind, transform in CASES:
        if transform in _NOT_READ:
            continue
        text = evasion(kind, transform)
        needle = "whitfield" if kind == "name" else VALUES[kind].lower()
        seen = [
            _seen(text),
            _seen(markdown_reading(text).text),
            _seen(html.unescape(re.sub(r"<!--.*?-->|<[^<>]*>", "", text))),
        ]
        assert any(needle in v for v in seen), (kind, transform, seen)


@pytest.mark.parametrize("group", GROUPS, ids=[g[0][1] if len(g) > 1 else "-".join(g[0]) for g in GROUPS])
def test_evasion_is_refused_or_masked_in_every_public_output(group):
    """Each case, in every public output: written as it is (no blocking finding) it does not hold
    the value; with --redact what is written does not hold it.

    The cases of a group share a postmortem, one paragraph each, and each output is rendered once
    plain and once with --redact; every case's value is looked for on its own, and every case that
    leaks is named. A refused plain render stands for each case's own refusal because the gate found
    the same things in it as in the --redact render (asserted), where each case's value was masked
    away (asserted per case): what masked a case is a blocking finding on that case, which refuses
    it alone too. A group whose --redact render is refused (nothing written) is rendered again case
    by case, as a single case would be."""
    loaded = postmortem_with(*(evasion(k, t) for k, t in group))
    config = _config()
    failed = []
    for audience, fmt in PUBLIC:
        # the executive version may name people (a warning: docs/REDACTION.md)
        cases = [(k, t) for k, t in group if not (audience == "executive" and k in ("email", "name"))]
        if not cases:
            continue
        plain = pipeline.build(loaded, config, audience, fmt, lint=False)
        masked = pipeline.build(loaded, config, audience, fmt, redact=True, lint=False)
        if not masked.ok and len(group) > 1:
            failed += _one_by_one(cases, config, audience, fmt)
            continue
        if plain.ok:  # written as it is: no value may be there
            failed += [(k, t, audience, fmt, "written with the value") for k, t in leaks(cases, plain.content, fmt)]
        elif masked.ok:
            assert _found(plain.findings) == _found(masked.findings), (group, audience, fmt)
        if masked.ok:
            failed += [(k, t, audience, fmt, "--redact left the value") for k, t in leaks(cases, masked.content, fmt)]
    assert not failed, failed


def _one_by_one(cases, config, audience: str, fmt: str) -> list[tuple]:
    failed = []
    for k, t in cases:
        loaded = postmortem_with(evasion(k, t))
        plain = pipeline.build(loaded, config, audience, fmt, lint=False)
        if plain.ok and leaked(k, plain.content, fmt):
            failed.append((k, t, audience, fmt, "written with the value"))
        masked = pipeline.build(loaded, config, audience, fmt, redact=True, lint=False)
        if masked.ok and leaked(k, masked.content, fmt):
            failed.append((k, t, audience, fmt, "--redact left the value"))
    return failed


@pytest.mark.parametrize("transform", ["plain", "md-star-inside", "html-entities", "md-backslash-escapes"])
def test_secrets_are_masked_in_the_engineering_version_too(transform):
    loaded = postmortem_with(evasion("secret", transform))
    for fmt in ("md", "html", "txt"):
        out = pipeline.build(loaded, _config(), "engineering", fmt, lint=False)
        assert out.ok and not leaked("secret", out.content, fmt), fmt


def test_surname_alone_is_a_warning():
    loaded = postmortem_with("Whitfield approved the fix.")
    out = pipeline.build(loaded, _config(), "customer", "md", lint=False)
    f = [f for f in out.findings if f.rule == "people.surname"]
    assert f and all(x.severity == "warn" for x in f)


@pytest.mark.parametrize(
    "image",
    [
        "![chart](https://status.acme.com/chart.png)",
        "![x](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA)",
        "see data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
    ],
)
def test_images_are_refused_outside_engineering_unless_waived(image):
    loaded = postmortem_with(image)
    for audience, fmt in [("customer", "md"), ("customer", "html"), ("executive", "html"), ("status", "json")]:
        out = pipeline.build(loaded, _config(), audience, fmt, lint=False)
        assert not out.ok and any(f.rule == "content.image" for f in out.findings), (audience, fmt)
    assert pipeline.build(loaded, _config(), "engineering", "md", lint=False).ok
    src = re.search(r"\((\S+)\)|(data:\S+)", image)
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["customer"]["summary"] = f"We checked it.\n{image}\n"
    data["redaction"]["allow"].append({"match": src.group(1) or src.group(2), "reason": "public chart"})
    waived = pipeline.loads(yaml.safe_dump(data, sort_keys=False), "w.yaml")
    out = pipeline.build(waived, _config(), "customer", "md", lint=False)
    assert out.ok, out.refused


def test_masking_hides_the_original_characters():
    """The span of a finding made on the normalised or rendered text masks the characters that
    produced it, so nothing of the value is left around the mask."""
    for kind, transform in [
        ("ip", "md-star-inside"),
        ("host", "html-entities"),
        ("ip", "tag-characters"),
        ("host", "confusable"),
        ("email", "percent-encoded"),
    ]:
        loaded = postmortem_with(evasion(kind, transform))
        out = pipeline.build(loaded, _config(), "customer", "md", redact=True, lint=False)
        assert out.ok and "[redacted]" in out.content
        assert evasion(kind, transform) not in out.content


@pytest.mark.parametrize("fmt", ["json", "cachet", "gatus"])
def test_payload_encoding_round_trips(fmt):
    """--redact masks decoded values and encodes the payload again with the writer that made it."""
    from commsgen.export.status import decode_payload, encode_payload

    out = pipeline.build(pipeline.load(str(SAMPLE)), _config(), "status", fmt, lint=False)
    assert out.ok and encode_payload(fmt, decode_payload(fmt, out.content)) == out.content


def test_batch_writes_no_payload_whose_text_is_refused(tmp_path):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["status_page"]["updates"][-1]["body"] = "Fixed.\nAKIA2E4RTQ7WXY3ZP5LM was rotated."
    src = tmp_path / "pm.yaml"
    src.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli(
        "--config",
        SAMPLES / "commsgen.toml",
        "batch",
        src,
        "--out",
        out,
        "--audience",
        "status",
        "--format",
        "txt,json,cachet,gatus",
    )
    assert r.returncode == 1, r.stderr
    written = [p.name for p in out.rglob("*") if p.is_file()]
    assert not {"status.txt", "statuspage.json", "cachet.json", "gatus.yaml"} & set(written), written


def test_deny_regex_that_re2_cannot_run_is_an_error(tmp_path):
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["redaction"]["deny"].append({"regex": "(a+)+(?=b)"})
    src = tmp_path / "pm.yaml"
    src.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    r = run_cli("check", src)
    assert r.returncode == 2 and "(a+)+(?=b)" in r.stdout + r.stderr and "RE2" in r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "re2.cc" not in r.stderr
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('deny = [{regex = "x(?!y)"}]\n', encoding="utf-8")
    r = run_cli("--config", cfg, "scan", SAMPLE)
    assert r.returncode == 2 and "x(?!y)" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_executive_pdf_text_holds_no_evasion():
    """The brief: blocking evasions refuse it, and with --redact the text read back from the PDF
    holds none of them."""
    from commsgen.export.pdf import pdf_text

    text = " ".join(
        evasion(k, t)
        for k, t in [
            ("ip", "md-star-inside"),
            ("host", "em-dash-after"),
            ("secret", "html-entities"),
            ("ip", "tag-characters"),
        ]
    )
    loaded = postmortem_with(text)
    assert not pipeline.build(loaded, _config(), "executive", "pdf", lint=False).ok
    out = pipeline.build(loaded, _config(), "executive", "pdf", redact=True, lint=False)
    assert out.ok, out.refused
    seen = _seen(pdf_text(out.content))
    for kind in ("ip", "host", "secret"):
        assert VALUES[kind].lower() not in seen, kind


def test_gate_strings_for_pdf_metadata():
    """The function the PDF brief uses for its metadata: values come back masked with --redact,
    findings carry the label as their field."""
    from commsgen.findings import refusal_reason
    from commsgen.gate import gate_strings

    loaded = postmortem_with("nothing")
    items = [
        ("pdf:/Title", "Outage on " + evasion("host", "md-star-inside")),
        ("pdf:/Subject", "Executive incident brief INC-1"),
        ("pdf:/Keywords", evasion("secret", "zero-width")),
    ]
    values, findings = gate_strings(items, "executive", loaded, _config())
    assert refusal_reason(findings) and {f.field for f in findings if f.blocking} == {"pdf:/Title", "pdf:/Keywords"}
    values, findings = gate_strings(items, "executive", loaded, _config(), redact=True)
    assert refusal_reason(findings) is None and values[1] == items[1][1]
    assert not leaked("host", values[0], "txt") and not leaked("secret", values[2], "txt")


@pytest.mark.parametrize(
    "text",
    [
        "[Dana](https://example.com/a) Whitfield",
        "![Dana](https://example.com/a.png) Whitfield",
        "*[Dana](https://example.com/a)* Whitfield",
        "[led](https://example.com)ger.acme.internal",
    ],
)
def test_a_link_or_image_inside_a_name_or_host_does_not_split_it(text):
    """A viewer shows a link's text and not its target: the reading joins the text around the link
    (the target is read apart, and still scanned), so Markdown and HTML outputs are refused."""
    loaded = postmortem_with(text)
    for audience, fmt in [("customer", "md"), ("customer", "html")]:
        out = pipeline.build(loaded, _config(), audience, fmt, lint=False)
        assert not out.ok, (audience, fmt)
    reading = markdown_reading(text).text
    assert "Dana Whitfield" in reading or "ledger.acme.internal" in reading
    assert "example.com" in reading  # the target is read too


def test_dense_markup_reading_joins_link_text_too():
    """Past ``render.markdown.MAX_INLINE_MARKUP`` the reading is the linear one: links read as
    their text there as well, and the finding maps back onto the link and the words around it."""
    from commsgen.render.markdown import MAX_INLINE_MARKUP, inline_markup

    source = "*a* " * 12000 + "Thanks [Dana](https://example.com) Whitfield ok"
    assert inline_markup(source) > MAX_INLINE_MARKUP
    r = markdown_reading(source)
    i = r.text.rfind("Dana Whitfield")
    assert i >= 0
    a, b = r.source_span(i, i + len("Dana Whitfield"))
    assert source[a:b] == "Dana](https://example.com) Whitfield"
