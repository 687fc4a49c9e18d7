"""Whether a DOCX needs LibreOffice's field refresh (strukturer.pdf.fields)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import strukturer
from strukturer.content.records import load_records
from strukturer.model import Deliverable
from strukturer.pdf import PdfOptions
from strukturer.pdf.fields import _MARKERS, _part_has_marker, has_fields, options_for
from strukturer.render.docx import render_docx
from strukturer.render.merge import merge_context, merged_source
from strukturer.render.writer import Job

from .docx_factory import report_docx

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        for name, text in parts.items():
            package.writestr(name, text)
    return path


def _body(inner: str) -> str:
    return f"<w:document {_W}><w:body>{inner}</w:body></w:document>"


def test_the_mail_merges_letters_skip_the_refresh(tmp_path: Path) -> None:
    """The example's letters, as the merge gives them to LibreOffice, have no fields."""
    folder = Path(strukturer.load_project().source or "").parent
    project = strukturer.load_project(folder / "kommunbrev.toml")
    template = strukturer.TemplateLibrary().get("kommunbrev", "2.0.0")
    deliverable = Deliverable(name="brev", template="kommunbrev", version="2.0.0")
    job = Job.create(project, deliverable, template)
    context = merge_context(job.context, load_records(folder / "kommuner.csv")[:3])
    letters = tmp_path / "letters.docx"
    source = merged_source(template)
    letters.write_bytes(render_docx(template, context, job.info, source=source, project=project))
    assert not has_fields(letters)
    assert options_for(letters, None) == PdfOptions(update_indexes=False)
    merge = PdfOptions(bookmark_destinations=True)
    expected = PdfOptions(bookmark_destinations=True, update_indexes=False)
    assert options_for(letters, merge) == expected


def test_a_table_of_contents_and_page_fields_keep_it(tmp_path: Path) -> None:
    report = report_docx(tmp_path / "report.docx", ["Inledning", "Analys"])
    assert has_fields(report)
    assert options_for(report, None) == PdfOptions()


@pytest.mark.parametrize(
    "markup",
    [
        '<w:p><w:fldSimple w:instr="DATE"><w:r><w:t>1 maj</w:t></w:r></w:fldSimple></w:p>',
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r></w:p>',
        "<w:p><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
        "<w:p><w:r><w:pgNum/></w:r></w:p>",
        "<w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt>",
    ],
)
def test_each_kind_of_field_is_seen_in_any_word_part(tmp_path: Path, markup: str) -> None:
    plain = _body("<w:p><w:r><w:t>Text</w:t></w:r></w:p>")
    assert not has_fields(_docx(tmp_path / "plain.docx", {"word/document.xml": plain}))
    in_body = _docx(tmp_path / "body.docx", {"word/document.xml": _body(markup)})
    footer = f"<w:ftr {_W}>{markup}</w:ftr>"
    in_footer = _docx(
        tmp_path / "footer.docx", {"word/document.xml": plain, "word/footer1.xml": footer}
    )
    assert has_fields(in_body)
    assert has_fields(in_footer)
    assert options_for(in_footer, None).update_indexes


def test_a_marker_across_two_chunks_is_found() -> None:
    for marker in _MARKERS:
        text = b"x" * 5 + marker + b" y"
        for size in range(1, len(text) + 1):
            assert _part_has_marker(io.BytesIO(text).read, size), (marker, size)
    assert not _part_has_marker(io.BytesIO(b"<w:fld <w:sd <w:p>").read, 3)


def test_an_unreadable_package_keeps_the_refresh(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert has_fields(broken)
    assert has_fields(tmp_path / "missing.docx")
    assert options_for(broken, PdfOptions(update_indexes=False)).update_indexes is False
