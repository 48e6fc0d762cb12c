"""What every command of the command line shares through click's context: the configuration,
read once per run from ``--config`` (before or after the subcommand's name), ``$COMMSGEN_CONFIG``
or the nearest ``commsgen.toml``. Its own module so that the commands kept in their own modules
(``cli_kb``, ``cli_review``, ``cli_import``) use it without importing ``commsgen.cli``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from commsgen.config import Config


def config_after(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """The callback of ``--config`` given after a subcommand's name."""
    if value is None:
        return
    obj = ctx.ensure_object(dict)
    before = obj.get("config_path")
    if before is not None and before != value:
        raise click.UsageError(f"--config is given twice ({before} and {value}); give it once")
    obj["config_path"] = value
    obj.pop("config", None)


def config_of(ctx: click.Context) -> Config:
    """The run's configuration (validated once, then reused by every step of the command)."""
    from commsgen.config import load_config

    obj = ctx.ensure_object(dict)
    if "config" not in obj:
        obj["config"] = load_config(obj.get("config_path"))
    return obj["config"]
