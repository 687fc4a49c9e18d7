"""Benchmark the split of a converted mail-merge document: pypdf against pikepdf (qpdf).

Renders 60 letters of the example project into one document as the merge does, converts
it once with the engine, then times per letter:

  (a) strukturer's split (``split_records``, pypdf): pages, structure tree with a
      renumbered parent tree, links, outline entry, output intent and metadata;
  (b) the pages alone with pypdf (a new file holding the letter's page, written);
  (c) the pages alone with pikepdf (the same with qpdf's C++).

(b) and (c) do a fraction of (a)'s work: they bound what a port to pikepdf could gain.
Run: python bench/split_bench.py ((c) needs `pip install pikepdf`; it is not a dependency).
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

import attrs
from pypdf import PdfReader, PdfWriter

import strukturer
from strukturer.content.records import load_records
from strukturer.model import Deliverable
from strukturer.pdf import Engine, PdfOptions
from strukturer.pdf.finishing import destination_spans, split_records
from strukturer.pdf.writer import metadata_for
from strukturer.render.docx import render_docx
from strukturer.render.merge import BOOKMARK_PREFIX, merge_context, merged_source
from strukturer.render.writer import Job

LETTERS = 60
ROUNDS = 3


def converted(tmp: Path) -> tuple[Path, Job]:
    """60 letters rendered into one document and exported once, as the merge does."""
    project = strukturer.load_project()
    template = strukturer.TemplateLibrary().get("kommunbrev", "2.0.0")
    job = Job.create(
        project, Deliverable(name="brev", template="kommunbrev", version="1.0.0"), template
    )
    records = load_records(Path(project.source or "").parent / "kommuner.csv")[:LETTERS]
    source = tmp / "letters.docx"
    context = merge_context(job.context, records)
    source.write_bytes(render_docx(template, context, job.info, source=merged_source(template)))
    pdf = tmp / "letters.pdf"
    with Engine() as engine:
        engine.convert(source, pdf, title="brev", options=PdfOptions(bookmark_destinations=True))
    return pdf, job


def per_letter(seconds: float) -> str:
    return f"{seconds / LETTERS * 1000:6.2f} ms per letter"


def main() -> int:
    try:
        import pikepdf  # noqa: PLC0415
    except ImportError:
        pikepdf = None
    tmp = Path(tempfile.mkdtemp(prefix="strukturer-split-"))
    try:
        pdf, job = converted(tmp)
        spans = destination_spans(PdfReader(pdf), BOOKMARK_PREFIX)
        base = metadata_for(job)
        parts = [(tmp / f"a{i}.pdf", attrs.evolve(base, title=f"brev {i}")) for i in range(LETTERS)]

        def ours() -> None:
            split_records(pdf, BOOKMARK_PREFIX, parts)

        def pages_pypdf() -> None:
            reader = PdfReader(pdf)
            for first, last in spans:
                writer = PdfWriter()
                for number in range(first - 1, last):
                    writer.add_page(reader.pages[number])
                writer.write(io.BytesIO())

        def pages_pikepdf() -> None:
            assert pikepdf is not None
            with pikepdf.open(pdf) as source:
                for first, last in spans:
                    target = pikepdf.new()
                    target.pages.extend(source.pages[first - 1 : last])
                    target.save(io.BytesIO())

        routes = [("(a) split_records (pypdf, full)", ours), ("(b) pages only, pypdf", pages_pypdf)]
        if pikepdf is not None:
            routes.append((f"(c) pages only, pikepdf {pikepdf.__version__}", pages_pikepdf))
        print(f"Split of one exported document of {LETTERS} letters (best of {ROUNDS})")
        for label, action in routes:
            best = min(_time(action) for _ in range(ROUNDS))
            print(f"  {label:40} {per_letter(best)}")
        if pikepdf is None:
            print("  (c) pikepdf is not installed: pip install pikepdf")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _time(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
