"""Writers: one small lifecycle (prepare → write → finish) per output format.

Modelled on Sphinx's builders: the build orchestrates, each writer only converts.
Writers write into a staging folder; the build moves complete outputs into place.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import attrs

from strukturer.model import Deliverable, Project
from strukturer.render.context import build_context, document_info
from strukturer.render.docx import DocumentInfo, render_docx
from strukturer.render.templates import TemplateVersion


@attrs.frozen(kw_only=True)
class Job:
    """One deliverable to produce: its template, context and document properties."""

    project: Project
    deliverable: Deliverable
    template: TemplateVersion
    info: DocumentInfo
    context: dict[str, Any]

    @classmethod
    def create(
        cls,
        project: Project,
        deliverable: Deliverable,
        template: TemplateVersion,
        provenance: Mapping[str, str] | None = None,
    ) -> Job:
        """The job for ``deliverable`` of ``project`` rendered from ``template``.

        ``provenance`` (e.g. content hash, git commit) is stamped into the document
        together with the template's name and version.
        """
        stamp = {
            **(provenance or {}),
            "template_name": template.name,
            "template_version": template.version,
        }
        info = attrs.evolve(document_info(project, deliverable, template), custom=stamp)
        return cls(
            project=project,
            deliverable=deliverable,
            template=template,
            info=info,
            context=build_context(project, template, deliverable),
        )


def publish(path: Path, out_dir: Path) -> Path:
    """Move a complete staged file into ``out_dir``, atomically replacing an older one."""
    target = out_dir / path.name
    os.replace(path, target)
    return target


class Writer(Protocol):
    """Produces one format for every job of a build."""

    format: str

    def prepare(self, staging: Path, jobs: list[Job]) -> None:
        """Get ready to write ``jobs`` into ``staging`` (e.g. start an engine)."""

    def write(self, job: Job) -> list[Path]:
        """Write ``job``'s output into the staging folder; return the files written."""

    def finish(self) -> list[Path]:
        """Write what needs every job (e.g. a combined PDF)."""

    def close(self) -> None:
        """Release resources (e.g. stop engines); called after success and failure alike."""


class DocxWriter:
    """Renders each deliverable's DOCX from its pinned template."""

    format = "docx"

    def __init__(self) -> None:
        self.staging = Path()

    def prepare(self, staging: Path, jobs: list[Job]) -> None:
        self.staging = staging

    def write(self, job: Job) -> list[Path]:
        target = self.staging / f"{job.deliverable.name}.docx"
        target.write_bytes(render_docx(job.template, job.context, job.info, project=job.project))
        return [target]

    def finish(self) -> list[Path]:
        return []

    def close(self) -> None:
        pass
