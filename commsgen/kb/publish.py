"""The redaction gate for a pattern review: the same scanner, audience policy, masking and waivers
as every other output (``commsgen.gate``), with a scan context that holds what the configuration
and every postmortem the review draws on know (people, internal service ids, link hosts, deny
terms, waivers). Secrets are masked in every edition; the executive edition is refused on any
blocking finding unless ``redact`` masks it. A PDF is gated twice: its HTML, and the text read
back from the PDF bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commsgen.findings import Finding


def context(records: list[dict[str, Any]], config) -> Any:
    from commsgen.redact.context import DenyRegex, ScanContext, WaiverSpec, context_for

    base = context_for(None, config)
    acc: dict[str, list] = {
        k: list(getattr(base, k))
        for k in ("people_names", "people_handles", "people_emails", "service_ids", "link_hosts", "staff_email_domains")
    }
    deny, waivers = list(base.deny_terms), list(base.waivers)
    seen_deny = {d.pattern if isinstance(d, DenyRegex) else d for d in deny}
    for r in records:
        s = r.get("scan") or {}
        for k in acc:
            acc[k] += s.get(k, [])
        for d in s.get("deny", []):
            key = d["regex"] if isinstance(d, dict) else d
            if key not in seen_deny:
                seen_deny.add(key)
                deny.append(DenyRegex(d["regex"]) if isinstance(d, dict) else d)  # RE2 only, as everywhere
        waivers += [
            WaiverSpec(
                match=w["match"],
                audiences=tuple(w["audiences"]),
                reason=w["reason"],
                rule=w["rule"],
                source=w["source"],
            )
            for w in s.get("allow", [])
        ]

    def uniq(xs):
        return tuple(dict.fromkeys(x for x in xs if x))

    internal = uniq([*base.internal_domains, *acc["staff_email_domains"]])
    return ScanContext(
        company=base.company,
        internal_domains=internal,
        public_domains=base.public_domains,
        people_names=uniq(acc["people_names"]),
        people_handles=uniq(acc["people_handles"]),
        people_emails=uniq(acc["people_emails"]),
        service_ids=uniq(acc["service_ids"]),
        deny_terms=tuple(deny),
        link_hosts=uniq(acc["link_hosts"]),
        staff_email_domains=uniq(acc["staff_email_domains"]),
        waivers=tuple(dict.fromkeys(waivers)),
        approved_cves=base.approved_cves,
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
    from commsgen.gate import refusal_reason
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
    from commsgen.export.fetch import LocalOnlyFetcher
    from commsgen.export.pdf import pdf_text, readback, render_pdf, template_roots
    from commsgen.gate import refusal_reason
    from commsgen.kb import report
    from commsgen.resources import builtin_templates

    html = report.to_html(data, tdir, for_print=True)
    html, findings = gate_text(html, data["audience"], ctx, redact=redact)
    css = (tdir / "review.css") if tdir and (tdir / "review.css").is_file() else builtin_templates() / "review.css"
    fetcher = LocalOnlyFetcher(template_roots(tdir))
    pdf = render_pdf(
        html,
        tdir or builtin_templates(),
        stylesheets=[css],
        title=f"Incident pattern review {data['period']['label']}",
        author=None,
        subject=f"{data['audience']} edition",
        fetcher=fetcher,
    )
    text = pdf_text(pdf) + "\n" + readback(pdf)  # the pages, the metadata and the outline
    _, read_back = gate_text(text, data["audience"], ctx)
    seen = {(f.rule, f.excerpt) for f in findings}
    findings += [f for f in read_back if (f.rule, f.excerpt) not in seen]
    return Published(pdf, findings, refusal_reason(findings))
