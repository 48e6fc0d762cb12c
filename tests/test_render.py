"""Audience views, templates and the render command."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from commsgen import pipeline
from commsgen.config import Config
from commsgen.errors import TemplateError
from conftest import DATA, run_cli, run_cli_inproc

MARKERS = DATA / "render" / "markers.yaml"
TODAY = date(2026, 11, 27)


def _markers(text: str) -> set[str]:
    return set(re.findall(r"MKR-[A-Z-]+", text))


@pytest.fixture(scope="module")
def loaded():
    return pipeline.load(MARKERS)


def test_markers_file_uses_a_marker_in_every_internal_field(loaded):
    raw = MARKERS.read_text()
    # every internal free-text field of the spec carries a marker in this file
    for key in (
        "MKR-TITLE",
        "MKR-SUMMARY",
        "MKR-IMPACT-DESCRIPTION",
        "MKR-TIMELINE-ENG",
        "MKR-ACTOR",
        "MKR-FACTOR",
        "MKR-WHY",
        "MKR-BECAUSE",
        "MKR-ROOT-DETAILS",
        "MKR-TRIGGER",
        "MKR-DETECTION",
        "MKR-RESOLUTION",
        "MKR-TECHNICAL",
        "MKR-MITIGATOR",
        "MKR-WELL",
        "MKR-WRONG",
        "MKR-LUCKY",
        "MKR-NARRATIVE",
        "MKR-LINK-URL",
        "MKR-PERSON-NAME",
        "MKR-HANDLE",
        "MKR-SERVICE-ID",
        "MKR-EXTRA",
        "MKR-NOTE",
        "MKR-TICKET",
    ):
        assert key in raw


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
@pytest.mark.parametrize("audience", ["executive", "customer"])
def test_no_internal_marker_reaches_executive_or_customer(loaded, audience, fmt):
    out = pipeline.build(loaded, Config(), audience, fmt, today=TODAY)
    assert out.ok
    # the brief's headline is the internal title when `executive.title` is absent (spec v1.1)
    allowed = {"MKR-TITLE"} if audience == "executive" else set()
    assert _markers(out.content) - allowed == set(), f"internal fields leaked into {audience}.{fmt}"


def test_engineering_shows_everything(loaded):
    out = pipeline.build(loaded, Config(), "engineering", "md", today=TODAY)
    found = _markers(out.content)
    for key in (
        "MKR-SUMMARY",
        "MKR-TIMELINE-ENG",
        "MKR-FACTOR",
        "MKR-WHY",
        "MKR-TECHNICAL",
        "MKR-NARRATIVE",
        "MKR-LINK-URL",
        "MKR-PERSON-NAME",
        "MKR-MITIGATOR",
        "MKR-LUCKY",
        "MKR-ROOT-DETAILS",
    ):
        assert key in found
    assert "MKR-EXTRA" not in found  # `extra` is never rendered by default templates


def test_engineering_timeline_has_utc_and_elapsed(loaded):
    text = pipeline.build(loaded, Config(), "engineering", "md", today=TODAY).content
    assert "| 2026-11-20 14:09 UTC | +7m | alert |" in text
    assert "| Time to detect | 7m |" in text
    assert "Duration of impact | 1h 18m" in text


def test_executive_names_owners_by_team_not_person(loaded):
    text = pipeline.build(loaded, Config(), "executive", "md", today=TODAY).content
    assert "Payments SRE" in text and "MKR-PERSON-NAME" not in text
    assert "12.8k" in text and "$48.2k" in text


def test_customer_shows_public_text_only(loaded):
    text = pipeline.build(loaded, Config(), "customer", "md", today=TODAY).content
    assert "We detected errors at checkout." in text
    assert "Payments" in text and "2026-11-20 14:02 UTC" in text


def test_customer_without_customer_section_is_safe_by_construction(tmp_path):
    src = MARKERS.read_text()
    src = re.sub(r"(?ms)^customer:\n(  .*\n)+", "", src)
    p = tmp_path / "nocust.yaml"
    p.write_text(src)
    loaded = pipeline.load(p)
    out = pipeline.build(loaded, Config(), "customer", "md", today=TODAY)
    assert _markers(out.content) == set()
    assert "This issue has been resolved." in out.content
    rules = {f.rule for f in pipeline.check(loaded, Config())}
    assert "customer.missing" in rules


def test_security_pending_refuses_customer(tmp_path):
    src = MARKERS.read_text().replace("event_type: outage", "event_type: security")
    src += "security:\n  vulnerability_exposed: true\n  disclosure: {decision: pending}\n"
    p = tmp_path / "sec.yaml"
    p.write_text(src)
    out = pipeline.build(pipeline.load(p), Config(), "customer", "md")
    assert not out.ok and "pending" in out.refused
    r = run_cli("render", p, "--audience", "customer")
    assert r.returncode == 1 and "disclosure" in r.stderr and r.stdout == ""


def test_raw_html_in_fields_stays_text(tmp_path):
    src = MARKERS.read_text().replace(
        "Some payments failed for 78 minutes on November 20.",
        "'Some payments failed <script>alert(1)</script> <img src=x onerror=alert(2)> `<b>code</b>`'",
    )
    p = tmp_path / "xss.yaml"
    p.write_text(src)
    loaded = pipeline.load(p)
    html = pipeline.build(loaded, Config(), "customer", "html").content
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    md = pipeline.build(loaded, Config(), "customer", "md").content
    assert "<script>" not in md and "&lt;script>" in md
    assert "`<b>code</b>`" in md  # code spans are left as they are: they show as text anyway
    # and the Markdown output, rendered by a CommonMark renderer with HTML on, still has no live tag
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)
    assert "<script>" not in rendered and "<img" not in rendered


class _Balance(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()


@pytest.mark.parametrize("audience", ["engineering", "executive", "customer"])
def test_html_is_well_formed_and_markdown_round_trips(loaded, audience):
    html = pipeline.build(loaded, Config(), audience, "html", today=TODAY).content
    p = _Balance()
    p.feed(html)
    p.close()
    assert p.errors == [] and p.stack == []
    md = pipeline.build(loaded, Config(), audience, "md", today=TODAY).content
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert any(t.type == "heading_open" for t in tokens)
    assert not any(t.type in ("html_block", "html_inline") for t in tokens)


def test_user_template_overrides_and_extends_builtin(tmp_path, loaded):
    (tmp_path / "customer.md.j2").write_text('{% extends "builtin/customer.md.j2" %}\n', encoding="utf-8")
    (tmp_path / "executive.md.j2").write_text("# Brief for {{ company }}: {{ title }}\n", encoding="utf-8")
    cfg = Config(company="Acme")
    ex = pipeline.build(loaded, cfg, "executive", "md", templates=tmp_path).content
    assert ex == "# Brief for Acme: MKR-TITLE internal title\n"
    cu = pipeline.build(loaded, cfg, "customer", "md", templates=tmp_path).content
    assert cu == pipeline.build(loaded, cfg, "customer", "md").content


def test_template_typo_is_an_error_naming_file_and_line(tmp_path, loaded):
    (tmp_path / "customer.md.j2").write_text("# {{ title }}\n\n{{ summmary }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        pipeline.build(loaded, Config(), "customer", "md", templates=tmp_path)
    prob = e.value.problems[0]
    assert prob.file.endswith("customer.md.j2") and prob.line == 3 and "summmary" in prob.message
    r = run_cli_inproc("render", MARKERS, "-a", "customer", "--templates", tmp_path)
    assert r.returncode == 2 and "customer.md.j2, line 3" in r.stderr and "Traceback" not in r.stderr


def test_template_syntax_error_names_line(tmp_path, loaded):
    (tmp_path / "customer.md.j2").write_text("# ok\n{% if %}\n", encoding="utf-8")
    r = run_cli_inproc("render", MARKERS, "-a", "customer", "--templates", tmp_path)
    assert r.returncode == 2 and "line 2" in r.stderr and "Traceback" not in r.stderr


def test_templates_run_in_the_sandbox(tmp_path, loaded):
    (tmp_path / "customer.md.j2").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        pipeline.build(loaded, Config(), "customer", "md", templates=tmp_path)
    assert "sandbox" in e.value.problems[0].message or "unsafe" in e.value.problems[0].message


def test_render_all_writes_each_audience_atomically(tmp_path):
    r = run_cli_inproc("render", MARKERS, "--audience", "all", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["customer.md", "engineering.md", "executive.md"]


def test_render_all_writes_passing_audiences_and_skips_refused(tmp_path):
    src = MARKERS.read_text().replace("event_type: outage", "event_type: security")
    src += "security:\n  vulnerability_exposed: false\n  disclosure: {decision: pending}\n"
    p = tmp_path / "sec.yaml"
    p.write_text(src)
    r = run_cli_inproc("render", p, "--audience", "all", "-o", tmp_path / "out")
    assert r.returncode == 1
    assert sorted(x.name for x in (tmp_path / "out").iterdir()) == ["engineering.md", "executive.md"]


def test_render_invalid_file_exits_2(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("format: commsgen/postmortem/v1\nid: X\n")
    r = run_cli("render", p)
    assert r.returncode == 2 and "bad.yaml" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_status_render_cli_formats_and_refusal(tmp_path):
    r = run_cli("render", MARKERS, "--audience", "status", "--format", "json")
    assert r.returncode == 0, r.stderr
    import json as _json

    assert _json.loads(r.stdout)["incident"]["status"] == "resolved"
    r = run_cli_inproc("render", MARKERS, "--audience", "status", "--short")
    assert r.returncode == 0 and len(r.stdout) <= 280
    r = run_cli_inproc("render", MARKERS, "--audience", "customer", "--short")
    assert r.returncode == 2 and "--short" in r.stderr
    r = run_cli_inproc("render", MARKERS, "--audience", "status", "--format", "md")
    assert r.returncode == 2 and "no md output for the status audience" in r.stderr
    src = MARKERS.read_text().replace("event_type: outage", "event_type: security")
    p = tmp_path / "sec.yaml"
    p.write_text(src + "security:\n  disclosure: {decision: pending}\n")
    r = run_cli_inproc("render", p, "--audience", "status", "--format", "json", "-o", tmp_path / "s.json")
    assert r.returncode == 1 and "disclosure" in r.stderr and not (tmp_path / "s.json").exists()


def test_fast_text_rule_renders_as_the_stock_rule():
    """render/markdown.py replaces markdown-it's text rule (it stops only where a rule of the
    CommonMark preset can start): the HTML is the stock parser's for any mix of markup."""
    import random

    from commsgen.render.markdown import markdown_parser

    fast, stock = markdown_parser(), markdown_parser(stock_text_rule=True)
    rng = random.Random(5)
    alphabet = list("ab -:.@#$%+=>]^{}~!&*<[\\_`\n|()") + [
        "&amp;",
        "&#46;",
        "http://x.y",
        "<a@b.c>",
        "**",
        "__",
        "\n\n",
        "  \n",
        "| a | b |\n|---|---|\n",
        "1. ",
        "> ",
    ]
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        assert fast.render(text) == stock.render(text), text


def test_dense_markup_is_rendered_as_typed():
    from commsgen.render.markdown import MAX_INLINE_MARKUP, to_html

    html = to_html("_a_ " * (MAX_INLINE_MARKUP // 2 + 1))
    assert "<em>" not in html and "_a_" in html
    assert "<em>a</em>" in to_html("_a_ " * 10)
