"""The PDF writer: DOCX → tagged PDF/A with the engine, then pypdf finishing.

Plugs into the build's writer lifecycle. Conversions are queued by ``write`` and run
in ``finish`` over one engine pool (``jobs`` LibreOffice processes), so the whole
build pays for LibreOffice's start once.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import attrs
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf.engine import ConvertJob, PdfOptions
from strukturer.pdf.finish import PageLabelRange, PdfMetadata, combine, finish
from strukturer.pdf.pool import EnginePool
from strukturer.pdf.remote import Endpoint, RemoteEngine, endpoints_from_env
from strukturer.render.docx import render_docx
from strukturer.render.writer import Job

#: The combined file: the cover letter followed by the report (conventions "Missiv").
COMBINED_NAME = "redovisning.pdf"


@attrs.define
class _Pending:
    job: Job
    src: Path
    dst: Path


class PdfWriter:
    """Converts each deliverable's DOCX to PDF/A-2b and writes the combined redovisning."""

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
        self._starting: Future[EnginePool | RemoteEngine] | None = None
        self.options = options or PdfOptions()
        self.staging = Path()
        self.pending: list[_Pending] = []

    def prepare(self, staging: Path, jobs: list[Job]) -> None:
        """Start the engines in the background, so LibreOffice boots while DOCX render."""
        self.staging = staging
        self.pending = []
        if self.engine is None and jobs:
            count = min(self.jobs, len(jobs))
            self._starting = ThreadPoolExecutor(1).submit(open_converter, count, self.endpoints)

    def write(self, job: Job) -> list[Path]:
        name = job.deliverable.name
        src = self.staging / f"{name}.docx"
        if not src.exists():  # a PDF-only build still needs the DOCX to convert
            sources = self.staging / ".pdf-sources"
            sources.mkdir(exist_ok=True)
            src = sources / f"{name}.docx"
            src.write_bytes(render_docx(job.template, job.context, job.info))
        dst = self.staging / f"{name}.pdf"
        self.pending.append(_Pending(job, src, dst))
        return [dst]

    def finish(self) -> list[Path]:
        if not self.pending:
            return []
        work = [ConvertJob(p.src, p.dst, p.job.info.title) for p in self.pending]
        if self.engine is not None:  # a running pool, e.g. kept warm by a long-lived caller
            self.engine.convert_many(work, options=self.options)
        else:
            pool = self._started()
            try:
                pool.convert_many(work, options=self.options)
            finally:
                self.close()
        for item in self.pending:
            finish(item.dst, metadata_for(item.job), page_labels=page_labels_for(item))
        return self._combined()

    def _started(self) -> EnginePool | RemoteEngine:
        if self._starting is None:
            self._starting = ThreadPoolExecutor(1).submit(open_converter, self.jobs, self.endpoints)
        return self._starting.result()

    def close(self) -> None:
        """Stop the engines this writer started (also when the build failed)."""
        starting, self._starting = self._starting, None
        if starting is not None:
            with contextlib.suppress(EngineError):
                starting.result().close()

    def _combined(self) -> list[Path]:
        by_model = {p.job.template.renders: p for p in self.pending}
        letter, report = by_model.get("cover_letter"), by_model.get("report")
        if letter is None or report is None:
            return []
        target = self.staging / COMBINED_NAME
        base = metadata_for(letter.job)
        parts = (letter.job.template, report.job.template)
        extra = {
            **base.extra,
            "template_name": "; ".join(t.name for t in parts),
            "template_version": "; ".join(t.version for t in parts),
        }
        combine(
            [(letter.dst, letter.job.info.title), (report.dst, report.job.info.title)],
            target,
            attrs.evolve(
                base, title=f"{letter.job.info.title}: {report.job.info.title}", extra=extra
            ),
        )
        return [target]


def open_converter(jobs: int, endpoints: str | None = None) -> EnginePool | RemoteEngine:
    """Remote unoservers when named (``endpoints`` "host:port,…" or ``STRUKTURER_ENGINE``),
    else ``jobs`` local LibreOffice engines."""
    if endpoints:
        return RemoteEngine([Endpoint.parse(p) for p in endpoints.split(",") if p.strip()])
    remote = endpoints_from_env()
    return RemoteEngine(remote) if remote else EnginePool(jobs=jobs)


def metadata_for(job: Job) -> PdfMetadata:
    """The PDF metadata of a deliverable, from its document properties."""
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
    labels = [PageLabelRange(front, "r"), PageLabelRange(main, "D")]
    if front > 0:
        labels.insert(0, PageLabelRange(0, "D", prefix="Omslag "))
    return tuple(labels)


def _outline_pages(pdf: Path) -> dict[str, int]:
    reader = PdfReader(pdf)
    pages: dict[str, int] = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        number = reader.get_destination_page_number(item)
        if number is not None:
            pages.setdefault(str(item.title), number)
    return pages
