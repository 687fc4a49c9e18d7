"""The deliverables' own content: report, press release and cover letter."""

from __future__ import annotations

import datetime
from datetime import date

import attrs

from strukturer.model._validators import at_least_one, required_text
from strukturer.model._validators import text as storable
from strukturer.model.placeholder import Placeholder
from strukturer.model.prose import Prose
from strukturer.model.reporting import ReportingRef
from strukturer.model.values import Isbn, Person, PostalAddress, ReportSeries


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
    #: Which of the assignment's reportings this report answers; may be left out when
    #: the assignment asks for one reporting only.
    answers: ReportingRef | None = None
    isbn: Isbn | Placeholder | None = None
    authors: tuple[Person, ...] = ()
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
class Contact(Person):
    """A press contact: a person (name, title) with phone and e-mail."""

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
    link: str | Placeholder = attrs.field(validator=required_text)
    contacts: tuple[Contact, ...] = ()


@attrs.frozen(kw_only=True)
class CoverLetter:
    """The letter (missiv) that reports the assignment back to the Government.

    The addressee block names the addressee ("Regeringskansliet" or "Regeringen"), the
    department and optionally a postal address. "Ert datum" and "Er beteckning" are the
    Government's decision date and diarienummer unless ``their_date`` and
    ``their_reference`` say otherwise. The decision block follows
    Myndighetsförordningen (2007:515) 21 § (MF): who decided, who presented the matter
    (föredragande), who else took part and who was present; ``decision_text`` replaces
    the template's usual wording when an agency writes it differently.
    """

    date: date | Placeholder
    agency_dnr: str | Placeholder = attrs.field(validator=storable)
    addressee: str = attrs.field(default="Regeringskansliet", validator=required_text)
    department: str | None = attrs.field(default=None, validator=storable)
    address: PostalAddress | None = None
    their_date: datetime.date | Placeholder | None = None
    their_reference: str | Placeholder | None = attrs.field(default=None, validator=storable)
    body: Prose
    decision_maker: Person
    presenting_officer: Person | None = None
    participants: tuple[Person, ...] = ()
    present: tuple[Person, ...] = ()
    decision_text: str | None = attrs.field(default=None, validator=storable)
