"""Fixtures of the language-check tests: one Checker (one hunspell process) per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from strukturer.check import CheckConfig, Checker, Diagnostic

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@pytest.fixture(scope="session")
def checker() -> Iterator[Checker]:
    """A checker with the default configuration."""
    with Checker(CheckConfig()) as shared:
        yield shared


def only(diagnostics: list[Diagnostic], rule_id: str) -> list[tuple[int, int, str | None]]:
    """(line, column, suggestion) of the diagnostics of one rule."""
    return [(d.line, d.column, d.suggestion) for d in diagnostics if d.rule_id == rule_id]
