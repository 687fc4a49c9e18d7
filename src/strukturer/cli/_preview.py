"""``strukturer preview``."""

from __future__ import annotations

import click


@click.command("preview")
def preview_command() -> None:
    """Preview (not yet)."""
