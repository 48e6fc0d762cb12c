"""The executive brief, second edition (issue 16), read back from the PDF bytes.

Every sample and the stress input (tests/data/brief/stress.yaml: a multi-day draft data-loss
incident with 30 actions and 6 asks) is rendered once per module, dated by SOURCE_DATE_EPOCH;
the tests read page one's text, the metadata and the outline with pypdf and compare every figure
with one derived from the model here, independently of the view.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SAMPLES, cli_env, run_cli

from commsgen import pipeline
from commsgen.config import Config, load_config
from commsgen.export.pdf import pdf_info, pdf_outline
from commsgen.model.derived import fmt_duration
from commsgen.views.figures import compact, money

EPOCH = "1796428800"  # 2026-12-05 00:00 UTC
AS_OF = datetime.fromtimestamp(int(EPOCH), timezone.utc)
STRESS = DATA / "brief" / "stress.yaml"
INPUTS = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".yaml", ".json")) + [STRESS]
pytestmark = pytest.mark.slow


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pages_of(data: bytes) -> list[str]:
    from pypdf import PdfReader

    from commsgen.export.pdftext import page_texts

    return [flat(t) for t in page_texts(PdfReader(BytesIO(data)))]


@pytest.fixture(scope="module")
def briefs():
    """input path -> (loaded, Output) of its executive PDF, as of EPOCH."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config = load_config(SAMPLES / "commsgen.toml")
    out = {}
    try:
        for path in INPUTS:
            loaded = pipeline.load(path)
            out[path] = (loaded, pipeline.build(loaded, config, "executive", "pdf"))
    finally:
        mp.undo()
    return out


def test_every_brief_reads_back_as_the_pypdf_parsed_reading(briefs):
    """The gate's read-back (``commsgen.export.pdfobjects``' objects) against the pypdf-parsed one,
    on every sample and the stress input: the same page text, metadata and outline (pdf_yardstick)."""
    from pdf_yardstick import same_reading

    for path, (_, out) in briefs.items():
        assert out.scan_text == same_reading(out.content), path.name


def expected_figures(pm) -> dict[str, str]:
    """The figures page one must show, derived from the model here (not by the view)."""
    t, i = pm.times, pm.impact
    fig: dict[str, str] = {}
    end = t.mitigated or t.resolved
    if end:
        fig["customer impact"] = fmt_duration(end - t.started)
    if t.resolved and t.resolved != end:
        fig["to full resolution"] = fmt_duration(t.resolved - t.started)
    if i.data_loss:
        fig["data lost"] = "Yes"
    if i.users_affected is not None:
        fig["users affected"] = compact(i.users_affected)
    if i.users_affected_percent is not None:
        fig["of users"] = f"{i.users_affected_percent:g}%"
    if i.revenue_usd is not None:
        fig["revenue impact"] = money(i.revenue_usd)
    if i.slo_breached is not None:
        fig["SLO missed"] = "Yes" if i.slo_breached else "No"
    if i.support_tickets is not None:
        fig["support tickets"] = compact(i.support_tickets)
    return fig


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_page_one_holds_the_whole_conclusion(briefs, path):
    loaded, out = briefs[path]
    pm = loaded.postmortem
    assert out.ok, out.refused
    pages = pages_of(out.content)
    one = pages[0]
    # status strip: state, as of, review state, owning team
    state = "Resolved" if pm.times.resolved else ("Mitigated" if pm.times.mitigated else "Ongoing")
    assert state in one and "as of 2026-12-05 00:00 UTC" in one
    assert {"draft": "DRAFT", "in-review": "IN REVIEW", "final": "FINAL"}[pm.status.value] in one
    assert f"Owner: {pm.lead.team}" in one
    # the headline: executive.title, else the internal title, never the customer title
    headline = pm.executive.title if pm.executive and pm.executive.title else pm.title
    assert flat(headline) in one
    if pm.customer and pm.customer.title and pm.customer.title not in headline:
        assert pm.customer.title not in one
    for heading in ("Summary", "Impact", "Cause", "Decisions needed", "Top actions"):
        assert heading in one, heading
    # the summary starts on page one; the first ask and the first top action are there
    assert flat(pm.executive.summary)[:60] in one
    if pm.executive.asks:
        assert flat(pm.executive.asks[0])[:50] in one
    # the cause in one line, and top actions (open ones, with their status)
    assert flat(pm.root_cause.summary)[:40] in one
    open_ = [a for a in pm.action_items if a.status in ("open", "in-progress")]
    if open_:
        assert any(flat(a.title)[:40] in one for a in open_)
        assert re.search(r"\b(Overdue|Open|In progress)\b", one.split("Top actions", 1)[1])
    # every figure on the tiles, as the model gives it (six tiles at most; the rest in the Appendix)
    figures = list(expected_figures(pm).items())
    for caption, value in figures[:6]:
        assert f"{value} {caption}" in one, (caption, value)
    for caption, value in figures[6:]:
        assert f"{caption[:1].upper() + caption[1:]}: {value}" in " ".join(pages[1:]), (caption, value)
    # an unknown SLO is never drawn
    if pm.impact.slo_breached is None:
        assert "SLO missed" not in " ".join(pages)
    # overdue actions come first, judged against the "as of" date
    late = [a for a in pm.action_items if a.status in ("open", "in-progress") and a.due and a.due < AS_OF.date()]
    if late:
        assert "Overdue" in one and f"{len(late)} overdue" in one
        first_row = one.split("STATUS", 1)[1]
        assert first_row.split("Overdue", 1)[0].count("20") <= 2  # the first row is an overdue one


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.stem)
def test_no_page_is_near_empty_and_the_appendix_holds_the_details(briefs, path):
    loaded, out = briefs[path]
    pm = loaded.postmortem
    pages = pages_of(out.content)
    assert len(pages) <= 2
    if len(pages) == 2:
        rest = pages[1].replace("DRAFT", "").strip()  # the watermark of a draft
        assert rest.startswith("Appendix") and len(rest) > 600
        # key moments in plain words, dated after the first day
        assert "Key moments" in rest and "Impact began" in rest
        first_day = pm.times.started.astimezone(timezone.utc).date()
        for key in ("resolved", "mitigated"):
            at = getattr(pm.times, key)
            if at is not None and at.astimezone(timezone.utc).date() != first_day:
                u = at.astimezone(timezone.utc)
                assert f"{u.strftime('%b')} {u.day} {u:%H:%M} UTC" in rest
        assert "Customer impact" in rest  # the timeline graphic's legend


def test_security_and_data_loss_briefs_lead_with_data_at_risk_and_disclosure(briefs):
    for path in (SAMPLES / "security-token-leak.yaml", STRESS):
        one = pages_of(briefs[path][1].content)[0]
        assert one.index("Data at risk:") < one.index("Summary")
        assert "Disclosure:" in one


def test_stress_brief_shows_global_compact_figures_watermark_and_link(briefs):
    _, out = briefs[STRESS]
    pages = pages_of(out.content)
    one = pages[0]
    assert "$2.4B revenue impact" in one and "1.25M users affected" in one
    assert "Global" in pages[1] and "1 region" not in " ".join(pages)
    assert one.count("DRAFT") >= 2  # strip and watermark
    # the link's own label already says what it is: not "Full postmortem: Full postmortem ..."
    assert "Full postmortem INC-2026-0999" in one and "Full postmortem: Full" not in one
    from pypdf import PdfReader

    links = [
        a.get_object()["/A"].get("/URI") for p in PdfReader(BytesIO(out.content)).pages for a in p.get("/Annots") or []
    ]
    assert "https://docs.example.com/postmortems/INC-2026-0999" in links
    assert "All 6 in full in the Appendix" in one


def test_pdf_is_tagged_and_its_outline_has_no_asides(briefs):
    from pypdf import PdfReader

    _, out = briefs[SAMPLES / "outage-checkout-failover.yaml"]
    root = PdfReader(BytesIO(out.content)).trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    titles = [t for _, t in pdf_outline(out.content)]
    assert titles[:6] == [
        "Checkout failures during planned payments database work",
        "Summary",
        "Impact",
        "Cause",
        "Decisions needed",
        "Top actions",
    ]
    assert "Appendix" in titles and "Key moments" in titles
    assert not [t for t in titles if "UTC" in t or "shown" in t or "overdue" in t]


@pytest.mark.skipif(not Path("/usr/bin/pdfinfo").exists(), reason="poppler's pdfinfo is not installed")
def test_pdfinfo_says_tagged(briefs, tmp_path):
    dest = tmp_path / "b.pdf"
    dest.write_bytes(briefs[STRESS][1].content)
    info = subprocess.run(["pdfinfo", str(dest)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info) and re.search(r"Pages:\s+2", info)


def test_same_input_twice_gives_the_same_bytes(tmp_path):
    env = dict(cli_env(), SOURCE_DATE_EPOCH=EPOCH)
    outs = []
    for n in (1, 2):
        dest = tmp_path / f"b{n}.pdf"
        r = subprocess.run(
            [sys.executable, "-m", "commsgen", "render", str(STRESS), "-a", "executive", "-f", "pdf", "-o", str(dest)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )
        assert r.returncode == 0, r.stderr
        outs.append(dest.read_bytes())
    assert outs[0] == outs[1]
    assert pdf_info(outs[0])["created"] == datetime.fromtimestamp(int(EPOCH), timezone.utc)


def test_paper_letter_and_config_default(tmp_path):
    from pypdf import PdfReader

    def size(data: bytes) -> tuple[int, int]:
        box = PdfReader(BytesIO(data)).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    dest = tmp_path / "letter.pdf"
    r = run_cli("render", DATA / "pdf" / "short.yaml", "-a", "executive", "-f", "pdf", "--paper", "letter", "-o", dest)
    assert r.returncode == 0, r.stderr
    assert size(dest.read_bytes()) == (612, 792)
    assert "Decisions needed" in pages_of(dest.read_bytes())[0]
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('paper = "letter"\n')
    dest2 = tmp_path / "cfg.pdf"
    r = run_cli("--config", cfg, "render", DATA / "pdf" / "short.yaml", "-a", "executive", "-f", "pdf", "-o", dest2)
    assert r.returncode == 0 and size(dest2.read_bytes()) == (612, 792)
    r = run_cli("render", DATA / "pdf" / "short.yaml", "-a", "executive", "-f", "pdf", "--paper", "a5", "-o", dest2)
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_no_company_means_no_masthead_name_and_no_author():
    loaded = pipeline.load(DATA / "pdf" / "short.yaml")
    out = pipeline.build(loaded, Config(), "executive", "pdf")
    one = pages_of(out.content)[0]
    assert one.startswith("EXECUTIVE INCIDENT BRIEF") and "company" not in one.lower()
    assert pdf_info(out.content)["author"] is None
    html = pipeline.build(loaded, Config(), "executive", "html").content
    assert 'name="author"' not in html and "Our company" not in html


LEAK = "ledger-07.acme.internal"


def leaking(tmp_path: Path) -> Path:
    src = (DATA / "pdf" / "short.yaml").read_text(encoding="utf-8")
    src = src.replace(
        "title: Checkout failures after payments-db failover", f"title: Checkout failures after {LEAK} failover", 1
    )
    p = tmp_path / "leak.yaml"
    p.write_text(src, encoding="utf-8")
    return p


def test_redacted_brief_never_leaks_the_title_into_metadata_or_outline(tmp_path):
    cfg = tmp_path / "commsgen.toml"
    cfg.write_text('company = "Acme"\ninternal_domains = ["acme.internal"]\n')
    dest = tmp_path / "b.pdf"
    r = run_cli("--config", cfg, "render", leaking(tmp_path), "-a", "executive", "-f", "pdf", "-o", dest)
    assert r.returncode == 1 and not dest.exists()  # refused without --redact
    r = run_cli("--config", cfg, "render", leaking(tmp_path), "-a", "executive", "-f", "pdf", "--redact", "-o", dest)
    assert r.returncode == 0, r.stderr
    data = dest.read_bytes()
    info = pdf_info(data)
    outline = " ".join(t for _, t in pdf_outline(data))
    text = " ".join(pages_of(data))
    for where in (str(info["title"]), str(info["subject"]), str(info["keywords"]), outline, text):
        assert "ledger-07" not in where and "acme.internal" not in where, where
    assert "[redacted]" in str(info["title"]) or "redacted" in str(info["title"]).lower()
    assert b"ledger-07" not in data


def test_metadata_is_scanned_even_when_the_page_does_not_show_the_title(tmp_path):
    """A user template without a headline: the page is clean, but the PDF's /Title would hold the
    internal host. The metadata goes through the gate too, so the brief is refused."""
    tdir = tmp_path / "tpl"
    tdir.mkdir()
    (tdir / "executive.html.j2").write_text("<html><body><p>{{ severity }} brief</p></body></html>")
    loaded = pipeline.load(leaking(tmp_path))
    config = Config(company="Acme", internal_domains=["acme.internal"])
    out = pipeline.build(loaded, config, "executive", "pdf", templates=tdir)
    assert not out.ok
    assert any(f.extra.get("scanned") == "pdf-metadata" and f.blocking for f in out.findings)
    from commsgen.export.pdf import readback

    assert "SEV2" in readback(out.content)  # what is scanned: metadata and outline, one value a line
