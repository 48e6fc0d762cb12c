"""The brief's layout rules (commsgen/export/brieflayout.py): the estimate of the Appendix's
length decides how many layouts are made, never which one is kept.

For inputs whose Appendix is short (a sample), just past a page (the stress input) and of every
length in between (long.yaml), the PDF is the same whether the estimate foresees a tight Appendix,
does not, or is left to decide; and the stress input, which needs the tight Appendix, gets it
from a single layout."""

from __future__ import annotations

import hashlib

import pytest
from conftest import DATA, SAMPLES

from commsgen import pipeline
from commsgen.config import Config
from commsgen.export import brieflayout
from commsgen.export.pdf import pdf_info, render_pdf, stylesheet_path
from commsgen.resources import builtin_templates
from commsgen.views import view_for

pytestmark = pytest.mark.slow
STRESS = DATA / "brief" / "stress.yaml"
CASES = [SAMPLES / "degradation-search-latency.json", DATA / "pdf" / "long.yaml", STRESS]


def html_of(path):
    config = Config()
    return pipeline.render_text(
        view_for("executive", pipeline.load(path).postmortem, config), "html", config, for_print=True
    )


def render(html, foresee=None, paper=None):
    """(sha1 of the PDF, number of layouts made)."""
    from weasyprint import HTML

    made = []
    stock = HTML.render

    def counted(self, *a, **k):
        made.append(1)
        return stock(self, *a, **k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(HTML, "render", counted)
        if foresee is not None:
            mp.setattr(brieflayout, "foresee_tight", lambda html: foresee)
        data = render_pdf(html, builtin_templates(), stylesheets=[stylesheet_path(None)], paper=paper)
    return hashlib.sha1(data).hexdigest(), len(made), pdf_info(data)["pages"]


@pytest.fixture(autouse=True)
def _dated(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796428800")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_the_estimate_never_changes_what_is_kept(path):
    html = html_of(path)
    results = {render(html, foresee=f)[0] for f in (None, True, False)}
    assert len(results) == 1


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_spilling_appendix_is_set_tighter_from_one_layout(paper):
    html = html_of(STRESS)
    assert brieflayout.foresee_tight(html)
    _, layouts, pages = render(html, paper=paper)
    assert (layouts, pages) == (1, 2)
    _, without, pages_without = render(html, foresee=False, paper=paper)
    assert (without, pages_without) == (2, 2)  # the second layout the estimate saves


def test_short_appendices_are_not_foreseen_as_spilling():
    for path in sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("*.json")) + [DATA / "pdf" / "long.yaml"]:
        est = brieflayout.appendix_pages(html_of(path))
        assert 0.3 < est < 1, (path.name, est)
        assert not brieflayout.foresee_tight(html_of(path))


def test_no_appendix_means_no_estimate():
    assert brieflayout.appendix_pages("<html><body><p>Just a page.</p></body></html>") == 0
