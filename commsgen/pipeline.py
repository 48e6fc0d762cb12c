"""The API the faces use: load -> validate -> audience view -> render -> redaction check -> write.

The CLI and the TUI call these functions and nothing below them; neither holds logic the
other lacks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from commsgen.config import Config
from commsgen.errors import UserError
from commsgen.findings import Finding
from commsgen.model.derived import out_of_order, review_overdue
from commsgen.model.loader import Loaded, load, loads  # noqa: F401  (re-exported)


def problems_as_findings(err: UserError) -> list[Finding]:
    """A load/validation failure as blocking findings (kind ``validation``)."""
    return [Finding(kind="validation", rule=p.rule, severity="block", message=p.message, file=p.file,
                    field=p.field, line=p.line, column=p.column) for p in err.problems]


def model_findings(loaded: Loaded, *, now: datetime | None = None) -> list[Finding]:
    """Warnings the spec attaches to the model itself: key times out of order, the 48-hour rule,
    a security event with no customer version yet, a missing customer text."""
    pm, name, loc = loaded.postmortem, loaded.path, loaded.locator
    out: list[Finding] = []
    for a, b in out_of_order(pm):
        line, col = loc.locate(("times", b))
        out.append(Finding(kind="validation", rule="times.out-of-order", severity="warn", file=name,
                           field=f"times.{b}", line=line, column=col,
                           message=f"`times.{b}` is earlier than `times.{a}`; check both (an alert can fire "
                                   "before users feel impact, but most inversions are typos)"))
    reason = review_overdue(pm, now)
    if reason:
        key = "closed" if pm.times.closed is not None else "resolved"
        line, col = loc.locate(("times", key))
        out.append(Finding(kind="validation", rule="review.48h", severity="warn", file=name,
                           field=f"times.{key}", line=line, column=col, message=reason))
    if pm.customer is None:
        line, _ = loc.locate(())
        out.append(Finding(kind="validation", rule="customer.missing", severity="warn", file=name,
                           audience="customer", field="customer", line=line,
                           message="no `customer:` section: the customer version holds only public service "
                                   "names, times, duration and state; write a customer summary"))
    return out


def check(loaded: Loaded, config: Config, *, now: datetime | None = None) -> list[Finding]:
    """Every finding for one valid postmortem: model warnings, then (as they are wired in)
    redaction findings on each audience's output and writing checks."""
    findings = model_findings(loaded, now=now)
    return findings


def check_path(path: str | Path, config: Config, *, now: datetime | None = None) -> tuple[Loaded | None, list[Finding]]:
    try:
        loaded = load(path)
    except UserError as e:
        return None, problems_as_findings(e)
    return loaded, check(loaded, config, now=now)


# ------------------------------------------------------------------------------------ build / publish
EXTENSIONS = {"md": "md", "html": "html", "txt": "txt", "pdf": "pdf"}


@dataclass
class Output:
    """One audience's output: its content, the findings on it, and whether it was refused."""

    audience: str
    fmt: str
    filename: str
    content: str | bytes | None = None
    findings: list[Finding] = field(default_factory=list)
    refused: str | None = None          # why it was not produced (None = produced)
    # what the redaction gate must scan when ``content`` is not text: for a PDF, the text
    # extracted back from the PDF bytes (``commsgen.export.pdf.pdf_text``); None = scan content
    scan_text: str | None = None
    source_html: str | None = None      # for a PDF: the HTML it was made from (scan it too)

    @property
    def ok(self) -> bool:
        return self.refused is None and self.content is not None


def render_text(view, fmt: str, config: Config, templates: Path | None = None, *,
                for_print: bool = False) -> str:
    """Render an audience view to md, html or txt with the (overridable) templates.

    ``for_print``: the executive HTML that becomes the PDF (its stylesheet is given to
    WeasyPrint instead of being inlined)."""
    from commsgen.render import engine
    from commsgen.render.markdown import tidy, to_html

    tdir = templates or config.templates_dir()
    ctx = dict(view.data, audience=view.audience)
    if view.audience == "executive" and fmt == "html":
        from markupsafe import Markup

        from commsgen.export.pdf import stylesheet_path
        from commsgen.views.brief import brief_context

        ctx.update(brief_context(view.data), for_print=for_print, inline_css=None if for_print else
                   Markup(stylesheet_path(tdir).read_text(encoding="utf-8")))
    name = f"{view.audience}.{fmt}.j2"
    if engine.has_template(name, tdir):
        text = engine.render(name, ctx, tdir)
        return text if fmt == "html" else tidy(text)
    md = tidy(engine.render(f"{view.audience}.md.j2", ctx, tdir))
    if fmt == "txt":
        return md
    if fmt == "html":
        return engine.render("page.html.j2", {"page_title": view.data.get("title", ""), "body": to_html(md)}, tdir)
    raise ValueError(f"unknown format {fmt!r}")


def build(loaded: Loaded, config: Config, audience: str, fmt: str, *, templates: Path | None = None,
          redact: bool = False, today: date | None = None, pdf_process=None) -> Output:
    """View -> render -> redaction check for one audience. Never raises for a refusal: the
    returned ``Output`` carries ``refused`` and the findings that caused it.

    ``pdf_process``: a ``commsgen.export.pdf.PdfProcess`` started earlier (the CLI does, so that
    WeasyPrint's import overlaps loading); None renders the PDF in this process."""
    from commsgen.views import Refused, view_for

    filename = f"{audience}.{EXTENSIONS[fmt]}"
    out = Output(audience, fmt, filename)
    try:
        view = view_for(audience, loaded.postmortem, config, today=today)
    except Refused as r:
        out.refused = r.reason
        return out
    if fmt == "pdf":
        return _build_pdf(out, view, config, templates, pdf_process)
    out.content = render_text(view, fmt, config, templates)
    return out


def _build_pdf(out: Output, view, config: Config, templates: Path | None, process=None) -> Output:
    """The executive brief as PDF; ``scan_text`` is the text read back from the PDF bytes."""
    from commsgen.export.pdf import brief_pdf

    if view.audience != "executive":
        raise ValueError("PDF is made for the executive audience only")
    tdir = templates or config.templates_dir()
    html = render_text(view, "html", config, templates, for_print=True)
    pdf = brief_pdf(html, user_dir=tdir, title=view.data["title"], author=config.company,
                    subject=f"Executive incident brief {view.data['id']}", process=process)
    out.content, out.scan_text, out.source_html = pdf.data, pdf.text, html
    for url in dict.fromkeys(u.split("?", 1)[0].split("#", 1)[0][:120] for u in pdf.refused):  # no query strings
        out.findings.append(Finding(
            kind="render", rule="pdf.fetch-refused", severity="warn", audience=view.audience,
            message=f"the brief refers to `{url}`; commsgen fetches nothing from the network "
                    "or from outside the template folders, so it was left out of the PDF"))
    return out


def publish(output: Output, dest: Path) -> Path:
    """Write one produced output atomically."""
    from commsgen.atomic import write_atomic

    if not output.ok:
        raise ValueError("refused outputs are never written")
    return write_atomic(dest, output.content)


# ------------------------------------------------------------------------------------ live preview
@dataclass
class Preview:
    """What the TUI shows for one state of the source text."""

    loaded: Loaded | None
    outputs: dict[str, Output]          # audience -> rendered Markdown/text (or refusal)
    findings: list[Finding]
    error: bool                         # True when the text does not load (previews are stale)


def preview(text: str, name: str, config: Config, *, templates: Path | None = None,
            now: datetime | None = None) -> Preview:
    """Parse, validate, render every audience and collect every finding, in one call.

    Used by the TUI on every pause in typing; raises nothing for user mistakes."""
    try:
        loaded = loads(text, name)
    except UserError as e:
        return Preview(None, {}, problems_as_findings(e), True)
    findings = check(loaded, config, now=now)
    outputs = {}
    for aud in ("engineering", "executive", "customer"):
        try:
            outputs[aud] = build(loaded, config, aud, "md", templates=templates)
        except UserError as e:  # a broken user template
            findings.extend(problems_as_findings(e))
    return Preview(loaded, outputs, findings, False)
