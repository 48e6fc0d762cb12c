"""Text outputs a reader can use (issue 16, items 2, 6, 7, 8): plain txt for every audience, one
duration format, templates whose every section is an overridable block, writing checks on the
text a reader sees, and render findings that name the postmortem line."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import DATA, SAMPLES, run_cli, run_cli_inproc

from commsgen import pipeline
from commsgen.config import load_config
from commsgen.model.derived import fmt_duration, fmt_elapsed
from commsgen.render.plaintext import WIDTH, markdown_to_text
from commsgen.resources import builtin_templates
from commsgen.views.figures import compact, money

SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".json"))


@pytest.fixture(scope="module")
def config():
    return load_config(SAMPLES / "commsgen.toml")


# ------------------------------------------------------------------------------ one duration format
@pytest.mark.parametrize(
    "td, text",
    [
        (timedelta(hours=24, minutes=11), "1d 0h 11m"),
        (timedelta(days=1, hours=6, minutes=16), "1d 6h 16m"),
        (timedelta(days=9, hours=7, minutes=40), "9d 7h 40m"),
        (timedelta(days=2), "2d 0h 0m"),
        (timedelta(hours=2), "2h 0m"),
        (timedelta(hours=1, minutes=18), "1h 18m"),
        (timedelta(minutes=45), "45m"),
        (timedelta(seconds=40), "40s"),
        (timedelta(0), "0m"),
        (timedelta(minutes=-3), "-3m"),
        (timedelta(hours=23, minutes=59, seconds=59), "23h 59m"),
    ],
)
def test_durations_never_drop_a_unit(td, text):
    assert fmt_duration(td) == text
    assert fmt_elapsed(td) == (text if text.startswith("-") else "+" + text)


@pytest.mark.parametrize(
    "value, text",
    [
        (0, "0"),
        (212, "212"),
        (9_999, "9,999"),
        (10_000, "10k"),
        (12_840, "12.8k"),
        (128_400, "128k"),
        (999_950, "1M"),
        (1_249_999, "1.25M"),
        (2_400_000_000, "2.4B"),
        (999_999_999, "1B"),
        (99.5, "99.5"),
    ],
)
def test_compact_numbers_have_at_most_three_significant_digits_and_a_unit(value, text):
    assert compact(value) == text
    assert money(value).lstrip("$") in (text, f"{round(value):,}")


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_output_of_a_sample_uses_the_one_duration_format(sample, config):
    loaded = pipeline.load(sample)
    for audience, fmt in (("engineering", "md"), ("executive", "md"), ("customer", "md"), ("executive", "txt")):
        text = pipeline.build(loaded, config, audience, fmt, lint=False).content
        # a day figure always carries hours and minutes; an hour figure always carries minutes
        assert not re.search(r"\b\d+d(?! \d+h \d+m)", text), (audience, fmt)
        assert not re.search(r"(?<![\dd] )\b\d+h(?! \d+m)", text), (audience, fmt)
        assert not re.search(r"\b\d+h 0\d m", text)


# ------------------------------------------------------------------------------ plain text
MARKUP = re.compile(r"\*\*|__|^#{1,6} |^\|.*\|$|\|---|^```|`[^`]+`|\]\(", re.M)


@pytest.mark.parametrize("sample", SAMPLE_FILES + [DATA / "brief" / "stress.yaml"], ids=lambda p: p.stem)
@pytest.mark.parametrize("audience", ["engineering", "executive", "customer"])
def test_txt_is_plain_text_wrapped_at_72(sample, audience, config):
    out = pipeline.build(pipeline.load(sample), config, audience, "txt", lint=False, redact=True)
    assert out.content is not None, out.refused
    text = out.content
    assert not MARKUP.search(text), MARKUP.search(text).group(0)
    for line in text.splitlines():
        # a longer line is verbatim code (indented 4), or a single unbreakable word (an address)
        if len(line) > WIDTH and not line.startswith("    "):
            assert " " not in line.strip() or set(line) <= {"=", "-"}, line


def test_tables_become_aligned_columns_or_records():
    text = markdown_to_text(
        "| A | Bee |\n|---|---|\n| 1 | two |\n| three | 4 |\n\n| Wide | Table |\n|---|---|\n| " + "x " * 40 + "| y |\n"
    )
    assert "A      Bee\n-----  ---\n1      two\nthree  4\n" in text
    assert "Wide: x x" in text and "Table: y" in text
    assert (
        markdown_to_text("**bold** and `code` and [a link](https://example.com)\n")
        == "bold and code and a link (https://example.com)\n"
    )


# ------------------------------------------------------------------------------ overridable blocks
def _blocks(name: str) -> list[str]:
    return re.findall(r"{%-?\s*block\s+(\w+)", (builtin_templates() / name).read_text(encoding="utf-8"))


TEMPLATE_OUTPUTS = {
    "customer.md.j2": ("customer", "md"),
    "engineering.md.j2": ("engineering", "md"),
    "executive.md.j2": ("executive", "md"),
    "executive.html.j2": ("executive", "html"),
    "status.txt.j2": ("status", "txt"),
}


def test_every_builtin_template_has_blocks():
    names = sorted(p.name for p in builtin_templates().glob("*.j2"))
    assert names == sorted([*TEMPLATE_OUTPUTS, "page.html.j2", "review.md.j2", "review.html.j2"])
    for name in names:
        assert len(_blocks(name)) >= (2 if name == "page.html.j2" else 5), name


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=pytest.mark.slow) if n == "executive.html.j2" else n for n in sorted(TEMPLATE_OUTPUTS)],
)
def test_overriding_one_block_changes_only_that_block(name, tmp_path, config, monkeypatch):
    """For each block of each built-in template: an override that wraps the block in markers finds
    its place in the output; an override that replaces it changes that place and nothing else."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796428800")  # one "as of" for every render below
    audience, fmt = TEMPLATE_OUTPUTS[name]
    loaded = pipeline.load(SAMPLES / "outage-checkout-failover.yaml")

    made = iter(range(1000))

    def render(body: str) -> str:
        tdir = tmp_path / f"tpl{next(made)}"  # a folder per template: environments are cached per folder
        tdir.mkdir()
        (tdir / name).write_text('{% extends "builtin/' + name + '" %}' + body, encoding="utf-8")
        out = pipeline.build(loaded, config, audience, fmt, templates=tdir, lint=False, redact=True)
        return out.content

    original = pipeline.build(loaded, config, audience, fmt, lint=False, redact=True).content
    assert render("") == original  # the README's example: extends and nothing else
    checked = 0
    for block in _blocks(name):
        wrapped = render("{% block " + block + " %}QQSTART{{ super() }}QQEND{% endblock %}")
        if "QQSTART" not in wrapped:  # a nested block inside one the page leaves out
            continue
        before, rest = wrapped.split("QQSTART", 1)
        inside, after = rest.split("QQEND", 1)
        replaced = render("{% block " + block + " %}QQOVERRIDE{% endblock %}")
        if fmt == "md":  # md outputs are tidied (blank-line runs collapsed): compare that way
            norm = lambda s: re.sub(r"\n{2,}", "\n\n", s).strip()  # noqa: E731
            assert norm(replaced) == norm(before + "QQOVERRIDE" + after), block
        else:
            assert replaced == before + "QQOVERRIDE" + after, block
        assert "QQOVERRIDE" in replaced and (not inside.strip() or inside.strip() not in replaced), block
        checked += 1
    assert checked >= 2


def test_readme_example_overrides_one_customer_block(tmp_path, config):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "customer.md.j2").write_text(
        '{% extends "builtin/customer.md.j2" %}\n{% block apology %}We apologise.\n{% endblock %}\n', encoding="utf-8"
    )
    loaded = pipeline.load(SAMPLES / "outage-checkout-failover.yaml")
    out = pipeline.build(loaded, config, "customer", "md", templates=tdir).content
    base = pipeline.build(loaded, config, "customer", "md").content
    assert "We apologise." in out and out != base
    assert out.split("## What we are doing")[0] == base.split("## What we are doing")[0]


# ------------------------------------------------------------------------------ what the checks read
def test_writing_checks_read_the_visible_text_of_html_not_css(config):
    loaded = pipeline.load(SAMPLES / "outage-checkout-failover.yaml")
    for audience in ("executive", "customer", "engineering"):
        out = pipeline.build(loaded, config, audience, "html")
        for f in out.findings:
            seen = f"{f.excerpt or ''} {f.message}"
            assert not re.search(r"font-family|[{};]\s*$|<\w+|\bbody\s*\{", seen), (audience, f.rule, seen)


def test_visible_text_drops_tags_style_and_keeps_blocks():
    from commsgen.render.visible import visible_text

    html = (
        "<html><head><style>body { font-family: x }</style><title>T</title></head><body><h1>Head</h1>"
        "<p>One &amp; two.</p><ul><li>a</li><li>b</li></ul><svg><text>graphic</text></svg></body></html>"
    )
    assert visible_text(html) == "Head\n\nOne & two.\n\na\n\nb\n"


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_render_findings_name_the_postmortem_line_as_check_does(tmp_path, fmt):
    src = (
        (DATA / "pdf" / "short.yaml")
        .read_text(encoding="utf-8")
        .replace("\n    For 78 minutes", "\n    Dana Whitfield says for 78 minutes", 1)
    )
    path = tmp_path / "named.yaml"
    path.write_text(src, encoding="utf-8")
    # the program renders the Markdown version; the other formats and the check that all three are
    # compared with run the same command lines in process (what is compared is the line found)
    r_check = run_cli_inproc("check", path)
    r = (run_cli if fmt == "md" else run_cli_inproc)("render", path, "-a", "executive", "-f", fmt)
    lines = [ln for ln in r.stderr.splitlines() if ", line " in ln]
    assert lines, r.stderr
    for ln in lines:
        m = re.search(r"line (\d+), `([^`]+)`", ln)
        assert m, ln
        number, field = int(m.group(1)), m.group(2)
        # the line of the offending characters inside the block scalar, not the key's line
        assert field == "executive.summary" and "Dana Whitfield" in src.splitlines()[number - 1], ln
        assert f"line {number}, `{field}`" in r_check.stdout + r_check.stderr
