"""When and how an assignment is reported back, and which reporting a report answers."""

from __future__ import annotations

import re
from datetime import date

import attrs

from strukturer.errors import ValidationError
from strukturer.model._validators import one_of, require_text, text
from strukturer.model.placeholder import Placeholder


@attrs.frozen
class ReportingKind:
    """A kind of reporting and the words the documents use for it (RK practice)."""

    #: As written in content and in running text: "delredovisning".
    name: str
    #: The verb of the Government's reporting clause: "delredovisas".
    verb: str
    #: What a report answering it is called on its cover, if anything: "Delrapport".
    report_label: str | None


#: Every kind of reporting, by the name written in content.
KINDS: dict[str, ReportingKind] = {
    kind.name: kind
    for kind in (
        ReportingKind("redovisning", "redovisas", None),
        ReportingKind("delredovisning", "delredovisas", "Delrapport"),
        ReportingKind("slutredovisning", "slutredovisas", "Slutrapport"),
        ReportingKind("årlig redovisning", "redovisas årligen", None),
        ReportingKind("löpande redovisning", "redovisas löpande", None),
    )
}
_UNDATED = "löpande redovisning"


@attrs.frozen(kw_only=True)
class Reporting:
    """One reporting the assignment asks for: its kind, by when, and optionally what.

    ``date`` may be left out only for "löpande redovisning" (reported as it goes).
    """

    kind: str = attrs.field(validator=one_of(KINDS))
    date: date | Placeholder | None = None
    what: str | None = attrs.field(default=None, validator=text)

    def __attrs_post_init__(self) -> None:
        if self.date is None and self.kind != _UNDATED:
            raise ValidationError(f"a {self.kind} needs a date", ("date",))

    @property
    def verb(self) -> str:
        """The verb of the reporting clause: "delredovisas"."""
        return KINDS[self.kind].verb


_REF_RE = re.compile(r"^(?P<kind>\D+?)(?:\s+(?P<number>\d+))?$")


@attrs.frozen
class ReportingRef:
    """Which reporting a report answers, as written: ``slutredovisning``, ``delredovisning 2``."""

    kind: str = attrs.field(validator=one_of(KINDS))
    number: int | None = None

    @classmethod
    def parse(cls, value: str) -> ReportingRef:
        """Parse ``delredovisning 2``; raise ValidationError naming the kinds if invalid."""
        match = _REF_RE.match(require_text(value, "a reporting as text").strip())
        if match is None or match["kind"] not in KINDS:
            raise ValidationError(
                f"{value!r} is not a reporting; write one of {', '.join(KINDS)}, "
                "followed by its number when the assignment has several, e.g. 'delredovisning 2'"
            )
        number = int(match["number"]) if match["number"] else None
        return cls(match["kind"], number)

    def __str__(self) -> str:
        return self.kind if self.number is None else f"{self.kind} {self.number}"


@attrs.frozen(kw_only=True)
class Answered:
    """The reporting a report answers: ``number`` of ``count`` reportings of its kind."""

    reporting: Reporting
    number: int
    count: int

    @property
    def heading(self) -> str:
        """The start of a missive's heading: "Delredovisning" (… av uppdrag att …)."""
        return self.reporting.kind[0].upper() + self.reporting.kind[1:]

    @property
    def report_label(self) -> str | None:
        """What the report is called on its cover: "Delrapport 1 av 2", "Slutrapport"."""
        label = KINDS[self.reporting.kind].report_label
        if label is None or self.count == 1:
            return label
        return f"{label} {self.number} av {self.count}"


def resolve(reportings: tuple[Reporting, ...], ref: ReportingRef | None) -> Answered:
    """The reporting ``ref`` names among ``reportings``; raise ValidationError if none does."""
    if ref is None:
        if len(reportings) != 1:
            kinds = ", ".join(
                f"{r.kind} {n}" if _count(reportings, r.kind) > 1 else r.kind
                for r, n in _numbered(reportings)
            )
            raise ValidationError(
                f"the assignment has {len(reportings)} reportings ({kinds}); say which one "
                "this report answers, e.g. answers: slutredovisning",
                ("answers",),
            )
        return Answered(reporting=reportings[0], number=1, count=1)
    same = [r for r in reportings if r.kind == ref.kind]
    if not same:
        have = ", ".join(dict.fromkeys(r.kind for r in reportings))
        raise ValidationError(
            f"the assignment asks for no {ref.kind}; it asks for: {have}", ("answers",)
        )
    if ref.number is None and len(same) > 1:
        raise ValidationError(
            f"the assignment has {len(same)} of kind {ref.kind}; write "
            f"'{ref.kind} 1' … '{ref.kind} {len(same)}'",
            ("answers",),
        )
    number = ref.number or 1
    if not 1 <= number <= len(same):
        raise ValidationError(
            f"the assignment has {len(same)} of kind {ref.kind}; there is no {ref}",
            ("answers",),
        )
    return Answered(reporting=same[number - 1], number=number, count=len(same))


def _count(reportings: tuple[Reporting, ...], kind: str) -> int:
    return sum(1 for r in reportings if r.kind == kind)


def _numbered(reportings: tuple[Reporting, ...]) -> list[tuple[Reporting, int]]:
    seen: dict[str, int] = {}
    out = []
    for r in reportings:
        seen[r.kind] = seen.get(r.kind, 0) + 1
        out.append((r, seen[r.kind]))
    return out
