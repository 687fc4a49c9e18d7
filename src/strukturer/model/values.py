"""Value objects: identifiers, people and organisations."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import attrs

from strukturer.errors import ValidationError
from strukturer.model._validators import require_text, required_text, text, type_name
from strukturer.model.placeholder import Placeholder

NO_BREAK_SPACE = "\u00a0"

# RK I1: department code, year, "/", serial, optional "/" unit. The parts are public so that
# `strukturer check` finds diarienummer in prose with the same grammar (one source of truth).
DIARIENUMMER_DEPARTMENT = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,2}"
DIARIENUMMER_YEAR = r"(?:19|20)\d\d"
DIARIENUMMER_SERIAL = r"\d{1,7}"
DIARIENUMMER_UNIT = r"[A-ZÅÄÖ0-9][A-ZÅÄÖa-zåäö0-9-]{0,9}"
_DIARIENUMMER_RE = re.compile(
    rf"^(?P<department>{DIARIENUMMER_DEPARTMENT})(?P<year>{DIARIENUMMER_YEAR})"
    rf"/(?P<serial>{DIARIENUMMER_SERIAL})(?:/(?P<unit>{DIARIENUMMER_UNIT}))?$"
)
_DIARIENUMMER_EXAMPLE = "e.g. 'U2011/4322/JÄM' or 'Fi2025/02181' (RK I1)"


class NormalisedValueWarning(UserWarning):
    """Issued when a value was accepted after it was normalised, e.g. spaces removed."""


def _part(pattern: str, what: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    compiled = re.compile(pattern)

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str) or not compiled.fullmatch(value):
            raise ValidationError(
                f"{type_name(value)} is not a diarienummer {what}, {_DIARIENUMMER_EXAMPLE}",
                (attribute.name,),
            )

    return check


def _year(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2099:
        raise ValidationError(
            f"{type_name(value)} is not a diarienummer year (1900–2099)", (attribute.name,)
        )


@attrs.frozen(kw_only=True)
class Diarienummer:
    """A Regeringskansliet registration number such as ``U2011/4322/JÄM`` (RK I1).

    Every part is validated on construction, so ``Diarienummer(...)`` never holds garbage.
    """

    department: str = attrs.field(validator=_part(DIARIENUMMER_DEPARTMENT, "department code"))
    year: int = attrs.field(validator=_year)
    serial: str = attrs.field(validator=_part(DIARIENUMMER_SERIAL, "serial"))
    unit: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(_part(DIARIENUMMER_UNIT, "unit")),
    )

    def __str__(self) -> str:
        base = f"{self.department}{self.year}/{self.serial}"
        return f"{base}/{self.unit}" if self.unit else base

    @classmethod
    def parse(cls, value: str) -> Diarienummer:
        """Parse ``value``, removing stray spaces with a warning; raise ValidationError if bad.

        The warning goes through Python's ``warnings`` module; content loading uses
        :meth:`parse_noting` and hands its notes on as data instead.
        """
        parsed, note = cls.parse_noting(value)
        if note is not None:
            warnings.warn(note, NormalisedValueWarning, stacklevel=2)
        return parsed

    @classmethod
    def parse_noting(cls, value: str) -> tuple[Diarienummer, str | None]:
        """Parse ``value``; also return a note when stray spaces were removed (RK I1)."""
        stripped = require_text(value, "a diarienummer as text").strip()
        compact = re.sub(r"\s+", "", stripped)
        match = _DIARIENUMMER_RE.match(compact)
        if match is None:
            raise ValidationError(
                f"{value!r} is not a diarienummer; expected department code, year, serial "
                f"and optional unit, {_DIARIENUMMER_EXAMPLE}"
            )
        note = None
        if compact != stripped:
            note = f"{value!r} normalised to {compact!r}: a diarienummer has no spaces (RK I1)"
        parsed = cls(
            department=match["department"],
            year=int(match["year"]),
            serial=match["serial"],
            unit=match["unit"],
        )
        return parsed, note


def _isbn13_check_digit(first12: str) -> int:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


@attrs.frozen
class Isbn:
    """An ISBN-13, kept as written (hyphens allowed) and validated by its check digit (I3)."""

    value: str

    def __attrs_post_init__(self) -> None:
        require_text(self.value, "an ISBN as text")
        digits = self.digits
        if not re.fullmatch(r"[0-9][0-9 -]*[0-9]", self.value) or len(digits) != 13:
            raise ValidationError(f"{self.value!r} is not an ISBN-13 (13 digits, hyphens allowed)")
        if not digits.startswith(("978", "979")):
            raise ValidationError(
                f"{self.value!r} is not an ISBN-13: it must start with 978 or 979"
            )
        expected = _isbn13_check_digit(digits[:12])
        if int(digits[12]) != expected:
            raise ValidationError(
                f"{self.value!r} has a wrong check digit: expected {expected}, got {digits[12]}"
            )

    @classmethod
    def parse(cls, value: str) -> Isbn:
        """Parse ``value`` as written in content; raise ValidationError if it is not one."""
        return cls(require_text(value, "an ISBN as text").strip())

    @property
    def digits(self) -> str:
        """The 13 digits without hyphens or spaces."""
        return re.sub(r"[ -]", "", self.value)

    def __str__(self) -> str:
        return f"ISBN {self.value}"


_SERIES_RE = re.compile(r"^(?P<name>\S.*?)\s+(?P<year>\d{4}):(?P<number>\d{1,4})$")


@attrs.frozen(kw_only=True)
class ReportSeries:
    """A report's place in the agency's series, e.g. ``Rapport 2020:5`` (I3)."""

    name: str = attrs.field(validator=required_text)
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.name} {self.year}:{self.number}"

    @classmethod
    def parse(cls, value: str) -> ReportSeries:
        """Parse text such as ``Rapport 2020:5``; raise ValidationError if it is not one."""
        match = _SERIES_RE.match(require_text(value, "a report series as text").strip())
        if match is None:
            raise ValidationError(
                f"{value!r} is not a report series number such as 'Rapport 2020:5'"
            )
        return cls(name=match["name"], year=int(match["year"]), number=int(match["number"]))


_POSTCODE_RE = re.compile(r"^(\d{3})[ \u00a0]?(\d{2})$")


def _postcode(value: object) -> str:
    """A Swedish postcode as printed: ``103 33`` with a no-break space (N1-like grouping)."""
    match = _POSTCODE_RE.match(require_text(value, "a postcode as text").strip())
    if match is None:
        raise ValidationError(
            f"{value!r} is not a Swedish postcode; write five digits, e.g. '103 33'",
            ("postcode",),
        )
    return f"{match[1]}{NO_BREAK_SPACE}{match[2]}"


@attrs.frozen(kw_only=True)
class PostalAddress:
    """A postal address as printed in a recipient block: street or box, postcode, town.

    The postcode is kept as ``103␣33`` and :attr:`postal_line` joins it to the town with
    no-break spaces, so "103 33 Stockholm" never breaks across lines.
    """

    street: str | None = attrs.field(default=None, validator=text)
    postcode: str = attrs.field(converter=_postcode)
    town: str = attrs.field(validator=required_text)

    @property
    def postal_line(self) -> str:
        """Postcode and town: ``103 33 Stockholm`` with no-break spaces."""
        return f"{self.postcode}{NO_BREAK_SPACE}{self.town}"

    def __str__(self) -> str:
        return f"{self.street}, {self.postal_line}" if self.street else self.postal_line


@attrs.frozen(kw_only=True)
class Organisation:
    """An authority or other organisation under its official name (C1)."""

    name: str = attrs.field(validator=required_text)
    short_name: str | None = attrs.field(default=None, validator=text)
    address: PostalAddress | None = None
    website: str | None = attrs.field(default=None, validator=text)

    def __str__(self) -> str:
        return self.name


@attrs.frozen(kw_only=True)
class Person:
    """A person: a name and, where it is printed, the title or role they act in (C5).

    Every field that may be unknown when the text is written takes a placeholder. In
    content a person is a mapping (``{name: …, title: …}``) or, where only a name is
    printed, the name alone (``"Anna Berg"`` or ``"[[författare]]"``).
    """

    name: str | Placeholder = attrs.field(validator=required_text)
    title: str | Placeholder | None = attrs.field(default=None, validator=text)
    organisation: str | None = attrs.field(default=None, validator=text)

    def __str__(self) -> str:
        return f"{self.title} {self.name}" if self.title else str(self.name)
