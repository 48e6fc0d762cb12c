"""The API the faces use: load -> validate -> audience view -> render -> redaction check -> write.

The CLI and the TUI call these functions and nothing below them; neither holds logic the
other lacks.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from commsgen.config import Config
from commsgen.errors import UserError
from commsgen.findings import Finding
from commsgen.lint import lint_model
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
    findings += lint_model(loaded, config, today=now.date() if now else None)
    return findings


def check_path(path: str | Path, config: Config, *, now: datetime | None = None) -> tuple[Loaded | None, list[Finding]]:
    try:
        loaded = load(path)
    except UserError as e:
        return None, problems_as_findings(e)
    return loaded, check(loaded, config, now=now)
