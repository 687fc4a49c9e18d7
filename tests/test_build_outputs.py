"""A build is all or nothing: staging, stale outputs, output folders that cannot be written."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import attrs
import docx
import pytest
from click.testing import CliRunner

import strukturer
from strukturer.cli import main
from strukturer.errors import CheckError, ContentError
from strukturer.outputs import OWNER_FILE, process_start, remove_stale_staging
from strukturer.provenance import read_provenance
from tests.conftest import DEFAULT_FILES, edit
from tests.own_template import add_paragraph, own_template

PROJECT = "strukturer-for-stod"


def run_build(*args: str) -> tuple[int, str]:
    """Build the example with ``args``, quietly (no progress lines)."""
    result = CliRunner().invoke(main, ["build", "--example", "-q", *args])
    return result.exit_code, result.output


def test_a_missing_records_file_stops_the_build_before_anything_is_written(
    project_dir: Path, tmp_path: Path
) -> None:
    (project_dir / "kommuner.csv").unlink()
    out = tmp_path / "dist"
    with pytest.raises(ContentError) as caught:
        strukturer.build(project_dir / "kommunbrev.toml", out=out, formats=["docx"])
    assert str(caught.value) == (
        "kommunbrev.toml: deliverables.kommunbrev.records: records file 'kommuner.csv' not found"
    )
    assert not out.exists()


def test_a_failed_first_build_leaves_no_empty_project_folder(
    project_dir: Path, tmp_path: Path
) -> None:
    add_paragraph(own_template(project_dir, "missiv", "eget"), "{{ saknas }}")
    out = tmp_path / "dist" / "sub"
    with pytest.raises(strukturer.RenderError, match="saknas"):
        strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert not (tmp_path / "dist").exists()


def test_a_docx_build_removes_the_pdfs_it_makes_stale(tmp_path: Path) -> None:
    folder = tmp_path / PROJECT
    folder.mkdir()
    for name in ("missiv.pdf", "redovisning.pdf", "rapport.pdf"):
        (folder / name).write_bytes(b"%PDF-1.7 from an earlier build")
    result = strukturer.build(out=tmp_path, formats=["docx"], only="missiv", check=False)
    assert sorted(os.listdir(folder)) == ["missiv.docx", "rapport.pdf"]
    assert result.warnings == (
        f"removed {folder}/missiv.pdf: it was built from earlier content than this build's "
        "missiv (build the PDF too to keep both)",
        f"removed {folder}/redovisning.pdf: it was built from earlier content than this "
        "build's redovisning (build the PDF too to keep both)",
    )


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def staging_folder(out: Path, name: str, owner: dict[str, object] | None) -> Path:
    folder = out / f".staging-{name}"
    folder.mkdir(parents=True)
    (folder / "rapport.docx").write_bytes(b"half")
    if owner is not None:
        (folder / OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")
    return folder


def test_staging_left_by_a_killed_run_is_removed_and_never_blocks(tmp_path: Path) -> None:
    out = tmp_path / PROJECT
    host = socket.gethostname()
    killed = staging_folder(out, "killed", {"pid": dead_pid(), "host": host, "started": 0})
    parent = {"pid": os.getppid(), "host": host, "started": 0}
    staging_folder(out, "live", {**parent, "process_start": process_start(os.getppid())})
    reused = staging_folder(out, "reused", {**parent, "process_start": "1"})  # pid reused
    staging_folder(out, "elsewhere", {"pid": 1, "host": "another-host", "started": 0})
    unowned_old = staging_folder(out, "old", None)
    os.utime(unowned_old, (0, 0))
    staging_folder(out, "new", None)
    strukturer.build(out=tmp_path, formats=["docx"], only="missiv", check=False)
    assert not killed.exists()
    assert not reused.exists()
    assert not unowned_old.exists()
    assert sorted(os.listdir(out)) == sorted(
        [".staging-live", ".staging-elsewhere", ".staging-new", "missiv.docx"]
    )
    assert remove_stale_staging(out) == []


def test_a_killed_build_leaves_staging_that_the_next_build_removes(tmp_path: Path) -> None:
    out = tmp_path / PROJECT
    code = (
        "import os, signal, strukturer.outputs as o\n"
        "from pathlib import Path\n"
        f"s = o.Staging(Path({str(out)!r}))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code], check=False)
    assert killed.returncode == -9
    (left,) = out.glob(".staging-*")
    strukturer.build(out=tmp_path, formats=["docx"], only="missiv", check=False)
    assert not left.exists()
    assert os.listdir(out) == ["missiv.docx"]


def test_out_pointing_at_a_file_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert run_build("--out", str(target), "--to", "docx", "--no-check") == (
        1,
        f"error: cannot write into {target}: it is a file, not a folder\n",
    )
    below = target / "sub"
    assert run_build("--out", str(below), "--to", "docx", "--no-check") == (
        1,
        f"error: cannot write into {target}: it is a file, not a folder\n",
    )


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root")
def test_an_output_folder_that_is_not_writable_is_one_line() -> None:
    out = Path(tempfile.mkdtemp(prefix="strukturer-readonly-"))  # one nobody can reach
    out.chmod(0o555)
    command = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        sys.executable,
        "-m",
        "strukturer.cli",
        "build",
        "--example",
        "--out",
        str(out),
        "--to",
        "docx",
        "--no-check",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        out.rmdir()
    assert done.returncode == 1
    assert done.stderr == (
        f"error: cannot create the folder {out}/{PROJECT}: permission denied (the folder "
        "is not writable)\n"
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> object:
    """A 48 KiB tmpfs: too small for the deliverables."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mounting = ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(mount)]
    done = subprocess.run(mounting, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_names_the_deliverable(small_disk: Path) -> None:
    assert run_build("--out", str(small_disk), "--to", "docx", "--no-check") == (
        1,
        "error: cannot write missiv.docx: no space left on the device\n",
    )
    assert os.listdir(small_disk) == []


def created(path: Path) -> datetime:
    stamp = docx.Document(str(path)).core_properties.created
    assert stamp is not None
    return stamp.replace(tzinfo=UTC)


def test_two_builds_in_threads_keep_their_own_time(tmp_path: Path) -> None:
    epochs = {"a": 1_600_000_000, "b": 1_700_000_000}
    results: dict[str, strukturer.BuildResult] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            results[name] = strukturer.build(
                out=tmp_path / name, formats=["docx"], check=False, source_date_epoch=epochs[name]
            )
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(name,)) for name in epochs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert "SOURCE_DATE_EPOCH" not in os.environ
    for name, epoch in epochs.items():
        assert len(results[name].files) == 4
        for path in results[name].files:
            assert created(path) == datetime.fromtimestamp(epoch, UTC)


def test_build_from_objects_runs_the_check(project_dir: Path, tmp_path: Path) -> None:
    edit(project_dir / "findings.yaml", "Insatserna räcker", "Insatserna räcker räcker")
    project = attrs.evolve(strukturer.load_project(project_dir), source=None)
    with pytest.raises(CheckError) as caught:
        strukturer.build(project, out=tmp_path / "dist", formats=["docx"])
    assert 'evaluation.findings[1].text:1:19: error doubled-word: doubled word "räcker"\n' in str(
        caught.value
    )
    assert not (tmp_path / "dist").exists()
    edit(project_dir / "findings.yaml", "Insatserna räcker räcker", "Insatserna räcker")
    project = attrs.evolve(strukturer.load_project(project_dir), source=None)
    result = strukturer.build(project, out=tmp_path / "dist", formats=["docx"])
    assert len(result.files) == 4
    assert any(w.startswith("evaluation.") and "former-name" in w for w in result.warnings)
    unchecked = strukturer.build(project, out=tmp_path / "dist", formats=["docx"], check=False)
    assert unchecked.warnings == ()


def test_the_build_checks_the_files_it_loaded_without_reading_them_again(
    project_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strukturer.check import project_check  # noqa: PLC0415

    def read_again(path: object) -> None:
        raise AssertionError(f"the check read {path} again")

    monkeypatch.setattr(project_check, "read_sources", read_again)
    edit(project_dir / "findings.yaml", "Insatserna räcker", "Insatserna räcker räcker")
    with pytest.raises(CheckError) as caught:
        strukturer.build(project_dir, out=tmp_path / "dist", formats=["docx"])
    assert 'doubled word "räcker"' in str(caught.value)
    assert "findings.yaml:" in str(caught.value)


@pytest.mark.engine
def test_pdfs_carry_the_given_time_and_template_hash_and_a_docx_build_retires_them(
    tmp_path: Path,
) -> None:
    import hashlib  # noqa: PLC0415

    from pypdf import PdfReader  # noqa: PLC0415

    epoch = 1_650_000_000
    result = strukturer.build(
        out=tmp_path, only="missiv,rapport", check=False, source_date_epoch=epoch
    )
    folder = tmp_path / PROJECT
    names = sorted(p.name for p in result.files)
    assert names == ["missiv.docx", "missiv.pdf", "rapport.docx", "rapport.pdf", "redovisning.pdf"]
    library = strukturer.TemplateLibrary()
    digests = {
        name: hashlib.sha256(library.get(name, "2.0.0").docx.read_bytes()).hexdigest()
        for name in ("missiv", "rapport")
    }
    assert read_provenance(folder / "rapport.pdf")["template_sha256"] == (digests["rapport"])
    assert read_provenance(folder / "redovisning.pdf")["template_sha256"] == (
        f"{digests['missiv']}; {digests['rapport']}"
    )
    created = PdfReader(folder / "missiv.pdf").metadata
    assert created is not None
    assert created["/CreationDate"] == "D:20220415052000+00'00'"
    assert "SOURCE_DATE_EPOCH" not in os.environ

    again = strukturer.build(out=tmp_path, only="missiv", formats=["docx"], check=False)
    assert sorted(os.listdir(folder)) == ["missiv.docx", "rapport.docx", "rapport.pdf"]
    assert len(again.warnings) == 2


@pytest.mark.engine
def test_a_release_is_not_blocked_by_staging_from_a_killed_run(tmp_path: Path) -> None:
    from strukturer.release import make_release  # noqa: PLC0415

    out = tmp_path / "release"
    staging_folder(
        out / PROJECT, "killed", {"pid": dead_pid(), "host": socket.gethostname(), "started": 0}
    )
    manifest = make_release([None], out=out)
    assert not list((out / PROJECT).glob(".staging-*"))
    assert sorted(f.path for f in manifest.files) == sorted(
        f"{PROJECT}/{name}" for name in DEFAULT_FILES
    )


def test_a_failing_per_record_deliverable_publishes_nothing(
    project_dir: Path, tmp_path: Path
) -> None:
    (project_dir / "kommuner.txt").write_text(
        "code,name,official_name\n0114,Upplands Väsby,Upplands Väsby kommun\n", encoding="utf-8"
    )
    with (project_dir / "strukturer.toml").open("a", encoding="utf-8") as toml:
        toml.write(
            '\n[deliverables.kommunbrev]\ntemplate = "kommunbrev"\nversion = "2.0.0"\n'
            'records = "kommuner.txt"\nfilename = "brev-{name}"\n'
        )
    out = tmp_path / "dist"
    with pytest.raises(ContentError) as caught:
        strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert str(caught.value).endswith("kommuner.txt: records must be a .csv, .yaml or .yml file")
    assert not out.exists()  # missiv.docx and the others were staged, never published
    (project_dir / "kommuner.txt").rename(project_dir / "kommuner.csv")
    edit(project_dir / "strukturer.toml", 'records = "kommuner.txt"', 'records = "kommuner.csv"')
    result = strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert sorted(p.relative_to(out / PROJECT).as_posix() for p in result.files) == [
        "kommunbrev/brev-Upplands-Väsby.docx",
        "missiv.docx",
        "pressmeddelande.docx",
        "rapport.docx",
        "regeringsbeslut.docx",
    ]
    assert not list((out / PROJECT).rglob(".staging-*"))
