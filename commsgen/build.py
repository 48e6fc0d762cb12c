"""One audience's output: view -> render -> redaction check (and the writing checks), for every
format, the executive PDF included. ``commsgen.pipeline`` is the API the faces call; it re-exports
``build``, ``Output``, ``render_text`` and ``lint_can_block`` from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from commsgen.config import Config
from commsgen.gcpause import pausing
from commsgen.errors import UserError
from commsgen.findings import Finding
from commsgen.model.loader import Loaded
from commsgen.outputs import OUTPUT_NAMES, PAYLOAD_FORMATS, formats_for

if TYPE_CHECKING:
    from commsgen.export.pdf import PdfMeta, Renderer
    from commsgen.views.common import Sources, View


@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class Output:
    """One audience's output: its content, the findings on it, and whether it was refused."""

    audience: str
    fmt: str
    filename: str
    content: str | bytes | None = None
    findings: list[Finding] = field(default_factory=list)
    refused: str | None = None  # why it was not produced (None = produced)
    # what the redaction gate must scan when ``content`` is not text: for a PDF, the text
    # extracted back from the PDF bytes (``commsgen.export.pdf.pdf_text``); None = scan content
    scan_text: str | None = None
    source_html: str | None = None  # for a PDF: the HTML it was made from (scan it too)
    # built with ``later=True``: every finding, the writing checks that cannot refuse it included
    # (``findings`` holds those that can); ``assess`` calls it once the output has been shown
    later: Callable[[], list[Finding]] | None = None

    @property
    def ok(self) -> bool:
        """Produced and allowed out: not refused. A refused output may still hold ``content`` (the
        TUI previews it); it is never written."""
        return self.refused is None and self.content is not None


def render_text(view: View, fmt: str, config: Config, *, for_print: bool = False) -> str:
    """Render an audience view to md, html or txt with the (overridable) templates.

    ``for_print``: the executive HTML that becomes the PDF (its stylesheet is given to
    WeasyPrint instead of being inlined)."""
    from commsgen.render import engine
    from commsgen.render.markdown import tidy, to_html

    tdir = config.templates_dir()
    ctx = dict(view.data, audience=view.audience)
    if view.audience == "executive":
        from commsgen.views.brief import brief_context

        ctx.update(brief_context(view.data))
    if view.audience == "executive" and fmt == "html":
        from markupsafe import Markup

        from commsgen.export.pdf import stylesheet_path

        ctx.update(
            for_print=for_print,
            inline_css=None if for_print else Markup(stylesheet_path(tdir).read_text(encoding="utf-8")),
        )
    name = f"{view.audience}.{fmt}.j2"
    if engine.has_template(name, tdir):
        text = engine.render(name, ctx, tdir)
        return text if fmt == "html" else tidy(text)
    md = tidy(engine.render(f"{view.audience}.md.j2", ctx, tdir))
    if fmt == "txt":  # plain text made from the Markdown version: no markup, wrapped at 72
        from commsgen.render.plaintext import markdown_to_text

        return markdown_to_text(md)
    if fmt == "html":
        return engine.render("page.html.j2", {"page_title": view.data.get("title", ""), "body": to_html(md)}, tdir)
    raise ValueError(f"unknown format {fmt!r}")


@pausing
def build(
    loaded: Loaded,
    config: Config,
    audience: str,
    fmt: str,
    *,
    templates: Path | None = None,
    redact: bool = False,
    short: bool = False,
    today: date | None = None,
    pdf_process: Renderer | None = None,
    lint: bool = True,
    paper: str | None = None,
    later: bool = False,
) -> Output:
    """View -> render -> redaction check for one audience. Never raises for a refusal: the
    returned ``Output`` carries ``refused`` and the findings that caused it. Every finding names
    the postmortem line of its field, as ``check`` does (the output line stays in
    ``extra["output_line"]``).

    ``pdf_process``: a ``commsgen.export.pdf.PdfProcess`` started earlier (the CLI does, so that
    WeasyPrint's import overlaps loading); None renders the PDF in this process. ``paper``: a4 or
    letter for the PDF (default: the configuration's ``paper``). ``later``: when no writing check
    can refuse an output under ``config``, those checks are left to ``Output.later`` (the TUI shows
    the output first); ``refused`` is already final."""
    from commsgen.views import view_for
    from commsgen.views.common import Refused

    if (audience, fmt) not in OUTPUT_NAMES:
        raise UserError(
            f"there is no {fmt} output for the {audience} audience; choose one of {', '.join(formats_for(audience))}"
        )
    if short and (audience, fmt) != ("status", "txt"):
        raise UserError("--short applies to the status text only (--audience status --format txt)")
    config = config.with_templates(templates)
    out = Output(audience, fmt, OUTPUT_NAMES[(audience, fmt)])
    pm = loaded.postmortem
    try:
        if audience == "status":
            from commsgen.export.status import render_status
            from commsgen.views.status import status_sources, status_view

            sources = status_sources(pm)
            text = render_status(status_view(pm, config), fmt, short=short, config=config)
        else:
            view = view_for(audience, pm, config, today=today)
            sources = view.sources
            if fmt == "pdf":
                pdf = _build_pdf(
                    out, view, loaded, config, sources, redact=redact, process=pdf_process, lint=lint, paper=paper
                )
                return _located(pdf, loaded)
            text = render_text(view, fmt, config)
    except Refused as r:
        out.refused = r.reason
        return out
    from commsgen.findings import refusal_reason
    from commsgen.gate import gate, lint_output

    out.content, out.findings = gate(text, audience, loaded, config, sources, redact=redact, fmt=fmt)
    content = out.content

    def writing_checks(lint: bool) -> list[Finding]:
        found = []
        if lint and fmt not in PAYLOAD_FORMATS:  # payloads are checked through their text twins
            seen = content
            if fmt == "html":  # the writing checks read what a reader sees, never tags or CSS
                from commsgen.render.visible import visible_text

                seen = visible_text(content)
            found += lint_output(seen, audience, loaded, config, sources)
        return found + _lint_fields(loaded, config, audience, sources, lint)

    if later and lint and not lint_can_block(config):
        gated = out.findings
        out.findings = gated + writing_checks(False)  # only the checks that can refuse it
        out.later = lambda: gated + [to_source(f, loaded) for f in writing_checks(True)]
    else:
        out.findings += writing_checks(lint)
    out.refused = refusal_reason(out.findings)
    if out.refused is None and audience == "status" and fmt != "txt":
        out.refused = _twin_refused(loaded, config, redact=redact, today=today)
    return _located(out, loaded)


def _located(out: Output, loaded: Loaded) -> Output:
    """``out`` with each finding relocated to its postmortem line (``to_source``)."""
    out.findings = [to_source(f, loaded) for f in out.findings]
    return out


def _twin_refused(loaded: Loaded, config: Config, *, redact: bool, today: date | None) -> str | None:
    """Why a status payload is not written when its text twin (status.txt, the same update in
    words) is refused: a payload never goes out where its text could not. Memoised per postmortem,
    configuration and mode (batch builds the text first)."""
    cache = loaded.__dict__.setdefault("_status_twin", {})
    key = (id(config), config.templates_dir(), redact)
    if key not in cache:
        twin = build(loaded, config, "status", "txt", redact=redact, today=today, lint=False)
        cache[key] = (
            config,
            None
            if twin.refused is None
            else f"not written because its text twin status.txt is refused: {twin.refused}",
        )
    reason: str | None = cache[key][1]
    return reason


def _gated_meta(
    view: View, loaded: Loaded, config: Config, sources: Sources | None, *, redact: bool
) -> tuple[PdfMeta, list[Finding]]:
    """The PDF's metadata, built from values that went through the gate as the page did (masked
    with ``--redact`` exactly as on the page): Title, Subject, Author, Keywords (``gate.gate_strings``)."""
    from commsgen.export.pdf import PdfMeta
    from commsgen.gate import gate_strings

    d = view.data
    raw = [
        ("pdf:/Title", d["title"]),
        ("pdf:/Subject", f"Executive incident brief {d['id']}"),
        ("pdf:/Author", d.get("company") or ""),
        ("pdf:/Keywords", "; ".join([d["id"], d["severity"], d["event_type_words"]])),
    ]
    values, findings = gate_strings(
        [(label, " ".join(v.split())) for label, v in raw],
        view.audience,
        loaded,
        config,
        redact=redact,
        sources=sources,
    )
    title, subject, author, words = values
    return PdfMeta(
        title=title or None,
        author=author or None,
        subject=subject or None,
        keywords=[w for w in words.split("; ") if w],
    ), findings


def _build_pdf(
    out: Output,
    view: View,
    loaded: Loaded,
    config: Config,
    sources: Sources | None,
    *,
    redact: bool,
    process: Renderer | None = None,
    lint: bool = True,
    paper: str | None = None,
) -> Output:
    """The executive brief as PDF. The gate runs on the HTML the PDF is made from and on the
    metadata values (where masking is possible), then on what is read back from the PDF bytes:
    the page text (``scan_text``) and the metadata and bookmark outline (so nothing the layout
    produced slips through). Any blocking finding refuses it."""
    from commsgen.export.pdf import brief_pdf, gated_findings
    from commsgen.findings import refusal_reason
    from commsgen.gate import gate, lint_output

    if view.audience != "executive":
        raise ValueError("PDF is made for the executive audience only")
    html = render_text(view, "html", config, for_print=True)
    html, html_findings = gate(html, view.audience, loaded, config, sources, redact=redact, fmt="html")
    meta, meta_findings = _gated_meta(view, loaded, config, sources, redact=redact)
    early: list[list[Finding]] = []

    def while_waiting() -> None:
        """What does not need the PDF, done while a child process renders it: the checks of the
        source fields (their findings kept), and the writing checks' first use (imports, patterns)
        on the HTML's visible text, so that only the read-back and its scans follow the PDF."""
        early.append(_lint_fields(loaded, config, view.audience, sources, lint))
        if lint:
            from commsgen.render.visible import visible_text

            lint_output(visible_text(html), view.audience, loaded, config, sources)  # warm-up only

    pdf = brief_pdf(
        html,
        user_dir=config.templates_dir(),
        meta=meta,
        paper=paper or config.paper,
        process=process,
        while_waiting=while_waiting,
    )
    out.content, out.scan_text, out.source_html = pdf.data, pdf.text, html
    out.findings = gated_findings(
        [("html", html_findings), ("pdf-metadata", meta_findings)],
        pdf,
        lambda text: gate(text, view.audience, loaded, config, sources, fmt="txt")[1],
    )
    if lint:
        out.findings += lint_output(pdf.text, view.audience, loaded, config, sources)
    out.findings += early[0] if early else _lint_fields(loaded, config, view.audience, sources, lint)
    for url in dict.fromkeys(u.split("?", 1)[0].split("#", 1)[0][:120] for u in pdf.refused):  # no query strings
        out.findings.append(
            Finding(
                kind="render",
                rule="pdf.fetch-refused",
                severity="warn",
                audience=view.audience,
                message=f"the brief refers to `{url}`; commsgen fetches nothing from the network "
                "or from outside the template folders, so it was left out of the PDF",
            )
        )
    out.refused = refusal_reason(out.findings)
    return out


def _lint_fields(loaded: Loaded, config: Config, audience: str, sources: Sources | None, lint: bool) -> list[Finding]:
    """Checks of the source fields an output shows (text left from the skeleton), whatever the format;
    without ``lint`` (batch) only the rules that refuse an output."""
    from commsgen.gate import lint_context
    from commsgen.lint.api import lint_fields

    items = sources.items if sources is not None else []
    return lint_fields(loaded, audience, lint_context(loaded, config), items, blocking_only=not lint)


def lint_can_block(config: Config) -> bool:
    """Whether a writing check can refuse an output under ``config`` (one raised to `block`).
    Batch runs show no warnings, so they run the writing checks only then."""
    return any(level == "block" for level in config.lint.severity.values())


def to_source(f: Finding, loaded: Loaded) -> Finding:
    """A finding on an output, relocated to its source line where its field is known."""
    from commsgen.gate import parse_path

    if f.extra.get("source_line"):
        return f  # located in the postmortem already
    line = col = end = None
    pos = f.extra.pop("source_position", None) if f.extra else None
    if pos:  # the offending characters themselves (commsgen.model.locate.Locator.locate_text)
        line, col, end = pos
    elif f.field:
        line, col = loaded.locator.locate(parse_path(f.field))
    # a source line where the field is known; otherwise no source line (the output line stays in
    # extra["output_line"]): an output line must never pass for a line of the postmortem
    f.line, f.column, f.end_column = line, col, end
    return f
