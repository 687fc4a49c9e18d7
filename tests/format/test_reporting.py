"""The reporting clause as the Government writes it, with no-break spaces in dates."""

from __future__ import annotations

from datetime import date

import pytest

from strukturer.format import reporting_clause
from strukturer.format.swedish import MONTHS, NUMBER_WORDS, WEEKDAYS
from strukturer.model import Placeholder, Reporting

TO = "Regeringskansliet (Finansdepartementet)"


def clause(*reporting: Reporting) -> str:
    return reporting_clause(reporting, TO).replace("\u00a0", "_")


def test_one_reporting() -> None:
    assert clause(Reporting(kind="redovisning", date=date(2020, 6, 15))) == (
        "Uppdraget ska redovisas till Regeringskansliet (Finansdepartementet) "
        "senast den_15_juni_2020."
    )


def test_partial_and_final_reporting() -> None:
    assert clause(
        Reporting(kind="delredovisning", date=date(2024, 3, 15)),
        Reporting(kind="slutredovisning", date=date(2025, 11, 30)),
    ) == (
        "Uppdraget ska delredovisas till Regeringskansliet (Finansdepartementet) senast "
        "den_15_mars_2024 och slutredovisas senast den_30_november_2025."
    )


def test_two_partial_reportings_share_their_verb() -> None:
    assert clause(
        Reporting(kind="delredovisning", date=date(2024, 3, 15)),
        Reporting(kind="delredovisning", date=date(2025, 3, 14)),
        Reporting(kind="slutredovisning", date=date(2025, 11, 30)),
    ) == (
        "Uppdraget ska delredovisas till Regeringskansliet (Finansdepartementet) senast "
        "den_15_mars_2024 och den_14_mars_2025 och slutredovisas senast den_30_november_2025."
    )


def test_running_yearly_and_what_is_reported() -> None:
    assert clause(
        Reporting(kind="löpande redovisning"),
        Reporting(kind="årlig redovisning", date=date(2025, 2, 28)),
        Reporting(kind="delredovisning", date=Placeholder("datum"), what="kartläggningen"),
        Reporting(kind="slutredovisning", date=date(2026, 2, 27)),
    ) == (
        "Uppdraget ska redovisas löpande till Regeringskansliet (Finansdepartementet), "
        "redovisas årligen senast den_28_februari_2025, delredovisas i fråga om "
        "kartläggningen senast den_[datum] och slutredovisas senast den_27_februari_2026."
    )


@pytest.mark.parametrize("bad", [(), "redovisning"])
def test_bad_input_is_refused(bad: object) -> None:
    with pytest.raises((TypeError, ValueError), match=r"^reporting_clause\(\)"):
        reporting_clause(bad, TO)  # type: ignore[arg-type]


def test_swedish_words_come_from_one_place() -> None:
    assert MONTHS[0] == "januari"
    assert MONTHS[11] == "december"
    assert WEEKDAYS == ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
    assert NUMBER_WORDS[5] == "sex"
