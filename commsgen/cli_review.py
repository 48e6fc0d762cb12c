import click


@click.command("review")
def review_cmd() -> None:
    """(placeholder)"""
