"""The redaction gate for a pattern review: the same scanner, audience policy, masking and waivers
as every other output (``commsgen.gate``), with a scan context that holds what the configuration
and every postmortem the review draws on know (people, internal service ids, link hosts, deny
terms, waivers). Secrets are masked in every edition; the executive edition is refused on any
blocking finding unless ``redact`` masks it. A PDF is gated twice: its HTML, and the text read
back from the PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from commsgen.findings import Finding


# what each record's ``scan`` adds to the configuration's scan context (``kb.extract.scan_terms``)
_TERMS = (
    "people_names",
    "people_handles",
    "people_emails",
    "service_ids",
    "service_words",
    "link_hosts",
    "staff_email_domains",
)


def context(records: list[dict[str, Any]], config) -> Any:
    """The scan context of a review: the configuration's (``redact.context.context_for``, every
    field kept as it builds it), with what every postmortem the review draws on adds: people,
    internal service ids, link hosts, staff mail domains (internal domains too, as for one
    postmortem), deny terms and waivers."""
    from commsgen.redact.context import DenyRegex, WaiverSpec, context_for

    base = context_for(None, config)
    scans = [r.get("scan") or {} for r in records]

    def uniq(*groups) -> tuple:
        return tuple(dict.fromkeys(x for g in groups for x in g if x))

    more: dict[str, Any] = {k: uniq(getattr(base, k), *(s.get(k, []) for s in scans)) for k in _TERMS}
    deny = {(d.pattern if isinstance(d, DenyRegex) else d): d for d in base.deny_terms}
    for s in scans:
        for d in s.get("deny", []):  # {regex: ...} entries run by RE2 only, as everywhere
            key = d["regex"] if isinstance(d, dict) else d
            deny.setdefault(key, DenyRegex(d["regex"]) if isinstance(d, dict) else d)
    waivers = uniq(
        base.waivers,
        *(
            [
                WaiverSpec(w["match"], tuple(w["audiences"]), w["reason"], w["rule"], w["source"])
                for w in s.get("allow", [])
            ]
            for s in scans
        ),
    )
    return replace(
        base,
        **more,
        internal_domains=uniq(base.internal_domains, more["staff_email_domains"]),
        deny_terms=tuple(deny.values()),
        waivers=waivers,
    )


def gate_text(text: str, audience: str, ctx, *, redact: bool = False) -> tuple[str, list[Finding]]:
    from commsgen.gate import ENGINEERING_KINDS
    from commsgen.redact import findings_for
    from commsgen.redact.mask import mask_text
    from commsgen.redact.policy import always_masked
    from commsgen.redact.scanner import scan

    matches = scan(text, ctx, kinds=ENGINEERING_KINDS if audience == "engineering" else None)
    if not matches:
        return text, []
    findings = findings_for(text, audience, ctx, matches=matches)
    to_mask = [m for m in matches if always_masked(m.kind)]
    if redact:
        blocking = {(f.line, f.column) for f in findings if f.blocking}
        lines = _positions(text)
        to_mask += [m for m in matches if lines(m.start) in blocking]
        for f in findings:
            if f.blocking:
                f.severity, f.message = "info", "masked: " + f.message
    return (mask_text(text, to_mask) if to_mask else text), findings


def _positions(text: str):
    import bisect

    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def pos(off: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, off) - 1
        return i + 1, off - starts[i] + 1

    return pos


@dataclass
class Published:
    content: str | bytes
    findings: list[Finding] = field(default_factory=list)
    refused: str | None = None


def publish(
    data: dict[str, Any], fmt: str, records: list[dict[str, Any]], config, *, redact: bool = False
) -> Published:
    """One edition of a review (``data`` from ``report.edition``) in ``fmt``, through the gate."""
    from commsgen.findings import refusal_reason
    from commsgen.kb import report

    audience = data["audience"]
    ctx = context(records, config)
    tdir = config.templates_dir() if config is not None else None
    if fmt == "pdf":
        return _pdf(data, ctx, tdir, redact=redact)
    if fmt == "html":
        text = report.to_html(data, tdir)
    elif fmt == "md":
        text = report.to_md(data, tdir)
    else:
        text = report.to_json(data) if fmt == "json" else report.to_csv(data)
    text, findings = gate_text(text, audience, ctx, redact=redact)
    return Published(text, findings, refusal_reason(findings))


def _pdf(data, ctx, tdir: Path | None, *, redact: bool) -> Published:
    """The review as PDF, through the one PDF path of the brief (``export.pdf.brief_pdf``: layout,
    read-back of page text, metadata and outline; ``gated_findings``: the read-back scanned)."""
    from commsgen.export.pdf import PdfMeta, brief_pdf, gated_findings
    from commsgen.findings import refusal_reason
    from commsgen.kb import report

    audience = data["audience"]
    html = report.to_html(data, tdir, for_print=True)
    html, findings = gate_text(html, audience, ctx, redact=redact)
    meta = PdfMeta(title=f"Incident pattern review {data['period']['label']}", subject=f"{audience} edition")
    pdf = brief_pdf(html, user_dir=tdir, meta=meta, stylesheet="review.css")
    findings = gated_findings([("html", findings)], pdf, lambda text: gate_text(text, audience, ctx)[1])
    return Published(pdf.data, findings, refusal_reason(findings))
