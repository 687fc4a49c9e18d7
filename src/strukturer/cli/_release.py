"""``strukturer release``: the release bundle (docs/release.md)."""

from __future__ import annotations

from pathlib import Path

import click

from strukturer.cli._app import (
    engine_option,
    example_option,
    jobs_option,
    out_folder,
    out_option,
    quiet_option,
    report_warnings,
    resolve_project,
    strict_option,
)

NOT_REPRODUCIBLE = (
    "SOURCE_DATE_EPOCH is unset and this is not a git checkout: "
    "the release is stamped with the current time and is not reproducible"
)


@click.command("release")
@click.argument("projects", nargs=-1, type=click.Path(path_type=Path))
@example_option
@out_option("The bundle folder; it must hold nothing but an earlier release.")
@jobs_option
@engine_option
@strict_option
@quiet_option
def release_command(
    *,
    projects: tuple[Path, ...],
    example: bool,
    out: Path | None,
    jobs: int,
    engine: str | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Build every deliverable (DOCX and PDF) of PROJECTS (default: the project of the
    current folder) into one bundle with SHA256SUMS, manifest.json and release.tar.gz.

    SOURCE_DATE_EPOCH defaults to the time of the git HEAD commit. Prints the checksums.
    """
    from strukturer.release import make_release

    chosen: list[Path] = [resolve_project(p, example, "release") for p in projects] or [
        resolve_project(None, example, "release")
    ]
    out = out_folder(out, projects[0] if projects else None, example, chosen[0])
    manifest = make_release(chosen, out=out, jobs=jobs, engine=engine)
    found = [text for p in manifest.projects for text in p.warnings]
    if manifest.source_date_epoch is None:
        found.append(NOT_REPRODUCIBLE)
    report_warnings(found, strict=strict, quiet=quiet)
    click.echo(
        f"release in {manifest.out_dir} (SOURCE_DATE_EPOCH={manifest.source_date_epoch}; "
        f"all of it in {manifest.archive_path.name}):"
    )
    click.echo(manifest.sums_path.read_text(encoding="utf-8"), nl=False)
