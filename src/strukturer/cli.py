"""The command line: a thin shell over the Python API.

Each command imports what it needs when it runs, so that ``strukturer build`` can start
LibreOffice before the rest of strukturer has loaded (docs/performance.md).
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape

from strukturer import __version__
from strukturer.errors import StrukturerError

if TYPE_CHECKING:
    from strukturer.builder import BuildResult
    from strukturer.builder import Progress as BuildProgress
    from strukturer.pdf.pool import EnginePool
    from strukturer.unchanged import Unchanged

_err = Console(stderr=True, highlight=False)


class UserError(click.ClickException):
    """A strukturer error shown as one clean message, exit code 1."""

    def show(self, file: object = None) -> None:
        _err.print(f"[bold red]error:[/] {escape(self.message)}", soft_wrap=True)


@contextmanager
def _user_errors() -> Iterator[None]:
    from strukturer.content import ContentWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ContentWarning)
        try:
            yield
        except StrukturerError as exc:
            raise UserError(str(exc)) from exc
        finally:
            for warning in caught:
                if isinstance(warning.message, ContentWarning):
                    _err.print(
                        f"[yellow]warning:[/] {escape(str(warning.message))}", soft_wrap=True
                    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strukturer")
def main() -> None:
    """Build Swedish government deliverables from content and Word templates."""


@main.command("build")
@click.argument("project", required=False, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Folder for the deliverables; each project gets a subfolder.",
)
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Build only this deliverable (repeat, or separate with commas).",
)
@click.option(
    "--format",
    "formats",
    default="docx,pdf",
    show_default=True,
    help="Comma-separated output formats: docx, pdf.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="LibreOffice engines converting PDFs in parallel.",
)
@click.option(
    "--engine",
    metavar="HOST:PORT,...",
    help="Convert with running unoserver instances instead of local LibreOffice "
    "(also STRUKTURER_ENGINE, or 'engine' in the project file).",
)
@click.option("--no-check", is_flag=True, help="Skip `strukturer check` before building.")
@click.option("--force", is_flag=True, help="Rebuild every deliverable, changed or not.")
def build_command(
    *,
    project: Path | None,
    out: Path,
    only: tuple[str, ...],
    formats: str,
    jobs: int,
    engine: str | None,
    no_check: bool,
    force: bool,
) -> None:
    """Build PROJECT's deliverables (default: the built-in example project)."""
    from strukturer.unchanged import unchanged_build

    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    # Nothing changed since the last build into --out: its result, without starting anything.
    result: Unchanged | BuildResult | None = None
    if not force:
        result = unchanged_build(project, out, only or None, wanted, not no_check)[0]
    if result is None:
        result = _build(
            project,
            out,
            only=only,
            wanted=wanted,
            jobs=jobs,
            engine=engine,
            check=not no_check,
            force=force,
        )
    for warning in result.warnings:
        _err.print(f"[yellow]warning:[/] {escape(warning)}", soft_wrap=True)
    for path in result.files:
        click.echo(str(path))
    if result.failures:
        for failure in result.failures:
            _err.print(f"[red]record failed:[/] {escape(failure)}", soft_wrap=True)
        raise UserError(
            f"{len(result.failures)} record(s) could not be built; the others were written"
        )


def _build(
    project: Path | None,
    out: Path,
    *,
    only: tuple[str, ...],
    wanted: list[str],
    jobs: int,
    engine: str | None,
    check: bool,
    force: bool,
) -> BuildResult:
    engines = _start_local_engines(wanted, jobs, engine)
    try:
        from strukturer.builder import build
        from strukturer.content import load_project

        with _user_errors(), _progress_display() as on_progress:
            loaded = load_project(project)
            if engines is not None and loaded.engine:  # the project names remote unoservers
                engines.close()
                engines = None
            result = build(
                project,
                out=out,
                only=only or None,
                formats=wanted,
                jobs=jobs,
                check=check,
                engine=engine or engines,
                progress=on_progress,
                force=force,
            )
    finally:
        if engines is not None:
            engines.close()
    return result


def _start_local_engines(formats: list[str], jobs: int, engine: str | None) -> EnginePool | None:
    """LibreOffice booting in the background from the first moment, when PDFs are wanted
    and no remote unoservers are named; its start is most of a cold build's time."""
    from strukturer.pdf.engine import ENGINE_ENV
    from strukturer.pdf.pool import EnginePool

    if "pdf" not in formats or engine or os.environ.get(ENGINE_ENV, "").strip():
        return None
    return EnginePool(jobs=jobs, wait=False)


@contextmanager
def _progress_display() -> Iterator[Callable[[BuildProgress], None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_err,
        transient=True,
        disable=not _err.is_terminal,
    )
    task = bar.add_task("building", total=None)

    def on_progress(event: BuildProgress) -> None:
        label = f"{event.step} {event.deliverable}".strip()
        bar.update(task, description=label, completed=event.done, total=event.total)

    with bar:
        yield on_progress


@main.command("check")
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="human: file:line:col lines; json: for CI.",
)
def check_command(targets: tuple[Path, ...], output: str) -> None:
    """Check a project (default: the built-in one) or text and Markdown FILES.

    Exit code 1 when errors are found, 0 otherwise.
    """
    from strukturer.check import (
        CheckConfig,
        check_files,
        format_human,
        format_json,
    )
    from strukturer.check.project import check_project

    with _user_errors():
        files = [t for t in targets if t.is_file() and t.suffix != ".toml"]
        projects = [t for t in targets if t not in files]
        if files and projects:
            raise StrukturerError("give either one project or text files, not both")
        if len(projects) > 1:
            raise StrukturerError("give one project at a time")
        if files:
            report = check_files(files, CheckConfig())
        else:
            report = check_project(projects[0] if projects else None)
    click.echo(format_json(report) if output == "json" else format_human(report), nl=False)
    raise SystemExit(report.exit_code)


@main.command("info")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def info_command(files: tuple[Path, ...]) -> None:
    """Show the provenance stamped into DOCX or PDF deliverables."""
    from strukturer.provenance import read_provenance

    with _user_errors():
        found = [(path, read_provenance(path)) for path in files]
    for path, stamp in found:
        if len(files) > 1:
            click.echo(f"{path}:")
        if not stamp:
            click.echo("  (no provenance: not built by strukturer)")
        for key, value in sorted(stamp.items()):
            click.echo(f"{key}: {value}" if len(files) == 1 else f"  {key}: {value}")


@main.command("templates")
@click.argument("project", required=False, type=click.Path(path_type=Path))
def templates_command(project: Path | None) -> None:
    """List the templates: name, version and the model each renders."""
    from strukturer.content import load_project
    from strukturer.render.templates import TemplateLibrary

    with _user_errors():
        folders = load_project(project).template_dirs if project else ()
        versions = TemplateLibrary(folders).versions()
    for item in versions:
        click.echo(f"{item.name}\t{item.version}\t{item.renders}\t{item.description}")


@main.command("doctor")
def doctor_command() -> None:
    """Report the PDF engine, its version, the templates' fonts and Swedish dictionaries."""
    from strukturer.pdf.health import doctor
    from strukturer.render.templates import TemplateLibrary

    with _user_errors():
        fonts = sorted({font for t in TemplateLibrary().versions() for font in t.fonts})
        report = doctor(fonts)
    click.echo(str(report))
    if not report.ok:
        raise SystemExit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
