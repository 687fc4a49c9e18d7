"""strukturer: Swedish government deliverables from content and versioned Word templates.

The public API: load a project, build its deliverables, or construct the model
objects yourself and build from those.
"""

__version__ = "0.1.0"

from strukturer.build import BuildResult, Progress, build
from strukturer.content import ContentWarning, load_project
from strukturer.errors import (
    CheckError,
    ContentError,
    EngineError,
    Problem,
    RenderError,
    StrukturerError,
    TemplateError,
)
from strukturer.merge import MergeResult, build_many
from strukturer.model import (
    Assignment,
    Chapter,
    Contact,
    CoverLetter,
    Deliverable,
    Diarienummer,
    EarlierAssignment,
    Evaluation,
    Finding,
    Isbn,
    NormalisedValueWarning,
    Organisation,
    Origin,
    Person,
    Placeholder,
    PostalAddress,
    PressRelease,
    Project,
    Prose,
    Quote,
    Recommendation,
    Reference,
    Report,
    ReportSeries,
    Section,
)
from strukturer.render.templates import TemplateLibrary, TemplateVersion

__all__ = [
    "Assignment",
    "BuildResult",
    "Chapter",
    "CheckError",
    "Contact",
    "ContentError",
    "ContentWarning",
    "CoverLetter",
    "Deliverable",
    "Diarienummer",
    "EarlierAssignment",
    "EngineError",
    "Evaluation",
    "Finding",
    "Isbn",
    "MergeResult",
    "NormalisedValueWarning",
    "Organisation",
    "Origin",
    "Person",
    "Placeholder",
    "PostalAddress",
    "PressRelease",
    "Problem",
    "Progress",
    "Project",
    "Prose",
    "Quote",
    "Recommendation",
    "Reference",
    "RenderError",
    "Report",
    "ReportSeries",
    "Section",
    "StrukturerError",
    "TemplateError",
    "TemplateLibrary",
    "TemplateVersion",
    "__version__",
    "build",
    "build_many",
    "load_project",
]
