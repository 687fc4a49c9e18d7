"""Checking a whole project: the texts of its content files at their true positions.

YAML files are checked with everything but their text values blanked out, so every
diagnostic points at the line and column where the text stands in the file; Markdown
chapters are checked as they are.
"""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
import yaml

from strukturer import model
from strukturer.check.checker import Checker, Placement
from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import CheckReport
from strukturer.check.templates import check_templates
from strukturer.check.text import Document
from strukturer.content import load_project
from strukturer.errors import CheckError
from strukturer.model import Placeholder, Project, Prose
from strukturer.render.template_library import TemplateVersion, library_for


def _prose_fields() -> frozenset[str]:
    """Names of the model's fields that hold Markdown prose (type ``Prose``)."""
    names = set()
    for name in model.__all__:
        cls = getattr(model, name)
        if attrs.has(cls):
            hints = typing.get_type_hints(cls)
            names |= {field for field, hint in hints.items() if hint is Prose}
    return frozenset(names)


#: Keys whose values are Markdown; other text is checked as plain text, so that a
#: Markdown escape such as ``\-`` in a title, which would print as is, is reported.
PROSE_KEYS = _prose_fields()

#: Keys whose values are identifiers, file names or addresses, not prose.
NOT_PROSE = frozenset(
    {"id", "based_on", "file", "url", "website", "link", "email", "phone", "template", "version"}
)
_STR_TAG = "tag:yaml.org,2002:str"


def project_config(project: Project) -> CheckConfig:
    """The ``[check]`` settings of ``project``."""
    where = f"{project.source or project.name}: [check]"
    return CheckConfig.from_mapping(dict(project.check), where=where)


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
    for file in sorted(root.rglob("*")):
        if "templates" in file.relative_to(root).parts or not file.is_file():
            continue
        shown = str(file.relative_to(root.parent))
        if file.suffix in (".yaml", ".yml"):
            snippets += [
                (Document.from_text(text, file=shown, markdown=key in PROSE_KEYS), placement)
                for key, text, placement in yaml_texts(_read(file))
            ]
        elif file.suffix in (".md", ".markdown"):
            documents.append(Document.from_text(_read(file), file=shown, markdown=True))
    with Checker(config) as checker:
        report = checker.report(documents, snippets)
    contract = check_templates(pinned_templates(project), config)
    return attrs.evolve(report, diagnostics=(*report.diagnostics, *contract))


def pinned_templates(project: Project) -> list[TemplateVersion]:
    """The template versions ``project`` pins, each once."""
    library = library_for(project.template_dirs)
    pins = dict.fromkeys((d.template, d.version) for d in project.deliverables)
    return [library.get(name, version) for name, version in pins]


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
