"""The domain model: frozen, validated attrs classes with no I/O."""

from strukturer.model.assignment import Assignment, EarlierAssignment, Section
from strukturer.model.documents import (
    Chapter,
    Contact,
    CoverLetter,
    PressRelease,
    Quote,
    Reference,
    Report,
)
from strukturer.model.findings import Finding, Recommendation
from strukturer.model.placeholder import Placeholder
from strukturer.model.project import Deliverable, Evaluation, Project
from strukturer.model.prose import Origin, Prose
from strukturer.model.reporting import KINDS, Answered, Reporting, ReportingKind, ReportingRef
from strukturer.model.values import (
    Diarienummer,
    Isbn,
    NormalisedValueWarning,
    Organisation,
    Person,
    PostalAddress,
    ReportSeries,
)

__all__ = [
    "KINDS",
    "Answered",
    "Assignment",
    "Chapter",
    "Contact",
    "CoverLetter",
    "Deliverable",
    "Diarienummer",
    "EarlierAssignment",
    "Evaluation",
    "Finding",
    "Isbn",
    "NormalisedValueWarning",
    "Organisation",
    "Origin",
    "Person",
    "Placeholder",
    "PostalAddress",
    "PressRelease",
    "Project",
    "Prose",
    "Quote",
    "Recommendation",
    "Reference",
    "Report",
    "ReportSeries",
    "Reporting",
    "ReportingKind",
    "ReportingRef",
    "Section",
]
