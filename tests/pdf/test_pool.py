"""EnginePool without LibreOffice: errors of a background start."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from strukturer.errors import EngineError
from strukturer.pdf import Engine, EnginePool


def test_pool_started_in_the_background_reports_its_error_at_first_use(tmp_path: Path) -> None:
    started = threading.Event()

    def failing() -> Engine:
        started.set()
        raise EngineError("LibreOffice (soffice.bin) was not found")

    pool = EnginePool(2, engine_factory=failing, wait=False)  # returns at once
    assert started.wait(5)
    with pytest.raises(EngineError, match=r"^LibreOffice \(soffice\.bin\) was not found$"):
        pool.convert(tmp_path / "a.docx", tmp_path / "a.pdf", title="a")
    pool.close()  # no error: it was reported where the pool was used
    assert list(tmp_path.iterdir()) == []


def test_pool_needs_one_job() -> None:
    with pytest.raises(EngineError, match=r"^jobs must be at least 1, not 0$"):
        EnginePool(0)
