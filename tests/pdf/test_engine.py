"""PDF engine against a real LibreOffice: export, tagging, PDF/A and PDF/UA, failures.

Faults are injected deterministically through ``Engine.before_request``: the real office
is killed (SIGKILL) or frozen (SIGSTOP) just before a request, never after a delay.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf import Engine, EnginePool, PdfOptions, doctor, libreoffice_version
from strukturer.pdf.finishing import finish
from strukturer.pdf.metadata import PdfMetadata
from strukturer.pdf.profile import copy_profile, profile_template

from .conftest import CHAPTERS
from .docx_factory import STALE_TOC_TEXT
from .pdfcheck import assert_accessible_pdfa, outline_titles, pdfa_claim

pytestmark = pytest.mark.engine


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".") or ".part" in p.name)


def _xmp(pdf: Path) -> str:
    return str(PdfReader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode())


@pytest.fixture(scope="module")
def fragile() -> Iterator[Engine]:
    """An engine of its own for the fault tests (the session's stays untouched)."""
    with Engine() as eng:
        yield eng
        eng.before_request = None


def _before(engine: Engine, when: str, fault: Callable[[Engine, int], None], times: int) -> None:
    """Run ``fault(engine, office pid)`` before the next *times* requests *when*."""
    left = [times]

    def hook(op: str) -> None:
        pid = engine.office_pid
        if op == when and left[0] > 0 and pid is not None:
            left[0] -= 1
            fault(engine, pid)

    engine.before_request = hook


def _kill(engine: Engine, pid: int) -> None:
    """SIGKILL the office and wait until it has ended (every thread of it)."""
    os.kill(pid, signal.SIGKILL)
    while engine.office_pid is not None:
        threading.Event().wait(0.01)


def _freeze(_engine: Engine, pid: int) -> None:
    """SIGSTOP the office: it hangs, as on a document it cannot finish."""
    os.kill(pid, signal.SIGSTOP)


def test_convert_report_is_tagged_pdfa_and_pdfua(
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
    xmp = _xmp(dst)
    assert re.search(r"pdfaid:part(>|=\")2", xmp)
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    assert dst.read_bytes().startswith(b"%PDF-1.7")


def test_the_running_office_finds_no_programs_to_start(engine: Engine) -> None:
    """Its GnuPG support would run gpgconf, gpg and gpgsm on the first document."""
    assert engine.office_pid is not None
    environ = Path(f"/proc/{engine.office_pid}/environ").read_bytes().split(b"\0")
    path = next(v for v in environ if v.startswith(b"PATH=")).decode()[len("PATH=") :]
    for program in ("gpgconf", "gpg", "gpgsm", "paperconf", "sh"):  # sh: on every machine
        assert shutil.which(program, path=path) is None, program


def test_an_office_started_from_the_template_profile_skips_the_first_start_work(
    engine: Engine,
) -> None:
    """The template records a full first start, so an engine's office does not run its
    graphics self-tests (which rewrite their log) or re-check its extensions."""
    template = profile_template(engine.office)
    settings = (template / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert "ooSetupLastVersion" in settings
    assert "LastCompatibilityCheckID" in settings
    assert 'oor:name="IsSpellAuto"' in settings
    log = Path("user", "GraphicsRenderTests.log")
    assert engine._profile is not None
    assert (engine._profile / log).stat().st_mtime_ns == (template / log).stat().st_mtime_ns


def test_a_profile_copy_holds_the_template_profile_file_for_file(
    engine: Engine, tmp_path: Path
) -> None:
    copy_profile(engine.office, tmp_path / "profile")

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    template = files(profile_template(engine.office))
    assert "user/registrymodifications.xcu" in template
    assert files(tmp_path / "profile") == template


def test_libreoffice_version_is_read_without_starting_the_office(engine: Engine) -> None:
    assert libreoffice_version() == engine.version
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", engine.version)


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
    assert pdfa_claim(reader)[0] == "1"
    finish(dst, PdfMetadata(title="Arkiv", author="Riksarkivet"))
    assert_accessible_pdfa(dst, title="Arkiv", part="1")


def test_pdfua_can_be_turned_off(engine: Engine, inputs: dict[str, Path], tmp_path: Path) -> None:
    dst = tmp_path / "utan.pdf"
    engine.convert(inputs["letter"], dst, title="Utan", options=PdfOptions(pdfua=False))
    assert "pdfuaid" not in _xmp(dst)


def test_a_hung_office_times_out_twice_and_leaves_no_partial_file(
    fragile: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    _before(fragile, "open", _freeze, times=2)
    dst = tmp_path / "rapport.pdf"
    with pytest.raises(EngineError) as failed:
        fragile.convert(inputs["report"], dst, title="R", options=PdfOptions(timeout=0.5))
    assert str(failed.value) == (
        "LibreOffice failed on report.docx: took longer than 0.5 s (also after a restart)"
    )
    assert failed.value.__cause__ is not None
    assert list(tmp_path.iterdir()) == []
    fragile.convert(inputs["report"], tmp_path / "ok.pdf", title="Efter")  # restarted, works
    assert_accessible_pdfa(tmp_path / "ok.pdf", title="Efter")


def test_killed_office_is_restarted_and_document_retried(
    fragile: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    pid, restarts = fragile.office_pid, fragile.restarts
    _before(fragile, "export", _kill, times=1)
    fragile.convert(inputs["report"], tmp_path / "rapport.pdf", title="Rapport")
    assert fragile.restarts == restarts + 1
    assert fragile.office_pid not in (None, pid)
    assert _leftovers(tmp_path) == []
    assert_accessible_pdfa(tmp_path / "rapport.pdf", title="Rapport")


def test_killed_twice_raises_engine_error(
    fragile: Engine, inputs: dict[str, Path], tmp_path: Path
) -> None:
    _before(fragile, "export", _kill, times=2)
    with pytest.raises(EngineError) as failed:
        fragile.convert(inputs["report"], tmp_path / "rapport.pdf", title="Rapport")
    assert str(failed.value) == (
        "LibreOffice failed on report.docx: LibreOffice stopped unexpectedly (also after a restart)"
    )
    assert list(tmp_path.iterdir()) == []
    fragile.convert(inputs["report"], tmp_path / "ok.pdf", title="Ok")  # recovers on next call
    assert_accessible_pdfa(tmp_path / "ok.pdf", title="Ok")


def test_bad_docx_names_document_and_keeps_the_cause(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(EngineError, match=r"^LibreOffice failed on trasig\.docx: ") as failed:
        engine.convert(bad, tmp_path / "trasig.pdf", title="x")
    assert failed.value.__cause__ is not None
    assert not (tmp_path / "trasig.pdf").exists()
    with pytest.raises(EngineError, match=r"saknas\.docx: no such DOCX file$"):
        engine.convert(tmp_path / "saknas.docx", tmp_path / "x.pdf", title="x")


def test_source_date_epoch_gives_identical_bytes(
    engine: Engine,
    fragile: Engine,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
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
    for run, eng in ((1, engine), (2, fragile)):  # two offices, two profiles
        dst = tmp_path / f"run{run}" / "rapport.pdf"
        eng.convert(inputs["report"], dst, title=meta.title)
        finish(dst, meta)
        digests.append(hashlib.sha256(dst.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    assert_accessible_pdfa(tmp_path / "run1" / "rapport.pdf", title=meta.title)


def test_doctor_reports_engine_fonts_and_dictionaries() -> None:
    report = doctor(["Liberation Serif", "Ingen Sådan Typsnittsfamilj"])
    assert report.office is not None
    assert report.uno_python is not None
    assert "LibreOffice" in (report.office_version or "")
    assert [f.installed for f in report.fonts] == [True, False]
    assert not report.ok
    assert "Ingen Sådan Typsnittsfamilj" in str(report)


def test_planned_restart_is_not_counted_as_a_failure(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    with Engine(restart_after=1) as eng:
        first = eng.office_pid
        eng.convert(inputs["letter"], tmp_path / "1.pdf", title="R1")
        assert eng.office_pid not in (None, first)
        assert eng.restarts == 0
    assert_accessible_pdfa(tmp_path / "1.pdf", title="R1")


def test_pool_started_in_the_background_converts_on_every_engine(
    inputs: dict[str, Path], tmp_path: Path
) -> None:
    with EnginePool(2, wait=False) as pool:
        # The same source in both threads: each engine loads its own copy of it.
        threads = [
            threading.Thread(
                target=pool.convert,
                args=(inputs["letter"], tmp_path / f"{n}.pdf"),
                kwargs={"title": f"Brev {n}"},
            )
            for n in (1, 2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert pool.version == pool.engines[1].version
        assert len({e.office_pid for e in pool.engines}) == 2
    for n in (1, 2):
        assert_accessible_pdfa(tmp_path / f"{n}.pdf", title=f"Brev {n}")


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 256 KiB file system that is all but full (a tmpfs: needs root)."""
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        (folder / "filler").write_bytes(b"x" * 240_000)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_says_so(engine: Engine, inputs: dict[str, Path], full_disk: Path) -> None:
    with pytest.raises(EngineError) as failed:
        engine.convert(inputs["report"], full_disk / "rapport.pdf", title="R")
    assert str(failed.value) == "LibreOffice failed on report.docx: no space left on the device"
    assert "0x20d" in str(failed.value.__cause__)  # LibreOffice's own words are kept
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]


def _gone(pid: int) -> bool:
    """Whether process *pid* has ended (a zombie counts: it runs no more)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def test_closing_kills_the_office_and_worker_and_removes_the_folder_without_waiting() -> None:
    engine = Engine()
    office, worker, folder = engine.office_pid, engine.worker_pid, engine._root
    assert office is not None
    assert worker is not None
    assert folder.is_dir()
    engine.close()
    assert engine.office_pid is None
    assert engine.worker_pid is None
    for _ in range(1200):  # the reaper threads and the removing process finish on their own
        if _gone(office) and _gone(worker) and not folder.exists():
            break
        threading.Event().wait(0.05)
    assert _gone(office)
    assert _gone(worker)
    assert not folder.exists()
