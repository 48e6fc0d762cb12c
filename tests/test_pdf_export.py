"""The executive brief as PDF, read back: pages, figures, headings, footer, metadata, and no
internal text. Renders in-process through ``pipeline.build`` (the API batch and the TUI use) and
through the CLI (which warms WeasyPrint up in a child process)."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from conftest import DATA, run_cli

from commsgen import pipeline
from commsgen.config import Config
from commsgen.export.pdf import pdf_info, pdf_text

PDF_DATA = DATA / "pdf"
CONFIG = Config(company="Acme Corp")


def flat(text: str) -> str:
    """PDF text with line breaks and runs of spaces collapsed (wrapped lines join again)."""
    return re.sub(r"\s+", " ", text)


def build_pdf(name: str, **kw) -> pipeline.Output:
    loaded = pipeline.load(PDF_DATA / name)
    return pipeline.build(loaded, CONFIG, "executive", "pdf", **kw)


@pytest.fixture(scope="module")
def short():
    return build_pdf("short.yaml")


@pytest.fixture(scope="module")
def long():
    return build_pdf("long.yaml")


@pytest.fixture(scope="module")
def markers():
    return build_pdf("markers.yaml")


def page_texts(data: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    from commsgen.export.pdftext import page_texts as read

    return [flat(t) for t in read(PdfReader(BytesIO(data)))]


def test_short_brief_page_one_holds_the_conclusion_and_the_appendix_the_rest(short):
    assert short.ok and isinstance(short.content, bytes) and short.content.startswith(b"%PDF-")
    pages = page_texts(short.content)
    assert len(pages) == 2
    one, rest = pages[0], " ".join(pages[1:])
    # the status strip, the headline (internal title: no executive.title), then the conclusion
    for item in (
        "SEV2 · Major",
        "Resolved 2026-11-20 15:20 UTC",
        "as of",
        "IN REVIEW",
        "Owner: Payments SRE",
        "Checkout failures after payments-db failover",
        "Summary",
        "For 78 minutes",
        "Impact",
        "46m",
        "customer impact",
        "1h 18m",
        "to full resolution",
        "12.8k",
        "users affected",
        "31%",
        "$48.2k",
        "SLO missed",
        "Cause",
        "Decisions needed",
        "Approve two extra engineers",
        "Top actions",
    ):
        assert item in one, item
    # top actions: owner team (a person becomes their team), due, status
    assert "Make the pool follow the writer endpoint Payments SRE 2026-12-15 Open" in one
    assert "Dana Whitfield" not in one + rest
    # the Appendix: the timeline graphic is real text (UTC times, elapsed), with its legend
    assert rest.startswith("Appendix") or "Appendix" in rest
    for label in (
        "Impact began",
        "Detected",
        "14:09 UTC · +7m",
        "Cause identified",
        "14:31 UTC · +29m",
        "Mitigated",
        "14:48 UTC · +46m",
        "Resolved",
        "15:20 UTC · +1h 18m",
        "Customer impact",
        "Mitigated, until fully resolved",
        "Key moments",
        "Customer commitments",
        "SLA credits for the 14 enterprise accounts affected",
        "eu-west-1",
        "Support tickets: 212",
    ):  # a seventh figure: named in the Appendix
        assert label in rest, label
    assert "INC-2026-0142 · Confidential" in one and "Page 1 of 2" in one and "Page 2 of 2" in rest


def test_pdf_metadata_title_author_creation_date(short):
    info = pdf_info(short.content)
    assert info["title"] == "Checkout failures after payments-db failover"
    assert info["author"] == "Acme Corp"
    assert info["subject"] == "Executive incident brief INC-2026-0142"
    assert info["keywords"] and "INC-2026-0142" in info["keywords"] and "SEV2" in info["keywords"]
    created = info["created"]
    assert created is not None and abs((datetime.now(timezone.utc) - created).total_seconds()) < 3600


def test_source_date_epoch_fixes_the_creation_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    out = build_pdf("short.yaml")
    assert pdf_info(out.content)["created"] == datetime.fromtimestamp(1790000000, timezone.utc)


def test_scan_text_is_the_text_of_the_pdf_bytes(short):
    """The hook for the redaction gate: ``scan_text`` is extracted from the very bytes written."""
    assert short.scan_text == pdf_text(short.content)
    assert "Checkout failures after payments-db failover" in short.scan_text
    assert short.source_html and "<svg" in short.source_html


def test_long_brief_flows_onto_more_pages_and_keeps_everything(long):
    info = pdf_info(long.content)
    assert info["pages"] >= 2
    text = flat(long.scan_text)
    assert f"Page 1 of {info['pages']}" in text and f"Page {info['pages']} of {info['pages']}" in text
    assert text.count("INC-2026-0917 · Confidential") == info["pages"]
    for region in (
        "us-east-1",
        "us-east-2",
        "us-west-1",
        "us-west-2",
        "eu-west-1",
        "eu-west-2",
        "eu-central-1",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-northeast-1",
    ):
        assert region in text, region
    for name in (
        "Payments and Checkout Experience for Enterprise Marketplace Customers in Europe",
        "Identity, Single Sign-On and Multi-Factor Authentication for Partner Integrations",
        "Real-Time Order Tracking, Delivery Notifications and Customer Messaging Platform",
    ):
        assert name in text, name
    for figure in ("1.28M", "62.5%", "$3.45M", "18.4k", "data lost", "Regions: 10"):
        assert figure in text, figure
    # five of 22 open actions, the count says so; the rest of the long summary is not dropped
    assert "5 shown · 22 open of 25 · 22 overdue" in text or "5 shown · 22 open of 25" in text
    assert "Summary, continued" in text and "rehearsing the restore procedure" in text
    assert "Approve a freeze on certificate changes" in text


def test_no_internal_field_reaches_the_pdf(markers):
    text = markers.scan_text
    leaked = sorted(set(re.findall(r"ZQI-[A-Z-]+", text, flags=re.I)) | set(re.findall(r"zqi-[a-z-]+", text)))
    assert leaked in ([], ["ZQI-TITLE"])  # the internal title is the headline without executive.title
    # the executive fields are there: the extraction really reads the document
    # (events marked for executives are not drawn: key moments are the key times in plain words)
    for marker in (
        "ZQX-SUMMARY",
        "ZQX-BUSINESS",
        "ZQX-ROOT-CAUSE",
        "ZQX-ACTION",
        "ZQX-ACTION-2",
        "ZQX-COMMITMENT",
        "ZQX-ASK",
    ):
        assert marker in text, marker
    assert "Search SRE" in text and "Responder" in text  # owners shown as team / role


def test_html_version_of_the_brief_inlines_the_stylesheet_and_draws_the_timeline():
    loaded = pipeline.load(PDF_DATA / "short.yaml")
    out = pipeline.build(loaded, CONFIG, "executive", "html")
    assert "<style>" in out.content and "@page" in out.content and "<svg" in out.content
    assert out.content.count("<text ") == 10  # 5 labels, 2 lines each


def test_user_stylesheet_overrides_the_builtin(tmp_path):
    (tmp_path / "executive.css").write_text("@page { size: Letter; margin: 20mm } body { font-family: 'DejaVu Serif' }")
    out = build_pdf("short.yaml", templates=tmp_path)
    from io import BytesIO

    from pypdf import PdfReader

    box = PdfReader(BytesIO(out.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Letter, not A4


def test_builtin_brief_is_a4():
    from io import BytesIO

    from pypdf import PdfReader

    out = build_pdf("short.yaml")
    box = PdfReader(BytesIO(out.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


# ------------------------------------------------------------------------------ command line
@pytest.mark.slow
def test_cli_writes_the_pdf(tmp_path):
    dest = tmp_path / "brief.pdf"
    r = run_cli("render", PDF_DATA / "short.yaml", "--audience", "executive", "--format", "pdf", "-o", dest)
    assert r.returncode == 0, r.stderr
    assert f"wrote {dest}" in r.stderr
    data = dest.read_bytes()
    assert pdf_info(data)["pages"] == 2
    assert "12.8k" in pdf_text(data) and "Timeline" in pdf_text(data)


@pytest.mark.slow
def test_cli_all_audiences_with_pdf_writes_executive_pdf(tmp_path):
    r = run_cli("render", PDF_DATA / "short.yaml", "--audience", "all", "--format", "pdf", "-o", tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["executive.pdf"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--audience", "executive", "--format", "pdf"], "--format pdf needs -o FILE"),
        (["--audience", "customer", "--format", "pdf", "-o", "x.pdf"], "executive audience only, not customer"),
        (["--audience", "engineering", "--format", "pdf", "-o", "x.pdf"], "executive audience only, not engineering"),
    ],
)
def test_cli_pdf_usage_errors(tmp_path, args, message):
    r = run_cli("render", PDF_DATA / "short.yaml", *args, cwd=tmp_path)
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_broken_user_template_is_a_clean_error_and_no_pdf(tmp_path):
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "executive.html.j2").write_text("<html><body>{{ no_such_thing.attr }}</body></html>")
    r = run_cli(
        "render", PDF_DATA / "short.yaml", "-a", "executive", "-f", "pdf", "-o", tmp_path / "b.pdf", "--templates", tdir
    )
    assert r.returncode == 2 and "executive.html.j2" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_md_and_html_renders_do_not_import_weasyprint():
    import subprocess
    import sys

    from conftest import ROOT, cli_env

    for fmt in ("md", "html"):
        r = subprocess.run(
            [
                sys.executable,
                "-X",
                "importtime",
                "-m",
                "commsgen",
                "render",
                str(PDF_DATA / "short.yaml"),
                "-a",
                "executive",
                "-f",
                fmt,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=cli_env(),
        )
        assert r.returncode == 0, r.stderr
        imported = {line.split("|")[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
        assert "commsgen.render.engine" in imported or "commsgen.pipeline" in imported  # the probe works
        assert not {m for m in imported if m.split(".")[0] in ("weasyprint", "pypdf")}, fmt


# ------------------------------------------------------------------------------ warmed-up child
@pytest.mark.slow
def test_child_process_renders_the_same_brief_as_in_process(monkeypatch):
    from commsgen.export.pdfchild import PdfProcess

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796428800")  # one "as of" for both
    short = build_pdf("short.yaml")
    proc = PdfProcess.start()
    out = build_pdf("short.yaml", pdf_process=proc)
    assert out.content == short.content  # the very same bytes
    assert proc.rendered and proc.proc is None  # the child made it (and is ending: close reaps it)
    proc.close()
    assert out.scan_text == short.scan_text
    # the same findings, although the child's way checks the source fields while the PDF renders
    assert [(f.rule, f.field, f.line, f.message) for f in out.findings] == [
        (f.rule, f.field, f.line, f.message) for f in short.findings
    ]
    assert pdf_info(out.content)["title"] == "Checkout failures after payments-db failover"


def test_a_dead_child_falls_back_to_rendering_here():
    from commsgen.export.pdfchild import PdfProcess

    proc = PdfProcess.start()
    proc.proc.kill()
    proc.proc.wait()
    out = build_pdf("short.yaml", pdf_process=proc)
    assert out.ok and "12.8k" in out.scan_text and not proc.rendered


def test_a_prestarted_child_is_handed_out_once_and_stopped_if_unused():
    from commsgen.export.pdfchild import PdfProcess

    PdfProcess.prestart()
    early = PdfProcess._early
    assert early is not None and early.proc.poll() is None
    PdfProcess.prestart()  # one head start, not two
    assert PdfProcess._early is early
    assert PdfProcess.start() is early and PdfProcess._early is None
    early.close()
    PdfProcess.prestart()
    child = PdfProcess._early.proc
    PdfProcess._drop_early()  # what atexit runs
    assert child.poll() is not None and PdfProcess._early is None


@pytest.mark.slow
def test_cli_pdf_render_with_head_start_exits_with_the_render_code(tmp_path):
    """``commsgen.entry`` starts the child before parsing and ends without tear-down: the exit
    code, the messages and the file are those of the render (here refused: exit 1, no file)."""
    src = tmp_path / "pm.yaml"
    src.write_text(
        (PDF_DATA / "short.yaml")
        .read_text(encoding="utf-8")
        .replace("  summary: >-\n    For 78 minutes", "  summary: >-\n    See file:///etc/passwd. For 78 minutes", 1),
        encoding="utf-8",
    )
    r = run_cli("render", src, "-a", "executive", "-f", "pdf", "-o", tmp_path / "b.pdf")
    assert r.returncode == 1 and "refused the executive version" in r.stderr, r.stderr
    assert not (tmp_path / "b.pdf").exists()


def test_an_unused_child_is_stopped():
    from commsgen.export.pdfchild import PdfProcess

    proc = PdfProcess.start()
    child = proc.proc
    proc.close()
    assert child.poll() is not None and proc.proc is None
