"""A template package found sound is remembered by its bytes; a changed one is checked again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

import strukturer
from strukturer.errors import TemplateError
from strukturer.render import package_check
from strukturer.render.package_check import verify_package

MISSIV = strukturer.TemplateLibrary().get("missiv", "2.0.0").docx


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and an empty memory of sound packages."""
    monkeypatch.setenv("STRUKTURER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(package_check, "_verified", set())
    return tmp_path / "cache" / "sound-templates"


def _break(docx: Path) -> None:
    """Rewrite ``docx`` with word/styles.xml cut short (not well-formed XML)."""
    with zipfile.ZipFile(MISSIV) as src, zipfile.ZipFile(docx, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:100] if info.filename == "word/styles.xml" else data)


def test_a_sound_package_is_marked_once_in_the_cache(cache: Path, tmp_path: Path) -> None:
    docx = tmp_path / "template.docx"
    shutil.copyfile(MISSIV, docx)
    verify_package(docx)
    marks = list(cache.iterdir())
    assert len(marks) == 1
    verify_package(docx)
    verify_package(MISSIV)  # the same bytes elsewhere: the same mark
    assert list(cache.iterdir()) == marks


def test_a_package_changed_after_it_was_found_sound_is_checked_again(
    cache: Path, tmp_path: Path
) -> None:
    docx = tmp_path / "template.docx"
    shutil.copyfile(MISSIV, docx)
    verify_package(docx)
    _break(docx)
    for _ in range(2):  # a refused package is not remembered
        with pytest.raises(TemplateError, match=r"the part word/styles.xml is not valid XML"):
            verify_package(docx)
    assert len(list(cache.iterdir())) == 1


def test_an_unwritable_cache_only_costs_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("STRUKTURER_CACHE", str(blocker))
    monkeypatch.setattr(package_check, "_verified", set())
    verify_package(MISSIV)
    _break(broken := tmp_path / "broken.docx")
    with pytest.raises(TemplateError):
        verify_package(broken)
