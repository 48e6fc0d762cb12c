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
from commsgen.cli_context import config_after as _config_after, config_of as _config
from commsgen.errors import EXIT_INTERNAL, EXIT_INVALID, UserError, exit_code
from commsgen.outputs import AUDIENCES, FORMATS


class _Group(click.Group):
    """Turns every ``UserError`` into one clean paragraph on stderr and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as e:
            click.echo(f"commsgen: {e.render()}", err=True)
            ctx.exit(e.exit_code)

    def get_command(self, ctx: click.Context, cmd_name: str):
        """Every subcommand also takes ``--config`` after its name (``commsgen check --config F x.yaml``)."""
        cmd = super().get_command(ctx, cmd_name)
        if cmd is not None and not any(p.name == "config_after" for p in cmd.params):
            cmd.params.append(
                click.Option(
                    ["--config", "config_after"],
                    type=click.Path(dir_okay=False),
                    expose_value=False,
                    is_eager=True,
                    callback=_config_after,
                    help="commsgen.toml to use (as `commsgen --config FILE ...`).",
                )
            )
        return cmd

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        except click.UsageError as e:  # pragma: no cover - click handles it in standalone mode
            e.show()
            sys.exit(EXIT_INVALID)
        except Exception:  # a bug, not a user mistake: say so, and never exit 1 ("refused") by accident
            import traceback

            traceback.print_exc()
            click.echo(
                "commsgen: internal error (this is a bug in commsgen, not in your file); "
                "please report it with the traceback above",
                err=True,
            )
            sys.exit(EXIT_INTERNAL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="commsgen")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="commsgen.toml to use (default: $COMMSGEN_CONFIG, else the nearest commsgen.toml "
    "in the working directory or a parent).",
)
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """Turn one structured postmortem into engineering, executive and customer versions."""
    ctx.ensure_object(dict)["config_path"] = config_path


# ------------------------------------------------------------------------------------ check
@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as blocking (for CI gates).")
@click.pass_context
def check(ctx: click.Context, files: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Validate postmortems and report every finding: files, folders (recursively) or globs, as
    batch takes them.

    Exit 0: nothing blocking; 1: blocking findings; 2: a file is invalid.
    """
    from commsgen.check_summary import check_all, expand, summarise

    config = _config(ctx)
    paths = expand(files)
    findings, invalid = check_all(paths, config)
    if strict:
        for f in findings:
            if f.severity == "warn" and not f.waived:
                f.severity = "block"
    click.echo(summarise(findings, fmt, paths, invalid))
    ctx.exit(exit_code(invalid=bool(invalid), blocked=any(f.blocking for f in findings)))


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
    from commsgen.redact.hosts import effective_lists

    for label, values in effective_lists(cfg):
        click.echo(f"{label}{', '.join(values) if values else '(none)'}")


# ------------------------------------------------------------------------------------ render
@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--audience", "-a", type=click.Choice([*AUDIENCES, "all"]), default="engineering", show_default=True)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="md, html, txt (all audiences); pdf (executive); txt, json, cachet, cstate, "
    "gatus (status). Default: md, or txt for status.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Output file (one audience) or folder (--audience all). Default: stdout (not for pdf).",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder whose templates override the built-in ones by file name.",
)
@click.option("--redact", is_flag=True, help="Mask blocking findings instead of refusing the output.")
@click.option("--short", is_flag=True, help="Status text that fits in 280 characters (status txt only).")
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default=None,
    help="Page size of the executive PDF (default: `paper` in commsgen.toml, else a4).",
)
@click.pass_context
def render(
    ctx: click.Context,
    file: str,
    audience: str,
    fmt: str | None,
    output: str | None,
    templates: str | None,
    redact: bool,
    short: bool,
    paper: str | None,
) -> None:
    """Render one postmortem for an audience (or all of them).

    Exit 0: written; 1: an audience was refused; 2: invalid input.
    """
    warm = _pdf_child(ctx, audience, output) if fmt == "pdf" else None  # first: it runs alongside the rest
    from commsgen import pipeline
    from commsgen.outputs import DEFAULTS, OUTPUT_NAMES, RENDERED_AUDIENCES, formats_for
    from commsgen.produce import produce

    config = _config(ctx)
    config = config.with_templates(templates)
    loaded = pipeline.load(file)
    for warning in loaded.warnings:  # what reading the file noticed (a ` #` that cut a value short)
        click.echo(_finding_line(pipeline.reading_finding(warning)), err=True)
    if audience == "all":
        if not output:
            raise click.UsageError("--audience all needs -o DIR")
        jobs = [(a, fmt or DEFAULTS[a].render) for a in RENDERED_AUDIENCES]
        if fmt == "pdf":
            jobs = [("executive", "pdf")]  # --audience all -o DIR -f pdf: DIR/executive.pdf
    else:
        jobs = [(audience, fmt or DEFAULTS[audience].render)]
    for aud, f in jobs:
        if (aud, f) not in OUTPUT_NAMES:
            raise click.BadParameter(
                f"there is no {f} output for the {aud} audience; choose one of {', '.join(formats_for(aud))}",
                param_hint="--format",
            )

    def dest(out):  # into the folder (--audience all), to the file, or None: printed below
        if audience == "all" and output:  # (--audience all without -o is refused above)
            return Path(output) / out.filename
        return Path(output) if output else None

    refused = False
    for made in produce(loaded, config, jobs, dest, redact=redact, short=short, pdf_process=warm, paper=paper):
        out = made.output
        for finding in out.findings:
            click.echo(_finding_line(finding), err=True)
        if not out.ok:
            refused = True
            click.echo(f"commsgen: refused the {out.audience} version of {file}: {out.refused}", err=True)
        elif made.path is not None:
            click.echo(f"wrote {made.path}", err=True)
        elif isinstance(out.content, bytes):
            sys.stdout.buffer.write(out.content)
        else:
            click.echo(out.content, nl=False)
    ctx.exit(exit_code(blocked=refused))


def _finding_line(f) -> str:
    from commsgen.report import format_findings

    return "\n".join(format_findings([f]).splitlines()[:-1])


# ------------------------------------------------------------------------------------ batch
# ------------------------------------------------------------------------------------ new
@main.command("new")
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(),
    default=None,
    help="Write the skeleton to this file (atomically) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--from",
    "sources",
    multiple=True,
    metavar="SOURCE:PATH",
    help="Pre-fill from an export (repeatable), e.g. pagerduty:log_entries.json; see `commsgen import`.",
)
@click.pass_context
def new(ctx: click.Context, output: str | None, force: bool, sources: tuple[str, ...]) -> None:
    """Print (or write) a commented skeleton postmortem to start from.

    Exit 0: written or printed; 1: the output file exists (use --force); 2: invalid output path.
    """
    from commsgen.skeleton import skeleton_text, write_skeleton

    if sources:  # pre-filled from exports (issue #20): commsgen/cli_import.py
        from commsgen.cli_import import new_from

        return new_from(ctx, list(sources), output, force)

    if output is None:
        click.echo(skeleton_text(), nl=False)
        return
    path = write_skeleton(output, force=force)
    click.echo(f"wrote {path}; fill it in, then run: commsgen check {path}", err=True)


# ------------------------------------------------------------------------------------ scan
@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option(
    "--lint",
    is_flag=True,
    help="Also run the customer writing checks (language, legal wording, blame, placeholders) on the text.",
)
@click.pass_context
def scan(ctx: click.Context, files: tuple[str, ...], fmt: str, lint: bool) -> None:
    """Scan text or Markdown files for secrets, internal infrastructure, personal data and
    vulnerability details, as if they were customer-facing.

    Exit 0: nothing found; 1: findings; 2: a file is missing, unreadable or not UTF-8.
    """
    if lint:
        from commsgen.lint.scan import run_scan_lint

        ctx.exit(run_scan_lint(list(files), fmt, ctx.ensure_object(dict).get("config_path"), click.echo))
    # commsgen.entry runs the plain form of this command without importing click (start-up)
    from commsgen.redact.command import run_scan

    ctx.exit(run_scan(list(files), fmt, ctx.ensure_object(dict).get("config_path"), click.echo))


def _pdf_child(ctx: click.Context, audience: str, output: str | None):
    """Check the PDF options, then start WeasyPrint's import in a child process so that it runs
    on another core while this one loads and templates (stopped on exit if left unused)."""
    if audience not in ("executive", "all"):
        raise click.UsageError(
            f"--format pdf is made for the executive audience only, not {audience}; "
            "use --audience executive (or md, html, txt for this audience)"
        )
    if not output:
        raise click.UsageError("--format pdf needs -o FILE (a PDF is never written to the terminal)")
    from commsgen.export.pdfchild import PdfProcess

    warm = PdfProcess.start()
    if warm is not None:
        ctx.call_on_close(warm.close)
    return warm


# ------------------------------------------------------------------------------------ tui
@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--new", "new", is_flag=True, help="FILE does not exist yet: start it from the skeleton.")
@click.pass_context
def tui(ctx: click.Context, file: str | None, new: bool) -> None:
    """Edit a postmortem with live previews for every audience and its findings.

    Without FILE, starts a new postmortem from the skeleton (ctrl+s asks where to save it). A FILE
    that does not exist is an error unless --new is given.
    """
    from commsgen.tui import run as run_tui  # no textual here: the editor runs in a guarded child

    _config(ctx)  # a broken configuration is reported here, before the screen changes
    ctx.exit(run_tui(file, ctx.ensure_object(dict).get("config_path"), new=new))


# ------------------------------------------------------------------------------------ knowledge base
from commsgen.cli_kb import register as _register_kb  # noqa: E402  (commands live in their own module)

_register_kb(main)

# ------------------------------------------------------------------------------------ import
from commsgen.cli_import import import_command  # noqa: E402  (its own module; see issue #20)

main.add_command(import_command)

# ------------------------------------------------------------------------------------ batch
from commsgen.cli_batch import batch_command  # noqa: E402  (its own module)

main.add_command(batch_command)
