"""Value objects: identifiers, people and organisations."""

from __future__ import annotations

import re
import warnings

import attrs

from strukturer.model._validators import required_text, text

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


class NormalisedValueWarning(UserWarning):
    """Issued when a value was accepted after it was normalised, e.g. spaces removed."""


@attrs.frozen(kw_only=True)
class Diarienummer:
    """A Regeringskansliet registration number such as ``U2011/4322/JÄM`` (RK I1)."""

    department: str
    year: int
    serial: str
    unit: str | None = None

    def __str__(self) -> str:
        base = f"{self.department}{self.year}/{self.serial}"
        return f"{base}/{self.unit}" if self.unit else base

    @classmethod
    def parse(cls, value: str) -> Diarienummer:
        """Parse ``value``, removing stray spaces with a warning; raise ValueError if invalid."""
        stripped = value.strip()
        compact = re.sub(r"\s+", "", stripped)
        match = _DIARIENUMMER_RE.match(compact)
        if match is None:
            raise ValueError(
                f"{value!r} is not a diarienummer; expected department code, year, serial "
                "and optional unit, e.g. 'U2011/4322/JÄM' or 'Fi2025/02181' (RK I1)"
            )
        if compact != stripped:
            warnings.warn(
                f"{value!r} normalised to {compact!r}: a diarienummer has no spaces (RK I1)",
                NormalisedValueWarning,
                stacklevel=2,
            )
        return cls(
            department=match["department"],
            year=int(match["year"]),
            serial=match["serial"],
            unit=match["unit"],
        )


def _isbn13_check_digit(first12: str) -> int:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


@attrs.frozen
class Isbn:
    """An ISBN-13, kept as written (hyphens allowed) and validated by its check digit (I3)."""

    value: str

    def __attrs_post_init__(self) -> None:
        digits = self.digits
        if not re.fullmatch(r"[0-9][0-9 -]*[0-9]", self.value) or len(digits) != 13:
            raise ValueError(f"{self.value!r} is not an ISBN-13 (13 digits, hyphens allowed)")
        if not digits.startswith(("978", "979")):
            raise ValueError(f"{self.value!r} is not an ISBN-13: it must start with 978 or 979")
        expected = _isbn13_check_digit(digits[:12])
        if int(digits[12]) != expected:
            raise ValueError(
                f"{self.value!r} has a wrong check digit: expected {expected}, got {digits[12]}"
            )

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
        """Parse text such as ``Rapport 2020:5``; raise ValueError if it is not one."""
        match = _SERIES_RE.match(value.strip())
        if match is None:
            raise ValueError(f"{value!r} is not a report series number such as 'Rapport 2020:5'")
        return cls(name=match["name"], year=int(match["year"]), number=int(match["number"]))


@attrs.frozen(kw_only=True)
class PostalAddress:
    """A postal address as printed in a recipient block."""

    street: str = attrs.field(validator=required_text)
    postcode: str = attrs.field(validator=required_text)
    town: str = attrs.field(validator=required_text)

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"


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
    """A person with the title or role they act in, e.g. "generaldirektör" (C5)."""

    name: str = attrs.field(validator=required_text)
    title: str = attrs.field(validator=required_text)
    organisation: str | None = attrs.field(default=None, validator=text)

    def __str__(self) -> str:
        return f"{self.title} {self.name}"
