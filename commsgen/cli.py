"""The command line: parses arguments, calls ``commsgen.pipeline``, prints, exits.

Exit codes: 0 nothing blocking / written; 1 blocking findings / refused; 2 invalid input or usage.
Heavy modules (textual, weasyprint) are imported only inside the commands that need them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from commsgen import __version__
from commsgen.errors import EXIT_BLOCKED, EXIT_INVALID, EXIT_OK, UserError


class _Group(click.Group):
    """Turns every ``UserError`` into one clean paragraph on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as e:
            click.echo(f"commsgen: {e.render()}", err=True)
            ctx.exit(e.exit_code)

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as e:  # pragma: no cover - click handles it in standalone mode
            e.show()
            sys.exit(EXIT_INVALID)


def _config(ctx: click.Context):
    from commsgen.config import load_config

    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        obj["config"] = load_config(obj.get("config_path"))
    return obj["config"]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="commsgen")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="commsgen.toml to use (default: $COMMSGEN_CONFIG, else the nearest commsgen.toml "
                   "in the working directory or a parent).")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Turn one structured postmortem into engineering, executive and customer versions."""
    ctx.ensure_object(dict)["config_path"] = config_path


# ------------------------------------------------------------------------------------ check
@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as blocking (for CI gates).")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Validate postmortems and report every finding.

    Exit 0: nothing blocking; 1: blocking findings; 2: a file is invalid.
    """
    from commsgen import pipeline
    from commsgen.report import format_findings

    config = _config(ctx)
    findings, invalid = [], False
    for f in files:
        loaded, found = pipeline.check_path(f, config)
        invalid |= loaded is None
        findings.extend(found)
    if strict:
        for f in findings:
            if f.severity == "warn" and not f.waived:
                f.severity = "block"
    click.echo(format_findings(findings, fmt, files=list(files)))
    if invalid:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_BLOCKED if any(f.blocking for f in findings) else EXIT_OK)


# ------------------------------------------------------------------------------------ schema
@main.command()
def schema() -> None:
    """Print the JSON Schema of the postmortem format (for editors)."""
    from commsgen.model.schema import Postmortem

    s = Postmortem.model_json_schema()
    s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    s["title"] = "commsgen postmortem v1"
    click.echo(json.dumps(s, indent=2))


# ------------------------------------------------------------------------------------ locate
@main.command()
@click.pass_context
def locate(ctx: click.Context) -> None:
    """Print where configuration and templates are found."""
    from commsgen.config import discover
    from commsgen.resources import builtin_templates

    obj = ctx.ensure_object(dict)
    path = discover(obj.get("config_path"))
    click.echo(f"config:    {path if path else '(none: built-in defaults)'}")
    cfg = _config(ctx)
    click.echo(f"templates: {cfg.templates_dir() or '(none)'} (user), {builtin_templates()} (built-in)")


def run() -> None:  # pragma: no cover
    main()


# ------------------------------------------------------------------------------------ scan
@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.pass_context
def scan(ctx: click.Context, files: tuple[str, ...], fmt: str) -> None:
    """Scan text or Markdown files for secrets, internal infrastructure, personal data and
    vulnerability details, as if they were customer-facing.

    Exit 0: nothing found; 1: findings; 2: a file is missing, unreadable or not UTF-8.
    """
    from commsgen.redact import context_for, findings_for
    from commsgen.redact.files import config_needed, read_text

    obj = ctx.ensure_object(dict)
    config = _config(ctx) if config_needed(obj.get("config_path")) else None
    sctx = context_for(None, config)
    findings, invalid = [], False
    for f in files:
        try:
            text = read_text(f)
        except UserError as e:
            click.echo(f"commsgen: {e.render()}", err=True)
            invalid = True
            continue
        findings.extend(findings_for(text, "customer", sctx, file=f))
    if fmt == "sarif":
        from commsgen.redact.sarif import to_sarif
        click.echo(to_sarif(findings))
    elif fmt == "json":
        from commsgen.findings import sort_key
        from commsgen.redact.api import finding_dict
        findings.sort(key=sort_key)
        click.echo(json.dumps({"findings": [finding_dict(f) for f in findings]}, ensure_ascii=False))
    else:
        from commsgen.report import format_findings
        click.echo(format_findings(findings, fmt, files=list(files)))
    if invalid:
        ctx.exit(EXIT_INVALID)
    ctx.exit(EXIT_BLOCKED if any(f.blocking for f in findings) else EXIT_OK)
