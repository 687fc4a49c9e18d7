"""Reporting dates as a list, and which reporting a report answers."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strukturer import load_project
from strukturer.errors import ValidationError
from strukturer.model import KINDS, Answered, Placeholder, Reporting, ReportingRef

PART_1 = Reporting(kind="delredovisning", date=date(2024, 3, 15))
PART_2 = Reporting(kind="delredovisning", date=date(2025, 3, 15))
FINAL = Reporting(kind="slutredovisning", date=date(2025, 11, 30))


def with_reporting(reporting: tuple[Reporting, ...], answers: ReportingRef | None) -> Answered:
    evaluation = load_project().evaluation
    assignment = attrs.evolve(evaluation.assignment, reporting=reporting)
    report = attrs.evolve(evaluation.report, answers=answers)
    return attrs.evolve(evaluation, assignment=assignment, report=report).answered


def test_a_kind_must_be_known() -> None:
    with pytest.raises(ValidationError) as caught:
        Reporting(kind="halvtidsredovisning", date=date(2024, 1, 1))
    assert caught.value.message == (
        "'halvtidsredovisning' is not one of: redovisning, delredovisning, slutredovisning, "
        "årlig redovisning, löpande redovisning"
    )
    assert caught.value.path == ("kind",)


def test_only_a_running_reporting_may_be_undated() -> None:
    assert Reporting(kind="löpande redovisning").date is None
    with pytest.raises(ValidationError, match=r"^a delredovisning needs a date$"):
        Reporting(kind="delredovisning")


def test_a_placeholder_date_is_allowed() -> None:
    assert Reporting(kind="redovisning", date=Placeholder("datum")).date == Placeholder("datum")


def test_reference_parses_kind_and_number() -> None:
    assert ReportingRef.parse("delredovisning 2") == ReportingRef("delredovisning", 2)
    assert ReportingRef.parse(" slutredovisning ") == ReportingRef("slutredovisning")
    with pytest.raises(ValidationError) as caught:
        ReportingRef.parse("slutrapport")
    assert caught.value.message == (
        "'slutrapport' is not a reporting; write one of redovisning, delredovisning, "
        "slutredovisning, årlig redovisning, löpande redovisning, followed by its number "
        "when the assignment has several, e.g. 'delredovisning 2'"
    )


def test_which_report_names_the_number_of_its_kind() -> None:
    answered = with_reporting((PART_1, PART_2, FINAL), ReportingRef("delredovisning", 2))
    assert (answered.reporting, answered.number, answered.count) == (PART_2, 2, 2)
    assert answered.heading == "Delredovisning"
    assert answered.report_label == "Delrapport 2 av 2"
    final = with_reporting((PART_1, FINAL), ReportingRef("slutredovisning"))
    assert (final.heading, final.report_label) == ("Slutredovisning", "Slutrapport")
    single = with_reporting((PART_1, FINAL), ReportingRef("delredovisning"))
    assert single.report_label == "Delrapport"


def test_a_single_reporting_needs_no_answers() -> None:
    answered = with_reporting((Reporting(kind="redovisning", date=date(2020, 6, 15)),), None)
    assert (answered.heading, answered.report_label) == ("Redovisning", None)


@pytest.mark.parametrize(
    ("reporting", "answers", "message"),
    [
        (
            (PART_1, PART_2, FINAL),
            None,
            "the assignment has 3 reportings (delredovisning 1, delredovisning 2, "
            "slutredovisning); say which one this report answers, e.g. answers: slutredovisning",
        ),
        (
            (PART_1, PART_2, FINAL),
            ReportingRef("delredovisning"),
            "the assignment has 2 of kind delredovisning; write 'delredovisning 1' … "
            "'delredovisning 2'",
        ),
        (
            (PART_1, FINAL),
            ReportingRef("delredovisning", 3),
            "the assignment has 1 of kind delredovisning; there is no delredovisning 3",
        ),
        (
            (FINAL,),
            ReportingRef("årlig redovisning"),
            "the assignment asks for no årlig redovisning; it asks for: slutredovisning",
        ),
    ],
)
def test_answers_must_name_one_reporting(
    reporting: tuple[Reporting, ...], answers: ReportingRef | None, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        with_reporting(reporting, answers)
    assert caught.value.message == message
    assert caught.value.path == ("report", "answers")


def test_deadline_is_the_last_reporting_date_for_1_0_0_templates() -> None:
    assignment = load_project().evaluation.assignment
    assert assignment.deadline == date(2020, 6, 15)
    later = attrs.evolve(assignment, reporting=(PART_1, FINAL))
    assert later.deadline == date(2025, 11, 30)


@given(st.sampled_from(sorted(KINDS)), st.one_of(st.none(), st.integers(1, 99)))
def test_reference_round_trips(kind: str, number: int | None) -> None:
    ref = ReportingRef(kind, number)
    assert ReportingRef.parse(str(ref)) == ref


@given(st.text(max_size=30))
def test_reference_parse_never_raises_anything_but_validation_errors(text: str) -> None:
    outcome: ReportingRef | str
    try:
        outcome = ReportingRef.parse(text)
    except ValidationError as exc:
        outcome = exc.message
    assert isinstance(outcome, ReportingRef) or "is not a reporting" in outcome
