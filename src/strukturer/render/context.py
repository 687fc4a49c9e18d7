"""The Jinja context a template sees, and each deliverable's document properties.

:data:`CONTEXT` is the one table of the names a template receives and their types;
:func:`build_context` fills exactly these names, and `strukturer check`'s template
contract reads the types from it.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any, TypedDict

from strukturer import __version__
from strukturer.content.loader import CONTENT_FILES
from strukturer.errors import RenderError, TemplateError
from strukturer.model import Answered, Deliverable, Diarienummer, Evaluation, Project
from strukturer.render.docx import DocumentInfo
from strukturer.render.templates import TemplateLibrary, TemplateVersion


class ProjectInfo(TypedDict):
    """``project`` in a template: the project's name and title."""

    name: str
    title: str


class TemplateInfo(TypedDict):
    """``template`` in a template: the name and version being rendered."""

    name: str
    version: str


def _evaluation(name: str) -> Any:
    return typing.get_type_hints(Evaluation)[name]


#: Every top-level name a template receives, with its type (docs/templates.md).
CONTEXT: Mapping[str, Any] = {
    "project": ProjectInfo,
    "agency": _evaluation("agency"),
    "assignment": _evaluation("assignment"),
    "findings": _evaluation("findings"),
    "recommendations": _evaluation("recommendations"),
    #: The numbers of the findings each recommendation rests on, by recommendation id,
    #: in the order the findings are printed: ``based_on_numbers["r1"]`` is ``(2, 4)``.
    "based_on_numbers": Mapping[str, tuple[int, ...]],
    "report": _evaluation("report"),
    #: Which reporting of the assignment the report answers (kind, number of count).
    "answers": Answered,
    "press_release": _evaluation("press_release"),
    "cover_letter": _evaluation("cover_letter"),
    #: This document's own title, author, subject and keywords (its properties).
    "document": DocumentInfo,
    "template": TemplateInfo,
    "strukturer_version": str,
}


def build_context(
    project: Project, template: TemplateVersion, deliverable: Deliverable | None = None
) -> dict[str, Any]:
    """The names of :data:`CONTEXT` for rendering ``deliverable`` with ``template``."""
    evaluation = project.evaluation
    if template.renders != "record" and getattr(evaluation, template.renders) is None:
        raise RenderError(
            f"template {template} renders {template.renders}, but project {project.name!r} "
            f"has none (add {CONTENT_FILES[template.renders][0]})"
        )
    if deliverable is None:
        deliverable = Deliverable(
            name=template.name, template=template.name, version=template.version
        )
    return {
        "project": ProjectInfo(name=project.name, title=project.title),
        "agency": evaluation.agency,
        "assignment": evaluation.assignment,
        "findings": evaluation.findings,
        "recommendations": evaluation.recommendations,
        "based_on_numbers": {
            r.id: tuple(sorted(evaluation.finding_number(i) for i in r.based_on))
            for r in evaluation.recommendations
        },
        "report": evaluation.report,
        "answers": evaluation.answered,
        "press_release": evaluation.press_release,
        "cover_letter": evaluation.cover_letter,
        "document": document_info(project, deliverable, template),
        "template": TemplateInfo(name=template.name, version=template.version),
        "strukturer_version": __version__,
    }


def reporting_heading(evaluation: Evaluation) -> str:
    """What a missive's heading says it hands over: ``Delredovisning av uppdrag att …``."""
    return f"{evaluation.answered.heading} av {evaluation.assignment.subject}"


def document_info(
    project: Project, deliverable: Deliverable, template: TemplateVersion
) -> DocumentInfo:
    """Title, author, subject and keywords of one deliverable: each document its own.

    The title is also what the template prints as the document's heading
    (``{{ document.title }}``), so the visible heading and the properties agree.
    """
    evaluation = project.evaluation
    assignment = evaluation.assignment
    report = evaluation.report
    if deliverable.title is not None and template.renders == "report":
        raise RenderError(
            f"deliverable {deliverable.name!r}: a report's title is report.yaml's title and "
            "subtitle; remove 'title' from the deliverable"
        )
    government = f"Regeringen, {assignment.department}"
    press = evaluation.press_release
    defaults: dict[str, tuple[str, str, str]] = {
        # renders: (title, author, subject)
        "assignment": (
            assignment.title,
            government,
            f"Regeringsbeslut {assignment.decision_number}",
        ),
        "report": (report.full_title, evaluation.agency.name, reporting_heading(evaluation)),
        "cover_letter": (
            reporting_heading(evaluation),
            evaluation.agency.name,
            f"Missiv med {report.full_title}",
        ),
        "press_release": (
            press.headline if press else report.title,
            evaluation.agency.name,
            f"Pressmeddelande om {report.full_title}",
        ),
        "record": (project.title, evaluation.agency.name, report.full_title),
    }
    title, author, subject = defaults[template.renders]
    numbers = [str(d) for d in assignment.diarienummer if isinstance(d, Diarienummer)]
    return DocumentInfo(
        title=deliverable.title or title,
        author=author,
        subject=deliverable.subject or subject,
        keywords=deliverable.keywords or (project.title, assignment.department, *numbers),
    )


def pinned_template(library: TemplateLibrary, deliverable: Deliverable) -> TemplateVersion:
    """The template version ``deliverable`` pins; an error names the pin's file and line."""
    try:
        return library.get(deliverable.template, deliverable.version)
    except TemplateError as exc:
        raise TemplateError(f"{deliverable.where('version')}: {exc}") from None
