"""The PDF writer: DOCX → tagged PDF/A with the engine, then pypdf finishing.

Plugs into the build's writer lifecycle. Conversions are queued by ``write`` and run
in ``finish`` over one engine pool (``jobs`` LibreOffice processes), so the whole
build pays for LibreOffice's start once.
"""

from __future__ import annotations

from pathlib import Path

import attrs
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf.engine import ConvertJob, PdfOptions
from strukturer.pdf.finish import PageLabelRange, PdfMetadata, combine, finish
from strukturer.pdf.pool import EnginePool
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

    def __init__(self, *, jobs: int = 1, options: PdfOptions | None = None) -> None:
        if jobs < 1:
            raise EngineError(f"--jobs must be at least 1, got {jobs}")
        self.jobs = jobs
        self.options = options or PdfOptions()
        self.staging = Path()
        self.pending: list[_Pending] = []

    def prepare(self, staging: Path, jobs: list[Job]) -> None:
        self.staging = staging
        self.pending = []

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
        with EnginePool(jobs=min(self.jobs, len(self.pending))) as pool:
            pool.convert_many(
                [ConvertJob(p.src, p.dst, p.job.info.title) for p in self.pending],
                options=self.options,
            )
        for item in self.pending:
            finish(item.dst, metadata_for(item.job), page_labels=page_labels_for(item))
        return self._combined()

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
