"""A project: the whole evaluation and the deliverables built from it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from strukturer.errors import ValidationError
from strukturer.model._validators import (
    at_least_one,
    matching,
    required_text,
    text,
    text_items,
)
from strukturer.model.assignment import Assignment
from strukturer.model.documents import CoverLetter, PressRelease, Report
from strukturer.model.findings import Finding, Recommendation
from strukturer.model.prose import Origin
from strukturer.model.reporting import Answered, resolve
from strukturer.model.values import Organisation

_slug = matching(
    r"[a-z0-9][a-z0-9-]*",
    "is not a name for files: use lower-case a-z, digits and '-', e.g. 'strukturer-for-stod'",
)
_semver = matching(r"\d+\.\d+\.\d+", "is not a pinned version such as '1.0.0'")


@attrs.frozen(kw_only=True)
class Deliverable:
    """One document the project produces, from a pinned template version."""

    name: str = attrs.field(validator=_slug)
    template: str = attrs.field(validator=_slug)
    version: str = attrs.field(validator=_semver)
    #: The document's title, shown as its heading and in its properties; by default the
    #: template's own (e.g. "Slutredovisning av uppdrag att …" for a missive).
    title: str | None = attrs.field(default=None, validator=text)
    #: The document's subject and keywords in its properties; by default its own.
    subject: str | None = attrs.field(default=None, validator=text)
    keywords: tuple[str, ...] = attrs.field(default=(), validator=text_items)
    records: str | None = None
    filename: str | None = None
    #: Where the deliverable was declared, for messages; no part of equality.
    origin: Origin | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if (self.records is None) != (self.filename is None):
            missing = "filename" if self.filename is None else "records"
            raise ValidationError(
                "a per-record deliverable needs both 'records' (a CSV or YAML file) and "
                "'filename' (a pattern such as 'brev-{kommun}')",
                (missing,),
            )

    def where(self, key: str) -> str:
        """Where ``key`` of this deliverable was written, for messages.

        ``strukturer.toml:19: [deliverables.missiv] version`` when the origin is known.
        """
        shown = f"[deliverables.{self.name}] {key}"
        return f"{self.origin.file}:{self.origin.line}: {shown}" if self.origin else shown

    @property
    def per_record(self) -> bool:
        """Whether one document is rendered per record of a data file (mail merge)."""
        return self.records is not None


@attrs.frozen(kw_only=True)
class Evaluation:
    """Everything an evaluation says: the assignment, findings, recommendations and texts."""

    agency: Organisation
    assignment: Assignment
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    report: Report
    press_release: PressRelease | None = None
    cover_letter: CoverLetter | None = None

    def __attrs_post_init__(self) -> None:
        ids = [f.id for f in self.findings]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValidationError(
                f"finding ids must be unique; repeated: {', '.join(duplicates)}", ("findings",)
            )
        known = set(ids)
        for index, rec in enumerate(self.recommendations):
            missing = [ref for ref in rec.based_on if ref not in known]
            if missing:
                raise ValidationError(
                    f"recommendation {rec.id!r} rests on unknown finding(s) "
                    f"{', '.join(missing)}; known: {', '.join(ids) or 'none'}",
                    ("recommendations", index, "based_on"),
                )
        try:
            self.answered  # noqa: B018 -- validates report.answers against the assignment
        except ValidationError as exc:
            raise ValidationError(exc.message, ("report", *exc.path)) from None

    @property
    def answered(self) -> Answered:
        """The reporting of the assignment that this evaluation's report answers."""
        return resolve(self.assignment.reporting, self.report.answers)

    def finding_number(self, finding_id: str) -> int:
        """The number a finding is printed with (1, 2, …) in the report."""
        return [f.id for f in self.findings].index(finding_id) + 1

    def findings_for(self, recommendation: Recommendation) -> tuple[Finding, ...]:
        """The findings a recommendation rests on, in the order it names them."""
        by_id = {f.id: f for f in self.findings}
        return tuple(by_id[i] for i in recommendation.based_on)


@attrs.frozen(kw_only=True)
class Project:
    """A named project: an evaluation plus the deliverables to build from it.

    ``source`` names where the project was loaded from (for messages only);
    ``template_dirs`` are extra folders searched for templates before the built-in ones.
    """

    name: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=required_text)
    evaluation: Evaluation
    deliverables: tuple[Deliverable, ...] = attrs.field(validator=at_least_one)
    check: Mapping[str, Any] = attrs.field(factory=dict)
    #: Remote unoserver instances ("host:port,host:port") to convert with, if any.
    engine: str | None = None
    source: str | None = None
    template_dirs: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        names = [d.name for d in self.deliverables]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValidationError(
                f"deliverable names must be unique; repeated: {', '.join(repeated)}",
                ("deliverables",),
            )

    def deliverable(self, name: str) -> Deliverable:
        """The deliverable called ``name``; a ValidationError lists the known names."""
        for item in self.deliverables:
            if item.name == name:
                return item
        known = ", ".join(d.name for d in self.deliverables)
        raise ValidationError(f"no deliverable {name!r}; this project has: {known}")
