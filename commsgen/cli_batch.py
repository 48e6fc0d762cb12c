"""``commsgen batch PATHS --out DIR``: the command line face of ``commsgen.batch`` (many postmortems
rendered into OUT/<id>/, a progress bar on a terminal, a summary table or JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from commsgen.cli_context import config_of as _config
from commsgen.outputs import AUDIENCES


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


@click.command("batch")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option(
    "--audience",
    "-a",
    "audiences",
    multiple=True,
    help="engineering, executive, customer, status (repeat or comma-separate). Default: all.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    help="md, html, txt, pdf, json, cachet, cstate, gatus (repeat or comma-separate).",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: cores).")
@click.option("--summary", "summary_fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def batch_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    out_dir: str,
    audiences: tuple[str, ...],
    formats: tuple[str, ...],
    jobs: int | None,
    summary_fmt: str,
) -> None:
    """Render many postmortems: files, folders (recursively) or globs, into OUT/<id>/.

    Exit 0: all written; 1: some output refused; 2: some input invalid.
    """
    from commsgen import batch as b
    from commsgen.outputs import OUTPUT_NAMES

    config = _config(ctx)
    aud, fmts = _split(audiences), _split(formats)
    bad = [a for a in aud if a not in AUDIENCES]
    if bad:
        raise click.BadParameter(f"unknown audience {bad[0]!r}", param_hint="--audience")
    outputs = b.select_outputs(aud, fmts)
    progress, stop = _progress(summary_fmt)
    try:
        results = b.run(list(paths), Path(out_dir), config, outputs, jobs=jobs, progress=progress)
    finally:
        stop()
    if summary_fmt == "json":
        click.echo(
            json.dumps(
                {
                    "out": out_dir,
                    "outputs": [OUTPUT_NAMES[o] for o in outputs],
                    "results": [r.public() for r in results],
                    "totals": {s: sum(r.status == s for r in results) for s in ("written", "refused", "invalid")},
                },
                indent=2,
            )
        )
    else:
        _summary_table(results, out_dir)
    ctx.exit(b.batch_exit_code(results))


def _progress(summary_fmt: str):
    """A rich progress bar on a terminal (stderr); nothing when output is not a terminal."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(
        TextColumn("rendering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = prog.add_task("batch", total=None)

    def update(done: int, total: int) -> None:
        # started at the first result, after batch has forked its workers: the bar's refresh
        # thread must not be running when a process forks
        if not prog.live.is_started:
            prog.start()
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
        details = r.error or "; ".join([f"{k}: {v}" for k, v in r.refused.items()] + r.warnings)
        table.add_row(r.file, r.id or "-", r.status, ", ".join(r.written) or "-", details)
    console.print(table)
    counts = {s: sum(r.status == s for r in results) for s in ("written", "refused", "invalid")}
    console.print(
        f"{len(results)} postmortem(s): {counts['written']} written, {counts['refused']} with refused "
        f"outputs, {counts['invalid']} invalid"
    )
