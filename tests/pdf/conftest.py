"""Fixtures for the PDF engine tests: a real LibreOffice, no mocks.

Engine tests skip when LibreOffice or python3-uno is missing, except in CI
(``CI=true``), where they fail so a broken runner image cannot pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from strukturer.pdf import Engine
from tests.conftest import engine_missing

from .docx_factory import letters_docx, report_docx

CHAPTERS = ["Inledning", "Bakgrund", "Analys", "Slutsatser"]


_MISSING = engine_missing()


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
        "linked_letters": letters_docx(
            root / "linked.docx", 6, prefix="Rec", long_every=3, links=True
        ),
        "big": report_docx(
            root / "big.docx", [f"Kapitel {i}" for i in range(1, 151)], paragraphs_per_chapter=6
        ),
    }
