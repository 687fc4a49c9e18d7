"""PDF engine against a real LibreOffice: export, tagging, PDF/A, batches, failures."""

from __future__ import annotations

import hashlib
import itertools
import os
import signal
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf import ConvertJob, Engine, EnginePool, PageRangeJob, PdfOptions, doctor
from strukturer.pdf.engine import _office_env
from strukturer.pdf.finishing import finish
from strukturer.pdf.metadata import PdfMetadata

from .conftest import CHAPTERS
from .docx_factory import STALE_TOC_TEXT
from .pdfcheck import assert_accessible_pdfa, outline_titles, pdfa_claim

pytestmark = pytest.mark.engine


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") or ".part" in p.name)


def test_convert_report_is_tagged_pdfa(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "out" / "rapport.pdf"
    engine.convert(inputs["report"], dst, title="Rapport om strukturer")

    reader = assert_accessible_pdfa(dst, title="Rapport om strukturer")
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Myndigheten redovisar här uppdraget" in text
    assert outline_titles(reader) == [
        t for c in CHAPTERS for t in (c, f"Avsnitt {CHAPTERS.index(c) + 1}.1")
    ]
    assert engine.version.startswith(("7.", "24.", "25.", "26."))


def test_toc_and_page_fields_are_updated(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "rapport.pdf"
    engine.convert(inputs["report"], dst, title="Rapport")
    reader = PdfReader(dst)
    toc_page = reader.pages[0].extract_text()
    assert STALE_TOC_TEXT not in toc_page
    lines = [line for line in toc_page.splitlines() if line.startswith(tuple(CHAPTERS))]
    assert len(lines) == len(CHAPTERS)
    # Each chapter starts on a new page after the TOC page: 2, 3, 4, 5.
    for n, line in enumerate(lines, start=2):
        assert line.rstrip().endswith(str(n)), line
    assert "Sida 2" in reader.pages[1].extract_text()


def test_update_indexes_can_be_turned_off(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "stale.pdf"
    engine.convert(inputs["report"], dst, title="R", options=PdfOptions(update_indexes=False))
    assert STALE_TOC_TEXT in PdfReader(dst).pages[0].extract_text()


def test_pdfa_1b_option(engine: Engine, inputs: dict[str, Path], tmp_path: Path) -> None:
    dst = tmp_path / "arkiv.pdf"
    engine.convert(inputs["report"], dst, title="Arkiv", options=PdfOptions(pdfa="1b"))
    reader = PdfReader(dst)
    assert pdfa_claim(reader)[0] == "1"  # LibreOffice claims level A here
    finish(dst, PdfMetadata(title="Arkiv", author="Riksarkivet"))
    assert_accessible_pdfa(dst, title="Arkiv", part="1")


def test_page_range_batch_of_twenty_records(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    spans = engine.record_pages(inputs["letters"], "rec_")
    assert spans == [(i, i) for i in range(1, 21)]
    jobs = [
        PageRangeJob(first, last, tmp_path / f"brev_{i:03d}.pdf", f"Brev till Kommun {i:03d}")
        for i, (first, last) in enumerate(spans, start=1)
    ]
    engine.convert_ranges(inputs["letters"], jobs)
    for i, job in enumerate(jobs, start=1):
        reader = assert_accessible_pdfa(job.dst, title=job.title)
        assert len(reader.pages) == 1
        assert f"Kommun {i:03d} får härmed" in reader.pages[0].extract_text()
    assert _leftovers(tmp_path) == []


def test_record_pages_spans_multi_page_records(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    spans = engine.record_pages(inputs["long_letters"], "rec_")
    assert len(spans) == 6
    assert spans[0] == (1, 1)
    long_first, long_last = spans[2]  # the third letter runs over more than one page
    assert long_last > long_first
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(spans))
    dst = tmp_path / "long.pdf"
    engine.convert_ranges(
        inputs["long_letters"], [PageRangeJob(long_first, long_last, dst, "Långt")]
    )
    reader = PdfReader(dst)
    assert len(reader.pages) == long_last - long_first + 1
    assert "Kommun 003" in reader.pages[0].extract_text()


def test_two_engines_in_two_threads(inputs: dict[str, Path], tmp_path: Path) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            with Engine() as eng:
                # Same source file in both threads: each engine loads its own copy.
                eng.convert(inputs["report"], tmp_path / f"dir{n}" / "rapport.pdf", title=f"R{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in (1, 2):
        assert_accessible_pdfa(tmp_path / f"dir{n}" / "rapport.pdf", title=f"R{n}")


def test_timeout_raises_and_leaves_no_partial_file(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "big.pdf"
    with pytest.raises(EngineError, match=r"big\.docx.*longer than 0\.3 s"):
        engine.convert(inputs["big"], dst, title="Stor", options=PdfOptions(timeout=0.3))
    assert list(tmp_path.iterdir()) == []
    # The engine restarted and still works.
    engine.convert(inputs["report"], tmp_path / "ok.pdf", title="Efter")
    assert_accessible_pdfa(tmp_path / "ok.pdf", title="Efter")


def test_killed_office_is_restarted_and_document_retried(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    pid = engine.office_pid
    assert pid is not None
    restarts = engine.restarts
    timer = threading.Timer(0.3, os.kill, args=(pid, signal.SIGKILL))
    timer.start()
    try:
        engine.convert(inputs["big"], tmp_path / "big.pdf", title="Stor")
    finally:
        timer.cancel()
    assert engine.restarts == restarts + 1
    assert engine.office_pid != pid
    assert _leftovers(tmp_path) == []
    assert PdfReader(tmp_path / "big.pdf").pages


def test_killed_twice_raises_engine_error(
    engine: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    stop = threading.Event()

    def killer() -> None:  # kill every office this engine starts, until stopped
        while not stop.wait(0.2):
            pid = engine.office_pid
            if pid is not None:
                os.kill(pid, signal.SIGKILL)

    thread = threading.Thread(target=killer)
    thread.start()
    try:
        with pytest.raises(EngineError, match=r"big\.docx"):
            engine.convert(inputs["big"], tmp_path / "big.pdf", title="Stor")
    finally:
        stop.set()
        thread.join()
    assert list(tmp_path.iterdir()) == []
    engine.convert(inputs["report"], tmp_path / "ok.pdf", title="Ok")  # recovers on next call


def test_bad_docx_names_document(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(EngineError, match=r"trasig\.docx"):
        engine.convert(bad, tmp_path / "trasig.pdf", title="x")
    assert not (tmp_path / "trasig.pdf").exists()
    with pytest.raises(EngineError, match="no such DOCX"):
        engine.convert(tmp_path / "saknas.docx", tmp_path / "x.pdf", title="x")


def test_source_date_epoch_gives_identical_bytes(
    inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718409600")
    meta = PdfMetadata(
        title="Rapport om strukturer",
        author="Myndigheten för vård- och omsorgsanalys",
        subject="Redovisning av regeringsuppdrag",
        keywords=("kommuner", "strukturer"),
        extra={"strukturer_version": "0.1.0", "content_sha256": "0" * 64},
    )
    digests = []
    for run in (1, 2):
        dst = tmp_path / f"run{run}" / "rapport.pdf"
        with Engine() as eng:  # a fresh office each time
            eng.convert(inputs["report"], dst, title=meta.title)
        finish(dst, meta)
        digests.append(hashlib.sha256(dst.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    assert_accessible_pdfa(tmp_path / "run1" / "rapport.pdf", title=meta.title)


def test_pool_spreads_ranges_and_documents(inputs: dict[str, Path], tmp_path: Path) -> None:
    with EnginePool(jobs=2) as pool:
        assert pool.jobs == 2
        spans = pool.record_pages(inputs["letters"], "rec_")
        jobs = [
            PageRangeJob(a, b, tmp_path / "brev" / f"{i:02d}.pdf", f"Brev {i}")
            for i, (a, b) in enumerate(spans, start=1)
        ]
        pool.convert_ranges(inputs["letters"], jobs)
        pool.convert_many(
            [ConvertJob(inputs["report"], tmp_path / f"r{i}.pdf", f"R{i}") for i in range(3)]
        )
    for i, job in enumerate(jobs, start=1):
        assert PdfReader(job.dst).metadata.title == f"Brev {i}"  # type: ignore[union-attr]
    for i in range(3):
        assert_accessible_pdfa(tmp_path / f"r{i}.pdf", title=f"R{i}")


def test_doctor_reports_engine_fonts_and_dictionaries() -> None:
    report = doctor(["Liberation Serif", "Ingen Sådan Typsnittsfamilj"])
    assert report.office is not None
    assert report.uno_python is not None
    assert "LibreOffice" in (report.office_version or "")
    assert [f.installed for f in report.fonts] == [True, False]
    assert not report.ok
    assert "Ingen Sådan Typsnittsfamilj" in str(report)


def test_planned_restart_after_n_documents(inputs: dict[str, Path], tmp_path: Path) -> None:
    with Engine(restart_after=2) as eng:
        first = eng.office_pid
        for i in range(3):
            eng.convert(inputs["report"], tmp_path / f"{i}.pdf", title=f"R{i}")
        assert eng.office_pid != first
        assert eng.restarts == 0
    assert_accessible_pdfa(tmp_path / "2.pdf", title="R2")


def test_office_environment_keeps_heap_padding_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MALLOC_TOP_PAD_", raising=False)
    assert _office_env(tmp_path)["MALLOC_TOP_PAD_"] == str(256 * 1024 * 1024)
    monkeypatch.setenv("MALLOC_TOP_PAD_", "131072")
    assert _office_env(tmp_path)["MALLOC_TOP_PAD_"] == "131072"


def test_pool_started_in_the_background_reports_its_error_at_first_use(tmp_path: Path) -> None:
    started = threading.Event()

    def failing() -> Engine:
        started.set()
        raise EngineError("LibreOffice (soffice.bin) was not found")

    pool = EnginePool(2, engine_factory=failing, wait=False)  # returns at once
    assert started.wait(5)
    with pytest.raises(EngineError, match="not found"):
        pool.convert(tmp_path / "a.docx", tmp_path / "a.pdf", title="a")
    pool.close()  # no error: it was reported where the pool was used
    assert list(tmp_path.iterdir()) == []


def test_pool_started_in_the_background_converts(inputs: dict[str, Path], tmp_path: Path) -> None:
    with EnginePool(1, wait=False) as pool:
        pool.convert(inputs["report"], tmp_path / "r.pdf", title="Rapport")
        assert pool.version.startswith(("7.", "24.", "25.", "26."))
    assert_accessible_pdfa(tmp_path / "r.pdf", title="Rapport")
