"""The interpreter that can ``import uno`` is probed once per interpreter file, then cached."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from strukturer.pdf import locate


def _fake_python(folder: Path, *, has_uno: bool) -> tuple[Path, Path]:
    """An executable that answers like ``python -c 'import uno'`` and logs each call."""
    log = folder / f"calls-{has_uno}.log"
    script = folder / f"python-{has_uno}"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexit {0 if has_uno else 1}\n')
    script.chmod(0o755)
    return script, log


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("STRUKTURER_CACHE", str(tmp_path / "cache"))
    locate._can_import_uno.cache_clear()
    yield
    locate._can_import_uno.cache_clear()


def test_a_python_with_uno_is_probed_once_across_processes(tmp_path: Path) -> None:
    python, log = _fake_python(tmp_path, has_uno=True)
    assert locate._can_import_uno(str(python))
    locate._can_import_uno.cache_clear()  # as in a new process: only the cache folder is left
    assert locate._can_import_uno(str(python))
    assert log.read_text().splitlines() == ["-c import uno"]


def test_a_changed_interpreter_is_probed_again(tmp_path: Path) -> None:
    python, log = _fake_python(tmp_path, has_uno=True)
    assert locate._can_import_uno(str(python))
    locate._can_import_uno.cache_clear()
    os.utime(python, ns=(0, 0))
    assert locate._can_import_uno(str(python))
    assert len(log.read_text().splitlines()) == 2


def test_a_python_without_uno_is_not_remembered(tmp_path: Path) -> None:
    python, log = _fake_python(tmp_path, has_uno=False)
    for _ in range(2):
        assert not locate._can_import_uno(str(python))
        locate._can_import_uno.cache_clear()
    assert len(log.read_text().splitlines()) == 2
    assert not locate._can_import_uno(str(tmp_path / "missing"))
