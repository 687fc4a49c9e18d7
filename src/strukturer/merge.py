"""Per-record deliverables (mail merge): one document per record of a data file.

The records are rendered into a few documents of many records each; every document is
loaded once by a LibreOffice engine and exported record by record, by page range. Each
PDF is its own tagged PDF/A with its own title. A bad record is reported with its row
and skipped; the others still build.
"""

from __future__ import annotations

import functools
import itertools
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from strukturer.content import load_project
from strukturer.content.records import Record, load_records, records_from
from strukturer.errors import Diagnostics, EngineError, StrukturerError
from strukturer.model import Deliverable, Project
from strukturer.render.docx import render_docx
from strukturer.render.merge import (
    BOOKMARK_PREFIX,
    RecordDocx,
    merge_context,
    merged_source,
    output_name,
    problems_of,
    record_fields,
)
from strukturer.render.template_library import TemplateVersion, library_for
from strukturer.render.writer import Job, publish

if TYPE_CHECKING:
    from strukturer.pdf.converter import Converter
    from strukturer.pdf.metadata import PdfMetadata

MERGE_FORMATS = ("pdf", "docx")


#: Records rendered into one document for export. LibreOffice's tagged export walks the
#: whole document for every page range (13.5 ms per letter from a 10-page document,
#: 27 ms from a 290-page one), while each document costs a load; and whole documents
#: spread over several engines. 60 measured best: 74 letters/s on two engines against
#: 39 for one 290-letter document (docs/performance.md).
RECORDS_PER_DOCUMENT = 60


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
) -> MergeResult:
    """Render ``template`` once per record into ``out`` as ``filename`` (e.g. ``brev-{kommun}``).

    ``template`` is a :class:`TemplateVersion` or a template name (then ``version`` is
    required); ``records`` rows (mappings) or a CSV/YAML file; ``project`` gives the
    rest of the context (default: the built-in project); ``engine`` a running
    converter or unoservers (see :func:`~strukturer.pdf.converter.open_converter`).
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
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
        written: list[Path] = []
        with ThreadPoolExecutor(1, thread_name_prefix="strukturer-docx") as docx_thread:
            # The DOCX are written while LibreOffice starts and converts the PDFs.
            docx_files = (
                docx_thread.submit(_docx_files, job, good, filename, staging, progress)
                if good and "docx" in formats
                else None
            )
            if good and "pdf" in formats and own is not None:
                written += _pdfs(
                    job,
                    good,
                    pattern=filename,
                    staging=staging,
                    engine=own,
                    progress=progress,
                )
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


def _pdfs(
    job: Job,
    records: Sequence[Record],
    *,
    pattern: str,
    staging: Path,
    engine: Converter,
    progress: Callable[[str, int, int], None] | None,
) -> list[Path]:
    """Render documents of RECORDS_PER_DOCUMENT records, convert each whole, split per record.

    Each engine thread renders its next document and converts it; the split of every
    converted document into its records' finished PDFs runs meanwhile, in processes
    when there are several documents (it is pure Python, and would hold the GIL).
    """
    from strukturer.pdf.options import PdfOptions  # noqa: PLC0415
    from strukturer.pdf.writer import metadata_for  # noqa: PLC0415

    source = merged_source(job.template)
    names = [output_name(pattern, r) for r in records]
    targets = [staging / f"{name}.pdf" for name in names]
    base = metadata_for(job)
    chunks = document_ranges(len(records), engine.jobs)
    options = PdfOptions(bookmark_destinations=True)
    done = 0
    lock = threading.Lock()

    def split_done(pdf: Path, chunk: range, future: Future[None]) -> None:
        nonlocal done
        pdf.unlink(missing_ok=True)
        if future.exception() is None and progress:
            with lock:
                done += len(chunk)
                progress("pdf", done, len(targets))

    def convert_chunk(number: int, chunk: range, splitting: Future[Executor]) -> Future[None]:
        src = staging / f"records-{number:04d}.docx"
        context = merge_context(job.context, [records[i] for i in chunk])
        src.write_bytes(
            render_docx(job.template, context, job.info, source=source, project=job.project)
        )
        pdf = src.with_suffix(".pdf")
        engine.convert(src, pdf, title=job.info.title, options=options)
        src.unlink()
        parts = [
            (targets[i], attrs.evolve(base, title=f"{job.info.title} – {names[i]}")) for i in chunk
        ]
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        future = splitting.result().submit(_split, epoch, pdf, parts)
        future.add_done_callback(functools.partial(split_done, pdf, chunk))
        return future

    failures = []
    with ThreadPoolExecutor(1, thread_name_prefix="strukturer-split-start") as starting:
        # The split processes start while the first documents render and convert.
        splitting = starting.submit(_split_executor, len(chunks))
        try:
            with ThreadPoolExecutor(engine.jobs, thread_name_prefix="strukturer-merge") as pool:
                converted = [
                    pool.submit(convert_chunk, n, chunk, splitting)
                    for n, chunk in enumerate(chunks)
                ]
                for future, chunk in zip(converted, chunks, strict=True):
                    try:
                        future.result().result()
                    except EngineError as exc:
                        first, last = records[chunk[0]].where, records[chunk[-1]].where
                        failures.append(f"the records from {first} to {last}: {exc}")
        finally:
            if splitting.exception() is None:
                splitting.result().shutdown(wait=True)
    if failures:
        raise EngineError("\n".join(failures))
    return targets


def _split(epoch: str | None, pdf: Path, parts: list[tuple[Path, PdfMetadata]]) -> None:
    """Split ``pdf`` into its records' PDFs, dated by the caller's ``SOURCE_DATE_EPOCH``.

    In a split process the environment is the forkserver's, from when it started (maybe
    an earlier build's), so the caller's value is set there; in the caller's own process
    (one document: a thread) it is the caller's already.
    """
    from strukturer.pdf.splitting import split_records  # noqa: PLC0415

    if multiprocessing.parent_process() is not None:
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    split_records(pdf, BOOKMARK_PREFIX, parts)


def document_ranges(count: int, engines: int) -> list[range]:
    """The records of each document: at most RECORDS_PER_DOCUMENT, of near-equal size, and
    as many documents as a multiple of ``engines``, so that no engine converts the last
    one alone while the others wait."""
    documents = -(-count // RECORDS_PER_DOCUMENT)
    documents = min(count, -(-documents // max(1, engines)) * max(1, engines))
    if documents == 0:
        return []
    size, extra = divmod(count, documents)
    starts = [i * size + min(i, extra) for i in range(documents + 1)]
    return [range(a, b) for a, b in itertools.pairwise(starts) if b > a]


def _split_executor(documents: int) -> Executor:
    """Where converted documents are split: a process per core when there are several.

    The processes fork from a forkserver that has imported the finishing code once,
    and the first one starts now, while LibreOffice starts and the records render.
    """
    workers = min(documents, os.cpu_count() or 1)
    if workers < 2 or not _main_is_importable():
        return ThreadPoolExecutor(1, thread_name_prefix="strukturer-split")
    context: multiprocessing.context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        multiprocessing.set_forkserver_preload(["strukturer.pdf.splitting"])
    else:  # no fork on this platform: each worker imports on its own
        context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(workers, mp_context=context)
    executor.submit(int)  # starts the forkserver and the workers in the background
    return executor


def _main_is_importable() -> bool:
    """Whether a worker process may import ``__main__``, as forkserver and spawn workers do:
    a module run with ``-m``, or a script guarded by ``if __name__ == "__main__"``. A
    script without the guard would run again in every worker; it gets a thread instead."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None:
        return True
    path = getattr(main, "__file__", None)
    if path is None:  # an interactive session
        return True
    try:
        source = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return _MAIN_GUARD.search(source) is not None


_MAIN_GUARD = re.compile(r"""^if\s+__name__\s*==\s*['"]__main__['"]\s*:""", re.MULTILINE)


def _docx_files(
    job: Job,
    records: Sequence[Record],
    pattern: str,
    staging: Path,
    progress: Callable[[str, int, int], None] | None,
) -> list[Path]:
    written = []
    renderer = RecordDocx(job.template, job.context, job.info)
    for done, record in enumerate(records, start=1):
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
    )
