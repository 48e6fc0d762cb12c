"""``commsgen import SOURCE FILE_OR_DIR --into POSTMORTEM``: the command line face of
``commsgen.importers.plan``. Exit 0: imported, or nothing new; 2: invalid export or target."""

from __future__ import annotations

import json
from typing import Any

import click

from commsgen.errors import EXIT_OK
from commsgen.importers import SOURCES


@click.command("import")
@click.argument("source", type=click.Choice(SOURCES))
@click.argument("file_or_dir", type=click.Path())
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(dir_okay=False),
    help="The postmortem (YAML or JSON) whose timeline receives the events.",
)
@click.option("--since", default=None, help="Keep events at or after this time (ISO 8601, or a date).")
@click.option("--until", default=None, help="Keep events at or before this time (ISO 8601, or a date).")
@click.option(
    "--all",
    "take_all",
    is_flag=True,
    help="Slack: take every message, not only pinned ones or ones with a :stopwatch: reaction.",
)
@click.option("--dry-run", is_flag=True, help="Show the diff; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--service-label",
    default="service",
    show_default=True,
    help="Alert label (Datadog tag) whose value names a service id.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    source: str,
    file_or_dir: str,
    into: str,
    since: str | None,
    until: str | None,
    take_all: bool,
    dry_run: bool,
    fmt: str,
    service_label: str,
) -> None:
    """Import timeline events from an export of SOURCE into a postmortem.

    Shows the change as a diff of the file; without --dry-run writes it (atomically), keeping
    every other line and comment. Key times are suggested, never overwritten.

    Exit 0: imported, or nothing new; 2: invalid export or target.
    """
    from commsgen.importers.plan import plan, stamp, write
    from commsgen.config import load_config

    from commsgen.errors import UserError
    from commsgen.importers.plan import parse_when

    for value, hint in ((since, "--since"), (until, "--until")):
        try:
            parse_when(value, None, hint)
        except UserError as e:
            raise click.BadParameter(e.problems[0].message, param_hint=hint) from None
    config = load_config(ctx.ensure_object(dict).get("config_path"))
    res = plan(
        source,
        file_or_dir,
        into,
        since=since,
        until=until,
        take_all=take_all,
        service_label=service_label,
        config=config,
    )
    if not dry_run:
        write(res)
    if fmt == "json":
        click.echo(json.dumps(res.as_json(), indent=2, ensure_ascii=False))
        ctx.exit(EXIT_OK)
    click.echo(res.diff(), nl=False)
    n = len(res.events)
    say = f"{source}: {_new_items(res.events)}"
    if res.already:
        say += f" ({res.already} already in the file)"
    if n == 0:
        say += "; nothing to add"
    elif dry_run:
        say += f"; dry run: {into} not written"
    else:
        say += f"; wrote {into}"
    click.echo(say, err=True)
    tips = ", ".join(f"{k} {stamp(v)}" for k, v in res.suggested.items() if v)
    if tips:
        click.echo(f"suggested times: {tips}", err=True)
    for w in res.warnings:
        click.echo(f"warning: {w}", err=True)
    ctx.exit(EXIT_OK)


def _new_items(events: list[Any]) -> str:
    """``3 new events``, ``2 new status-page updates``, or both."""
    updates = sum(1 for e in events if e.target != "timeline")
    parts = []
    if len(events) - updates or not updates:
        parts.append(_plural(len(events) - updates, "new event"))
    if updates:
        parts.append(_plural(updates, "new status-page update"))
    return " and ".join(parts)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def new_from(ctx: click.Context, sources: list[str], output: str | None, force: bool) -> None:
    """``commsgen new --from SOURCE:PATH ...``: the skeleton pre-filled from exports."""
    from commsgen.config import load_config
    from commsgen.importers.draft import draft_text
    from commsgen.skeleton import write_skeleton

    from commsgen.errors import UserError
    from commsgen.importers.draft import split_spec

    for spec in sources:
        try:
            split_spec(spec)
        except UserError as e:
            raise click.BadParameter(e.problems[0].message, param_hint="--from") from None
    config = load_config(ctx.ensure_object(dict).get("config_path"))
    text, warnings = draft_text(sources, config=config)
    for w in warnings:
        click.echo(f"warning: {w}", err=True)
    if output is None:
        click.echo(text, nl=False)
        return
    path = write_skeleton(output, force=force, text=text)
    click.echo(
        f"wrote {path}, pre-filled from {_plural(len(sources), 'export')}: check each commented guess and "
        f"write what says TODO, then run: commsgen check {path}",
        err=True,
    )
