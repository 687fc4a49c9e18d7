"""Building a project's deliverables into ``dist/<project>/``.

The build is all or nothing: every file is written into a staging folder beside the
outputs and moved into place only when all deliverables succeeded, so a failed
build leaves earlier outputs intact and no partial files.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from strukturer.content import load_project
from strukturer.errors import CheckError, StrukturerError
from strukturer.incremental import IncrementalBuild
from strukturer.model import Deliverable, Project
from strukturer.provenance import project_provenance
from strukturer.render.templates import library_for
from strukturer.render.writer import DocxWriter, Writer, publish
from strukturer.unchanged import unchanged_build

if TYPE_CHECKING:
    from strukturer.pdf.pool import EnginePool
    from strukturer.pdf.remote import RemoteEngine

FORMATS = ("docx", "pdf")


@attrs.frozen
class Progress:
    """A step of a build, for a progress display."""

    step: str
    deliverable: str
    done: int
    total: int


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build produced, and the warnings `strukturer check` gave before it."""

    project: str
    out_dir: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()
    #: Records of per-record deliverables that could not be built, each with its row.
    failures: tuple[str, ...] = ()


ProgressCallback = Callable[[Progress], None]


def build(
    project: Project | str | Path | None = None,
    *,
    out: str | Path = "dist",
    only: str | Iterable[str] | None = None,
    formats: Sequence[str] = FORMATS,
    jobs: int = 1,
    check: bool = True,
    engine: EnginePool | RemoteEngine | str | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the project's deliverables into ``out/<project name>/``.

    ``project`` is a :class:`Project`, a path to a project, or None for the built-in
    default project; ``only`` names the deliverables to build (default: all);
    ``formats`` are ``docx`` and/or ``pdf``; ``jobs`` is the number of LibreOffice
    engines that convert PDFs in parallel. With ``check`` (the default) the project's
    content files are checked first (`strukturer check`): errors stop the build,
    warnings are returned in the result. ``engine`` is a running engine pool or
    remote engine to convert with, or remote unoservers as ``"host:port,host:port"``;
    by default the project's ``engine``, then ``STRUKTURER_ENGINE``, else local engines
    started and stopped for this build. Deliverables whose inputs did not change since
    the last build into ``out`` are kept as they are; ``force`` rebuilds them all.
    """
    inputs = None  # gives a fingerprint of the input files, when the project is read from them
    if not isinstance(project, Project):
        unchanged, inputs = unchanged_build(project, out, only, formats, check, fingerprint=True)
        if unchanged is not None and not force:  # nothing changed: no load, check or engine
            return BuildResult(**attrs.asdict(unchanged, recurse=False))
        project = load_project(project)
    selected = select_deliverables(project, only)
    writers = _writers(formats, jobs, engine if engine is not None else project.engine)
    library = library_for(project.template_dirs)
    stamp = project_provenance(project)
    out_dir = Path(out).resolve() / project.name  # LibreOffice needs absolute paths
    plan = IncrementalBuild(out_dir, formats, force=force, inputs=inputs)
    work = [
        plan.job(project, d, library.get(d.template, d.version), stamp)
        for d in selected
        if not d.per_record
    ]
    todo = plan.todo(work)

    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        written: list[Path] = []
        total = len(todo) * len(writers)
        done = 0
        for writer in writers:  # the PDF writer starts LibreOffice now, in the background
            writer.prepare(staging, todo)
        try:
            for job in todo:
                for writer in writers:  # DOCX first; the PDF writer converts it meanwhile
                    if progress:
                        progress(Progress(writer.format, job.deliverable.name, done, total))
                    written += writer.write(job)
                    done += 1
        except StrukturerError:
            if check:  # what the check finds explains a failed render best
                _check(project)
            raise
        # The check runs while LibreOffice converts; nothing is published if it fails.
        warnings = _check(project) if check else ()
        for writer in writers:
            written += writer.finish()
        written += plan.combined(work, staging)
        if progress:
            progress(Progress("done", "", total, total))
        final = [publish(path, out_dir) for path in written] + plan.kept
    finally:
        for writer in writers:
            writer.close()
        shutil.rmtree(staging, ignore_errors=True)
    failures: list[str] = []
    for deliverable in (d for d in selected if d.per_record):
        from strukturer.merge import build_records  # noqa: PLC0415 - merge imports build's peers

        template = library.get(deliverable.template, deliverable.version)
        merged = plan.kept_records(project, deliverable, template, stamp) or build_records(
            project,
            deliverable,
            out_dir=out_dir,
            formats=formats,
            jobs=jobs,
            provenance=plan.records_stamp(deliverable),
            engine=engine if engine is not None else project.engine,
            progress=(
                functools.partial(_record_progress, progress, deliverable.name)
                if progress
                else None
            ),
        )
        final += merged.files
        failures += merged.failures
        plan.records_built(deliverable, merged)
    plan.save(final, warnings, failures)
    return BuildResult(
        project=project.name,
        out_dir=out_dir,
        files=tuple(final),
        warnings=warnings,
        failures=tuple(failures),
    )


def _record_progress(
    progress: ProgressCallback, deliverable: str, step: str, done: int, total: int
) -> None:
    progress(Progress(step, deliverable, done, total))


def _check(project: Project) -> tuple[str, ...]:
    """Run `strukturer check` on the project's files; raise CheckError on errors."""
    if project.source is None:  # built from objects: there are no files to check
        return ()
    from strukturer.check import Severity, format_human  # noqa: PLC0415 - loads hunspell data
    from strukturer.check.project import check_project  # noqa: PLC0415

    report = check_project(project)
    if report.errors:
        raise CheckError(
            f"strukturer check found {report.errors} error(s); fix them or build with "
            "--no-check:\n" + format_human(report).rstrip()
        )
    return tuple(str(d) for d in report.diagnostics if d.severity is Severity.WARNING)


def select_deliverables(project: Project, only: str | Iterable[str] | None) -> list[Deliverable]:
    """The deliverables named by ``only`` (all when None), in project order."""
    if only is None:
        return list(project.deliverables)
    names = [only] if isinstance(only, str) else list(only)
    names = [n.strip() for name in names for n in name.split(",") if n.strip()]
    known = [d.name for d in project.deliverables]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise StrukturerError(
            f"no deliverable named {', '.join(repr(n) for n in unknown)} in project "
            f"{project.name!r}; it has: {', '.join(known)}"
        )
    return [d for d in project.deliverables if d.name in names]


def _writers(
    formats: Sequence[str], jobs: int, engine: EnginePool | RemoteEngine | str | None
) -> list[Writer]:
    from strukturer.pdf.writer import PdfWriter  # noqa: PLC0415 - starts nothing until used

    factories: dict[str, Callable[[], Writer]] = {
        "docx": DocxWriter,
        "pdf": lambda: (
            PdfWriter(jobs=jobs, endpoints=engine)
            if isinstance(engine, str)
            else PdfWriter(jobs=jobs, engine=engine)
        ),
    }
    unknown = [f for f in formats if f not in factories]
    if unknown or not formats:
        raise StrukturerError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(factories)}"
        )
    ordered = [f for f in factories if f in formats]  # DOCX first: PDFs convert it
    return [factories[f]() for f in ordered]
