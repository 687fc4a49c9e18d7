"""Fixtures of the language-check tests: one Checker (one hunspell process) per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from strukturer.check import CheckConfig, Checker, Diagnostic
from strukturer.check.hunspell import find_dictionary
from strukturer.errors import CheckError

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
#: A folder standing for a project folder: it holds figurer/karta.png.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _hunspell_missing() -> str | None:
    if shutil.which("hunspell") is None:
        return "the hunspell program is not installed"
    try:
        find_dictionary()
    except CheckError:
        return "the Swedish hunspell dictionary is not installed"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``hunspell`` skip without it on a laptop and fail in CI."""
    if item.get_closest_marker("hunspell") is None:
        return
    missing = _hunspell_missing()
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (apt-get install hunspell hunspell-sv)")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def checker() -> Iterator[Checker]:
    """A checker with the default configuration."""
    with Checker(CheckConfig()) as shared:
        yield shared


def only(diagnostics: list[Diagnostic], rule_id: str) -> list[tuple[int, int, str | None]]:
    """(line, column, suggestion) of the diagnostics of one rule."""
    return [(d.line, d.column, d.suggestion) for d in diagnostics if d.rule_id == rule_id]
