"""Benchmark the split of a converted mail-merge document: pikepdf (qpdf) against pypdf.

Renders 60 letters of the example project into one document as the merge does, converts
it once with the engine, then times per letter:

  (a) strukturer's split (``split_records``: pikepdf, :mod:`strukturer.pdf.qpdf_split`):
      pages, structure tree with the record's parent-tree entries, links, outline entry,
      output intent and metadata;
  (b) the same with pypdf (``split``: the route for links only it can repair);
  (c) the pages alone with pypdf (a new file holding the letter's page, written);
  (d) the pages alone with pikepdf.

Run: python bench/split_bench.py
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs
import pikepdf
from measure import CONTENT
from pypdf import PdfReader, PdfWriter

import strukturer
from strukturer.content.records import load_records
from strukturer.model import Deliverable
from strukturer.pdf import Engine, PdfOptions
from strukturer.pdf.metadata import PdfMetadata
from strukturer.pdf.records_split import RecordPart, destination_spans, split_records
from strukturer.pdf.splitting import split
from strukturer.pdf.writer import metadata_for
from strukturer.render.docx import render_docx
from strukturer.render.merge import BOOKMARK_PREFIX, merge_context, merged_source
from strukturer.render.writer import Job

LETTERS = 60
ROUNDS = 3


def converted(tmp: Path) -> tuple[Path, Job]:
    """60 letters rendered into one document and exported once, as the merge does."""
    project = strukturer.load_project(CONTENT / "kommunbrev.toml")
    template = strukturer.TemplateLibrary().get("kommunbrev", "2.0.0")
    job = Job.create(
        project, Deliverable(name="brev", template="kommunbrev", version="2.0.0"), template
    )
    records = load_records(CONTENT / "kommuner.csv")[:LETTERS]
    source = tmp / "letters.docx"
    context = merge_context(job.context, records)
    source.write_bytes(
        render_docx(template, context, job.info, source=merged_source(template), project=project)
    )
    pdf = tmp / "letters.pdf"
    with Engine() as engine:
        engine.convert(source, pdf, title="brev", options=PdfOptions(bookmark_destinations=True))
    return pdf, job


def per_letter(seconds: float) -> str:
    return f"{seconds / LETTERS * 1000:6.2f} ms per letter"


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="strukturer-split-"))
    try:
        pdf, job = converted(tmp)
        spans = destination_spans(PdfReader(pdf), BOOKMARK_PREFIX)
        base = metadata_for(job)
        rounds = iter(range(100))

        def parts() -> list[tuple[Path, PdfMetadata]]:
            """Targets in a new folder: replacing a file by rename makes ext4 flush it."""
            folder = tmp / f"round-{next(rounds)}"
            return [
                (folder / f"{i}.pdf", attrs.evolve(base, title=f"brev {i}")) for i in range(LETTERS)
            ]

        def ours() -> None:
            split_records(pdf, BOOKMARK_PREFIX, parts())

        def ours_pypdf() -> None:
            targets = zip(spans, parts(), strict=True)
            split(pdf, [RecordPart(a, b, path, meta) for (a, b), (path, meta) in targets])

        def pages_pypdf() -> None:
            reader = PdfReader(pdf)
            for first, last in spans:
                writer = PdfWriter()
                for number in range(first - 1, last):
                    writer.add_page(reader.pages[number])
                writer.write(io.BytesIO())

        def pages_pikepdf() -> None:
            with pikepdf.open(pdf) as source:
                for first, last in spans:
                    target = pikepdf.new()
                    target.pages.extend(source.pages[first - 1 : last])
                    target.save(io.BytesIO())

        routes: list[tuple[str, Callable[[], None]]] = [
            (f"(a) split_records (pikepdf {pikepdf.__version__})", ours),
            ("(b) split (pypdf)", ours_pypdf),
            ("(c) pages only, pypdf", pages_pypdf),
            ("(d) pages only, pikepdf", pages_pikepdf),
        ]
        print(f"Split of one exported document of {LETTERS} letters (best of {ROUNDS})")
        for label, action in routes:
            best = min(_time(action) for _ in range(ROUNDS))
            print(f"  {label:44} {per_letter(best)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _time(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
