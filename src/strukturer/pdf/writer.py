"""The PDF writer: DOCX → tagged PDF/A with the engine, then pypdf finishing.

Plugs into the build's writer lifecycle. Conversions are queued by ``write`` and run
in ``finish`` over one engine pool (``jobs`` LibreOffice processes), so the whole
build pays for LibreOffice's start once.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from strukturer.errors import EngineError
from strukturer.outputs import write_atomic
from strukturer.pdf.converter import Converter, open_converter
from strukturer.pdf.options import PdfOptions
from strukturer.render.docx import render_docx
from strukturer.render.writer import Job

if TYPE_CHECKING:  # pypdf loads on first use: LibreOffice starts sooner
    from strukturer.pdf.finishing import PageLabelRange
    from strukturer.pdf.metadata import PdfMetadata

#: The provenance key of the LibreOffice version that converted a PDF.
ENGINE_VERSION_KEY = "pdf_engine_version"

#: The combined file: the cover letter followed by the report (conventions "Missiv").
COMBINED_NAME = "redovisning.pdf"


@attrs.define
class _Pending:
    job: Job
    src: Path
    dst: Path
    engine_version: str = ""  # of the converter that made the PDF, for the provenance


class PdfBuildWriter:
    """The build's PDF writer: each deliverable's DOCX to PDF/A-2b, and the redovisning.

    Each DOCX goes to the engines as soon as it is written, so LibreOffice converts
    while the build renders the next deliverable and runs the check; each PDF is
    finished (pypdf) on its own thread as soon as it exists.
    """

    format = "pdf"

    def __init__(
        self,
        *,
        jobs: int = 1,
        options: PdfOptions | None = None,
        engine: Converter | str | None = None,
    ) -> None:
        """``engine`` as for :func:`~strukturer.pdf.converter.open_converter`."""
        if jobs < 1:
            raise EngineError(f"--jobs must be at least 1, got {jobs}")
        self.jobs = jobs
        self.engine = engine
        self._converter: Converter | None = None  # from open_converter, closed by close()
        self.options = options or PdfOptions()
        self._converting: ThreadPoolExecutor | None = None
        self._finishing: ThreadPoolExecutor | None = None
        self.prepare(Path(), [])

    def prepare(self, staging: Path, jobs: list[Job]) -> None:
        """Start the engines in the background, so LibreOffice boots while DOCX render."""
        self.staging = staging
        self.pending: list[_Pending] = []
        self._conversions: list[Future[None]] = []
        self._finished: list[Future[None]] = []
        self._done: list[_Pending] = []  # finished PDFs; only the finishing thread writes
        self._combined: Path | None = None
        if self._converter is None and jobs:
            self._converter = open_converter(self.engine, jobs=min(self.jobs, len(jobs)))

    def write(self, job: Job) -> list[Path]:
        name = job.deliverable.name
        src = self.staging / f"{name}.docx"
        if not src.exists():  # a PDF-only build still needs the DOCX to convert
            sources = self.staging / ".pdf-sources"
            sources.mkdir(exist_ok=True)
            src = sources / f"{name}.docx"
            write_atomic(
                src,
                render_docx(job.template, job.context, job.info, project=job.project),
                what=src.name,
            )
        item = _Pending(job, src, self.staging / f"{name}.pdf")
        self.pending.append(item)
        self._conversions.append(self._executor().submit(self._convert, item))
        return [item.dst]

    def _executor(self) -> ThreadPoolExecutor:
        if self._converting is None:
            if self._converter is None:
                self._converter = open_converter(self.engine, jobs=self.jobs)
            self._converting = ThreadPoolExecutor(
                self._converter.jobs, thread_name_prefix="strukturer-pdf"
            )
            self._finishing = ThreadPoolExecutor(1, thread_name_prefix="strukturer-finish")
            self._finishing.submit(_load_finishing)
        return self._converting

    def _convert(self, item: _Pending) -> None:
        assert self._converter is not None
        assert self._finishing is not None
        try:
            self._converter.convert(
                item.src, item.dst, title=item.job.info.title, options=self.options
            )
        except EngineError as exc:  # name the deliverable, not the staging file
            raise EngineError(f"{item.dst.name}: {exc}") from exc
        item.engine_version = self._converter.version
        self._finished.append(self._finishing.submit(self._finish, item))

    def _finish(self, item: _Pending) -> None:
        """Stamp metadata and page labels; write the combined PDF once its parts are done."""
        from strukturer.pdf.finishing import finish  # noqa: PLC0415 - see the imports

        finish(item.dst, _stamped(item), page_labels=page_labels_for(item))
        self._done.append(item)
        parts = self._combined_parts()
        if self._combined is None and parts and all(p in self._done for p in parts):
            self._combined = self._combine(*parts)

    def finish(self) -> list[Path]:
        if not self.pending:
            return []
        failures = _failures(self._conversions)
        self.close()  # every conversion has ended: stop our engines now
        failures += _failures(self._finished)
        if len(failures) == 1:
            raise failures[0]
        if failures:
            raise EngineError("\n".join(str(f) for f in failures)) from failures[0]
        return [self._combined] if self._combined else []

    def close(self) -> None:
        """Stop the engines this writer started (also when the build failed)."""
        converting, finishing, own = self._converting, self._finishing, self._converter
        self._converting = self._finishing = self._converter = None
        if converting is not None:  # after a failure: no new conversions, let running ones end
            converting.shutdown(wait=True, cancel_futures=True)
        if own is not None:
            own.close()
        if finishing is not None:
            finishing.shutdown(wait=True)

    def _combined_parts(self) -> tuple[_Pending, _Pending] | None:
        """The first cover letter and the first report, when the build has both."""
        by_model: dict[str, _Pending] = {}
        for item in list(self.pending):
            by_model.setdefault(item.job.template.renders, item)
        letter, report = by_model.get("cover_letter"), by_model.get("report")
        return (letter, report) if letter and report else None

    @staticmethod
    def _combine(letter: _Pending, report: _Pending) -> Path:
        target = letter.dst.with_name(COMBINED_NAME)
        combine_redovisning((letter.job, letter.dst), (report.job, report.dst), target)
        return target


def combine_redovisning(letter: tuple[Job, Path], report: tuple[Job, Path], target: Path) -> None:
    """Write ``target``: the cover letter's finished PDF followed by the report's.

    The metadata is the letter's, with the engine version its PDF records, so a combined
    PDF of a kept letter (an incremental build) is the one a full build writes.
    """
    from strukturer.pdf.combining import combine  # noqa: PLC0415 - see the imports
    from strukturer.pdf.metadata_pypdf import read_provenance  # noqa: PLC0415

    (letter_job, letter_pdf), (report_job, report_pdf) = letter, report
    base = metadata_for(letter_job)
    engine_version = read_provenance(letter_pdf).get(ENGINE_VERSION_KEY)
    if engine_version:
        base = attrs.evolve(base, extra={**base.extra, ENGINE_VERSION_KEY: engine_version})
    parts = (letter_job.template, report_job.template)
    extra = {
        **base.extra,
        "template_name": "; ".join(t.name for t in parts),
        "template_version": "; ".join(t.version for t in parts),
        "template_sha256": "; ".join(t.sha256() for t in parts),
    }
    combine(
        [(letter_pdf, letter_job.info.title), (report_pdf, report_job.info.title)],
        target,
        attrs.evolve(base, title=f"{letter_job.info.title}: {report_job.info.title}", extra=extra),
    )


def _load_finishing() -> None:
    """Import the finishing code (pypdf: 0.1 s, 0.5 s on a loaded machine) while the first
    document converts; imported by the first PDF's finishing, it delayed a build that
    converts one document (a chapter edit) by as much (docs/performance.md)."""
    import strukturer.pdf.combining  # noqa: PLC0415
    import strukturer.pdf.finishing  # noqa: F401, PLC0415


def _failures(futures: list[Future[None]]) -> list[EngineError]:
    """The error of every failed future (all are waited for)."""
    failures = []
    for future in futures:
        try:
            future.result()
        except EngineError as exc:
            failures.append(exc)
    return failures


def _stamped(item: _Pending) -> PdfMetadata:
    """The deliverable's metadata, with the engine's version in the provenance."""
    base = metadata_for(item.job)
    if not item.engine_version:
        return base
    return attrs.evolve(base, extra={**base.extra, ENGINE_VERSION_KEY: item.engine_version})


def metadata_for(job: Job) -> PdfMetadata:
    """The PDF metadata of a deliverable, from its document properties."""
    from strukturer.pdf.metadata import PdfMetadata  # noqa: PLC0415 - see the imports

    info = job.info
    return PdfMetadata(
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,
        language=info.language,
        extra=dict(info.custom),
        created=info.created,
    )


def page_labels_for(item: _Pending) -> tuple[PageLabelRange, ...] | None:
    """Page labels for the report: cover, roman front matter, arabic from chapter 1.

    The boundaries come from the PDF's own outline (bookmarks exported from the
    headings), so they follow the real layout.
    """
    if item.job.template.renders != "report":
        return None
    report = item.job.project.evaluation.report
    pages = _outline_pages(item.dst)
    front = pages.get("Förord")
    main = pages.get(f"1 {report.chapters[0].title}")
    if front is None or main is None or not front < main:
        return None
    from strukturer.pdf.finishing import PageLabelRange  # noqa: PLC0415 - see the imports

    labels = [PageLabelRange(front, "r"), PageLabelRange(main, "D")]
    if front > 0:
        labels.insert(0, PageLabelRange(0, "D", prefix="Omslag "))
    return tuple(labels)


def _outline_pages(pdf: Path) -> dict[str, int]:
    from pypdf import PdfReader  # noqa: PLC0415 - see the imports

    reader = PdfReader(pdf)
    pages: dict[str, int] = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        if number is not None:
            pages.setdefault(str(item.title), number)
    return pages
