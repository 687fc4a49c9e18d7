"""The Jinja context a template sees, and each deliverable's document properties."""

from __future__ import annotations

from typing import Any

from strukturer import __version__
from strukturer.content.loader import CONTENT_FILES
from strukturer.errors import RenderError
from strukturer.model import Deliverable, Project
from strukturer.render.docx import DocumentInfo
from strukturer.render.template_library import TemplateVersion


def build_context(project: Project, template: TemplateVersion) -> dict[str, Any]:
    """The top-level names every template receives (docs/templates.md)."""
    evaluation = project.evaluation
    if template.renders != "record" and getattr(evaluation, template.renders) is None:
        raise RenderError(
            f"template {template} renders {template.renders}, but project {project.name!r} "
            f"has none (add {CONTENT_FILES[template.renders][0]})"
        )
    return {
        "project": {"name": project.name, "title": project.title},
        "agency": evaluation.agency,
        "assignment": evaluation.assignment,
        "findings": evaluation.findings,
        "recommendations": evaluation.recommendations,
        "report": evaluation.report,
        "press_release": evaluation.press_release,
        "cover_letter": evaluation.cover_letter,
        "template": {"name": template.name, "version": template.version},
        "strukturer_version": __version__,
    }


def document_info(
    project: Project, deliverable: Deliverable, template: TemplateVersion
) -> DocumentInfo:
    """Title, author and subject for a deliverable's document properties."""
    evaluation = project.evaluation
    report = evaluation.report
    titles = {
        "assignment": evaluation.assignment.title,
        "report": report.full_title,
        "cover_letter": f"Redovisning av {evaluation.assignment.subject}",
        "press_release": (
            evaluation.press_release.headline if evaluation.press_release else report.title
        ),
        "record": project.title,
    }
    return DocumentInfo(
        title=deliverable.title or titles[template.renders],
        author=evaluation.agency.name,
        subject=report.full_title,
        keywords=(project.title, template.description),
    )
