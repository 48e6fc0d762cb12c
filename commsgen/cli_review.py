"""``commsgen review``: a pattern review of a period, as md, html, pdf, json or csv, for the
engineering or executive audience. Parses arguments, calls ``commsgen.kb`` and writes."""

from __future__ import annotations

from commsgen import clock

import sys
from datetime import date

import click

from commsgen.errors import EXIT_BLOCKED


@click.command("review")
@click.argument("paths", nargs=-1)
@click.option("--period", required=True, help="2026Q4, 2026-10..2026-12, 2026-11 or 2026.")
@click.option("--service", default=None, help="Only postmortems that name this service id.")
@click.option(
    "--audience", "-a", type=click.Choice(["engineering", "executive"]), default="engineering", show_default=True
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["md", "html", "pdf", "json", "csv"]), default="md", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write here (atomically) instead of stdout; required for pdf.",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    help="Date that overdue actions and open ages count to (YYYY-MM-DD; default: today, UTC).",
)
@click.option("--redact", is_flag=True, help="Mask blocking findings instead of refusing the output.")
@click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="The index file (default: .commsgen/index.sqlite here or in the nearest parent). "
    "Not used when PATHS are given.",
)
@click.pass_context
def review_cmd(
    ctx: click.Context,
    paths: tuple[str, ...],
    period: str,
    service: str | None,
    audience: str,
    fmt: str,
    output: str | None,
    as_of: str | None,
    redact: bool,
    index_path: str | None,
) -> None:
    """Pattern review of a period: counts against the previous periods, customer impact, response
    times (median, p90, n), detection, recurring themes and follow-through, each with its definition.

    Reads the postmortems under PATHS, or the index. Exit 0: written; 1: refused by the redaction
    gate; 2: invalid input.
    """
    from commsgen.cli_context import config_of as _config
    from commsgen.kb import period as periods
    from commsgen.kb import records as recs
    from commsgen.kb.publish import publish
    from commsgen.kb.report import edition
    from commsgen.kb.review import PREVIOUS, review

    if fmt == "pdf" and not output:
        raise click.UsageError("-f pdf needs -o FILE (a PDF is never written to the terminal)")
    try:
        day = date.fromisoformat(as_of) if as_of else clock.today()
    except ValueError:
        raise click.BadParameter(f"{as_of!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from None
    p = periods.parse(period)
    earliest = periods.previous(p, PREVIOUS)[-1].start
    if paths:
        records, invalid = recs.from_paths(list(paths))
        actions_of = None
        earlier = None
        for bad in invalid:
            where = ", ".join(
                x
                for x in (
                    bad["file"],
                    bad["line"] and f"line {bad['line']}",
                    bad["field"] and f"field `{bad['field']}`",
                )
                if x
            )
            click.echo(f"commsgen: skipped invalid {where}: {bad['message']}", err=True)
    else:
        from commsgen.kb import store

        from commsgen.kb.earlier import FromIndex, actions_reader

        con = store.connect(store.require(index_path))
        earlier = None
        if audience == "executive":  # its gate needs what every file the review draws on knows
            records = recs.from_index(con, earliest.isoformat(), p.end.isoformat(), full=True)
        else:  # the period's records; the earlier periods are read as counts and tuples
            records = recs.from_index(con, p.start.isoformat(), p.end.isoformat())
            earlier = FromIndex(con)
        actions_of = actions_reader(con)
    data = edition(review(records, p, service=service, as_of=day, actions_of=actions_of, earlier=earlier), audience)
    out = publish(data, fmt, records, _config(ctx), redact=redact)
    for f in out.findings:
        if f.blocking or f.severity == "warn":
            click.echo(f"commsgen: {f.severity} {f.kind} in the {audience} review: {f.message} ({f.excerpt})", err=True)
    if out.refused:
        click.echo(f"commsgen: refused the {audience} review: {out.refused}", err=True)
        ctx.exit(EXIT_BLOCKED)
    if output:
        from commsgen.atomic import write_atomic

        write_atomic(output, out.content)
        click.echo(f"wrote {output}", err=True)
    elif isinstance(out.content, bytes):
        sys.stdout.buffer.write(out.content)
    else:
        click.echo(out.content, nl=False)
