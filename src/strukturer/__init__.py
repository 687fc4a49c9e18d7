"""strukturer: Swedish government deliverables from content and versioned Word templates.

The public API: load a project, build its deliverables, or construct the model
objects yourself and build from those.

Names are imported on first use (PEP 562), so ``import strukturer`` is cheap and the
command line can start LibreOffice before the rest of the package loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturer._lazy import lazy_names

__version__ = "0.1.0"

if TYPE_CHECKING:
    from strukturer.builder import BuildResult, Progress, build
    from strukturer.content import ContentWarning, load_project
    from strukturer.errors import (
        CheckError,
        ContentError,
        EngineError,
        LimitError,
        OutputError,
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
    from strukturer.render.template_library import TemplateLibrary, TemplateVersion

_LAZY = {
    "Assignment": "strukturer.model",
    "BuildResult": "strukturer.builder",
    "Chapter": "strukturer.model",
    "CheckError": "strukturer.errors",
    "Contact": "strukturer.model",
    "ContentError": "strukturer.errors",
    "ContentWarning": "strukturer.content",
    "CoverLetter": "strukturer.model",
    "Deliverable": "strukturer.model",
    "Diarienummer": "strukturer.model",
    "EarlierAssignment": "strukturer.model",
    "EngineError": "strukturer.errors",
    "LimitError": "strukturer.errors",
    "OutputError": "strukturer.errors",
    "Evaluation": "strukturer.model",
    "Finding": "strukturer.model",
    "Isbn": "strukturer.model",
    "MergeResult": "strukturer.merge",
    "NormalisedValueWarning": "strukturer.model",
    "Organisation": "strukturer.model",
    "Origin": "strukturer.model",
    "Person": "strukturer.model",
    "Placeholder": "strukturer.model",
    "PostalAddress": "strukturer.model",
    "PressRelease": "strukturer.model",
    "Problem": "strukturer.errors",
    "Progress": "strukturer.builder",
    "Project": "strukturer.model",
    "Prose": "strukturer.model",
    "Quote": "strukturer.model",
    "Recommendation": "strukturer.model",
    "Reference": "strukturer.model",
    "RenderError": "strukturer.errors",
    "Report": "strukturer.model",
    "ReportSeries": "strukturer.model",
    "Section": "strukturer.model",
    "StrukturerError": "strukturer.errors",
    "TemplateError": "strukturer.errors",
    "TemplateLibrary": "strukturer.render.template_library",
    "TemplateVersion": "strukturer.render.template_library",
    "build": "strukturer.builder",
    "build_many": "strukturer.merge",
    "load_project": "strukturer.content",
}

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
    "LimitError",
    "MergeResult",
    "NormalisedValueWarning",
    "Organisation",
    "Origin",
    "OutputError",
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


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
