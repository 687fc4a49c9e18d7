"""``strukturer build``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from strukturer.cli._app import (
    Failure,
    UsageFailure,
    engine_option,
    example_option,
    jobs_option,
    out_folder,
    out_option,
    quiet_option,
    report_warnings,
    resolve_project,
    strict_option,
    warn,
)
from strukturer.cli._progress import progress_display

if TYPE_CHECKING:
    from strukturer.model import Project
    from strukturer.pdf.converter import Converter


@click.command("build")
@click.argument("project", required=False, type=click.Path(path_type=Path))
@example_option
@out_option("Folder for the deliverables; each project gets a subfolder.")
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Build only this deliverable (repeat, or separate with commas).",
)
@click.option(
    "--to",
    "formats",
    default=None,
    metavar="docx,pdf",
    help="Comma-separated file types to write: docx, pdf.  [default: docx,pdf]",
)
@click.option("--format", "old_formats", default=None, hidden=True)  # deprecated: --to
@jobs_option
@engine_option
@click.option("--no-check", is_flag=True, help="Skip `strukturer check` before building.")
@click.option("--force", is_flag=True, help="Rebuild every deliverable, changed or not.")
@strict_option
@quiet_option
def build_command(
    *,
    project: Path | None,
    example: bool,
    out: Path | None,
    only: tuple[str, ...],
    formats: str | None,
    old_formats: str | None,
    jobs: int,
    engine: str | None,
    no_check: bool,
    force: bool,
    strict: bool,
    quiet: bool,
) -> None:
    """Build the deliverables of PROJECT (default: the project of the current folder).

    Prints the files written, one per line.
    """
    if old_formats is not None:
        if formats is not None:
            raise UsageFailure("--format is the old name of --to; give only --to")
        warn("build --format is deprecated; use --to (--format is check's report format)")
        formats = old_formats
    wanted = [f.strip() for f in (formats or "docx,pdf").split(",") if f.strip()]
    path = resolve_project(project, example, "build")
    out = out_folder(out, project, example, path)
    from strukturer.clock import source_date_epoch
    from strukturer.unchanged import unchanged_build

    epoch = source_date_epoch()
    # The options the fingerprint is taken with are those the build records (check: the
    # command's, also with --strict, which checks before the build).
    options = (path, out, only or None, wanted, not no_check)
    answer = None if force else unchanged_build(*options, fingerprint=True, epoch=epoch)
    last = answer[0] if answer is not None else None
    if last is not None and not last.failures and not (strict and last.warnings):
        _print_files(last.files, last.warnings, quiet=quiet)
        return  # nothing changed: nothing loaded, no LibreOffice (docs/performance.md)
    engines = open_engines(wanted, jobs, engine)
    try:
        from strukturer.builder import LoadedProject, build
        from strukturer.content.loader import load_with_sources
        from strukturer.errors import Diagnostics

        # After a forced start of LibreOffice, while it boots.
        inputs = (answer or unchanged_build(*options, fingerprint=True, epoch=epoch))[1]
        loading = Diagnostics()
        loaded, sources = load_with_sources(path, diagnostics=loading)
        if strict:
            report_warnings(loading.warnings, strict=True, quiet=quiet)
        if strict and not no_check:
            _check_strictly(loaded, quiet=quiet)
        if engines is not None and loaded.engine:  # the project names remote unoservers
            engines.close()
            engines = None
        with progress_display(quiet=quiet) as on_progress:
            result = build(
                LoadedProject(loaded, sources, inputs, tuple(loading.warnings)),
                out=out,
                only=only or None,
                formats=wanted,
                jobs=jobs,
                check=not no_check and not strict,  # strict: checked above
                engine=engine or engines,
                progress=on_progress,
                source_date_epoch=epoch,
                force=force,
            )
    finally:
        if engines is not None:
            engines.close()
    _print_files(result.files, result.warnings, quiet=quiet)
    if result.failures:
        for failure in result.failures:
            warn(f"record failed: {failure}")
        raise Failure(
            f"{len(result.failures)} record(s) could not be built; the others were written"
        )


def _print_files(files: Sequence[Path], warnings: Sequence[str], *, quiet: bool) -> None:
    """A build's warnings, then its files, one per line."""
    report_warnings(warnings, strict=False, quiet=quiet)
    for file in files:
        click.echo(str(file))


def _check_strictly(project: Project, *, quiet: bool) -> None:
    """`strukturer check` before the build, where a warning stops it as an error would."""
    from strukturer.check import Severity, format_human
    from strukturer.check.project_check import check_project
    from strukturer.errors import CheckError

    report = check_project(project)
    if report.errors:
        raise CheckError(
            f"strukturer check found {report.errors} error(s):\n" + format_human(report).rstrip()
        )
    found = [str(d) for d in report.diagnostics if d.severity is Severity.WARNING]
    report_warnings(found, strict=True, quiet=quiet)


def open_engines(formats: list[str], jobs: int, engine: str | None) -> Converter | None:
    """Local LibreOffice booting in the background from the first moment, when PDFs are
    wanted and no remote unoservers are named; its start is most of a cold build's time.
    Remote unoservers are left to the build, which reports an unreachable one."""
    from strukturer.pdf.converter import ENGINE_ENV, open_converter

    if "pdf" not in formats or engine or os.environ.get(ENGINE_ENV, "").strip():
        return None
    return open_converter(jobs=jobs)
