"""The government's assignment (regeringsuppdrag) as a decision."""

from __future__ import annotations

from datetime import date

import attrs

from strukturer.errors import ValidationError
from strukturer.model._validators import (
    at_least_one,
    required_text,
    text,
    text_items,
)
from strukturer.model.placeholder import Placeholder
from strukturer.model.prose import Prose
from strukturer.model.reporting import Reporting
from strukturer.model.values import Diarienummer, Organisation, Person


def _assignment_title(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.startswith(("Uppdrag att ", "Uppdrag till ")):
        raise ValidationError(
            f"{value!r} must start with 'Uppdrag att …' or 'Uppdrag till … att …' "
            "(Regeringskansliet's form for a decision title)",
            (attribute.name,),
        )


@attrs.frozen(kw_only=True)
class Section:
    """A titled section of prose, e.g. "Bakgrund" or "Närmare om uppdraget"."""

    title: str = attrs.field(validator=required_text)
    body: Prose


@attrs.frozen(kw_only=True)
class EarlierAssignment:
    """An earlier assignment the decision refers to, e.g. U2011/4322/JÄM (2011–2013)."""

    diarienummer: Diarienummer
    start_year: int
    end_year: int
    description: str | None = attrs.field(default=None, validator=text)

    def __attrs_post_init__(self) -> None:
        if self.end_year < self.start_year:
            raise ValidationError(
                f"{self.end_year} is before start_year {self.start_year}", ("end_year",)
            )


@attrs.frozen(kw_only=True)
class Assignment:
    """A government decision that gives an agency an assignment.

    Field names follow the parts of a regeringsbeslut (conventions.md, "Regeringsbeslut",
    source RK).
    """

    department: str = attrs.field(validator=required_text)
    decision_number: str | Placeholder = attrs.field(validator=text)
    decision_date: date | Placeholder
    diarienummer: tuple[Diarienummer | Placeholder, ...] = attrs.field(validator=at_least_one)
    recipient: Organisation
    title: str = attrs.field(validator=[required_text, _assignment_title])
    decision: Prose
    sections: tuple[Section, ...] = ()
    consult: tuple[str, ...] = attrs.field(default=(), validator=text_items)
    municipalities: tuple[str, ...] = attrs.field(default=(), validator=text_items)
    report_to: str = attrs.field(validator=required_text)
    reporting: tuple[Reporting, ...] = attrs.field(validator=at_least_one)
    earlier_assignments: tuple[EarlierAssignment, ...] = ()
    minister: Person
    official: Person
    copy_to: tuple[str, ...] = attrs.field(default=(), validator=text_items)

    @property
    def deadline(self) -> date | Placeholder | None:
        """The last reporting's date, for templates made before 2.0.0 (one deadline)."""
        return self.reporting[-1].date

    @property
    def subject(self) -> str:
        """The title without "Uppdrag ", lower-cased, for "Redovisning av uppdrag …"."""
        return self.title[0].lower() + self.title[1:]
