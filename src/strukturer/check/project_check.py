"""Checking a whole project: the texts of the files it names, at their true positions.

The content loader reads the files (the project file, the content files it names, the
chapters they include) and keeps each YAML text as written with its line and column, so
every diagnostic points where the text stands in the file; included chapters are
checked whole. Files the project does not name are not checked.
"""

from __future__ import annotations

import re
import typing
from datetime import date
from pathlib import Path

import attrs

from strukturer import model
from strukturer.check.checker import MARKDOWN_SUFFIXES, Checker, Placement
from strukturer.check.config import CheckConfig
from strukturer.check.contract import check_templates
from strukturer.check.diagnostics import CheckReport
from strukturer.check.settings import read_config
from strukturer.check.text import Document
from strukturer.content.loader import ProjectSources, load_with_sources, read_sources
from strukturer.errors import CheckError
from strukturer.model import Diarienummer, Person, Placeholder, Project, Prose
from strukturer.render.context import pinned_template
from strukturer.render.template_library import TemplateVersion, library_for


def _fields_holding(kind: type) -> frozenset[str]:
    """Names of the model's fields whose type is ``kind`` (alone, optional or in a tuple)."""
    names = set()
    for name in model.__all__:
        cls = getattr(model, name)
        if attrs.has(cls):
            hints = typing.get_type_hints(cls)
            names |= {field for field, hint in hints.items() if _holds(hint, kind)}
    return frozenset(names)


def _holds(hint: object, kind: type) -> bool:
    return hint is kind or any(_holds(arg, kind) for arg in typing.get_args(hint))


#: Keys whose values are Markdown; other text is checked as plain text, so that a
#: Markdown escape such as ``\-`` in a title, which would print as is, is reported.
PROSE_KEYS = frozenset(k for k in _fields_holding(Prose) if k)
#: Keys whose values the loader parses as diarienummer: a space in them is normalised
#: with the loader's warning, so the check does not report it again (one verdict).
DIARIENUMMER_KEYS = _fields_holding(Diarienummer)

#: The texts of the project file that are checked (the rest are names of files,
#: templates and versions, the project's slug and the check's own settings).
PROJECT_FILE_TEXTS = frozenset({("project", "title"), ("agency", "name"), ("agency", "short_name")})

#: Keys whose values are identifiers, file names or addresses, not prose.
NOT_PROSE = frozenset(
    {"id", "based_on", "file", "url", "website", "link", "email", "phone", "template", "version"}
)


def project_config(project: Project) -> CheckConfig:
    """The check config of ``project``: its ``[check]`` table, people and decision date.

    The names of its people are known words; the assignment's decision date is the date
    its texts speak from (``former-name``).
    """
    where = f"{project.source or project.name}: [check]"
    config = read_config(dict(project.check), where=where)
    decided = project.evaluation.assignment.decision_date
    return attrs.evolve(
        config,
        words=config.words | person_words(project),
        text_date=decided if isinstance(decided, date) else None,
    )


def person_words(project: Project) -> frozenset[str]:
    """The words of every person's name in the project's model (known to the spelling)."""
    words: set[str] = set()
    stack: list[object] = [project.evaluation]
    while stack:
        value = stack.pop()
        if isinstance(value, Person):
            if isinstance(value.name, str):  # a placeholder has no name to learn
                words.update(re.findall(r"[^\W\d_]+", value.name))
        elif attrs.has(type(value)):
            stack.extend(attrs.astuple(typing.cast(attrs.AttrsInstance, value), recurse=False))
        elif isinstance(value, tuple | list):
            stack.extend(value)
    return frozenset(words)


def check_project(
    path: Project | str | Path | None = None,
    *,
    config: CheckConfig | None = None,
    sources: ProjectSources | None = None,
) -> CheckReport:
    """Check the project at ``path`` (a loaded project, a path, or None: the default).

    Its texts are checked at their true positions, and its pinned templates against the
    model they render (the template contract). A loaded project's ``sources`` (from
    :func:`~strukturer.content.load_with_sources`) are checked as they are; without
    them its files are read again.
    """
    if isinstance(path, Project):
        project = path
        if project.source is None:
            raise CheckError(
                f"project {project.name!r} was not loaded from files; nothing to check"
            )
        sources = sources or read_sources(project.source)
    else:
        project, sources = load_with_sources(path)
    config = config or project_config(project)
    documents = [
        Document.from_text(f.text, file=f.file, markdown=f.path.suffix in MARKDOWN_SUFFIXES)
        for f in sources.files
        if f.whole_text
    ]
    snippets, identifiers = _snippets(sources)
    with Checker(config) as checker:
        report = checker.report(documents, snippets, folders=[sources.root] * len(documents))
    language = tuple(
        d
        for d in report.diagnostics
        if not (d.rule_id == "diarienummer-space" and (d.file, d.line) in identifiers)
    )
    contract = check_templates(pinned_templates(project), config)
    return attrs.evolve(report, diagnostics=(*language, *contract))


def _snippets(
    sources: ProjectSources,
) -> tuple[list[tuple[Document, Placement]], set[tuple[str, int]]]:
    """The project's texts to check, placed where they stand; where diarienummer are."""
    snippets: list[tuple[Document, Placement]] = []
    identifiers: set[tuple[str, int]] = set()
    for text in sources.texts:
        if text.file == sources.project_file and text.path not in PROJECT_FILE_TEXTS:
            continue
        if text.key in NOT_PROSE and Placeholder.parse(text.value) is None:
            continue  # identifiers and addresses are not prose, but a placeholder is reported
        doc = Document.from_text(text.source, file=text.file, markdown=text.key in PROSE_KEYS)
        snippets.append((doc, Placement(text.line, 0, text.column, sources.root)))
        if text.key in DIARIENUMMER_KEYS:
            identifiers.add((text.file, text.line + 1))
    return snippets, identifiers


def pinned_templates(project: Project) -> list[TemplateVersion]:
    """The template versions ``project`` pins, each once."""
    library = library_for(project.template_dirs)
    found: dict[tuple[str, str], TemplateVersion] = {}
    for item in project.deliverables:
        if (item.template, item.version) not in found:
            found[(item.template, item.version)] = pinned_template(library, item)
    return list(found.values())
