"""Checking a whole project: the texts of its content files at their true positions.

YAML files are checked with everything but their text values blanked out, so every
diagnostic points at the line and column where the text stands in the file; Markdown
chapters are checked as they are.
"""

from __future__ import annotations

import re
import typing
from datetime import date
from pathlib import Path

import attrs
import yaml

from strukturer import model
from strukturer.check.checker import Checker, Placement
from strukturer.check.config import CheckConfig
from strukturer.check.contract import check_templates
from strukturer.check.diagnostics import CheckReport
from strukturer.check.settings import read_config
from strukturer.check.text import Document
from strukturer.content import load_project
from strukturer.errors import CheckError
from strukturer.model import Diarienummer, Person, Placeholder, Project, Prose
from strukturer.render.context import pinned_template
from strukturer.render.templates import TemplateVersion, library_for


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

#: Keys whose values are identifiers, file names or addresses, not prose.
NOT_PROSE = frozenset(
    {"id", "based_on", "file", "url", "website", "link", "email", "phone", "template", "version"}
)
_STR_TAG = "tag:yaml.org,2002:str"


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
    path: Project | str | Path | None = None, *, config: CheckConfig | None = None
) -> CheckReport:
    """Check the project at ``path`` (a loaded project, a path, or None: the default).

    Its texts are checked at their true positions, and its pinned templates against the
    model they render (the template contract).
    """
    project = path if isinstance(path, Project) else load_project(path)
    if project.source is None:
        raise CheckError(f"project {project.name!r} was not loaded from files; nothing to check")
    root = Path(project.source).parent
    config = config or project_config(project)
    documents: list[Document] = []
    snippets: list[tuple[Document, Placement]] = []
    identifiers: set[tuple[str, int]] = set()
    for file in sorted(root.rglob("*")):
        if "templates" in file.relative_to(root).parts or not file.is_file():
            continue
        shown = str(file.relative_to(root.parent))
        if file.suffix in (".yaml", ".yml"):
            for key, text, placement in yaml_texts(_read(file)):
                doc = Document.from_text(text, file=shown, markdown=key in PROSE_KEYS)
                snippets.append((doc, attrs.evolve(placement, folder=root)))
                if key in DIARIENUMMER_KEYS:
                    identifiers.add((shown, placement.line_offset + 1))
        elif file.suffix in (".md", ".markdown"):
            documents.append(Document.from_text(_read(file), file=shown, markdown=True))
    with Checker(config) as checker:
        report = checker.report(documents, snippets, folders=[root] * len(documents))
    language = tuple(
        d
        for d in report.diagnostics
        if not (d.rule_id == "diarienummer-space" and (d.file, d.line) in identifiers)
    )
    contract = check_templates(pinned_templates(project), config)
    return attrs.evolve(report, diagnostics=(*language, *contract))


def pinned_templates(project: Project) -> list[TemplateVersion]:
    """The template versions ``project`` pins, each once."""
    library = library_for(project.template_dirs)
    found: dict[tuple[str, str], TemplateVersion] = {}
    for item in project.deliverables:
        if (item.template, item.version) not in found:
            found[(item.template, item.version)] = pinned_template(library, item)
    return list(found.values())


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckError(f"{file}: cannot read as UTF-8 text ({exc})") from exc


def yaml_texts(text: str) -> list[tuple[str | None, str, Placement]]:
    """The prose values of a YAML file, each as written, with where it stands.

    The raw source of each value is taken (not the parsed value), so that positions
    inside it are positions in the file; continuation lines keep their indentation.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []  # the content loader reports the syntax error with its line
    found: list[tuple[str | None, str, Placement]] = []
    if node is not None:
        _collect(node, text, found, key=None)
    return found


def _collect(
    node: yaml.Node, text: str, found: list[tuple[str | None, str, Placement]], key: str | None
) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _collect(value_node, text, found, key=str(key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _collect(item, text, found, key=key)
    elif isinstance(node, yaml.ScalarNode) and node.tag == _STR_TAG:
        if key in NOT_PROSE and Placeholder.parse(node.value) is None:
            return  # identifiers and addresses are not prose, but a placeholder is reported
        start, end = node.start_mark.index, node.end_mark.index
        line, column = node.start_mark.line, node.start_mark.column
        if node.style in ("|", ">"):
            start = text.index("\n", start) + 1  # skip the indicator line
            line, column = line + 1, 0
        elif node.style in ("'", '"'):
            start, end, column = start + 1, end - 1, column + 1  # the quotes are YAML
        found.append((key, text[start:end], Placement(line, 0, column)))
