"""The release bundle: real builds with LibreOffice, byte-identical twice, verifiable sums.

Engine tests skip when LibreOffice or python3-uno is missing, except in CI
(``CI=true``), where they fail so a broken runner image cannot pass silently.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import strukturer
from strukturer._resources import default_project_dir
from strukturer.cli import main
from strukturer.errors import EngineError, StrukturerError
from strukturer.pdf import EnginePool, find_office, find_uno_python
from strukturer.release import (
    ARCHIVE_NAME,
    SUMS_NAME,
    commit_time,
    git_info,
    make_release,
)

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1592179200"  # 2020-06-15
DELIVERABLES = {
    "rapport": "rapport",
    "missiv": "missiv",
    "pressmeddelande": "pressmeddelande",
    "regeringsbeslut": "regeringsbeslut",
}


def _missing_reason() -> str | None:
    try:
        find_uno_python(find_office())
    except EngineError as exc:
        return str(exc)
    return None


_MISSING = _missing_reason()


@pytest.fixture(autouse=True)
def _require_engine(request: pytest.FixtureRequest) -> None:
    if _MISSING is None or request.node.get_closest_marker("engine") is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"LibreOffice is required in CI: {_MISSING}")
    pytest.skip(_MISSING)


def _outside_git(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Run from ``folder`` with git unable to find a checkout above it."""
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(folder.parent))


def _all_files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _parse_sums(text: str) -> dict[str, str]:
    sums = {}
    for line in text.splitlines():
        digest, sep, path = line.partition("  ")
        assert sep, f"not a sha256sum line: {line!r}"
        assert len(digest) == 64
        sums[path] = digest
    return sums


@pytest.fixture(scope="module")
def releases(
    tmp_path_factory: pytest.TempPathFactory, engine_pool: EnginePool
) -> tuple[Path, Path]:
    """Two releases of a copy of the default project, outside git, with one SOURCE_DATE_EPOCH,
    the second into a relative folder; the first starts its own engines, the second
    converts on the session's running pool (``engine=``).

    The copy lives outside the repository so that commits other people make while the
    tests run cannot change the provenance stamped into the deliverables.
    """
    if _MISSING is not None:
        pytest.skip(_MISSING)  # the autouse fixture fails instead in CI
    root = tmp_path_factory.mktemp("release")
    project = root / "projects" / "strukturer-for-stod"
    shutil.copytree(default_project_dir(), project)
    with pytest.MonkeyPatch.context() as mp:
        _outside_git(mp, root)
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        # the second to a folder relative to the current one (``root``)
        first = make_release([project], out=root / "a", jobs=2)
        second = make_release([project], out=Path("b"), engine=engine_pool)
        assert (first.out_dir, second.out_dir) == (root / "a", root / "b")
    return root / "a", root / "b"


@pytest.mark.engine
def test_two_releases_are_byte_identical(releases: tuple[Path, Path]) -> None:
    first, second = releases
    assert (first / SUMS_NAME).read_bytes() == (second / SUMS_NAME).read_bytes()
    files = _all_files(first)
    assert files == _all_files(second)
    assert sorted(files) == sorted(
        [SUMS_NAME, "manifest.json", ARCHIVE_NAME, "strukturer-for-stod/redovisning.pdf"]
        + [f"strukturer-for-stod/{n}.{fmt}" for n in DELIVERABLES for fmt in ("docx", "pdf")]
    )


@pytest.mark.engine
def test_manifest_lists_the_deliverables_with_templates_and_sizes(
    releases: tuple[Path, Path],
) -> None:
    out = releases[0]
    text = (out / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert manifest["strukturer_version"] == strukturer.__version__
    assert manifest["source_date_epoch"] == int(EPOCH)
    assert manifest["git"] is None  # released outside a checkout
    (project,) = manifest["projects"]
    assert project["name"] == "strukturer-for-stod"
    pins = {d.name: d for d in strukturer.load_project(default_project_dir()).deliverables}
    listed = {d["name"]: d for d in project["deliverables"]}
    assert sorted(listed) == sorted(DELIVERABLES)
    library = strukturer.TemplateLibrary()
    for name, entry in listed.items():
        template = library.get(pins[name].template, pins[name].version)
        assert entry["template"] == {"name": template.name, "version": template.version}
        assert entry["template"]["name"] == DELIVERABLES[name]
        assert sorted(entry["formats"]) == ["docx", "pdf"]
        for fmt, file in entry["formats"].items():
            path = out / file["path"]
            assert file["path"] == f"strukturer-for-stod/{name}.{fmt}"
            assert file["size"] == path.stat().st_size > 0
            assert file["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [f["path"] for f in project["other_files"]] == ["strukturer-for-stod/redovisning.pdf"]


@pytest.mark.engine
def test_sha256sums_verify(releases: tuple[Path, Path]) -> None:
    out = releases[0]
    text = (out / SUMS_NAME).read_text(encoding="utf-8")
    sums = _parse_sums(text)
    assert list(sums) == sorted(sums)
    assert text.endswith("\n")
    # every file, the manifest too; not the archive, which holds SHA256SUMS
    assert set(sums) == set(_all_files(out)) - {SUMS_NAME, ARCHIVE_NAME}
    for path, digest in sums.items():
        assert hashlib.sha256((out / path).read_bytes()).hexdigest() == digest, path
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--quiet", SUMS_NAME], cwd=out, check=True)


@pytest.mark.engine
def test_the_archive_holds_the_whole_bundle(releases: tuple[Path, Path], tmp_path: Path) -> None:
    out = releases[0]
    with tarfile.open(out / ARCHIVE_NAME) as tar:
        members = tar.getmembers()
        assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {
            (0, 0, "", "", int(EPOCH))
        }
        tar.extractall(tmp_path, filter="data")
    unpacked = _all_files(tmp_path / "release")
    assert unpacked == {k: v for k, v in _all_files(out).items() if k != ARCHIVE_NAME}
    if shutil.which("sha256sum"):
        subprocess.run(
            ["sha256sum", "--check", "--quiet", SUMS_NAME], cwd=tmp_path / "release", check=True
        )


@pytest.mark.engine
def test_a_relative_out_folder(releases: tuple[Path, Path]) -> None:
    """The fixture's second release went to the relative folder ``b``: the same bundle."""
    first, relative = releases
    assert relative == first.parent / "b"
    assert _all_files(relative) == _all_files(first)


@pytest.mark.engine
def test_release_refuses_stale_files(
    releases: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_pool: EnginePool,
) -> None:
    out = tmp_path / "dist"
    shutil.copytree(releases[0], out)
    (out / "strukturer-for-stod" / "gammal.pdf").write_bytes(b"%PDF-1.4 old")
    sums = (out / SUMS_NAME).read_bytes()
    _outside_git(monkeypatch, tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    with pytest.raises(StrukturerError, match=r"did not build: strukturer-for-stod/gammal\.pdf"):
        make_release(out=out, engine=engine_pool)
    assert (out / SUMS_NAME).read_bytes() == sums  # the old bundle's sums are untouched


def _clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True)
    return target


@pytest.mark.engine
def test_releases_from_two_fresh_clones_are_identical(tmp_path: Path) -> None:
    """What ``nox -s release`` runs, in two clones (committed files only), SOURCE_DATE_EPOCH
    from the HEAD commit: the checksums agree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    results = []
    for name in ("one", "two"):
        clone = _clone(tmp_path / f"clone-{name}")
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        env["PYTHONPATH"] = str(clone / "src")
        out = tmp_path / f"dist-{name}"
        done = subprocess.run(
            [sys.executable, "-m", "strukturer", "release", "--example", "--out", str(out), "-j2"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        sums = (out / SUMS_NAME).read_text(encoding="utf-8")
        assert sums in done.stdout  # the sums are printed at the end
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True, check=True
        ).stdout.strip()
        assert manifest["git"]["commit"] == head
        assert manifest["git"]["dirty"] is False  # the bundle went to a folder outside
        assert manifest["source_date_epoch"] == commit_time(clone)
        results.append(sums)
    assert results[0] == results[1]
    assert len(_parse_sums(results[0])) == 10


# -- without LibreOffice ----------------------------------------------------------------------


def test_git_info_and_commit_time_in_a_fresh_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "1600000000 +0000",
        "GIT_AUTHOR_DATE": "1600000000 +0000",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "--quiet")
    (repo / "a.txt").write_text("a\n", encoding="utf-8")
    git("add", "a.txt")
    git("commit", "--quiet", "-m", "a")
    info = git_info(repo)
    assert info is not None
    assert (info.tag, info.dirty) == (None, False)
    assert commit_time(repo) == 1600000000
    git("tag", "v1.2.3")
    (repo / "b.txt").write_text("b\n", encoding="utf-8")
    info = git_info(repo)
    assert info is not None
    assert (info.tag, info.dirty) == ("v1.2.3", True)


def test_git_info_outside_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _outside_git(monkeypatch, tmp_path)
    assert git_info(tmp_path) is None
    with pytest.raises(StrukturerError, match="SOURCE_DATE_EPOCH"):
        commit_time(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))  # no git at all
    assert git_info(tmp_path) is None


def test_bad_input_is_refused_before_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StrukturerError, match="two projects named 'strukturer-for-stod'"):
        make_release([None, None], out=tmp_path / "a")
    with pytest.raises(StrukturerError, match="at least one project"):
        make_release([], out=tmp_path / "b")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StrukturerError, match=r"holds notes\.txt"):
        make_release(out=tmp_path / "c")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(StrukturerError, match="SOURCE_DATE_EPOCH='yesterday'"):
        make_release(out=tmp_path / "d")
    assert not (tmp_path / "d").exists()


def test_the_release_command_reports_errors_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["release", "--out", str(tmp_path / "out"), str(tmp_path / "missing")]
    )
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'missing'}: project file not found\n"


def test_python_dash_m_strukturer_release_is_the_release_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "strukturer", "release", "--out", str(tmp_path), "--example", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: give either PROJECT or --example, not both\n"
