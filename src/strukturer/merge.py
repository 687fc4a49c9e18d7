"""Per-record deliverables (mail merge): one document per record of a data file.

Each record's DOCX is rendered on its own (:class:`~strukturer.render.fast_docx.RecordDocx`);
its PDF comes from a document of many records converted once and split
(:class:`~strukturer.merge_pdfs.MergedPdfs`). Each PDF is its own tagged PDF/A and
PDF/UA with its own title. A bad record is reported with its row and skipped; the
others still build.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from strukturer.content import load_project
from strukturer.content.records import Record, load_records, records_from
from strukturer.errors import Diagnostics, StrukturerError, stopped
from strukturer.merge_pdfs import MergedPdfs
from strukturer.model import Deliverable, Project
from strukturer.outputs import new_staging_folder
from strukturer.render.fast_docx import RecordDocx
from strukturer.render.merge import output_name, problems_of, record_fields
from strukturer.render.template_library import TemplateVersion, library_for
from strukturer.render.writer import Job, publish

if TYPE_CHECKING:
    from strukturer.pdf.converter import Converter

MERGE_FORMATS = ("pdf", "docx")


@attrs.frozen(kw_only=True)
class MergeResult:
    """What a mail merge produced: files, and the records that failed with why."""

    out_dir: Path
    files: tuple[Path, ...]
    failures: tuple[str, ...]
    total: int

    @property
    def succeeded(self) -> int:
        """How many records were built."""
        return self.total - len(self.failures)

    @property
    def summary(self) -> str:
        """One line such as ``288 of 290 records built; 2 failed``."""
        failed = f"; {len(self.failures)} failed" if self.failures else ""
        return f"{self.succeeded} of {self.total} records built{failed}"


def build_many(
    template: TemplateVersion | str,
    records: Sequence[Mapping[str, Any]] | str | Path,
    *,
    out: str | Path,
    filename: str,
    project: Project | str | Path | None = None,
    formats: Sequence[str] = ("pdf",),
    jobs: int = 2,
    version: str | None = None,
    provenance: Mapping[str, str] | None = None,
    engine: Converter | str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    stop: threading.Event | None = None,
) -> MergeResult:
    """Render ``template`` once per record into ``out`` as ``filename`` (e.g. ``brev-{kommun}``).

    ``template`` is a :class:`TemplateVersion` or a template name (then ``version`` is
    required); ``records`` rows (mappings) or a CSV/YAML file; ``project`` gives the
    rest of the context (default: the built-in project); ``engine`` a running
    converter or unoservers (see :func:`~strukturer.pdf.converter.open_converter`).
    Setting ``stop`` (from another thread) ends the merge before its next record or
    document with :class:`~strukturer.errors.StoppedError`; nothing is published then.
    """
    if not isinstance(project, Project):
        project = load_project(project, diagnostics=Diagnostics())  # its warnings: the build's
    if isinstance(template, str):
        if version is None:
            raise StrukturerError(f"build_many: give the version to pin template {template!r}")
        template = library_for(project.template_dirs).get(template, version)
    unknown = [f for f in formats if f not in MERGE_FORMATS]
    if unknown or not formats:
        raise StrukturerError(
            f"unknown format {', '.join(unknown) or '(none)'} for records; "
            f"choose from {', '.join(MERGE_FORMATS)}"
        )
    rows = load_records(records) if isinstance(records, str | Path) else records_from(records)
    deliverable = Deliverable(name="records", template=template.name, version=template.version)
    job = Job.create(project, deliverable, template, provenance)

    own: Converter | None = None
    if rows and "pdf" in formats:  # LibreOffice boots while we render
        from strukturer.pdf.converter import open_converter  # noqa: PLC0415 - only when needed

        own = open_converter(engine, jobs=max(1, jobs))
    out_dir = Path(out).resolve()  # LibreOffice needs absolute paths
    staging: Path | None = None
    try:
        good, failures = _validate(template, rows, filename)
        out_dir.mkdir(parents=True, exist_ok=True)
        staging, files = new_staging_folder(out_dir)
        written: list[Path] = []
        with ThreadPoolExecutor(1, thread_name_prefix="strukturer-docx") as docx_thread:
            # The DOCX are written while LibreOffice starts and converts the PDFs.
            docx_files = (
                docx_thread.submit(_docx_files, job, good, filename, files, progress, stop=stop)
                if good and "docx" in formats
                else None
            )
            if good and "pdf" in formats and own is not None:
                names = [output_name(filename, r) for r in good]
                pdfs = MergedPdfs(
                    job, good, names, staging=files, engine=own, progress=progress, stop=stop
                )
                written += pdfs.run()
            if docx_files is not None:
                written += docx_files.result()
        final = [publish(path, out_dir) for path in written]
    finally:
        if own is not None:
            own.close()
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return MergeResult(
        out_dir=out_dir, files=tuple(final), failures=tuple(failures), total=len(rows)
    )


def _validate(
    template: TemplateVersion, rows: Sequence[Record], pattern: str
) -> tuple[list[Record], list[str]]:
    fields = record_fields(template)
    good: list[Record] = []
    failures: list[str] = []
    names: dict[str, Record] = {}
    for record in rows:
        problems = problems_of(record, fields, pattern)
        if not problems:
            name = output_name(pattern, record)
            if name in names:
                problems = [f"file name {name!r} is also the name of {names[name].where}"]
            else:
                names[name] = record
        if problems:
            failures.append(f"{record.where}: " + "; ".join(problems))
        else:
            good.append(record)
    return good, failures


def _docx_files(
    job: Job,
    records: Sequence[Record],
    pattern: str,
    staging: Path,
    progress: Callable[[str, int, int], None] | None,
    *,
    stop: threading.Event | None,
) -> list[Path]:
    written = []
    renderer = RecordDocx(job.template, job.context, job.info)
    for done, record in enumerate(records, start=1):
        stopped(stop)
        target = staging / f"{output_name(pattern, record)}.docx"
        target.write_bytes(renderer.render(record.values))
        written.append(target)
        if progress:
            progress("docx", done, len(records))
    return written


def build_records(
    project: Project,
    deliverable: Deliverable,
    *,
    out_dir: Path,
    formats: Sequence[str],
    jobs: int,
    provenance: Mapping[str, str],
    engine: Converter | str | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    stop: threading.Event | None = None,
) -> MergeResult:
    """Build a project's per-record deliverable into ``out_dir/<deliverable name>/``."""
    if deliverable.records is None or deliverable.filename is None:
        raise StrukturerError(f"deliverable {deliverable.name!r} is not a per-record deliverable")
    if project.source is None:
        raise StrukturerError(
            f"deliverable {deliverable.name!r} reads records from {deliverable.records!r}, "
            "which needs a project loaded from files; use strukturer.build_many() instead"
        )
    records = Path(project.source).parent / deliverable.records
    template = library_for(project.template_dirs).get(deliverable.template, deliverable.version)
    return build_many(
        template,
        records,
        out=out_dir / deliverable.name,
        filename=deliverable.filename,
        project=project,
        formats=[f for f in formats if f in MERGE_FORMATS],
        jobs=jobs,
        provenance=provenance,
        engine=engine,
        progress=progress,
        stop=stop,
    )
