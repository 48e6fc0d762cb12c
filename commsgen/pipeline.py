"""The API the faces use: load -> validate -> audience view -> render -> redaction check -> write.

The CLI and the TUI call these functions and nothing below them; neither holds logic the
other lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# re-exported: the faces build and load through the pipeline
from commsgen.build import Output as Output
from commsgen.build import build as build
from commsgen.build import lint_can_block as lint_can_block
from commsgen.build import render_text as render_text
from commsgen.config import Config
from commsgen.gcpause import pausing
from commsgen.errors import Problem, UserError
from commsgen.findings import Finding, Severity
from commsgen.model.derived import review_overdue
from commsgen.model.loader import Loaded, loads
from commsgen.model.loader import load as load
from commsgen.outputs import CHECK_OUTPUTS


def problems_as_findings(err: UserError) -> list[Finding]:
    """A load/validation failure as blocking findings (kind ``validation``)."""
    return [reading_finding(p, severity="block") for p in err.problems]


def model_findings(loaded: Loaded, *, now: datetime | None = None) -> list[Finding]:
    """Warnings the spec attaches to the model itself: the 48-hour rule, a missing customer text,
    and what reading the file noticed (``Loaded.warnings``: YAML comments that cut a value short).
    Key times out of order are the writing check ``time.key-order`` (commsgen.lint)."""
    pm, name, loc = loaded.postmortem, loaded.path, loaded.locator
    out: list[Finding] = [reading_finding(p) for p in loaded.warnings]
    reason = review_overdue(pm, now)
    if reason:
        key = "closed" if pm.times.closed is not None else "resolved"
        line, col = loc.locate(("times", key))
        out.append(
            Finding(
                kind="validation",
                rule="review.48h",
                severity="warn",
                file=name,
                field=f"times.{key}",
                line=line,
                column=col,
                message=reason,
            )
        )
    if pm.customer is None:
        line, _ = loc.locate(())
        out.append(
            Finding(
                kind="validation",
                rule="customer.missing",
                severity="warn",
                file=name,
                audience="customer",
                field="customer",
                line=line,
                message="no `customer:` section: the customer version holds only public service "
                "names, times, duration and state; write a customer summary",
            )
        )
    return out


def reading_finding(p: Problem, *, severity: Severity = "warn") -> Finding:
    """A ``Problem`` of the loader as a finding (kind ``validation``): by default a warning
    (``Loaded.warnings``); ``problems_as_findings`` makes a failure's problems blocking."""
    return Finding(
        kind="validation",
        rule=p.rule,
        severity=severity,
        file=p.file,
        line=p.line,
        column=p.column,
        field=p.field,
        message=p.message,
    )


@pausing
def assess(
    loaded: Loaded,
    config: Config,
    *,
    now: datetime | None = None,
    outputs: tuple[tuple[str, str], ...] = CHECK_OUTPUTS,
    first: str | None = None,
    on_first: Callable[[Output], None] | None = None,
) -> tuple[dict[str, Output], list[Finding]]:
    """Build every audience's output and collect every finding: model warnings, the redaction gate
    on each output (traced to the source field and line) and the writing checks.

    ``first``/``on_first``: build that audience's output before anything else and hand it to
    ``on_first`` (the TUI shows it while the rest is built); results and their order are unchanged."""
    from commsgen.lint import lint_model

    from commsgen.clock import today as clock_today

    # one date for every check and view: the writing checks' "overdue" agrees with the brief's
    today = now.date() if now else clock_today()
    built: dict[str, Output] = {}
    formats = dict(outputs)
    if on_first is not None and first is not None and first in formats:
        # the writing checks that cannot refuse it run after it is shown (same findings, same order)
        out = built[first] = build(loaded, config, first, formats[first], today=today, later=True)
        on_first(out)
        if out.later is not None:
            from commsgen.findings import refusal_reason

            out.findings, out.later = out.later(), None
            out.refused = out.refused or refusal_reason(out.findings)
    findings = model_findings(loaded, now=now)
    findings += lint_model(loaded, config, today=today)
    for audience, fmt in outputs:
        out = built.get(audience) or build(loaded, config, audience, fmt, today=today)
        built[audience] = out
        findings += out.findings  # already relocated to the postmortem by ``build``
        if out.refused and not any(f.blocking for f in out.findings):
            findings.append(
                Finding(
                    kind="validation",
                    rule=f"{audience}.refused",
                    severity="warn",
                    file=loaded.path,
                    audience=audience,
                    message=out.refused,
                )
            )
    return built, findings


def check(loaded: Loaded, config: Config, *, now: datetime | None = None) -> list[Finding]:
    """Every finding for one valid postmortem (see ``assess``)."""
    return assess(loaded, config, now=now)[1]


def check_path(path: str | Path, config: Config, *, now: datetime | None = None) -> tuple[Loaded | None, list[Finding]]:
    try:
        loaded = load(path)
    except UserError as e:
        return None, problems_as_findings(e)
    return loaded, check(loaded, config, now=now)


# ------------------------------------------------------------------------------------ live preview
@dataclass(eq=False)  # compared by identity (a generated __eq__ costs start-up time)
class Preview:
    """What the TUI shows for one state of the source text."""

    loaded: Loaded | None
    outputs: dict[str, Output]  # audience -> rendered Markdown/text (or refusal)
    findings: list[Finding]
    error: bool  # True when the text does not load (previews are stale)


def preview(
    text: str,
    name: str,
    config: Config,
    *,
    templates: Path | None = None,
    now: datetime | None = None,
    first: str | None = None,
    on_first: Callable[[Output], None] | None = None,
) -> Preview:
    """Parse, validate, render every audience and collect every finding, in one call.

    Used by the TUI on every pause in typing; raises nothing for user mistakes."""
    try:
        loaded = loads(text, name)
    except UserError as e:
        return Preview(None, {}, problems_as_findings(e), True)
    config = config.with_templates(templates)
    try:
        outputs, findings = assess(loaded, config, now=now, first=first, on_first=on_first)
    except UserError as e:  # a broken user template
        return Preview(loaded, {}, problems_as_findings(e), True)
    return Preview(loaded, outputs, findings, False)
