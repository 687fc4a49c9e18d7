"""strukturer: Swedish government deliverables from content and versioned Word templates.

The public API: load a project, build its deliverables, or construct the model
objects yourself and build from those.

Names are imported on first use (PEP 562), so ``import strukturer`` is cheap and the
command line can start LibreOffice before the rest of the package loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturer._lazy import lazy_names, type_checking_imports

__version__ = "0.1.0"

if TYPE_CHECKING:
    from strukturer.builder import (
        BuildResult as BuildResult,
        LoadedProject as LoadedProject,
        Progress as Progress,
        build as build,
    )
    from strukturer.content import (
        ContentWarning as ContentWarning,
        load_project as load_project,
    )
    from strukturer.errors import (
        CheckError as CheckError,
        ContentError as ContentError,
        EngineError as EngineError,
        LimitError as LimitError,
        OutputError as OutputError,
        Problem as Problem,
        RenderError as RenderError,
        StrukturerError as StrukturerError,
        TemplateError as TemplateError,
        TemplateNotFoundError as TemplateNotFoundError,
        ValidationError as ValidationError,
    )
    from strukturer.merge import (
        MergeResult as MergeResult,
        build_many as build_many,
    )
    from strukturer.model import (
        Answered as Answered,
        Assignment as Assignment,
        Chapter as Chapter,
        Contact as Contact,
        CoverLetter as CoverLetter,
        Deliverable as Deliverable,
        Diarienummer as Diarienummer,
        EarlierAssignment as EarlierAssignment,
        Evaluation as Evaluation,
        Finding as Finding,
        Isbn as Isbn,
        NormalisedValueWarning as NormalisedValueWarning,
        Organisation as Organisation,
        Origin as Origin,
        Person as Person,
        Placeholder as Placeholder,
        PostalAddress as PostalAddress,
        PressRelease as PressRelease,
        Project as Project,
        Prose as Prose,
        Quote as Quote,
        Recommendation as Recommendation,
        Reference as Reference,
        Report as Report,
        Reporting as Reporting,
        ReportingRef as ReportingRef,
        ReportSeries as ReportSeries,
        Section as Section,
    )
    from strukturer.render.template_library import (
        TemplateLibrary as TemplateLibrary,
        TemplateVersion as TemplateVersion,
    )
else:  # the names above are imported when first used
    _NAMES = type_checking_imports(__file__)
    __getattr__, __dir__ = lazy_names(__name__, _NAMES)
    __all__ = ["__version__", *sorted(_NAMES)]
