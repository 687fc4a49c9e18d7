"""Loading a project folder (``strukturer.toml`` plus YAML and Markdown) into the model."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import attrs

from strukturer._resources import default_project_dir
from strukturer.content.converter import EXPECTED, ContentWarning, make_converter, noting
from strukturer.content.sources import (
    ContentProblem,
    LocatedFile,
    LocatedStr,
    LocatedText,
    Path_,
    Positions,
    dotted,
    load_yaml,
    read_text,
    split_markdown_chapter,
)
from strukturer.content.structure_errors import unknown_key, walk
from strukturer.content.toml_source import load_toml
from strukturer.errors import ContentError, Diagnostics, Problem
from strukturer.model import Origin, Project
from strukturer.model._validators import type_name

PROJECT_FILE = "strukturer.toml"

#: Content files and where their data goes in the model, by ``[content]`` key.
CONTENT_FILES: dict[str, tuple[str, Path_]] = {
    "assignment": ("assignment.yaml", ("evaluation", "assignment")),
    "findings": ("findings.yaml", ("evaluation",)),
    "report": ("report.yaml", ("evaluation", "report")),
    "press_release": ("press-release.yaml", ("evaluation", "press_release")),
    "cover_letter": ("cover-letter.yaml", ("evaluation", "cover_letter")),
}
_OPTIONAL = {"press_release", "cover_letter", "findings"}
_TOML_TABLES = {"project", "agency", "content", "deliverables", "check"}

_converter = make_converter()


@attrs.frozen
class ProjectSources:
    """What a project is read from: the files it names, and their texts where they stand."""

    #: The project's folder (relative image paths start here).
    root: Path
    #: The project file, as named in messages.
    project_file: str
    #: Every file read, in reading order: the project file, content files, included files.
    files: tuple[LocatedFile, ...]
    #: Every text value of the YAML files and every one-line string of the project
    #: file, as written and where.
    texts: tuple[LocatedText, ...]


def read_sources(path: str | Path | None = None) -> ProjectSources:
    """Read a project's files as :func:`load_project` does, keeping every text's place.

    Raises ContentError listing every problem that stops reading (not those of
    structuring the values into the model: :func:`load_project` reports those).
    """
    project_file = find_project_file(path)
    problems: list[Problem] = []
    positions = Positions()
    _read_sources(project_file, project_file.parent, positions, problems)
    if problems:
        raise ContentError(problems)
    return _sources(project_file.parent, positions)


def _sources(root: Path, positions: Positions) -> ProjectSources:
    return ProjectSources(
        root=root,
        project_file=next(iter(positions.files)),  # read first
        files=tuple(positions.files.values()),
        texts=tuple(positions.texts.values()),
    )


def find_project_file(path: str | Path | None) -> Path:
    """The project file for ``path`` (a folder or the file itself; None = the default)."""
    if path is None:
        return default_project_dir() / PROJECT_FILE
    candidate = Path(path)
    if candidate.is_dir():
        candidate = candidate / PROJECT_FILE
    if not candidate.is_file():
        raise ContentError([Problem(str(candidate), None, "", "project file not found")])
    return candidate


def load_project(
    path: str | Path | None = None, *, diagnostics: Diagnostics | None = None
) -> Project:
    """Load and validate a project; raise ContentError listing every problem found.

    Warnings (values accepted after normalising), each naming file, line and field, are
    added to ``diagnostics`` as data; without one they are issued as
    :class:`ContentWarning` through Python's ``warnings`` module.
    """
    project, _, located = _load(path)
    _warn(located, diagnostics)
    return project


def load_with_sources(
    path: str | Path | None = None, *, diagnostics: Diagnostics | None = None
) -> tuple[Project, ProjectSources]:
    """:func:`load_project`, and what it was read from (for ``strukturer check``)."""
    project, sources, located = _load(path)
    _warn(located, diagnostics)
    return project, sources


def _load(path: str | Path | None) -> tuple[Project, ProjectSources, list[ContentWarning]]:
    project_file = find_project_file(path)
    root = project_file.parent
    problems: list[Problem] = []
    positions = Positions()
    raw = _read_sources(project_file, root, positions, problems)
    if problems:
        raise ContentError(problems)

    with noting() as notes:
        try:
            project = _converter.structure(raw, Project)
        except EXPECTED as exc:
            names = [d["name"] for d in raw["deliverables"]]
            for error_path, message in walk(exc):
                file, line = positions.locate(error_path)
                shown = _shown_path(error_path, file, positions, names)
                problems.append(Problem(file, line, shown, message))
    if problems:
        raise ContentError(sorted(problems, key=_order))
    project = _with_origins(project, positions)
    located = [_located_warning(note, positions) for note in notes]
    return project, _sources(root, positions), located


def _warn(located: list[ContentWarning], diagnostics: Diagnostics | None) -> None:
    if diagnostics is not None:
        diagnostics.warn(*(str(w) for w in located))
    else:
        for warning in located:
            warnings.warn(warning, stacklevel=3)  # at the caller of load_project


def _shown_path(path: Path_, file: str, positions: Positions, deliverables: list[Any]) -> str:
    """``path`` as the user wrote it: ``[deliverables.rapport] verison`` in the project file."""
    if positions.mounts.get(file) != ():  # a YAML file: its own dotted path
        return positions.shown_path(path, file)
    if path[:1] == ("deliverables",) and len(path) > 1 and isinstance(path[1], int):
        name = deliverables[path[1]] if path[1] < len(deliverables) else path[1]
        return f"[deliverables.{name}] {dotted(path[2:])}".rstrip()
    if path[:2] == ("evaluation", "agency"):
        return f"[agency] {dotted(path[2:])}".rstrip()
    if path and path[0] in ("check", "deliverables", "evaluation"):
        return f"[{path[0]}] {dotted(path[1:])}".rstrip()
    return f"[project] {dotted(path)}".rstrip()


def _with_origins(project: Project, positions: Positions) -> Project:
    """The project with each deliverable's place in the project file, for messages."""
    deliverables = []
    for index, item in enumerate(project.deliverables):
        file, line = positions.locate(("deliverables", index))
        origin = Origin(file, line) if line is not None else None
        deliverables.append(attrs.evolve(item, origin=origin))
    return attrs.evolve(project, deliverables=tuple(deliverables))


def _order(problem: Problem) -> tuple[str, int]:
    return (problem.file, problem.line or 0)


def _located_warning(warning: ContentWarning, positions: Positions) -> ContentWarning:
    value = warning.value
    if isinstance(value, LocatedStr):
        matching = [
            p for p, place in positions.entries.items() if place == (value.file, value.line)
        ]
        path = max(matching, key=len, default=())
        problem = Problem(
            value.file, value.line, positions.shown_path(path, value.file), str(warning)
        )
        return ContentWarning(str(problem), value)
    return warning


def _read_sources(
    project_file: Path, root: Path, positions: Positions, problems: list[Problem]
) -> dict[str, Any]:
    shown_toml = _shown(project_file, root)
    positions.mounts[shown_toml] = ()
    try:
        config, toml_positions = load_toml(project_file, shown_toml)
    except ContentProblem as exc:
        problems.append(exc.problem)
        return {}
    positions.files.update(toml_positions.files)
    positions.texts.update(toml_positions.texts)

    for table in sorted(set(config) - _TOML_TABLES):
        _, line = toml_positions.locate((table,))
        message, _ = unknown_key(table, sorted(_TOML_TABLES), "table")
        problems.append(Problem(shown_toml, line, f"[{table}]", message))
    project_table = _table(config, "project", shown_toml, toml_positions, problems)
    deliverables_table = _table(config, "deliverables", shown_toml, toml_positions, problems)
    content_table = _table(config, "content", shown_toml, toml_positions, problems)

    raw: dict[str, Any] = {**project_table, "source": str(project_file)}
    for key in project_table:
        _copy_position(toml_positions, ("project", key), positions, (key,))
    if (root / "templates").is_dir():
        raw["template_dirs"] = [str(root / "templates")]
    if "check" in config:
        raw["check"] = config["check"]
        _copy_position(toml_positions, ("check",), positions, ("check",))

    raw["deliverables"] = _deliverables(
        deliverables_table, toml_positions, positions, problems, shown_toml
    )
    if not deliverables_table:
        positions.add(("deliverables",), shown_toml, 1)

    evaluation: dict[str, Any] = {"agency": config.get("agency")}
    raw["evaluation"] = evaluation
    _copy_position(toml_positions, ("agency",), positions, ("evaluation", "agency"))
    for key in config.get("agency", {}) if isinstance(config.get("agency"), dict) else ():
        _copy_position(toml_positions, ("agency", key), positions, ("evaluation", "agency", key))
    positions.add(("evaluation",), shown_toml, 1)

    _content_files(
        content_table,
        root,
        shown_toml=shown_toml,
        toml_positions=toml_positions,
        positions=positions,
        problems=problems,
        evaluation=evaluation,
    )
    return raw


def _content_files(
    content_table: dict[str, Any],
    root: Path,
    *,
    shown_toml: str,
    toml_positions: Positions,
    positions: Positions,
    problems: list[Problem],
    evaluation: dict[str, Any],
) -> None:
    """Load each content file (``[content]`` may rename them) into ``evaluation``."""
    for key in sorted(set(content_table) - set(CONTENT_FILES)):
        _, line = toml_positions.locate(("content", key))
        message, _ = unknown_key(key, list(CONTENT_FILES))
        problems.append(Problem(shown_toml, line, f"[content] {key}", message))
    for key, (default_name, prefix) in CONTENT_FILES.items():
        name = content_table.get(key, default_name)
        if not isinstance(name, str):
            _, line = toml_positions.locate(("content", key))
            message = f"expected a file name, got {type_name(name)}"
            problems.append(Problem(shown_toml, line, f"[content] {key}", message))
            continue
        path = root / name
        if key in _OPTIONAL and key not in content_table and not path.exists():
            continue
        shown = _shown(path, root)
        try:
            data = load_yaml(path, shown, prefix, positions)
            data = _resolve_includes(data, prefix, path.parent, root, positions)
        except ContentProblem as exc:
            problems.append(exc.problem)
            continue
        if prefix == ("evaluation",):
            if not isinstance(data, dict):
                problems.append(
                    Problem(
                        shown, 1, "", "expected a mapping with 'findings' and 'recommendations'"
                    )
                )
                continue
            evaluation.update(data)
        else:
            evaluation[str(prefix[-1])] = data


def _deliverables(
    table: dict[str, Any],
    toml_positions: Positions,
    positions: Positions,
    problems: list[Problem],
    file: str,
) -> list[dict[str, Any]]:
    """``[deliverables.NAME]`` tables as a list of mappings with their name."""
    items: list[dict[str, Any]] = []
    for name, spec in table.items():
        if not isinstance(spec, dict):
            _, line = toml_positions.locate(("deliverables", name))
            message = f"expected a table [deliverables.{name}] with template and version"
            problems.append(Problem(file, line, f"[deliverables] {name}", message))
            continue
        index = len(items)
        items.append({"name": name, **spec})
        for key in ("", *spec):
            src = ("deliverables", name, key) if key else ("deliverables", name)
            dst = ("deliverables", index, key) if key else ("deliverables", index)
            _copy_position(toml_positions, src, positions, dst)
    return items


def _table(
    config: dict[str, Any], name: str, file: str, positions: Positions, problems: list[Problem]
) -> dict[str, Any]:
    value = config.get(name, {})
    if not isinstance(value, dict):
        _, line = positions.locate((name,))
        problems.append(Problem(file, line, name, "expected a table"))
        return {}
    return value


def _copy_position(src: Positions, src_path: Path_, dst: Positions, dst_path: Path_) -> None:
    if src_path in src.entries:
        file, line = src.entries[src_path]
        dst.add(dst_path, file, line)


def _shown(path: Path, root: Path) -> str:
    """A path as shown in messages: relative to the project's parent when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve().parent))
    except ValueError:
        return str(path)


def _resolve_includes(
    data: Any, path: Path_, folder: Path, root: Path, positions: Positions
) -> Any:
    """Replace ``{file: x.md}`` by that file's text; in chapter lists, by title and body."""
    if isinstance(data, dict):
        if set(data) == {"file"} and isinstance(data["file"], str):
            return _include(data["file"], path, folder, root, positions)
        return {
            k: _resolve_includes(v, (*path, k), folder, root, positions) for k, v in data.items()
        }
    if isinstance(data, list):
        return [
            _resolve_includes(v, (*path, i), folder, root, positions) for i, v in enumerate(data)
        ]
    return data


def _include(name: str, path: Path_, folder: Path, root: Path, positions: Positions) -> Any:
    target = folder / name
    where_file, where_line = positions.locate(path)
    if not target.is_file():
        raise ContentProblem(
            Problem(
                where_file,
                where_line,
                positions.shown_path((*path, "file"), where_file),
                f"included file {name!r} not found",
            )
        )
    shown = _shown(target, root)
    text = LocatedStr(read_text(target, shown), shown, 1)
    positions.files[shown] = LocatedFile(shown, target, str(text), whole_text=True)
    is_chapter = len(path) >= 2 and path[-2] in ("chapters", "appendices")
    if not is_chapter:
        positions.add(path, shown, 1)
        return text
    split = split_markdown_chapter(text)
    if split is None:
        raise ContentProblem(
            Problem(shown, 1, "", "a chapter file must start with a '# Title' line")
        )
    title, body = split
    positions.add(path, shown, 1)
    positions.add((*path, "title"), shown, title.line)
    positions.add((*path, "body"), shown, body.line)
    return {"title": title, "body": body}
