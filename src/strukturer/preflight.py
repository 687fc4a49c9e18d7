"""What a build verifies before it publishes: inputs that exist, and `strukturer check`.

The check runs on what the build builds from: a project loaded from files is checked
file by file (as ``strukturer check`` does), a project a script made from objects is
checked text by text, each named by its place in the model
(``evaluation.report.chapters[0].body``), and its templates against their contract.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from strukturer.errors import CheckError, ContentError, Problem
from strukturer.model import Deliverable, Project, Prose

if TYPE_CHECKING:
    from strukturer.content.loader import ProjectSources


def check_inputs(project: Project, deliverables: Sequence[Deliverable]) -> None:
    """Raise ContentError if a per-record deliverable's records file is missing."""
    problems = []
    for deliverable in deliverables:
        if not deliverable.per_record or deliverable.records is None:
            continue
        field = f"deliverables.{deliverable.name}.records"
        if project.source is None:
            problems.append(
                Problem(
                    f"<project {project.name}>",
                    None,
                    field,
                    f"reads records from {deliverable.records!r}, which needs a project "
                    "loaded from files; use strukturer.build_many() instead",
                )
            )
            continue
        source = Path(project.source)
        if not (source.parent / deliverable.records).is_file():
            problems.append(
                Problem(source.name, None, field, f"records file {deliverable.records!r} not found")
            )
    if problems:
        raise ContentError(problems)


def run_check(project: Project, sources: ProjectSources | None = None) -> tuple[str, ...]:
    """Run `strukturer check` on ``project`` (read from ``sources``, when it was loaded
    with them); raise CheckError on errors, return the warnings."""
    from strukturer.check import CheckReport, Severity, format_human  # noqa: PLC0415 - hunspell
    from strukturer.check.project_check import check_project  # noqa: PLC0415

    if project.source is not None:
        report = check_project(project, sources=sources)
    else:
        report = CheckReport(diagnostics=tuple(_check_objects(project)))
    if report.errors:
        raise CheckError(
            f"strukturer check found {report.errors} error(s); fix them or build with "
            "--no-check (check=False):\n" + format_human(report).rstrip()
        )
    return tuple(str(d) for d in report.diagnostics if d.severity is Severity.WARNING)


class BackgroundCheck:
    """`strukturer check` and the font coverage of ``project``, on a thread of their own.

    A build starts it once its documents are rendered, so the check runs while
    LibreOffice converts and the records merge. :attr:`failed` is set as soon as the
    check finds errors, so per-record work stops early (the ``stop`` of
    :func:`strukturer.merge.build_many`). With ``check`` False only the font coverage runs.
    ``sources`` are what ``project`` was loaded from (then they are checked, not read again).
    """

    def __init__(
        self, project: Project, *, check: bool, sources: ProjectSources | None = None
    ) -> None:
        self.failed = threading.Event()
        self._project, self._check, self._sources = project, check, sources
        self._result: Future[tuple[str, ...]] = Future()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the check (once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="strukturer-check", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        try:
            found = run_check(self._project, self._sources) if self._check else ()
            self._result.set_result((*found, *font_warnings(self._project)))
        except BaseException as exc:  # handed to the thread that asks for the result
            self.failed.set()
            self._result.set_exception(exc)

    def warnings(self) -> tuple[str, ...]:
        """The check's warnings, once it ran (started now if it was not); its CheckError
        is raised here."""
        self.start()
        return self._result.result()


def font_warnings(project: Project) -> tuple[str, ...]:
    """A warning for each text with characters no installed font can draw."""
    from strukturer.fonts import missing_glyphs_warning  # noqa: PLC0415 - runs fc-list

    found = (
        missing_glyphs_warning(place, text, where)
        for place, text, _, where in model_texts(project.evaluation, "evaluation")
    )
    return tuple(w for w in found if w is not None)


def _check_objects(project: Project) -> Iterator[Any]:
    """Diagnostics for a project made in code: its texts, and its pinned templates."""
    from strukturer.check import Checker  # noqa: PLC0415 - see run_check
    from strukturer.check.contract import check_templates  # noqa: PLC0415
    from strukturer.check.project_check import (  # noqa: PLC0415
        NOT_PROSE,
        pinned_templates,
        project_config,
    )

    config = project_config(project)
    with Checker(config) as checker:
        for place, text, markdown, _ in model_texts(project.evaluation, "evaluation"):
            if place.rsplit(".", 1)[-1].split("[")[0] in NOT_PROSE:
                continue
            yield from checker.check_text(text, file=place, markdown=markdown)
    yield from check_templates(pinned_templates(project), config)


def model_texts(value: Any, place: str) -> Iterator[tuple[str, str, bool, tuple[str, int] | None]]:
    """Every text in ``value``: its place in the model, the text, whether it is Markdown,
    and the file and line where it starts (when known)."""
    if isinstance(value, Prose):
        origin = value.origin
        yield place, str(value), True, (origin.file, origin.line) if origin else None
    elif isinstance(value, str):
        yield place, value, False, None
    elif attrs.has(type(value)) and not _is_value_object(value):
        for field in attrs.fields(type(value)):
            if field.name != "origin":
                yield from model_texts(getattr(value, field.name), f"{place}.{field.name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from model_texts(item, f"{place}[{index}]")


def _is_value_object(value: Any) -> bool:
    """Diarienummer, ISBN and the like (they print as one identifier): not text to check."""
    return "__str__" in type(value).__dict__
