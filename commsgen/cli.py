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
from commsgen.errors import EXIT_BLOCKED, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, UserError


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
        except Exception:  # a bug, not a user mistake: say so, and never exit 1 ("refused") by accident
            import traceback

            traceback.print_exc()
            click.echo("commsgen: internal error (this is a bug in commsgen, not in your file); "
                       "please report it with the traceback above", err=True)
            sys.exit(EXIT_INTERNAL)


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
    from commsgen.redact.hosts import effective_lists
    for label, values in effective_lists(cfg):
        click.echo(f"{label}{', '.join(values) if values else '(none)'}")


def run() -> None:  # pragma: no cover
    main()


# ------------------------------------------------------------------------------------ render
@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--audience", "-a", type=click.Choice(["engineering", "executive", "customer", "status", "all"]),
              default="engineering", show_default=True)
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "html", "txt", "pdf", "json", "cachet", "cstate", "gatus"]),
              default=None, help="md, html, txt (all audiences); pdf (executive); txt, json, cachet, cstate, "
                                 "gatus (status). Default: md, or txt for status.")
@click.option("-o", "--output", type=click.Path(), default=None,
              help="Output file (one audience) or folder (--audience all). Default: stdout (not for pdf).")
@click.option("--templates", type=click.Path(file_okay=False), default=None,
              help="Folder whose templates override the built-in ones by file name.")
@click.option("--redact", is_flag=True, help="Mask blocking findings instead of refusing the output.")
@click.option("--short", is_flag=True, help="Status text that fits in 280 characters (status txt only).")
@click.pass_context
def render(ctx: click.Context, file: str, audience: str, fmt: str | None, output: str | None,
           templates: str | None, redact: bool, short: bool) -> None:
    """Render one postmortem for an audience (or all of them).

    Exit 0: written; 1: an audience was refused; 2: invalid input.
    """
    warm = _pdf_child(ctx, audience, output) if fmt == "pdf" else None   # first: it runs alongside the rest
    from commsgen import pipeline

    config = _config(ctx)
    config = config.with_templates(templates)
    loaded = pipeline.load(file)
    if audience == "all":
        if not output:
            raise click.UsageError("--audience all needs -o DIR")
        jobs = [(a, fmt or "md") for a in ("engineering", "executive", "customer")]
        if fmt == "pdf":
            jobs = [("executive", "pdf")]   # --audience all -o DIR -f pdf: DIR/executive.pdf
    else:
        jobs = [(audience, fmt or ("txt" if audience == "status" else "md"))]
    for aud, f in jobs:
        if (aud, f) not in pipeline.OUTPUT_NAMES:
            raise click.BadParameter(f"there is no {f} output for the {aud} audience; choose one of "
                                     f"{', '.join(pipeline.formats_for(aud))}", param_hint="--format")
    refused = False
    for aud, f in jobs:
        out = pipeline.build(loaded, config, aud, f, redact=redact, short=short, pdf_process=warm)
        for finding in out.findings:
            click.echo(_finding_line(finding), err=True)
        if not out.ok:
            refused = True
            click.echo(f"commsgen: refused the {aud} version of {file}: {out.refused}", err=True)
            continue
        if audience == "all":
            dest = pipeline.publish(out, Path(output) / out.filename)
            click.echo(f"wrote {dest}", err=True)
        elif output:
            pipeline.publish(out, Path(output))
            click.echo(f"wrote {output}", err=True)
        elif isinstance(out.content, bytes):
            sys.stdout.buffer.write(out.content)
        else:
            click.echo(out.content, nl=False)
    ctx.exit(EXIT_BLOCKED if refused else EXIT_OK)


def _finding_line(f) -> str:
    from commsgen.report import format_findings

    return "\n".join(format_findings([f]).splitlines()[:-1])


# ------------------------------------------------------------------------------------ batch
def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--audience", "-a", "audiences", multiple=True,
              help="engineering, executive, customer, status (repeat or comma-separate). Default: all.")
@click.option("--format", "-f", "formats", multiple=True,
              help="md, html, txt, pdf, json, cachet, cstate, gatus (repeat or comma-separate).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: cores).")
@click.option("--summary", "summary_fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def batch(ctx: click.Context, paths: tuple[str, ...], out_dir: str, audiences: tuple[str, ...],
          formats: tuple[str, ...], jobs: int | None, summary_fmt: str) -> None:
    """Render many postmortems: files, folders (recursively) or globs, into OUT/<id>/.

    Exit 0: all written; 1: some output refused; 2: some input invalid.
    """
    from commsgen import batch as b

    config = _config(ctx)
    aud, fmts = _split(audiences), _split(formats)
    bad = [a for a in aud if a not in {"engineering", "executive", "customer", "status"}]
    if bad:
        raise click.BadParameter(f"unknown audience {bad[0]!r}", param_hint="--audience")
    outputs = b.select_outputs(aud, fmts)
    progress, stop = _progress(summary_fmt)
    try:
        results = b.run(list(paths), Path(out_dir), config, outputs, jobs=jobs, progress=progress)
    finally:
        stop()
    if summary_fmt == "json":
        click.echo(json.dumps({"out": out_dir, "outputs": [b.OUTPUT_NAMES[o] for o in outputs],
                               "results": [r.public() for r in results],
                               "totals": {s: sum(r.status == s for r in results)
                                          for s in ("written", "refused", "invalid")}}, indent=2))
    else:
        _summary_table(results, out_dir)
    ctx.exit(b.exit_code(results))


def _progress(summary_fmt: str):
    """A rich progress bar on a terminal (stderr); nothing when output is not a terminal."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)
    task = prog.add_task("batch", total=None)
    prog.start()

    def update(done: int, total: int) -> None:
        prog.update(task, completed=done, total=total)

    return update, prog.stop


def _summary_table(results, out_dir: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"commsgen batch -> {out_dir}", show_lines=False)
    for col in ("file", "id", "status", "written", "details"):
        table.add_column(col, overflow="fold")
    for r in results:
        details = r.error or "; ".join(f"{k}: {v}" for k, v in r.refused.items())
        table.add_row(r.file, r.id or "-", r.status, ", ".join(r.written) or "-", details)
    console.print(table)
    counts = {s: sum(r.status == s for r in results) for s in ("written", "refused", "invalid")}
    console.print(f"{len(results)} postmortem(s): {counts['written']} written, {counts['refused']} with refused "
                  f"outputs, {counts['invalid']} invalid")


# ------------------------------------------------------------------------------------ new
@main.command("new")
@click.option("-o", "--output", "output", type=click.Path(), default=None,
              help="Write the skeleton to this file (atomically) instead of printing it.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def new(output: str | None, force: bool) -> None:
    """Print (or write) a commented skeleton postmortem to start from.

    Exit 0: written or printed; 1: the output file exists (use --force); 2: invalid output path.
    """
    from commsgen.skeleton import skeleton_text, write_skeleton

    if output is None:
        click.echo(skeleton_text(), nl=False)
        return
    path = write_skeleton(output, force=force)
    click.echo(f"wrote {path}; fill it in, then run: commsgen check {path}", err=True)


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
    # commsgen.entry runs the plain form of this command without importing click (start-up)
    from commsgen.redact.command import run_scan

    ctx.exit(run_scan(list(files), fmt, ctx.ensure_object(dict).get("config_path"), click.echo))


def _pdf_child(ctx: click.Context, audience: str, output: str | None):
    """Check the PDF options, then start WeasyPrint's import in a child process so that it runs
    on another core while this one loads and templates (stopped on exit if left unused)."""
    if audience not in ("executive", "all"):
        raise click.UsageError(f"--format pdf is made for the executive audience only, not {audience}; "
                               "use --audience executive (or md, html, txt for this audience)")
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
@click.pass_context
def tui(ctx: click.Context, file: str | None) -> None:
    """Edit a postmortem with live previews for every audience and its findings.

    Without FILE, starts a new postmortem from the skeleton (ctrl+s asks where to save it).
    """
    from commsgen.tui import run as run_tui  # imports textual: only here

    run_tui(file, _config(ctx))
