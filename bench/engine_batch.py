"""Benchmark the PDF engine on a batch of one-page letters (not a test).

Builds N letters (default 290, one per municipality; names are generated here) as ONE
DOCX with a page break and a bookmark ``RecNNNN`` per letter, then measures:

  (a) naive ``soffice --convert-to pdf``, one process per letter (a small sample,
      extrapolated; plain PDF, not even PDF/A),
  (b) one engine, loading each letter's own DOCX (a sample, extrapolated),
  (e) one engine exporting the big DOCX once, then pypdf splitting it per letter
      (what the mail merge does, there with documents of 60 letters on two engines).

Exporting page ranges one by one (routes c and d of earlier runs) is no longer offered by
the engine: it was 3x slower than (e) (docs/performance.md).

Run: .venv/bin/python bench/engine_batch.py [--letters 290] [--naive-sample 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import attrs
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from pypdf import PdfReader

from strukturer.pdf import Engine, PdfMetadata, PdfOptions, find_office
from strukturer.pdf.records_split import split_records


def _set_swedish(doc: Document) -> None:  # type: ignore[valid-type]
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), "Liberation Serif")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "sv-SE")
    rpr.insert(0, fonts)
    rpr.append(lang)


def _letter(doc: Document, i: int, bookmark: bool) -> None:  # type: ignore[valid-type]
    heading = doc.add_heading(f"Information till Kommun {i:03d}", level=1)
    if bookmark:
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(i))
        start.set(qn("w:name"), f"Rec{i:04d}")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(i))
        heading._p.insert(0, start)
        heading._p.append(end)
    doc.add_paragraph(f"Dnr 2024/{i:04d}\nDatum 2024-06-15")
    doc.add_paragraph(
        f"Kommun {i:03d} får härmed information om regeringsuppdraget om strukturer "
        "för stöd. Myndigheten för vård- och omsorgsanalys ska redovisa uppdraget "
        "till Regeringskansliet (Socialdepartementet) senast den 15 juni 2025. "
    )
    doc.add_paragraph("Med vänlig hälsning\n\nGeneraldirektör")


def build_batch(path: Path, count: int) -> Path:
    """All letters in one DOCX, a page break between letters, a bookmark per letter."""
    doc = Document()
    _set_swedish(doc)
    for i in range(1, count + 1):
        _letter(doc, i, bookmark=True)
        if i < count:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(path))
    return path


def build_single(path: Path, i: int) -> Path:
    doc = Document()
    _set_swedish(doc)
    _letter(doc, i, bookmark=False)
    doc.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=290)
    parser.add_argument("--naive-sample", type=int, default=5)
    parser.add_argument("--per-letter-sample", type=int, default=60)
    args = parser.parse_args()
    n = args.letters
    work = Path(tempfile.mkdtemp(prefix="strukturer-bench-"))
    results: dict[str, float] = {}
    try:
        t = time.perf_counter()
        batch = build_batch(work / "letters.docx", n)
        print(f"built {n} letters as one DOCX in {time.perf_counter() - t:.2f} s")
        (work / "single").mkdir()
        singles = [
            build_single(work / "single" / f"letter_{i:03d}.docx", i)
            for i in range(1, max(args.naive_sample, args.per_letter_sample) + 1)
        ]

        # (a) naive: one soffice process per letter (warm private profile, plain PDF).
        soffice = shutil.which("soffice") or str(find_office())
        profile = (work / "naive-profile").as_uri()
        naive_out = work / "naive"
        sample = singles[: args.naive_sample]
        subprocess.run(  # create the profile first, not timed
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--terminate_after_init"],
            check=False,
            capture_output=True,
        )
        t = time.perf_counter()
        for src in sample:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(naive_out),
                    str(src),
                ],
                check=True,
                capture_output=True,
            )
        results["(a) naive soffice --convert-to, per letter"] = len(sample) / (
            time.perf_counter() - t
        )

        with Engine() as engine:
            # Warm-up conversion (first load is slow), not timed.
            engine.convert(singles[0], work / "warm.pdf", title="warm")
            # (b) one engine, load each letter's DOCX.
            per = singles[: args.per_letter_sample]
            t = time.perf_counter()
            for i, src in enumerate(per, start=1):
                engine.convert(src, work / "b" / f"{i:03d}.pdf", title=f"Brev {i:03d}")
            results["(b) one engine, load per letter"] = len(per) / (time.perf_counter() - t)

            # (e) one engine, one export of the whole document, split per letter by pypdf.
            titles = [f"Information till Kommun {i:03d}" for i in range(1, n + 1)]
            (work / "e").mkdir()
            t = time.perf_counter()
            whole = work / "e" / "whole.pdf"
            engine.convert(
                batch, whole, title="Brev", options=PdfOptions(bookmark_destinations=True)
            )
            t_export = time.perf_counter() - t
            meta = PdfMetadata(title="Brev", author="Myndigheten för vård- och omsorgsanalys")
            split_records(
                whole,
                "Rec",
                [
                    (work / "e" / f"{i:03d}.pdf", attrs.evolve(meta, title=title))
                    for i, title in enumerate(titles, start=1)
                ],
            )
            results["(e) one engine, export once + pypdf split"] = n / (time.perf_counter() - t)
            t_split = time.perf_counter() - t - t_export
            print(f"(e): LibreOffice {t_export:.2f} s, split {t_split:.2f} s")

        for path, title in [(work / "e" / f"{n:03d}.pdf", titles[-1])]:
            check = PdfReader(path)
            if check.metadata is None or check.metadata.title != title:
                raise SystemExit(f"{path.name} lost its title")
            if "/StructTreeRoot" not in check.trailer["/Root"]:
                raise SystemExit(f"{path.name} is not tagged")

        naive = results["(a) naive soffice --convert-to, per letter"]
        print(f"\n{'route':45} {'letters/s':>10} {'vs naive':>9} {'290 letters':>12}")
        for name, rate in results.items():
            print(f"{name:45} {rate:10.1f} {rate / naive:8.0f}× {290 / rate:10.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
