"""The raw seed texts: every known error at its true line and column; the corrected ones pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from strukturer.check import CheckConfig, CheckReport, Severity, check_files

from .conftest import SEEDS

pytestmark = pytest.mark.hunspell


RAW = SEEDS / "regeringsuppdrag.txt"
PRESS = SEEDS / "pressmeddelande.txt"


def positions(path: Path, needle: str) -> list[tuple[int, int]]:
    """Every (line, column) where ``needle`` starts in the file, found independently."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        start = line.find(needle)
        while start != -1:
            found.append((number, start + 1))
            start = line.find(needle, start + 1)
    return found


@pytest.fixture(scope="module")
def report() -> CheckReport:
    return check_files([RAW], CheckConfig())


def at(report: CheckReport, rule_id: str) -> list[tuple[int, int, str | None, str]]:
    return [
        (d.line, d.column, d.suggestion, d.text) for d in report.diagnostics if d.rule_id == rule_id
    ]


def test_exit_code_is_1(report: CheckReport) -> None:
    assert report.exit_code == 1
    assert report.errors > 0
    assert report.files == (str(RAW),)


def test_ivligrationsverket(report: CheckReport) -> None:
    expected = [(*p, "Migrationsverket", "Ivligrationsverket") for p in positions(RAW, "Ivligr")]
    assert (
        at(report, "unknown-authority")
        == expected
        == [(6, 207, "Migrationsverket", "Ivligrationsverket")]
    )
    # the registry's suggestion replaces hunspell's: no second (spelling) diagnostic
    assert not [
        d for d in report.diagnostics if d.text == "Ivligrationsverket" and d.rule_id == "spelling"
    ]


def test_forttyck_twice(report: CheckReport) -> None:
    expected = [(*p, "förtryck", "förttyck") for p in positions(RAW, "förttyck")]
    assert len(expected) == 2
    assert at(report, "spelling") == expected
    assert [(line, col) for line, col, *_ in expected] == [(9, 39), (12, 370)]


def test_space_in_diarienummer(report: CheckReport) -> None:
    expected = [(*p, "U2011/4322/JÄM", "U2011/ 4322/JÄM") for p in positions(RAW, "U2011/ 4322")]
    assert (
        at(report, "diarienummer-space")
        == expected
        == [(12, 518, "U2011/4322/JÄM", "U2011/ 4322/JÄM")]
    )
    assert [d.severity for d in report.diagnostics if d.rule_id == "diarienummer-space"] == [
        Severity.ERROR
    ]


def test_markdown_escapes(report: CheckReport) -> None:
    escapes = sorted(positions(RAW, "\\-") + positions(RAW, "\\."))
    assert len(escapes) == 7
    found = at(report, "markdown-escape")
    assert [(line, col) for line, col, *_ in found] == escapes
    by_place = {(line, col): suggestion for line, col, suggestion, _ in found}
    # a hyphen in a compound stays a hyphen ...
    for line, col in positions(RAW, "vård\\- och"):  # lines 3 and 12
        assert by_place[(line, col + 4)] == "-"
    assert by_place[(9, 117)] == "-"  # 2000\-talets
    # ... a spaced dash and a range become en dashes, and \. a full stop
    assert by_place[(12, 412)] == "–"  # kommuner \- Borlänge
    assert by_place[(12, 476)] == "–"  # Västerås \- som
    assert by_place[(12, 510)] == "–"  # 2011\-2013
    assert by_place[(14, 101)] == "."  # 2020\.
    assert all(text.startswith("\\") for *_, text in found)


def test_hyphen_range(report: CheckReport) -> None:
    expected = [(*p, "2011–2013", "2011\\-2013") for p in positions(RAW, "2011\\-2013")]
    assert at(report, "range-dash") == expected == [(12, 506, "2011–2013", "2011\\-2013")]


def test_spaced_hyphens_are_dashes(report: CheckReport) -> None:
    # " \\- ": the dash is the hyphen after the backslash
    expected = [(line, col + 2, "–", "-") for line, col in positions(RAW, " \\- ")]
    assert at(report, "sentence-dash") == expected
    assert [(line, col) for line, col, *_ in at(report, "sentence-dash")] == [(12, 413), (12, 477)]


def test_former_name_skl(report: CheckReport) -> None:
    expected = [
        (*p, "Sveriges Kommuner och Regioner", "Sveriges Kommuner och Landsting")
        for p in positions(RAW, "Sveriges Kommuner och Landsting")
    ]
    assert at(report, "former-name") == expected


def test_no_false_positives_in_raw_seed(report: CheckReport) -> None:
    expected_rules = {
        "unknown-authority",
        "spelling",
        "diarienummer-space",
        "markdown-escape",
        "range-dash",
        "sentence-dash",
        "former-name",
        "lix",
    }
    assert {d.rule_id for d in report.diagnostics} == expected_rules
    assert report.errors == 1 + 2 + 1 + 7


def test_press_release() -> None:
    result = check_files([PRESS], CheckConfig())
    found = [(d.rule_id, d.line, d.column, d.suggestion) for d in result.diagnostics]
    ((line, col),) = positions(PRESS, "Myndigheten för vård och")
    assert found == [
        ("unknown-authority", line, col, "Myndigheten för vård- och omsorgsanalys"),
        ("trailing-space", 1, 460, None),
        ("trailing-space", 5, 439, None),
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize("name", ["regeringsuppdrag.txt", "pressmeddelande.txt"])
def test_corrected_seed_has_no_errors(name: str) -> None:
    result = check_files([SEEDS / "corrected" / name], CheckConfig())
    assert result.errors == 0, result.diagnostics
    assert result.exit_code == 0
    # what remains is advice: the text is hard to read (LIX), and SKL has a new name
    assert {d.rule_id for d in result.diagnostics} <= {"lix", "former-name"}


def test_both_seeds_in_one_run() -> None:
    result = check_files([RAW, PRESS], CheckConfig())
    assert result.files == (str(RAW), str(PRESS))
    assert result.errors == 12
    assert {r.file for r in result.readability} == {str(RAW), str(PRESS)}
