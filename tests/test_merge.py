"""Per-record deliverables (mail merge), end to end with the real engine."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import strukturer
from strukturer import ContentError, TemplateLibrary
from strukturer.cli import main
from strukturer.content.records import load_records
from strukturer.errors import CheckError, StoppedError
from strukturer.merge_pdfs import document_ranges
from strukturer.model import Deliverable
from strukturer.pdf import EnginePool
from strukturer.render.docx import render_docx
from strukturer.render.fast_docx import MergedDocx, RecordDocx
from strukturer.render.merge import merge_context, merged_source
from strukturer.render.template_library import TemplateVersion, read_manifest
from strukturer.render.writer import Job
from tests.conftest import edit, record_processes
from tests.pdf.pdfcheck import (
    assert_accessible_pdfa,
    assert_marked_content_owned,
    assert_struct_tree_consistent,
)

ROWS = [
    {"code": "0114", "name": "Upplands Väsby", "official_name": "Upplands Väsby kommun"},
    {"code": "0180", "name": "Stockholm", "official_name": "Stockholms stad"},
    {"code": "0380", "name": "Uppsala", "official_name": ""},
    {"code": "1280", "name": "Malmö", "official_name": "Malmö stad"},
    {"code": "2180", "name": "Gävle", "official_name": "Gävle\x0bkommun"},
    {"code": "2480", "name": "Umeå", "official_name": "Umeå kommun"},
]


@pytest.mark.engine
def test_build_many_renders_each_record_as_its_own_tagged_pdfa(tmp_path: Path) -> None:
    template = TemplateLibrary().get("kommunbrev", "2.0.0")
    result = strukturer.build_many(template, ROWS, out=tmp_path, filename="brev-{name}", jobs=2)
    assert result.summary == "4 of 6 records built; 2 failed"
    assert result.failures == (
        "<records>: record 3: field 'official_name' is missing or empty",
        "<records>: record 5: field 'official_name' contains U+000B (vertical tab)",
    )
    assert sorted(p.name for p in result.files) == sorted(
        ["brev-Malmö.pdf", "brev-Stockholm.pdf", "brev-Umeå.pdf", "brev-Upplands-Väsby.pdf"]
    )
    for path, name, official in [
        (tmp_path / "brev-Stockholm.pdf", "Stockholm", "Stockholms stad"),
        (tmp_path / "brev-Umeå.pdf", "Umeå", "Umeå kommun"),
    ]:
        reader = PdfReader(path)
        assert len(reader.pages) == 1
        text = " ".join(reader.pages[0].extract_text().split())
        assert official in text
        assert "Stockholms stad" not in text or name == "Stockholm"
        assert reader.metadata is not None
        assert reader.metadata.title.endswith(f"brev-{name.replace(' ', '-')}")
        assert_accessible_pdfa(path, title=reader.metadata.title)
        assert_struct_tree_consistent(reader)
        assert_marked_content_owned(reader)


@pytest.mark.engine
def test_project_deliverable_per_record_and_cli_summary(tmp_path: Path) -> None:
    source = Path(strukturer.load_project().source or "").parent
    project = tmp_path / "p"
    shutil.copytree(source, project)
    (project / "kommuner.csv").write_text(
        "code,name,official_name\n0114,Upplands Väsby,Upplands Väsby kommun\n"
        "0180,Stockholm,\n2480,Umeå,Umeå kommun\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(project / "kommunbrev.toml"),
            "--out",
            str(tmp_path / "dist"),
            "--to",
            "pdf,docx",
        ],
    )
    assert result.exit_code == 1
    assert "p/kommuner.csv:3: field 'official_name' is missing or empty" in result.stderr
    assert "error: 1 record(s) could not be built; the others were written" in result.stderr
    folder = tmp_path / "dist" / "kommunbrev" / "kommunbrev"
    assert sorted(p.name for p in folder.iterdir()) == [
        "brev-Umeå.docx",
        "brev-Umeå.pdf",
        "brev-Upplands-Väsby.docx",
        "brev-Upplands-Väsby.pdf",
    ]


def test_csv_and_yaml_records_keep_their_lines(tmp_path: Path) -> None:
    csv_file = tmp_path / "k.csv"
    csv_file.write_text("kod;namn\n0114;Upplands Väsby\n\n0180;Stockholm\n", encoding="utf-8")
    records = load_records(csv_file)
    assert [(r.number, r.line, r.values["namn"]) for r in records] == [
        (1, 2, "Upplands Väsby"),
        (2, 4, "Stockholm"),
    ]
    yaml_file = tmp_path / "k.yaml"
    yaml_file.write_text(
        "- {kod: '0114', namn: Upplands Väsby}\n- kod: '0180'\n  namn: Stockholm\n",
        encoding="utf-8",
    )
    assert [(r.line, r.values["kod"]) for r in load_records(yaml_file)] == [
        (1, "0114"),
        (2, "0180"),
    ]
    bad = tmp_path / "k.txt"
    bad.write_text("x", encoding="utf-8")
    with pytest.raises(ContentError, match=r"records must be a \.csv, \.yaml or \.yml file"):
        load_records(bad)


def test_per_record_deliverable_needs_a_filename(tmp_path: Path, project_dir: Path) -> None:
    text = (project_dir / "kommunbrev.toml").read_text(encoding="utf-8")
    (project_dir / "kommunbrev.toml").write_text(
        text.replace('filename = "brev-{name}"\n', ""), encoding="utf-8"
    )
    with pytest.raises(
        ContentError,
        match=r"kommunbrev.toml:\d+: \[deliverables\.kommunbrev\] filename: "
        r"a per-record deliverable needs both",
    ):
        strukturer.load_project(project_dir / "kommunbrev.toml")


def test_duplicate_file_names_are_refused(tmp_path: Path) -> None:
    rows = [dict(ROWS[0]), dict(ROWS[0])]
    template = TemplateLibrary().get("kommunbrev", "2.0.0")
    result = strukturer.build_many(
        template, rows, out=tmp_path, filename="brev-{name}", formats=["docx"]
    )
    assert result.summary == "1 of 2 records built; 1 failed"
    assert result.failures == (
        "<records>: record 2: file name 'brev-Upplands-Väsby' is also the name of "
        "<records>: record 1",
    )


@pytest.mark.engine
def test_several_documents_are_split_reproducibly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("strukturer.merge_pdfs.RECORDS_PER_DOCUMENT", 2)  # 4 records: 2 documents
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    template = TemplateLibrary().get("kommunbrev", "2.0.0")
    rows = [row for row in ROWS if row["official_name"].isprintable() and row["official_name"]]
    runs = []
    for run in ("a", "b"):
        result = strukturer.build_many(
            template, rows, out=tmp_path / run, filename="brev-{name}", jobs=2
        )
        assert result.summary == "4 of 4 records built"
        runs.append({p.name: p.read_bytes() for p in result.files})
        for path in result.files:
            reader = PdfReader(path)
            text = " ".join(reader.pages[0].extract_text().split())
            official = next(
                r["official_name"] for r in rows if path.stem.endswith(r["name"].replace(" ", "-"))
            )
            assert official in text
            assert_marked_content_owned(reader)
    assert runs[0] == runs[1]
    assert sorted(p.name for p in tmp_path.joinpath("a").iterdir()) == sorted(runs[0])


@pytest.mark.engine
def test_build_reports_the_progress_of_per_record_deliverables(
    project_dir: Path, tmp_path: Path, engine_pool: EnginePool
) -> None:
    records = project_dir / "kommuner.csv"
    lines = records.read_text(encoding="utf-8").splitlines()
    records.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")  # 5 of the 290
    events: list[strukturer.Progress] = []
    strukturer.build(
        project_dir / "kommunbrev.toml",
        out=tmp_path,
        formats=["docx", "pdf"],
        check=False,
        progress=events.append,
        engine=engine_pool,
    )
    letters = [e for e in events if e.deliverable == "kommunbrev"]
    assert {e.step for e in letters} == {"docx", "pdf"}
    for step in ("docx", "pdf"):
        done = [e.done for e in letters if e.step == step]
        assert done == sorted(done)
        assert done[-1] == 5
        assert {e.total for e in letters if e.step == step} == {5}
    assert [e.done for e in letters if e.step == "docx"] == [1, 2, 3, 4, 5]


def _letters_job(template: TemplateVersion) -> Job:
    project = strukturer.load_project()
    deliverable = Deliverable(name="brev", template=template.name, version=template.version)
    return Job.create(project, deliverable, template, {"content_sha256": "0" * 64})


def test_record_docx_writes_the_bytes_render_docx_writes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    template = TemplateLibrary().get("kommunbrev", "2.0.0")
    job = _letters_job(template)
    renderer = RecordDocx(template, job.context, job.info)
    records = load_records(Path(strukturer.load_project().source or "").parent / "kommuner.csv")
    chosen = [records[0], records[1], records[137], records[-1]]
    fast = [renderer.render(r.values) for r in chosen]
    assert renderer.fast
    for record, data in zip(chosen, fast, strict=True):
        context = {**job.context, "record": dict(record.values)}
        reference = render_docx(template, context, job.info)
        assert data == reference
        paragraphs = [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]
        assert paragraphs == [
            (p.style.name, p.text) for p in docx.Document(io.BytesIO(reference)).paragraphs
        ]
        assert any(record.values["official_name"] in text for _, text in paragraphs)
    lines = {"code": "1440", "name": "Ale", "official_name": "Ale kommun\nKommunstyrelsen\t1"}
    assert renderer.render(lines) == render_docx(
        template, {**job.context, "record": lines}, job.info
    )
    assert renderer.fast


def _kommunbrev() -> tuple[Job, list[Any]]:
    """The example letter's job (its project's prose) and the municipalities."""
    source = Path(strukturer.load_project().source or "").parent
    project = strukturer.load_project(source / "kommunbrev.toml")
    deliverable = next(d for d in project.deliverables if d.per_record)
    template = TemplateLibrary().get(deliverable.template, deliverable.version)
    job = Job.create(project, deliverable, template, {"content_sha256": "0" * 64})
    return job, list(load_records(source / "kommuner.csv"))


def test_record_docx_keeps_the_fast_path_for_the_projects_prose(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The letter's text is the project's prose, the same for every record: it is rendered
    once and given again, and every record still gets render_docx's bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    job, records = _kommunbrev()
    template = job.template
    renderer = RecordDocx(template, job.context, job.info)
    records = records[:3]
    for record in records:
        data = renderer.render(record.values)
        context = {**job.context, "record": dict(record.values)}
        assert data == render_docx(template, context, job.info)
    assert renderer.fast
    text = " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert records[-1].values["official_name"] in text
    assert "Strukturer för stöd" in text  # the project's prose, not the template's


def test_merged_docx_writes_the_bytes_render_docx_writes_for_the_merged_source(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The documents LibreOffice converts: the project's prose (plain paragraphs) is
    rendered once and given to every record of every document, whatever its size."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    job, records = _kommunbrev()
    template, project = job.template, job.project
    documents = MergedDocx(template, job.context, job.info, project=project)
    for chunk in (records[:5], records[5:9], records[-7:]):
        data = documents.render_records(chunk)
        context = merge_context(job.context, chunk)
        assert data == render_docx(
            template, context, job.info, source=merged_source(template), project=project
        )
    assert documents.fast
    text = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert sum("på regeringens uppdrag utvärderat" in line for line in text) == 7
    assert any(records[-1].values["official_name"] in line for line in text)


def test_record_docx_renders_in_full_when_another_part_has_markup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    builtin = TemplateLibrary().get("kommunbrev", "2.0.0")
    folder = tmp_path / "kommunbrev" / "2.0.0"
    shutil.copytree(builtin.path, folder)
    with (
        zipfile.ZipFile(builtin.docx) as source,
        zipfile.ZipFile(folder / "template.docx", "w") as out,
    ):
        for name in source.namelist():
            payload = source.read(name)
            if name == "word/footer1.xml":
                payload = payload.replace(
                    b"</w:p>", b"<w:r><w:t>{{ record.name }}</w:t></w:r></w:p>", 1
                )
            out.writestr(name, payload)
    template = read_manifest(folder)
    job = _letters_job(template)
    renderer = RecordDocx(template, job.context, job.info)
    assert not renderer.fast
    for values in ROWS[:2]:
        data = renderer.render(values)
        assert data == render_docx(template, {**job.context, "record": values}, job.info)
        footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
        assert values["name"] in footer


@pytest.mark.engine
def test_the_merge_converts_on_the_remote_engine_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("unoserver")
    from strukturer.pdf.remote import RemoteEngine  # noqa: PLC0415
    from tests.pdf.unoserver import local_unoserver  # noqa: PLC0415

    rows = [ROWS[0], ROWS[1]]
    with local_unoserver() as (endpoint, _pid):
        started = record_processes(monkeypatch)
        result = strukturer.build_many(
            TemplateLibrary().get("kommunbrev", "2.0.0"),
            rows,
            out=tmp_path,
            filename="brev-{name}",
            engine=RemoteEngine([endpoint]),
        )
    assert result.summary == "2 of 2 records built"
    assert not [c for c in started if "office" in str(c)]  # no local engine of its own
    for row in rows:
        path = tmp_path / f"brev-{row['name'].replace(' ', '-')}.pdf"
        text = " ".join(PdfReader(path).pages[0].extract_text().split())
        assert row["official_name"] in text


def test_documents_are_even_and_a_multiple_of_the_engines() -> None:
    assert [len(r) for r in document_ranges(290, 2)] == [49, 49, 48, 48, 48, 48]
    assert [len(r) for r in document_ranges(290, 1)] == [58, 58, 58, 58, 58]
    assert document_ranges(10, 2) == [range(0, 5), range(5, 10)]
    assert document_ranges(1, 2) == [range(0, 1)]
    assert document_ranges(0, 2) == []
    ranges = document_ranges(10_000, 2)
    assert len(ranges) % 2 == 0
    assert max(len(r) for r in ranges) <= 60
    assert [i for r in ranges for i in r] == list(range(10_000))


@pytest.mark.engine
def test_a_script_without_a_main_guard_can_merge(tmp_path: Path) -> None:
    """A script without ``if __name__ == "__main__":`` merges (nothing runs it again)."""
    records = tmp_path / "kommuner.csv"
    lines = ["code,name,official_name"]
    lines += [f"{i:04d},Kommun {i},Kommun {i} kommun" for i in range(1, 131)]  # three documents
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    script = tmp_path / "brev.py"
    script.write_text(
        "import strukturer\n"
        'template = strukturer.TemplateLibrary().get("kommunbrev", "2.0.0")\n'
        f"result = strukturer.build_many(template, {str(records)!r}, "
        f'out={str(tmp_path / "ut")!r}, filename="brev-{{code}}", formats=["pdf"])\n'
        "print(len(result.files), len(result.failures))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout == "130 0\n"


@pytest.mark.parametrize(
    "formats", [["docx"], pytest.param(["pdf", "docx"], marks=pytest.mark.engine)]
)
def test_a_set_stop_event_stops_the_merge_before_its_next_record_and_publishes_nothing(
    tmp_path: Path, formats: list[str], request: pytest.FixtureRequest
) -> None:
    stop = threading.Event()
    stop.set()
    engine = request.getfixturevalue("engine_pool") if "pdf" in formats else None
    with pytest.raises(StoppedError, match="stopped before it was done"):
        strukturer.build_many(
            TemplateLibrary().get("kommunbrev", "2.0.0"),
            ROWS[:2],
            out=tmp_path / "out",
            filename="brev-{name}",
            formats=formats,
            engine=engine,
            stop=stop,
        )
    assert list((tmp_path / "out").iterdir()) == []  # no letters, no staging folder


@pytest.mark.engine
def test_a_check_error_found_while_the_letters_merge_fails_the_build_and_publishes_nothing(
    tmp_path: Path, project_dir: Path, engine_pool: EnginePool
) -> None:
    """The check runs beside the merge; its error is the build's, and no letter is kept."""
    edit(project_dir / "kommunbrev.yaml", "inte räcker", "inte räcker räcker")
    with pytest.raises(CheckError, match='doubled word "räcker"'):
        strukturer.build(project_dir / "kommunbrev.toml", out=tmp_path / "dist", engine=engine_pool)
    assert not (tmp_path / "dist").exists()
