"""Fixtures for the PDF engine tests: a real LibreOffice, no mocks.

Engine tests skip when LibreOffice or python3-uno is missing, except in CI
(``CI=true``), where they fail so a broken runner image cannot pass silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.pdf import Engine, EnginePool

from .docx_factory import letters_docx, report_docx

CHAPTERS = ["Inledning", "Bakgrund", "Analys", "Slutsatser"]


@pytest.fixture(scope="session")
def engine(engine_pool: EnginePool) -> Engine:
    """The session's engine (tests/conftest.py ``engine_pool``)."""
    return engine_pool.engines[0]


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("docx")
    return {
        "report": report_docx(root / "report.docx", CHAPTERS),
        "letter": letters_docx(root / "letter.docx", 1),
        "linked_letters": letters_docx(
            root / "linked.docx", 6, prefix="Rec", long_every=3, links=True
        ),
    }
