"""Fixtures for the PDF engine tests: a real LibreOffice, no mocks.

Engine tests skip when LibreOffice or python3-uno is missing, except in CI
(``CI=true``), where they fail so a broken runner image cannot pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from strukturer.errors import EngineError
from strukturer.pdf import Engine, find_office, find_uno_python

from .docx_factory import letters_docx, report_docx

CHAPTERS = ["Inledning", "Bakgrund", "Analys", "Slutsatser"]


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


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    if _MISSING is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"LibreOffice is required in CI: {_MISSING}")
        pytest.skip(_MISSING)
    with Engine() as eng:
        yield eng


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("docx")
    return {
        "report": report_docx(root / "report.docx", CHAPTERS),
        "letters": letters_docx(root / "letters.docx", 20),
        "long_letters": letters_docx(root / "long.docx", 6, long_every=3),
        "big": report_docx(
            root / "big.docx", [f"Kapitel {i}" for i in range(1, 151)], paragraphs_per_chapter=6
        ),
    }
