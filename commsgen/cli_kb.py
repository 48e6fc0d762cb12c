"""Knowledge-base commands: ``index``, ``search``, ``similar``, ``review``. They parse arguments,
call ``commsgen.kb`` and print; registered on the main group by ``register``.

Every command finds ``.commsgen/index.sqlite`` in the working directory or its nearest parent,
or takes ``--index PATH``; ``index`` creates it in the working directory when there is none.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from commsgen.errors import EXIT_BLOCKED, EXIT_OK

INDEX_HELP = "The index file (default: .commsgen/index.sqlite here or in the nearest parent folder)."


def _open(index: str | None):
    from commsgen.kb import store

    return store.connect(store.require(index))


def _date(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=flag) from None


def _bold(s: str) -> str:
    return click.style(s, bold=True) if sys.stdout.isatty() else s


# ------------------------------------------------------------------------------------ index
@click.command("index")
@click.argument("paths", nargs=-1)
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option(
    "--only",
    is_flag=True,
    help="PATHS are files that changed (added, edited or deleted): re-index just them; no other file is "
    "looked at and the index's PATHs stay as they are.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: cores).")
@click.option("--index", "index_path", type=click.Path(dir_okay=False), default=None, help=INDEX_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def index_cmd(
    paths: tuple[str, ...], rebuild: bool, only: bool, jobs: int | None, index_path: str | None, fmt: str
) -> None:
    """Build or update the knowledge-base index of postmortems (files, folders, globs).

    Incremental: only added, changed and removed files are (re)indexed. Invalid files are listed
    and never stop the index. Exit 0 (invalid files included).
    """
    from commsgen.kb import index, store

    where = store.find(index_path) or Path.cwd() / store.DIR / store.NAME
    if only and (rebuild or not paths):
        raise click.UsageError("--only needs the files that changed as PATHS, and no --rebuild")
    if only:
        rep = index.update(list(paths), where, jobs=jobs)
    else:
        rep = index.run(list(paths), where, rebuild=rebuild, jobs=jobs)
    if fmt == "json":
        click.echo(json.dumps(rep.public(), indent=2))
        return
    if rep.fallback_note:
        click.echo(f"note: {rep.fallback_note}", err=True)
    for label, items in (("added", rep.added), ("changed", rep.changed), ("removed", rep.removed)):
        for f in items:
            click.echo(f"{label:8} {f}")
    for p in rep.invalid:
        where_ = ", ".join(
            x for x in (p["file"], p["line"] and f"line {p['line']}", p["field"] and f"field `{p['field']}`") if x
        )
        click.echo(f"invalid  {where_}: {p['message']}")
    click.echo(
        f"{rep.index}: {rep.total} postmortem(s); {len(rep.added)} added, {len(rep.changed)} changed, "
        f"{len(rep.removed)} removed, {len(rep.invalid)} invalid, {rep.unchanged} unchanged"
    )


# ------------------------------------------------------------------------------------ search
@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--service", default=None, help="Only incidents that affected this service id.")
@click.option(
    "--severity", type=click.Choice(["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"], case_sensitive=False), default=None
)
@click.option("--since", default=None, help="Only incidents that started on or after this date (YYYY-MM-DD).")
@click.option("--tag", default=None, help="Only incidents with this tag.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--index", "index_path", type=click.Path(dir_okay=False), default=None, help=INDEX_HELP)
def search_cmd(query, service, severity, since, tag, limit, fmt, index_path) -> None:
    """Search past postmortems; ranked hits with highlighted snippets (secrets masked).

    Every word of QUERY must occur. Exit 0 with hits, 1 with none.
    """
    from commsgen.kb import search

    con = _open(index_path)
    filters = search.Filters(service=service, severity=severity, since=_date(since, "--since"), tag=tag)
    mark = ("\x1b[1m", "\x1b[0m") if fmt == "text" and sys.stdout.isatty() else ("**", "**")
    hits = search.search(con, " ".join(query), filters, limit=limit, mark=mark)
    if fmt == "json":
        click.echo(search.to_json(hits))
    else:
        for i, h in enumerate(hits, 1):
            click.echo(f"{i:2}. {_bold(h['id'])}  {h['severity']}  {(h['started'] or '')[:10]}  {h['title']}")
            click.echo(f"    {h['file']}  score {h['score']:.2f}")
            click.echo(f"    {h['snippet']}")
        if not hits:
            click.echo("no postmortem matches every word of the query", err=True)
    click.get_current_context().exit(EXIT_OK if hits else EXIT_BLOCKED)


# ------------------------------------------------------------------------------------ similar
@click.command("similar")
@click.argument("target")
@click.option("-k", type=click.IntRange(min=1), default=5, show_default=True, help="How many incidents.")
@click.option("--all", "every", is_flag=True, help="Also incidents that started after this one.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--index", "index_path", type=click.Path(dir_okay=False), default=None, help=INDEX_HELP)
def similar_cmd(target: str, k: int, every: bool, fmt: str, index_path: str | None) -> None:
    """Past incidents like TARGET (a postmortem file, or the id of an indexed one), each with why
    it matches, how it was resolved and whether its prevent actions were done. Exit 0.
    """
    from commsgen.kb import similar

    con = _open(index_path)
    query, results = similar.similar(con, target, k, every=every)
    if fmt == "json":
        click.echo(similar.to_json(results, query))
        return
    if not results:
        click.echo(f"nothing similar to {query['id']} in the index")
    for i, r in enumerate(results, 1):
        w = r["why"]
        click.echo(f"{i}. {_bold(r['id'])}  {r['severity']}  {(r['started'] or '')[:10]}  {r['title']}")
        click.echo(f"   {r['file']}  score {r['score']:.2f}")
        reasons = [
            f"services: {', '.join(w['services'])}" if w["services"] else "",
            f"tags: {', '.join(w['tags'])}" if w["tags"] else "",
            f"trigger: {w['trigger_kind']}" if w["trigger_kind"] else "",
            f"linked as {w['related']}" if w["related"] else "",
            f"words: {', '.join(w['terms'])}" if w["terms"] else "",
        ]
        click.echo("   why: " + ("; ".join(x for x in reasons if x) or "text only"))
        if r["resolution"]:
            res = " ".join(r["resolution"].split())
            click.echo(f"   resolved by: {res[:200] + '…' if len(res) > 200 else res}")
        for a in r["prevent_actions"]:
            flag = " (overdue)" if a["overdue"] else ""
            click.echo(f"   prevent: [{a['status']}{flag}] {a['title']}")
        if similar.fix_never_done(r):
            click.echo("   seen before, and the fix was never done")


def register(group: click.Group) -> None:
    from commsgen.cli_review import review_cmd

    for cmd in (index_cmd, search_cmd, similar_cmd, review_cmd):
        group.add_command(cmd)
