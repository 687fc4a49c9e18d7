"""``strukturer info``, ``templates`` and ``doctor``."""

from __future__ import annotations

from pathlib import Path

import click

from strukturer._resources import find_project
from strukturer.cli._app import ExitCode


@click.command("info")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def info_command(files: tuple[Path, ...]) -> None:
    """Show the provenance stamped into DOCX or PDF deliverables."""
    from strukturer.provenance import read_provenance

    found = [(path, read_provenance(path)) for path in files]
    for path, stamp in found:
        if len(files) > 1:
            click.echo(f"{path}:")
        if not stamp:
            click.echo("  (no provenance: not built by strukturer)")
        for key, value in sorted(stamp.items()):
            click.echo(f"{key}: {value}" if len(files) == 1 else f"  {key}: {value}")


@click.command("templates")
@click.argument("project", required=False, type=click.Path(path_type=Path))
def templates_command(project: Path | None) -> None:
    """List the templates: name, version and the model each renders. With PROJECT (default:
    the project of the current folder, if any) its own templates too."""
    from strukturer.content import load_project
    from strukturer.errors import Diagnostics
    from strukturer.render.template_library import TemplateLibrary

    project = project or find_project(Path.cwd())
    folders = load_project(project, diagnostics=Diagnostics()).template_dirs if project else ()
    for item in TemplateLibrary(folders).versions():
        click.echo(f"{item.name}\t{item.version}\t{item.renders}\t{item.description}")


@click.command("doctor")
def doctor_command() -> None:
    """Report the PDF engine, its version, the templates' fonts and Swedish dictionaries.

    Exit code 3 when something is missing.
    """
    from strukturer.pdf.prerequisites import doctor
    from strukturer.render.template_library import TemplateLibrary

    fonts = sorted({font for t in TemplateLibrary().versions() for font in t.fonts})
    report = doctor(fonts)
    click.echo(str(report))
    if not report.ok:
        raise SystemExit(ExitCode.ENVIRONMENT)
