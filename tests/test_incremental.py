"""Incremental builds: what changed is rebuilt, nothing else, and the bytes are a full build's."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import strukturer
from strukturer.cli import main
from strukturer.dependencies import _paths, deliverable_content_sha256
from strukturer.incremental import read_state, state_file
from strukturer.pdf import EnginePool
from strukturer.provenance import read_provenance
from strukturer.render.jinja import make_environment
from tests.conftest import DEFAULT_FILES, edit, record_processes

CHAPTER = "chapters/03-slutsatser.md"
ALL = set(DEFAULT_FILES)


def _stamps(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def _written(before: dict[str, int], folder: Path) -> set[str]:
    return {name for name, mtime in _stamps(folder).items() if before.get(name) != mtime}


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setenv("STRUKTURER_CACHE", str(tmp_path / "cache"))


@pytest.mark.engine
def test_after_a_chapter_edit_only_the_report_and_redovisning_are_rebuilt(
    tmp_path: Path, project_dir: Path, engine_pool: EnginePool
) -> None:
    out = tmp_path / "dist"
    first = strukturer.build(project_dir, out=out, check=False, engine=engine_pool)
    folder = first.out_dir
    assert {p.name for p in folder.iterdir()} == ALL
    before = _stamps(folder)
    missiv_stamp = read_provenance(folder / "missiv.pdf")["content_sha256"]
    report_stamp = read_provenance(folder / "rapport.pdf")["content_sha256"]

    edit(project_dir / CHAPTER, "# Slutsatser", "# Slutsatser och vägen framåt")
    second = strukturer.build(project_dir, out=out, check=False, engine=engine_pool)
    assert _written(before, folder) == {"rapport.docx", "rapport.pdf", "redovisning.pdf"}
    assert sorted(second.files) == sorted(folder / name for name in ALL)
    assert read_provenance(folder / "missiv.pdf")["content_sha256"] == missiv_stamp
    assert read_provenance(folder / "rapport.pdf")["content_sha256"] != report_stamp

    full = strukturer.build(
        project_dir, out=tmp_path / "full", check=False, force=True, engine=engine_pool
    )
    for name in ALL:
        assert (folder / name).read_bytes() == (full.out_dir / name).read_bytes(), name


@pytest.mark.engine
def test_a_build_with_nothing_changed_starts_no_libreoffice(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    only = ["--only", "missiv,pressmeddelande"]  # two of the four: less to convert
    args = ["build", str(project_dir), "--out", str(out), "--format", "docx,pdf", *only]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    folder = out / "strukturer-for-stod"
    built = {f"{name}.{ext}" for name in ("missiv", "pressmeddelande") for ext in ("docx", "pdf")}
    assert {p.name for p in folder.iterdir()} == built
    before = _stamps(folder)

    started = record_processes(monkeypatch)
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert second.stdout == first.stdout  # the same files, listed in the same order
    assert "warning placeholder" in second.stderr  # the last check's warnings, again
    assert _written(before, folder) == set()
    assert not [c for c in started if "office" in str(c)]
    assert all(str(c[0]) == "git" for c in started), started  # only the fingerprint's git

    third = CliRunner().invoke(main, [*args, "--force"])
    assert third.exit_code == 0, third.output
    assert _written(before, folder) == built
    assert [c for c in started if "office" in str(c)]


def test_a_changed_or_missing_output_is_rebuilt(tmp_path: Path, project_dir: Path) -> None:
    out = tmp_path / "dist"
    folder = strukturer.build(project_dir, out=out, formats=["docx"], check=False).out_dir
    (folder / "missiv.docx").unlink()
    (folder / "pressmeddelande.docx").write_bytes(b"edited by hand")
    before = _stamps(folder)
    strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert _written(before, folder) == {"missiv.docx", "pressmeddelande.docx"}
    assert (folder / "pressmeddelande.docx").read_bytes()[:2] == b"PK"
    state = read_state(folder)
    assert set(state["deliverables"]) == {"rapport", "missiv", "pressmeddelande", "regeringsbeslut"}
    assert state_file(folder).parent == tmp_path / "cache" / "builds"


def test_a_template_or_option_change_rebuilds(tmp_path: Path, project_dir: Path) -> None:
    out = tmp_path / "dist"
    folder = strukturer.build(project_dir, out=out, formats=["docx"], check=False).out_dir
    before = _stamps(folder)
    edit(
        project_dir / "strukturer.toml",
        '[deliverables.missiv]\ntemplate = "missiv"\nversion = "2.0.0"',
        '[deliverables.missiv]\ntemplate = "missiv"\nversion = "2.0.0"\ntitle = "Ett eget missiv"',
    )
    strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert _written(before, folder) == {"missiv.docx"}
    before = _stamps(folder)
    strukturer.build(project_dir, out=out, formats=["docx"], check=False, only="rapport")
    assert _written(before, folder) == set()


def test_other_code_of_the_same_version_rebuilds(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    folder = strukturer.build(project_dir, out=out, formats=["docx"], check=False).out_dir
    before = _stamps(folder)
    # an edited checkout: the same version, other source files
    monkeypatch.setattr(strukturer.incremental, "code_digest", lambda: b"edited")
    strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    assert _written(before, folder) == {name for name in ALL if name.endswith(".docx")}


def test_per_record_deliverables_are_kept_until_their_records_change(
    tmp_path: Path, project_dir: Path
) -> None:
    out = tmp_path / "dist"
    project = strukturer.load_project(project_dir / "kommunbrev.toml")
    first = strukturer.build(project, out=out, formats=["docx"], check=False)
    folder = first.out_dir / "kommunbrev"
    before = _stamps(folder)
    again = strukturer.build(project, out=out, formats=["docx"], check=False)
    assert sorted(again.files) == sorted(first.files)
    assert _written(before, folder) == set()
    edit(project_dir / "kommuner.csv", "Ale kommun", "Ale kommun (ny)")
    strukturer.build(project_dir / "kommunbrev.toml", out=out, formats=["docx"], check=False)
    assert len(_written(before, folder)) == len(before)


def test_each_deliverable_is_stamped_with_the_content_it_reads(project_dir: Path) -> None:
    library = strukturer.TemplateLibrary()
    missiv, rapport = library.get("missiv", "1.0.0"), library.get("rapport", "1.0.0")
    project = strukturer.load_project(project_dir)
    before = (
        deliverable_content_sha256(project, missiv),
        deliverable_content_sha256(project, rapport),
    )
    edit(project_dir / CHAPTER, "# Slutsatser", "# Andra slutsatser")
    project = strukturer.load_project(project_dir)
    assert deliverable_content_sha256(project, missiv) == before[0]
    assert deliverable_content_sha256(project, rapport) != before[1]


@pytest.mark.parametrize(
    ("source", "paths"),
    [
        ("{{ report.title }} {{ agency.name|upper }}", {("report", "title"), ("agency", "name")}),
        ("{% for c in report.chapters %}{{ c.title }}{% endfor %}", {("report", "chapters")}),
        ("{% set r = report %}{{ r.title }}", {("report",)}),
        ("{{ report['series'].name }}", {("report", "series", "name")}),
        (
            "{{ report.chapters[agency.index].title }}",
            {("report", "chapters"), ("agency", "index")},
        ),
        ("{{ record.name }} {{ loop }}", set()),
    ],
)
def test_the_paths_a_template_reads(source: str, paths: set[tuple[str, ...]]) -> None:
    tree = make_environment().parse(source)
    assert _paths(tree, frozenset({"report", "agency"})) == paths
