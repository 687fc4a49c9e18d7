"""The command line: a thin shell over the Python API.

Each command imports what it needs when it runs, so that ``strukturer build`` can start
LibreOffice before the rest of strukturer has loaded (docs/performance.md). Exit codes
and conventions: docs/cli.md.
"""

from __future__ import annotations

import os
from typing import Any

import click

from strukturer import __version__
from strukturer.cli._app import TRACEBACK_ENV, ExitCode, failure_for

__all__ = ["ExitCode", "main"]


class _Cli(click.Group):
    """The command group; maps every escaping exception to its exit code (docs/cli.md)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if os.environ.get(TRACEBACK_ENV) == "1":
                raise
            raise failure_for(exc) from exc


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strukturer")
def main() -> None:
    """Build Swedish government deliverables from content and Word templates.

    Inside a project folder (one with strukturer.toml, or below it) the commands work on
    that project; `strukturer new` starts one.
    """
    from strukturer._signals import stop_on_signals

    stop_on_signals()  # SIGTERM and SIGHUP clean up like Ctrl-C


def _register() -> None:
    from strukturer.cli import _build, _check, _info, _new, _preview, _release

    for command in (
        _new.new_command,
        _build.build_command,
        _check.check_command,
        _preview.preview_command,
        _release.release_command,
        _info.info_command,
        _info.templates_command,
        _info.doctor_command,
    ):
        main.add_command(command)


_register()
