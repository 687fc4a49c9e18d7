"""The documentation site: a real Sphinx build (warnings are errors) and its extensions.

Skips when Sphinx (or LibreOffice, for the page previews) is missing, except in CI
(``CI=true``), where a missing tool fails so a broken runner image cannot pass silently.
"""

from __future__ import annotations

import datetime
import importlib
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest

from strukturer.errors import EngineError
from strukturer.model import Assignment, Placeholder, Report

DOCS = Path(__file__).resolve().parent.parent / "docs"
IN_CI = os.environ.get("CI") == "true"


def _require(module: str) -> ModuleType:
    """Import ``module``; skip without it, or fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if IN_CI:
            pytest.fail(f"{module} is required in CI (the dev extras): {exc}")
        pytest.skip(f"{module} is not installed: {exc}")


def _extension(name: str) -> ModuleType:
    """One of the local Sphinx extensions in docs/_ext."""
    _require("sphinx")
    if str(DOCS / "_ext") not in sys.path:
        sys.path.insert(0, str(DOCS / "_ext"))
    return importlib.import_module(name)


def _engine_missing() -> str | None:
    from strukturer.pdf import find_office, find_uno_python  # noqa: PLC0415

    try:
        find_uno_python(find_office())
    except EngineError as exc:
        return str(exc)
    return None


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, example_build: Path, second_example_build: Path
) -> Path:
    """The HTML site, built once into a temporary folder with ``-W``; its page previews
    are drawn from the examples the session built once."""
    for module in ("sphinx", "myst_parser", "furo", "sphinx_click"):
        _require(module)
    missing = _engine_missing()
    if missing is not None:
        if IN_CI:
            pytest.fail(f"LibreOffice is required in CI: {missing}")
        pytest.skip(missing)
    out = tmp_path_factory.mktemp("docs-html")
    cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
    builds = os.pathsep.join(
        [f"default={example_build}", f"digital-tillganglighet={second_example_build}"]
    )
    proc = subprocess.run(
        [*cmd, "-d", str(out / ".doctrees"), str(DOCS), str(out)],
        env={**os.environ, "STRUKTURER_PREVIEW_BUILDS": builds},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, f"sphinx-build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


class _TextParser(HTMLParser):
    """Collects a page's visible text (no scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.engine
def test_site_has_every_page(site: Path) -> None:
    for page in ("index", "getting-started", "content", "templates", "formatting", "pdf"):
        assert (site / f"{page}.html").is_file(), page
    for page in ("architecture", "check", "previews"):
        assert (site / f"{page}.html").is_file(), page
    for page in ("model", "cli", "api"):
        assert (site / "reference" / f"{page}.html").is_file(), page


@pytest.mark.engine
def test_model_reference_is_generated_from_the_classes(site: Path) -> None:
    html = (site / "reference" / "model.html").read_text(encoding="utf-8")
    text = _text(html)
    assert 'id="model-assignment"' in html
    assert "Assignment" in text
    assert "diarienummer" in text
    assert "list of" in text
    assert "or placeholder" in text
    assert "optional" in text
    # Every field of a class appears, so the table follows the code.
    for field in ("decision_date", "earlier_assignments", "copy_to", "foreword_signatory"):
        assert field in text


@pytest.mark.engine
def test_cli_reference_documents_the_commands(site: Path) -> None:
    text = _text((site / "reference" / "cli.html").read_text(encoding="utf-8"))
    assert "strukturer build" in text
    assert "--only" in text
    assert "strukturer check" in text
    assert ".. option::" not in text  # the click directive was parsed as reStructuredText


@pytest.mark.engine
def test_api_reference_documents_the_public_api(site: Path) -> None:
    html = (site / "reference" / "api.html").read_text(encoding="utf-8")
    names = ["strukturer.build", "strukturer.load_project", "strukturer.BuildResult"]
    names += ["strukturer.TemplateLibrary", "strukturer.ContentError"]
    names += ["strukturer.check.check_files", "strukturer.check.CheckReport"]
    names += ["strukturer.pdf.EnginePool", "strukturer.pdf.PdfOptions", "strukturer.pdf.doctor"]
    for name in names:
        assert f'id="{name}"' in html, name


@pytest.mark.engine
def test_previews_show_rendered_pages(site: Path) -> None:
    html = (site / "previews.html").read_text(encoding="utf-8")
    images = re.findall(r'<img [^>]*src="([^"]+\.png)"', html)
    assert len(images) >= 5
    for src in images:
        png = site / src
        assert png.is_file(), src
        assert png.stat().st_size > 1000, src
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", src


def test_types_are_rendered_for_authors() -> None:
    modelref = _extension("modelref")

    def words(tp: object) -> str:
        return "".join(p if isinstance(p, str) else p.__name__ for p in modelref.type_parts(tp))

    assert words(str) == "text"
    assert words(datetime.date | Placeholder) == "date or placeholder"
    assert words(str | None) == "text, optional"
    assert words(tuple[str, ...]) == "list of text"
    assert words(Report | None) == "Report, optional"
    assert words(tuple[Assignment | Placeholder, ...]) == "list of Assignment or placeholder"


def test_model_classes_start_at_the_project() -> None:
    modelref = _extension("modelref")
    import strukturer.model  # noqa: PLC0415

    classes = modelref.model_classes(strukturer.model, "Project")
    names = [c.__name__ for c in classes]
    assert names[0] == "Project"
    assert {"Assignment", "Diarienummer", "Placeholder", "Prose"} <= set(names)
    assert "NormalisedValueWarning" not in names  # not an attrs class


def test_previews_fail_clearly_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    previews = _extension("previews")
    from sphinx.errors import ExtensionError  # noqa: PLC0415

    import strukturer.pdf  # noqa: PLC0415

    def no_office() -> Path:
        raise EngineError("LibreOffice (soffice.bin) was not found.")

    monkeypatch.setattr(strukturer.pdf, "find_office", no_office)
    with pytest.raises(ExtensionError, match="LibreOffice") as info:
        previews.build_pdfs(Path("unused"))
    assert "apt-get install" in str(info.value)
