"""The deliverables' own content: report, press release and cover letter."""

from __future__ import annotations

from datetime import date

import attrs

from strukturer.model._validators import at_least_one, required_text
from strukturer.model._validators import text as storable
from strukturer.model.placeholder import Placeholder
from strukturer.model.prose import Prose
from strukturer.model.values import Isbn, Person, ReportSeries


@attrs.frozen(kw_only=True)
class Chapter:
    """A numbered chapter of the report; ``body`` may hold level 2 and 3 headings."""

    title: str = attrs.field(validator=required_text)
    body: Prose


@attrs.frozen(kw_only=True)
class Reference:
    """An entry in the report's list of references."""

    text: str = attrs.field(validator=required_text)
    url: str | None = attrs.field(default=None, validator=storable)


@attrs.frozen(kw_only=True)
class Report:
    """The evaluation report (conventions.md, "Rapport", practice)."""

    series: ReportSeries | Placeholder
    title: str = attrs.field(validator=required_text)
    subtitle: str | None = attrs.field(default=None, validator=storable)
    date: date | Placeholder
    isbn: Isbn | Placeholder | None = None
    authors: tuple[Person | Placeholder, ...] = ()
    foreword: Prose
    foreword_signatory: Person
    summary: Prose
    chapters: tuple[Chapter, ...] = attrs.field(validator=at_least_one)
    appendices: tuple[Chapter, ...] = ()
    references: tuple[Reference, ...] = ()

    @property
    def full_title(self) -> str:
        """Title and subtitle joined by a spaced en dash (P2)."""
        return f"{self.title} – {self.subtitle}" if self.subtitle else self.title


@attrs.frozen(kw_only=True)
class Quote:
    """A quote in a press release, attributed to a person."""

    speaker: Person
    text: str = attrs.field(validator=required_text)


@attrs.frozen(kw_only=True)
class Contact:
    """A press contact."""

    name: str | Placeholder = attrs.field(validator=storable)
    title: str | Placeholder = attrs.field(validator=storable)
    phone: str | Placeholder = attrs.field(validator=storable)
    email: str | Placeholder = attrs.field(validator=storable)


@attrs.frozen(kw_only=True)
class PressRelease:
    """A press release: lead, first quote, body, further quotes, link and contacts."""

    date: date | Placeholder
    headline: str = attrs.field(validator=required_text)
    lead: str = attrs.field(validator=required_text)
    body: Prose
    quotes: tuple[Quote, ...] = ()
    link: str = attrs.field(validator=required_text)
    contacts: tuple[Contact, ...] = ()


@attrs.frozen(kw_only=True)
class CoverLetter:
    """The letter (missiv) that reports the assignment back to Regeringskansliet.

    The decision block follows Myndighetsförordningen (2007:515) 21 § (MF): who
    decided, who presented the matter, and who else took part.
    """

    date: date | Placeholder
    agency_dnr: str | Placeholder = attrs.field(validator=storable)
    addressee: str = attrs.field(default="Regeringskansliet", validator=required_text)
    department: str = attrs.field(validator=required_text)
    body: Prose
    decision_maker: Person
    presenting_officer: Person
    participants: tuple[Person, ...] = ()
