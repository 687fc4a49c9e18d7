"""The PDFs of a mail merge: documents of many records, each converted whole and split.

The records are rendered into documents of at most RECORDS_PER_DOCUMENT records; each
document is loaded and exported once by a LibreOffice engine, and the exported PDF is
split per record by its named destinations (docs/merge.md). One thread renders the
documents in order, each engine's next one while the engine converts its current one;
the engines' threads convert; one thread splits.
"""

from __future__ import annotations

import importlib
import itertools
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from strukturer.content.records import Record
from strukturer.errors import EngineError, stopped
from strukturer.render.fast_docx import MergedDocx
from strukturer.render.merge import BOOKMARK_PREFIX
from strukturer.render.writer import Job

if TYPE_CHECKING:
    from strukturer.pdf.converter import Converter
    from strukturer.pdf.metadata import PdfMetadata


#: Records rendered into one document for export. Each document costs a load and an
#: export setup in LibreOffice (about 60 ms), and the split of a document starts only
#: when its export is done; documents of at most 60 spread the work over several engines
#: and let the split of one run while the next converts (docs/performance.md).
RECORDS_PER_DOCUMENT = 60


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


class MergedPdfs:
    """Converts ``records`` with ``engine`` into one finished PDF per record in ``staging``.

    At most ``engine.jobs`` documents are rendered and not yet converted, and each is
    deleted once split: memory and disk do not grow with the number of records.
    """

    def __init__(
        self,
        job: Job,
        records: Sequence[Record],
        names: Sequence[str],
        *,
        staging: Path,
        engine: Converter,
        progress: Callable[[str, int, int], None] | None,
        stop: threading.Event | None = None,
    ) -> None:
        from strukturer.pdf.options import PdfOptions  # noqa: PLC0415 - the PDF side only

        self._job = job
        self._records = records
        self._engine = engine
        self._progress = progress
        self._stop = stop
        self._staging = staging
        self._documents = MergedDocx(job.template, job.context, job.info, project=job.project)
        self._names = names
        self.targets = [staging / f"{name}.pdf" for name in names]
        self._base: PdfMetadata | None = None  # made after the first conversion (pypdf)
        self._chunks = document_ranges(len(records), engine.jobs)
        self._options = PdfOptions(bookmark_destinations=True)
        self._lock = threading.Lock()
        self._rendering: dict[int, Future[Path]] = {}
        self._done = 0
        self._renderer = ThreadPoolExecutor(1, thread_name_prefix="strukturer-render")
        self._splitter = ThreadPoolExecutor(1, thread_name_prefix="strukturer-split")

    def run(self) -> list[Path]:
        """Render, convert and split every document; the records' PDFs, in record order."""
        failures = []
        jobs = self._engine.jobs
        try:
            with ThreadPoolExecutor(jobs, thread_name_prefix="strukturer-merge") as pool:
                for number in range(jobs):
                    self._rendered(number)
                converted = [pool.submit(self._convert, n) for n in range(len(self._chunks))]
                for future, chunk in zip(converted, self._chunks, strict=True):
                    try:
                        future.result().result()
                    except EngineError as exc:
                        first = self._records[chunk[0]].where
                        last = self._records[chunk[-1]].where
                        failures.append(f"the records from {first} to {last}: {exc}")
        finally:
            self._renderer.shutdown(wait=True)
            self._splitter.shutdown(wait=True)
        if failures:
            raise EngineError("\n".join(failures))
        return self.targets

    def _render(self, number: int) -> Path:
        stopped(self._stop)
        src = self._staging / f"records-{number:04d}.docx"
        records = [self._records[i] for i in self._chunks[number]]
        src.write_bytes(self._documents.render_records(records))
        return src

    def _rendered(self, number: int) -> Future[Path] | None:
        """Document ``number``'s render, started now unless it was."""
        with self._lock:
            if number < len(self._chunks) and number not in self._rendering:
                self._rendering[number] = self._renderer.submit(self._render, number)
            return self._rendering.get(number)

    def _convert(self, number: int) -> Future[None]:
        """Convert document ``number`` (rendering this engine's next meanwhile); its split."""
        ready = self._rendered(number)
        assert ready is not None
        src = ready.result()
        stopped(self._stop)
        self._rendered(number + self._engine.jobs)
        if number == 0:  # the split's imports and metadata, while LibreOffice converts
            self._splitter.submit(self._metadata)
        pdf = src.with_suffix(".pdf")
        self._engine.convert(src, pdf, title=self._job.info.title, options=self._options)
        src.unlink()
        # Everything after the export is the split thread's: the engine converts its next.
        future = self._splitter.submit(self._split, number, pdf)
        future.add_done_callback(lambda done: self._split_done(pdf, self._chunks[number], done))
        return future

    def _metadata(self) -> PdfMetadata:
        """The records' metadata but for the title (made once, on the split thread, while
        the first document converts; pikepdf is imported then too, not by the first split)."""
        from strukturer.pdf.writer import metadata_for  # noqa: PLC0415

        if self._base is None:
            importlib.import_module("strukturer.pdf.qpdf_split")
            self._base = metadata_for(self._job)
        return self._base

    def _split(self, number: int, pdf: Path) -> None:
        """Split document ``number``'s ``pdf`` into its records' PDFs, each titled."""
        from strukturer.pdf.records_split import split_records  # noqa: PLC0415

        base, title = self._metadata(), self._job.info.title
        parts = [
            (self.targets[i], attrs.evolve(base, title=f"{title} – {self._names[i]}"))
            for i in self._chunks[number]
        ]
        split_records(pdf, BOOKMARK_PREFIX, parts)

    def _split_done(self, pdf: Path, chunk: range, future: Future[None]) -> None:
        pdf.unlink(missing_ok=True)
        if future.exception() is None and self._progress:
            with self._lock:
                self._done += len(chunk)
                self._progress("pdf", self._done, len(self.targets))
