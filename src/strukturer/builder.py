"""Building a project's deliverables into ``dist/<project>/``.

The build is all or nothing: every file, per-record deliverables included, is written
into a staging folder inside the output folder (:class:`strukturer.outputs.Staging`)
and published only when every deliverable succeeded and `strukturer check` passed, so
a failed build leaves earlier outputs intact, no partial files and no empty folder.
Nothing process-global is used: the build time and warnings travel as values, so two
builds may run in threads of one process.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import attrs

from strukturer.clock import build_time
from strukturer.clock import source_date_epoch as env_source_date_epoch
from strukturer.content.loader import ProjectSources, load_with_sources
from strukturer.errors import Diagnostics, OutputError, StrukturerError
from strukturer.incremental import IncrementalBuild
from strukturer.model import Deliverable, Project
from strukturer.outputs import Staging, os_reason
from strukturer.preflight import BackgroundCheck, check_inputs
from strukturer.provenance import project_provenance
from strukturer.render.context import pinned_template
from strukturer.render.template_library import TemplateLibrary, library_for
from strukturer.render.writer import DocxWriter, Job, Writer
from strukturer.unchanged import unchanged_build

if TYPE_CHECKING:
    from strukturer.merge import MergeResult
    from strukturer.pdf.converter import Converter

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
    """What a build produced, and its warnings (from `strukturer check` and the build)."""

    project: str
    out_dir: Path
    files: tuple[Path, ...]
    #: Each warning as one line, e.g. ``file:line:col: W1 …`` or a stale output removed.
    warnings: tuple[str, ...] = ()
    #: Records of per-record deliverables that could not be built, each with its row.
    failures: tuple[str, ...] = ()


ProgressCallback = Callable[[Progress], None]


@attrs.frozen
class LoadedProject:
    """A project already read from its files, for :func:`build`, which then neither reads
    them nor fingerprints them again (the command line asks whether anything changed and
    loads the project before it builds).

    ``sources`` are what ``project`` was read from (``load_with_sources``), ``warnings``
    the loading's, and ``inputs`` gives the fingerprint of the input files
    (:func:`strukturer.unchanged.unchanged_build`), computed with the options of the build
    it is handed to.
    """

    project: Project
    sources: ProjectSources
    inputs: Callable[[], str | None]
    warnings: tuple[str, ...] = ()


class _RecordOptions(TypedDict):
    """The build options a per-record deliverable is built with."""

    formats: Sequence[str]
    jobs: int
    engine: Converter | str | None
    progress: ProgressCallback | None
    stop: threading.Event


def build(
    project: Project | LoadedProject | str | Path | None = None,
    *,
    out: str | Path = "dist",
    only: str | Iterable[str] | None = None,
    formats: Sequence[str] = FORMATS,
    jobs: int = 1,
    check: bool = True,
    engine: Converter | str | None = None,
    progress: ProgressCallback | None = None,
    source_date_epoch: int | None = None,
    force: bool = False,
) -> BuildResult:
    """Build the project's deliverables into ``out/<project name>/``.

    ``project`` is a :class:`Project`, a path to a project, a :class:`LoadedProject`, or
    None for the built-in default project; ``only`` names the deliverables to build (default: all);
    ``formats`` are ``docx`` and/or ``pdf``; ``jobs`` is the number of LibreOffice
    engines that convert PDFs in parallel.

    ``check`` (default True) runs `strukturer check` as the CLI does: on the content
    files of a project loaded from files, and on the texts and templates of a project
    made from objects. Its errors stop the build (:class:`CheckError`); its warnings
    are returned in :attr:`BuildResult.warnings`, as are outputs of the other format
    removed because this build made them stale (e.g. ``missiv.pdf`` when only
    ``missiv.docx`` was rebuilt).

    ``engine`` is a running engine pool or remote engine to convert with, or remote
    unoservers as ``"host:port,host:port"``; by default the project's ``engine``, then
    ``STRUKTURER_ENGINE``, else local engines started and stopped for this build.
    ``source_date_epoch`` is the time stamped into every file (seconds since 1970);
    by default ``SOURCE_DATE_EPOCH`` from the environment, else now.

    Deliverables whose inputs did not change since the last build into ``out`` are
    kept as they are (docs/performance.md); ``force`` rebuilds them all.
    """
    epoch = source_date_epoch if source_date_epoch is not None else env_source_date_epoch()
    inputs = None  # gives a fingerprint of the input files, when the project is read from them
    sources = None  # what the project was read from: the check checks those
    diagnostics = Diagnostics()
    if isinstance(project, LoadedProject):
        inputs, sources = project.inputs, project.sources
        diagnostics.warn(*project.warnings)
        project = project.project
    elif not isinstance(project, Project):
        unchanged, inputs = unchanged_build(
            project, out, only, formats, check, fingerprint=True, epoch=epoch
        )
        if unchanged is not None and not force:  # nothing changed: no load, check or engine
            return BuildResult(**attrs.asdict(unchanged, recurse=False))
        project, sources = load_with_sources(project, diagnostics=diagnostics)
    selected = select_deliverables(project, only)
    check_inputs(project, selected)
    built_at = build_time(epoch)
    writers = _writers(formats, jobs, engine if engine is not None else project.engine)
    library = library_for(project.template_dirs)
    stamp = project_provenance(project)
    root = Path(out).absolute()  # LibreOffice needs absolute paths
    plan = IncrementalBuild(root / project.name, formats, force=force, inputs=inputs, epoch=epoch)
    work = [
        plan.job(project, d, pinned_template(library, d), stamp, built_at=built_at)
        for d in selected
        if not d.per_record
    ]
    todo = plan.todo(work)

    with Staging(root / project.name) as staging:
        checking = BackgroundCheck(project, check=check, sources=sources)
        written = _documents(
            writers,
            todo,
            staging,
            combine=functools.partial(plan.combined, work, staging.path),
            checking=checking,
            progress=progress,
        )
        try:
            merges = _per_record(
                project,
                selected,
                plan=plan,
                library=library,
                staging=staging.path,
                stamp=stamp,
                options={
                    "formats": formats,
                    "jobs": jobs,
                    "engine": engine,
                    "progress": progress,
                    "stop": checking.failed,
                },
            )
        except StrukturerError:
            checking.warnings()  # the check's errors stopped the records, or explain them
            raise
        diagnostics.warn(*checking.warnings())
        for _, merged, kept in merges:
            if not kept:
                written += merged.files
        stale = stale_outputs(staging.out_dir, todo, formats)
        final = staging.publish(written, stale=stale) + plan.kept
    failures: list[str] = []
    for deliverable, merged, kept in merges:
        failures += merged.failures
        if kept:
            final += merged.files
        plan.records_built(deliverable, merged if kept else _published(merged, staging))
    diagnostics.warn(
        *(
            f"removed {path}: it was built from earlier content than this build's "
            f"{path.stem} (build the {path.suffix[1:].upper()} too to keep both)"
            for path in stale
        )
    )
    plan.save(final, diagnostics.warnings, failures)
    return BuildResult(
        project=project.name,
        out_dir=staging.out_dir,
        files=tuple(final),
        warnings=tuple(diagnostics.warnings),
        failures=tuple(failures),
    )


def _documents(
    writers: Sequence[Writer],
    todo: list[Job],
    staging: Staging,
    *,
    combine: Callable[[], list[Path]],
    checking: BackgroundCheck,
    progress: ProgressCallback | None,
) -> list[Path]:
    """Write the deliverables that are not per record into ``staging``, then the
    combined PDF (``combine``); the check starts once they are rendered and runs while
    LibreOffice converts them."""
    try:
        written = _write(writers, todo, staging.path, progress)
        checking.start()  # nothing is published if it fails
        for writer in writers:
            written += writer.finish()
        written += combine()
    except StrukturerError:
        checking.warnings()  # what the check finds explains a failed render best
        raise
    except OSError as exc:  # e.g. a full disk while a PDF is finished or combined
        raise OutputError(
            f"cannot write the deliverables into {staging.out_dir}: {os_reason(exc)}"
        ) from exc
    finally:
        for writer in writers:
            writer.close()
    if progress:
        total = len(todo) * len(writers)
        progress(Progress("done", "", total, total))
    return written


def _per_record(
    project: Project,
    selected: Sequence[Deliverable],
    *,
    plan: IncrementalBuild,
    library: TemplateLibrary,
    staging: Path,
    stamp: Mapping[str, str],
    options: _RecordOptions,
) -> list[tuple[Deliverable, MergeResult, bool]]:
    """Each per-record deliverable's result, built into ``staging`` unless its inputs did
    not change (then its published files are kept: the flag says which)."""
    engine, progress = options["engine"], options["progress"]
    results: list[tuple[Deliverable, MergeResult, bool]] = []
    for deliverable in (d for d in selected if d.per_record):
        from strukturer.merge import build_records  # noqa: PLC0415 - only when there are some

        template = pinned_template(library, deliverable)
        kept = plan.kept_records(project, deliverable, template, stamp)
        if kept is not None:
            results.append((deliverable, kept, True))
            continue
        merged = build_records(
            project,
            deliverable,
            out_dir=staging,
            formats=options["formats"],
            jobs=options["jobs"],
            provenance=plan.records_stamp(deliverable),
            engine=engine if engine is not None else project.engine,
            stop=options["stop"],
            progress=(
                functools.partial(_record_progress, progress, deliverable.name)
                if progress
                else None
            ),
        )
        results.append((deliverable, merged, False))
    return results


def _published(merged: MergeResult, staging: Staging) -> MergeResult:
    """``merged`` with its files where publishing moved them."""
    return attrs.evolve(
        merged,
        out_dir=staging.final_path(merged.out_dir),
        files=tuple(staging.final_path(f) for f in merged.files),
    )


def _write(
    writers: Sequence[Writer], work: list[Job], staging: Path, progress: ProgressCallback | None
) -> list[Path]:
    """Run every writer over every job, into ``staging``; return the files written."""
    written: list[Path] = []
    total = len(work) * len(writers)
    done = 0
    for writer in writers:  # the PDF writer starts LibreOffice now, in the background
        writer.prepare(staging, work)
    for job in work:
        for writer in writers:  # DOCX first; the PDF writer converts it meanwhile
            if progress:
                progress(Progress(writer.format, job.deliverable.name, done, total))
            written += writer.write(job)
            done += 1
    return written


def stale_outputs(out_dir: Path, work: Sequence[Job], formats: Sequence[str]) -> list[Path]:
    """Earlier outputs in ``out_dir`` that a build of ``work`` in ``formats`` makes stale.

    A deliverable rebuilt in one format leaves its file in the other format out of
    step; so does the combined PDF when the cover letter or report is rebuilt.
    """
    from strukturer.pdf.writer import COMBINED_NAME  # noqa: PLC0415 - pdf loads on demand

    names = [
        f"{job.deliverable.name}.{fmt}" for job in work for fmt in FORMATS if fmt not in formats
    ]
    if "pdf" not in formats and any(
        job.template.renders in ("cover_letter", "report") for job in work
    ):
        names.append(COMBINED_NAME)
    return [out_dir / name for name in names if (out_dir / name).is_file()]


def _record_progress(
    progress: ProgressCallback, deliverable: str, step: str, done: int, total: int
) -> None:
    progress(Progress(step, deliverable, done, total))


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


def _writers(formats: Sequence[str], jobs: int, engine: Converter | str | None) -> list[Writer]:
    from strukturer.pdf.writer import PdfBuildWriter  # noqa: PLC0415 - starts nothing until used

    factories: dict[str, Callable[[], Writer]] = {
        "docx": DocxWriter,
        "pdf": lambda: PdfBuildWriter(jobs=jobs, engine=engine),
    }
    unknown = [f for f in formats if f not in factories]
    if unknown or not formats:
        raise StrukturerError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(factories)}"
        )
    ordered = [f for f in factories if f in formats]  # DOCX first: PDFs convert it
    return [factories[f]() for f in ordered]
