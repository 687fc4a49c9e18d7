"""``strukturer check``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from strukturer.cli._app import (
    ExitCode,
    UsageFailure,
    example_option,
    quiet_option,
    resolve_project,
    shown_path,
    strict_option,
)

if TYPE_CHECKING:
    from strukturer.check import CheckReport


@click.command("check")
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@example_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="human: file:line:col lines; json: for CI (schema: docs/cli.md).",
)
@strict_option
@quiet_option
def check_command(
    targets: tuple[Path, ...], example: bool, output: str, strict: bool, quiet: bool
) -> None:
    """Check a project (default: the project of the current folder) or text and Markdown
    FILES.

    Exit code 1 when errors are found (or, with --strict, warnings), 0 otherwise.
    """
    import attrs

    from strukturer.check import CheckConfig, Severity, check_files, format_human, format_json
    from strukturer.check.project_check import check_project

    files = [t for t in targets if t.is_file() and t.suffix != ".toml"]
    projects = [t for t in targets if t not in files]
    if files and (projects or example):
        raise UsageFailure("give either one project or text files, not both")
    if len(projects) > 1:
        raise UsageFailure("give one project at a time")
    if files:
        report = check_files(files, CheckConfig())
    else:
        project = resolve_project(projects[0] if projects else None, example, "check")
        report = check_project(project)
        report = attrs.evolve(
            report,
            diagnostics=[attrs.evolve(d, file=shown_path(d.file)) for d in report.diagnostics],
        )
    if output == "json":
        click.echo(format_json(report))
    elif quiet:
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
        click.echo("".join(f"{d}\n" for d in errors), nl=False)
    else:
        click.echo(format_human(report), nl=False)
    raise SystemExit(_exit_code(report, strict=strict))


def _exit_code(report: CheckReport, *, strict: bool) -> int:
    failed = report.errors or (strict and report.warnings)
    return int(ExitCode.ERRORS if failed else ExitCode.OK)
