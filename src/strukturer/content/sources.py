"""Reading YAML and Markdown files while keeping the line of every value (TOML:
:mod:`strukturer.content.toml_source`)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import yaml

from strukturer.errors import Problem
from strukturer.limits import Limits, current_limits

Path_ = tuple[str | int, ...]


class LocatedStr(str):
    """A string that remembers the file and line it was read from."""

    file: str
    line: int

    def __new__(cls, value: str, file: str, line: int) -> LocatedStr:
        obj = super().__new__(cls, value)
        obj.file = file
        obj.line = line
        return obj


@attrs.frozen
class LocatedText:
    """A text value exactly as it stands in its file, and where: what the check reads.

    ``source`` is the file's characters (a YAML block scalar's lines keep their
    indentation; quotes and the ``|``/``>`` line are left out), so that a position
    inside it plus ``line`` and ``column`` is a position in the file.
    """

    file: str
    #: Where the value sits in the data read (``("evaluation", "findings", 0, "text")``;
    #: in a TOML file, its own keys: ``("project", "title")``).
    path: Path_
    #: The value as parsed.
    value: str
    source: str
    #: Lines before the text's first line in the file (0: it starts on line 1).
    line: int
    #: Characters before the text on its first line.
    column: int

    @property
    def key(self) -> str | None:
        """The name of the key the text is under (in a list: the list's key)."""
        return next((part for part in reversed(self.path) if isinstance(part, str)), None)


@attrs.frozen
class LocatedFile:
    """A file read while loading (content, chapter, included text), with its text."""

    file: str
    path: Path
    text: str
    #: The whole text is one value (an included chapter), not data with texts in it.
    whole_text: bool = False


@attrs.define
class Positions:
    """Maps a path in the loaded data to the file and line where it was written."""

    entries: dict[Path_, tuple[str, int]] = attrs.field(factory=dict)
    #: Where each file's data sits in the whole, so messages can show paths as written.
    mounts: dict[str, Path_] = attrs.field(factory=dict)
    #: Every text read (YAML values, one-line TOML strings), once per place in its file
    #: (an alias repeats none).
    texts: dict[tuple[str, int, int], LocatedText] = attrs.field(factory=dict)
    #: Every file read, by the name shown in messages, with its text.
    files: dict[str, LocatedFile] = attrs.field(factory=dict)

    def add(self, path: Path_, file: str, line: int) -> None:
        """Record that ``path`` was written at ``file``:``line``."""
        self.entries[path] = (file, line)

    def shown_path(self, path: Path_, file: str) -> str:
        """``path`` as the user wrote it in ``file`` (without the file's mount point)."""
        mount = self.mounts.get(file, ())
        if path[: len(mount)] == mount:
            path = path[len(mount) :]
        return dotted(path)

    def locate(self, path: Path_) -> tuple[str, int | None]:
        """The place of ``path``, or of its nearest recorded parent."""
        for end in range(len(path), -1, -1):
            found = self.entries.get(path[:end])
            if found is not None:
                return found
        return ("<project>", None)


class _Loader(yaml.SafeLoader):
    """A safe loader; we construct values ourselves from its nodes."""


class _AliasRefused(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _NoAliasLoader(_Loader):
    """A safe loader that refuses aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _AliasRefused(event.start_mark.line + 1)
        return super().compose_node(parent, index)


def read_text(path: Path, shown: str) -> str:
    """Read a UTF-8 text file or raise a ContentProblem naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentProblem(Problem(shown, None, "", "file not found")) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ContentProblem(
            Problem(shown, line, "", "is not UTF-8 text; save it as UTF-8")
        ) from None


class ContentProblem(Exception):
    """Internal: one problem that stops reading a file."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_yaml(
    path: Path, shown: str, prefix: Path_, positions: Positions, limits: Limits | None = None
) -> Any:
    """Load a YAML file, recording the line of every value under ``prefix``.

    Only plain YAML types are accepted (an explicit tag such as ``!!python/name:…`` is
    refused), and the values built, counting every alias expansion, are limited
    (``yaml_nodes`` in docs/limits.md), so a few hundred bytes cannot grow to gigabytes.
    """
    text = read_text(path, shown)
    positions.mounts[shown] = prefix
    positions.files[shown] = LocatedFile(shown, path, text)
    return parse_yaml(text, shown, prefix, positions, limits)


def parse_yaml(
    text: str,
    shown: str,
    prefix: Path_ = (),
    positions: Positions | None = None,
    limits: Limits | None = None,
    *,
    aliases: bool = True,
) -> Any:
    """Parse YAML text as :func:`load_yaml` does: the one YAML reader of strukturer.

    ``aliases=False`` refuses ``*name`` (a chart block in Markdown has no use for them).
    A problem is raised as a :class:`ContentProblem` whose line counts from 1.
    """
    try:
        node = yaml.compose(text, Loader=_Loader if aliases else _NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentProblem(
            Problem(shown, line, "", f"invalid YAML: {exc.problem or exc}")
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ContentProblem(
            Problem(
                shown,
                line,
                "",
                f"invalid YAML: the control character U+{exc.character:04X} is not allowed "
                "in a YAML file; remove it",
            )
        ) from None
    except _AliasRefused as exc:
        raise ContentProblem(
            Problem(shown, exc.line, "", "YAML aliases (*name) are not allowed")
        ) from None
    except RecursionError:
        raise ContentProblem(Problem(shown, None, "", "invalid YAML: nested too deeply")) from None
    if node is None:
        return None
    builder = _Builder(shown, text, positions or Positions(), limits or current_limits())
    return builder.construct(node, prefix)


_INT_RE = re.compile(r"^[-+]?[0-9]+$")
_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
#: The plain YAML types; any other explicit tag (e.g. ``!!python/name:``) is refused.
PLAIN_TAGS = frozenset(
    _YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)


class _Builder:
    """Builds values from YAML nodes, counting each value built (aliases included)."""

    def __init__(self, file: str, text: str, positions: Positions, limits: Limits) -> None:
        self.file = file
        self.text = text
        self.positions = positions
        self.limits = limits
        self.built = 0
        self.open: set[int] = set()  # nodes being built: an alias to one is a cycle

    def construct(self, node: yaml.Node, path: Path_) -> Any:
        line = node.start_mark.line + 1
        self._count(node, path, line)
        self.positions.add(path, self.file, line)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR_TAG:
                self._locate_text(node, path)
            return _scalar(node, self.file, line)
        if id(node) in self.open:
            raise ContentProblem(
                Problem(
                    self.file,
                    line,
                    self.positions.shown_path(path, self.file),
                    "an alias refers to the value that contains it",
                )
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            assert isinstance(node, yaml.SequenceNode)
            return [self.construct(item, (*path, index)) for index, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentProblem(
                    Problem(
                        self.file,
                        key_node.start_mark.line + 1,
                        self.positions.shown_path(path, self.file),
                        "a key must be a name, not a list or mapping",
                    )
                )
            key = key_node.value
            if key in result:
                raise ContentProblem(
                    Problem(
                        self.file,
                        key_node.start_mark.line + 1,
                        self.positions.shown_path((*path, key), self.file),
                        "key appears twice",
                    )
                )
            self._count(key_node, (*path, key), key_node.start_mark.line + 1)
            result[key] = self.construct(value_node, (*path, key))
            # A problem with a value is reported at its key's line.
            self.positions.add((*path, key), self.file, key_node.start_mark.line + 1)
        return result

    def _locate_text(self, node: yaml.ScalarNode, path: Path_) -> None:
        """Record the text as written: positions inside it are positions in the file."""
        mark, text = node.start_mark, self.text
        start, end = _value_start(text, mark.index), node.end_mark.index
        if node.style in ("|", ">"):
            start = text.find("\n", start) + 1 or len(text)  # skip the indicator line
        elif node.style in ("'", '"'):
            start, end = start + 1, end - 1  # the quotes are YAML
        line = mark.line + text.count("\n", mark.index, start)
        column = start - text.rfind("\n", 0, start) - 1
        place = (self.file, line, column)
        if place not in self.positions.texts:
            self.positions.texts[place] = LocatedText(
                self.file, path, node.value, text[start:end], line, column
            )

    def _count(self, node: yaml.Node, path: Path_, line: int) -> None:
        shown = self.positions.shown_path(path, self.file)
        if node.tag not in PLAIN_TAGS:
            raise ContentProblem(
                Problem(
                    self.file,
                    line,
                    shown,
                    f"the YAML tag {_short_tag(node.tag)!r} is not allowed; content holds "
                    "only text, numbers, dates, lists and mappings",
                )
            )
        self.built += 1
        if self.built > self.limits.yaml_nodes:
            raise ContentProblem(
                Problem(
                    self.file,
                    line,
                    shown,
                    "the file expands to too many values (are aliases repeating each "
                    f"other?): {self.limits.over('yaml_nodes')}",
                )
            )


def _value_start(text: str, index: int) -> int:
    """Where a node's value starts in ``text``: after its anchor (``&a``) and tag, if any."""
    while index < len(text) and text[index] in "&!":
        while index < len(text) and not text[index].isspace():
            index += 1
        while index < len(text) and text[index].isspace():
            index += 1
    return index


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _scalar(node: yaml.ScalarNode, file: str, line: int) -> Any:
    # Block scalars (| and >) start on the line after the indicator.
    text_line = line + 1 if node.style in ("|", ">") else line
    if node.style is not None and node.style != "":
        return LocatedStr(node.value, file, text_line)
    value = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int" and _INT_RE.match(value):
        return int(value)
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value)
        except ValueError:
            pass
    if tag == "tag:yaml.org,2002:timestamp":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass  # kept as text so the date hook can say what is wrong with it
    return LocatedStr(value, file, text_line)


def dotted(path: Path_) -> str:
    """A path as text: ``findings[1].text``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def split_markdown_chapter(text: LocatedStr) -> tuple[LocatedStr, LocatedStr] | None:
    """Split a chapter file into its first-level heading and the body after it."""
    lines = text.split("\n")
    for index, raw in enumerate(lines):
        if not raw.strip():
            continue
        if raw.startswith("# "):
            title = LocatedStr(raw[2:].strip(), text.file, text.line + index)
            rest = lines[index + 1 :]
            skipped = 0
            while skipped < len(rest) and not rest[skipped].strip():
                skipped += 1
            body = LocatedStr(
                "\n".join(rest[skipped:]).rstrip("\n"), text.file, text.line + index + 1 + skipped
            )
            return title, body
        return None
    return None
