"""Template packages are checked before parsing; project templates cannot shadow built-ins."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import strukturer
from strukturer.cli import main
from strukturer.errors import LimitError, TemplateError
from strukturer.render.package_check import verify_package
from strukturer.render.template_library import library_for
from tests.conftest import edit
from tests.limited import run_limited
from tests.own_template import own_template

MISSIV = strukturer.TemplateLibrary().get("missiv", "2.0.0").docx


def rewrite(
    target: Path,
    *,
    drop: str | None = None,
    extra: dict[str, int] | None = None,
    replace: dict[str, bytes] | None = None,
) -> None:
    """Copy the missiv package to ``target`` without part ``drop``, with ``extra`` blank
    parts of the given sizes and the parts in ``replace`` replaced."""
    replace = replace or {}
    with (
        zipfile.ZipFile(MISSIV) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            if info.filename != drop:
                out.writestr(info, replace.get(info.filename) or source.read(info.filename))
        for name, size in (extra or {}).items():
            with out.open(name, "w") as part:
                chunk = b" " * (1024 * 1024)
                for _ in range(size // len(chunk)):
                    part.write(chunk)


def build_output(project_dir: Path) -> str:
    result = CliRunner().invoke(main, ["build", str(project_dir), "--to", "docx", "--no-check"])
    assert result.exit_code == 1
    return result.output


def test_a_template_that_is_not_a_zip_is_one_line(project_dir: Path) -> None:
    folder = own_template(project_dir, "missiv", "eget")
    (folder / "template.docx").write_text("hej", encoding="utf-8")
    assert build_output(project_dir) == (
        f"error: {folder}/template.docx: not a Word file, or a truncated one (the zip "
        "package cannot be read: File is not a zip file)\n"
    )


def test_a_truncated_template_is_one_line(project_dir: Path) -> None:
    folder = own_template(project_dir, "missiv", "eget")
    data = MISSIV.read_bytes()
    (folder / "template.docx").write_bytes(data[: len(data) // 2])
    assert build_output(project_dir) == (
        f"error: {folder}/template.docx: not a Word file, or a truncated one (the zip "
        "package cannot be read: File is not a zip file)\n"
    )


def test_a_relationship_to_a_missing_part_is_one_line(project_dir: Path) -> None:
    folder = own_template(project_dir, "missiv", "eget")
    rewrite(folder / "template.docx", drop="word/styles.xml")
    assert build_output(project_dir) == (
        f"error: {folder}/template.docx: relationship rId3 in word/_rels/document.xml.rels "
        "points at the part word/styles.xml, which the package does not have\n"
    )


@pytest.mark.parametrize(
    ("part", "data", "reason"),
    [
        (
            "word/document.xml",
            b"<w:document><w:body>",
            "Namespace prefix w on document is not defined, line 1, column 12",
        ),
        ("[Content_Types].xml", b"Types", "Start tag expected, '<' not found, line 1, column 1"),
        (
            "word/styles.xml",
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x',
            "expected '>', line 1, column 45",
        ),
    ],
)
def test_a_part_that_is_not_xml_is_one_line(
    project_dir: Path, part: str, data: bytes, reason: str
) -> None:
    folder = own_template(project_dir, "missiv", "eget")
    rewrite(folder / "template.docx", replace={part: data})
    assert build_output(project_dir) == (
        f"error: {folder}/template.docx: the part {part} is not valid XML ({reason})\n"
    )


def test_a_part_over_the_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = tmp_path / "template.docx"
    rewrite(docx, extra={"word/media/blank.bin": 2 * 1024 * 1024})
    verify_package(docx)  # within the default limits
    monkeypatch.setenv("STRUKTURER_LIMIT_TEMPLATE_PART_BYTES", "1000000")
    with pytest.raises(LimitError) as caught:
        verify_package(docx)
    assert str(caught.value) == (
        f"{docx}: the part word/media/blank.bin inflates to 2,097,152 bytes, over the limit "
        "of 1,000,000 (STRUKTURER_LIMIT_TEMPLATE_PART_BYTES; docs/limits.md)"
    )
    monkeypatch.setenv("STRUKTURER_LIMIT_TEMPLATE_PART_BYTES", "3000000")
    monkeypatch.setenv("STRUKTURER_LIMIT_TEMPLATE_PACKAGE_BYTES", "2000000")
    with zipfile.ZipFile(docx) as package:
        total = sum(info.file_size for info in package.infolist())
    with pytest.raises(LimitError, match=rf"the package inflates to {total:,} bytes, over the"):
        verify_package(docx)


def test_an_inflated_document_fails_fast_with_bounded_memory(tmp_path: Path) -> None:
    docx = tmp_path / "template.docx"
    rewrite(docx, drop="word/document.xml", extra={"word/document.xml": 400 * 1024 * 1024})
    assert docx.stat().st_size < 2 * 1024 * 1024
    done = run_limited(
        f"""
        from pathlib import Path
        from strukturer.errors import LimitError
        from strukturer.render.package_check import verify_package
        try:
            verify_package(Path({str(docx)!r}))
        except LimitError as exc:
            print(exc)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"{docx}: the part word/document.xml inflates to 419,430,400 bytes, over the limit "
        "of 67,108,864 (STRUKTURER_LIMIT_TEMPLATE_PART_BYTES; docs/limits.md)\n"
    )


def test_a_project_template_cannot_shadow_a_builtin_one(project_dir: Path) -> None:
    local = project_dir / "templates" / "missiv" / "2.0.0"
    shutil.copytree(MISSIV.parent, local)
    with pytest.raises(TemplateError) as caught:
        library_for([str(project_dir / "templates")]).get("missiv", "2.0.0")
    assert str(caught.value) == (
        f"{local}: a project template cannot have the name and version of the built-in "
        "template missiv 2.0.0; give it its own name (e.g. 'myndighet-rapport') and pin "
        "that in strukturer.toml"
    )
    assert build_output(project_dir) == f"error: {caught.value}\n"


def test_provenance_records_the_templates_own_sha256(project_dir: Path, tmp_path: Path) -> None:
    import hashlib  # noqa: PLC0415

    folder = own_template(project_dir, "missiv", "eget")
    result = strukturer.build(project_dir, out=tmp_path, formats=["docx"], only="missiv")
    expected = hashlib.sha256((folder / "template.docx").read_bytes()).hexdigest()
    shown = CliRunner().invoke(main, ["info", str(result.files[0])])
    assert f"template_name: eget\ntemplate_sha256: {expected}\n" in shown.output


def test_a_manifest_with_a_wrong_type_is_one_line(project_dir: Path) -> None:
    folder = own_template(project_dir, "missiv", "eget")
    edit(folder / "manifest.toml", "fonts = [", "fonts = 5\nold_fonts = [")
    assert build_output(project_dir) == (
        f"error: {folder}/manifest.toml: 'fonts' must be a list of texts\n"
    )
