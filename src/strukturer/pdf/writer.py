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
from strukturer.pdf.engine import PdfOptions
from strukturer.pdf.pool import EnginePool
from strukturer.render.docx import render_docx
from strukturer.render.writer import Job

if TYPE_CHECKING:  # pypdf and xmlrpc load on first use: LibreOffice starts sooner
    from strukturer.pdf.finishing import PageLabelRange, PdfMetadata
    from strukturer.pdf.remote import RemoteEngine

#: The combined file: the cover letter followed by the report (conventions "Missiv").
COMBINED_NAME = "redovisning.pdf"


@attrs.define
class _Pending:
    job: Job
    src: Path
    dst: Path


class PdfWriter:
    """Converts each deliverable's DOCX to PDF/A-2b and writes the combined redovisning.

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
        engine: EnginePool | RemoteEngine | None = None,
        endpoints: str | None = None,
    ) -> None:
        if jobs < 1:
            raise EngineError(f"--jobs must be at least 1, got {jobs}")
        self.jobs = jobs
        self.engine = engine
        self.endpoints = endpoints
        self._own: EnginePool | RemoteEngine | None = None  # started by this writer
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
        if self.engine is None and self._own is None and jobs:
            self._own = open_converter(min(self.jobs, len(jobs)), self.endpoints)

    def write(self, job: Job) -> list[Path]:
        name = job.deliverable.name
        src = self.staging / f"{name}.docx"
        if not src.exists():  # a PDF-only build still needs the DOCX to convert
            sources = self.staging / ".pdf-sources"
            sources.mkdir(exist_ok=True)
            src = sources / f"{name}.docx"
            src.write_bytes(render_docx(job.template, job.context, job.info))
        item = _Pending(job, src, self.staging / f"{name}.pdf")
        self.pending.append(item)
        self._conversions.append(self._executor().submit(self._convert, item))
        return [item.dst]

    def _executor(self) -> ThreadPoolExecutor:
        if self._converting is None:
            if self.engine is None and self._own is None:
                self._own = open_converter(self.jobs, self.endpoints)
            converter = self.engine or self._own
            assert converter is not None
            self._converting = ThreadPoolExecutor(
                converter.jobs, thread_name_prefix="strukturer-pdf"
            )
            self._finishing = ThreadPoolExecutor(1, thread_name_prefix="strukturer-finish")
        return self._converting

    def _convert(self, item: _Pending) -> None:
        converter = self.engine or self._own
        assert converter is not None
        assert self._finishing is not None
        converter.convert(item.src, item.dst, title=item.job.info.title, options=self.options)
        self._finished.append(self._finishing.submit(self._finish, item))

    def _finish(self, item: _Pending) -> None:
        """Stamp metadata and page labels; write the combined PDF once its parts are done."""
        from strukturer.pdf.finishing import finish  # noqa: PLC0415 - see the imports

        finish(item.dst, metadata_for(item.job), page_labels=page_labels_for(item))
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
        if failures:
            raise EngineError("\n".join(failures))
        return [self._combined] if self._combined else []

    def close(self) -> None:
        """Stop the engines this writer started (also when the build failed)."""
        converting, finishing, own = self._converting, self._finishing, self._own
        self._converting = self._finishing = self._own = None
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
    """Write ``target``: the cover letter's finished PDF followed by the report's."""
    from strukturer.pdf.finishing import combine  # noqa: PLC0415 - see the imports

    (letter_job, letter_pdf), (report_job, report_pdf) = letter, report
    base = metadata_for(letter_job)
    parts = (letter_job.template, report_job.template)
    extra = {
        **base.extra,
        "template_name": "; ".join(t.name for t in parts),
        "template_version": "; ".join(t.version for t in parts),
    }
    combine(
        [(letter_pdf, letter_job.info.title), (report_pdf, report_job.info.title)],
        target,
        attrs.evolve(base, title=f"{letter_job.info.title}: {report_job.info.title}", extra=extra),
    )


def open_converter(jobs: int, endpoints: str | None = None) -> EnginePool | RemoteEngine:
    """Remote unoservers when named (``endpoints`` "host:port,…" or ``STRUKTURER_ENGINE``),
    else ``jobs`` local LibreOffice engines, booting in the background."""
    from strukturer.pdf.remote import Endpoint, RemoteEngine, endpoints_from_env  # noqa: PLC0415

    if endpoints:
        return RemoteEngine([Endpoint.parse(p) for p in endpoints.split(",") if p.strip()])
    remote = endpoints_from_env()
    return RemoteEngine(remote) if remote else EnginePool(jobs=jobs, wait=False)


def _failures(futures: list[Future[None]]) -> list[str]:
    """The error message of every failed future (all are waited for)."""
    failures = []
    for future in futures:
        try:
            future.result()
        except EngineError as exc:
            failures.append(str(exc))
    return failures


def metadata_for(job: Job) -> PdfMetadata:
    """The PDF metadata of a deliverable, from its document properties."""
    from strukturer.pdf.finishing import PdfMetadata  # noqa: PLC0415 - see the imports

    info = job.info
    return PdfMetadata(
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=info.keywords,  # type: ignore[arg-type]  # attrs converter=tuple confuses mypy
        language=info.language,
        extra=dict(info.custom),
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
