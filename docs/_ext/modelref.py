"""Sphinx extension: the content format reference, generated from ``strukturer.model``.

The ``strukturer-model`` directive walks the attrs classes of a module (default
``strukturer.model``), starting from a root class (default ``Project``) and following
field types, and emits one section per class: its docstring and a table of fields
with their type and whether they are required. Nothing generated is committed: the
tables are rebuilt from the source on every build.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import re
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata

#: Plain words for the builtin types an author writes.
_SIMPLE_NAMES: dict[object, str] = {
    str: "text",
    int: "integer",
    bool: "true/false",
    float: "number",
    datetime.date: "date",
}

#: Known validators, by function name, and what they demand in words.
_VALIDATOR_NOTES: dict[str, str] = {
    "required_text": "must not be empty",
    "text_items": "no empty entries",
    "at_least_one": "at least one entry",
    "_identifier": "an id: letters, digits, '-' or '_'",
    "_slug": "a file name: a-z, 0-9 and '-'",
    "_semver": "a pinned version such as 1.0.0",
    "_assignment_title": "starts with 'Uppdrag att' or 'Uppdrag till'",
}

#: Classes the loader fills in itself; content files never spell them out.
_NOT_IN_CONTENT = {"Origin"}

_ENV_KEY = "strukturer_model_docs"


def section_id(cls: type) -> str:
    """The HTML id of a class's section, e.g. ``model-assignment``."""
    return f"model-{cls.__name__.lower()}"


def model_classes(module: types.ModuleType, root: str | None) -> list[type]:
    """The attrs classes exported by ``module``: from ``root`` along field types, then the rest."""
    exported = [getattr(module, name) for name in getattr(module, "__all__", dir(module))]
    classes = [c for c in exported if inspect.isclass(c) and attrs.has(c)]
    ordered: list[type] = []
    queue = [getattr(module, root)] if root else []
    while queue:
        cls = queue.pop(0)
        if cls in ordered or cls not in classes:
            continue
        ordered.append(cls)
        hints = typing.get_type_hints(cls)
        queue.extend(c for f in attrs.fields(cls) for c in _classes_in(hints[f.name]))
    return ordered + [c for c in classes if c not in ordered]


def _classes_in(tp: object) -> Iterator[type]:
    """Every class named in a type annotation, in order."""
    args = typing.get_args(tp)
    if args:
        for arg in args:
            yield from _classes_in(arg)
    elif inspect.isclass(tp):
        yield tp


def _is_placeholder(tp: object) -> bool:
    return inspect.isclass(tp) and tp.__name__ == "Placeholder"


# A rendered type is a list of parts: plain strings and classes (linked).
TypeParts = list[str | type]


def type_parts(tp: object) -> TypeParts:
    """Render a type for authors.

    ``tuple[X, ...]`` is "list of X", ``X | Placeholder`` is "X or placeholder", and
    ``X | None`` is "X, optional".
    """
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in args
        placeholder = any(_is_placeholder(a) for a in args)
        rest = [a for a in args if a is not type(None) and not _is_placeholder(a)]
        parts: TypeParts = []
        for index, arg in enumerate(rest):
            if index:
                parts.append(" or ")
            parts += type_parts(arg)
        if placeholder:
            parts.append(" or placeholder")
        if optional:
            parts.append(", optional")
        return parts
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ["list of ", *type_parts(args[0])]
    if origin is tuple:
        return ["tuple of ", *_joined([type_parts(a) for a in args])]
    if origin in (dict, Mapping) or (inspect.isclass(origin) and issubclass(origin, Mapping)):
        return ["table"]
    if tp is typing.Any:
        return ["any value"]
    if tp in _SIMPLE_NAMES:
        return [_SIMPLE_NAMES[tp]]
    if inspect.isclass(tp):
        return [tp]
    return [str(tp).replace("typing.", "")]


def _joined(items: list[TypeParts]) -> TypeParts:
    out: TypeParts = []
    for index, item in enumerate(items):
        if index:
            out.append(", ")
        out += item
    return out


def default_text(field: attrs.Attribute[Any]) -> str:
    """The word "required", or the default in words."""
    default: object = field.default
    if default is attrs.NOTHING:
        return "required"
    factory = getattr(default, "factory", None)
    if callable(factory):  # attrs.Factory
        default = None if getattr(default, "takes_self", False) else factory()
    if default is None:
        return "optional"
    if default in ((), [], {}):
        return "optional (empty)"
    return f"default: {default!r}" if not isinstance(default, str) else f'default: "{default}"'


def validator_notes(field: attrs.Attribute[Any]) -> list[str]:
    """What a field's validators demand, in words (known validators only)."""
    validator = field.validator
    found = list(getattr(validator, "_validators", ())) or ([validator] if validator else [])
    notes = []
    for item in found:
        name = getattr(item, "__name__", "")
        if name in _VALIDATOR_NOTES:
            notes.append(_VALIDATOR_NOTES[name])
        elif match := re.match(r"<min_len validator for (\d+)>", repr(item)):
            notes.append(f"at least {match[1]} character(s)")
    return notes


def _inline_rst(text: str) -> list[nodes.Node]:
    """Text with ``literal`` and `literal` spans turned into literal nodes."""
    out: list[nodes.Node] = []
    pieces = re.split(r"(``.+?``|`[^`]+?`)", text)
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(nodes.literal(text=piece.strip("`")))
        elif piece:
            out.append(nodes.Text(piece))
    return out


def docstring_paragraphs(cls: type) -> list[nodes.paragraph]:
    """The class docstring as paragraphs (blank-line separated)."""
    doc = inspect.getdoc(cls) or ""
    return [
        nodes.paragraph("", "", *_inline_rst(" ".join(block.split())))
        for block in re.split(r"\n\s*\n", doc)
        if block.strip()
    ]


def _type_cell(parts: TypeParts, known: set[type]) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        if isinstance(part, str):
            para += nodes.Text(part)
        elif part in known:
            ref = nodes.reference("", "", internal=True, refid=section_id(part))
            ref += nodes.literal(text=part.__name__)
            para += ref
        else:
            para += nodes.literal(text=part.__name__)
    return para


def _written_as_text(cls: type) -> bool:
    """Whether content files write this value as one string (e.g. a diarienummer)."""
    fields = attrs.fields(cls)
    return hasattr(cls, "parse") or (len(fields) <= 2 and not fields[0].kw_only)


def field_table(cls: type, known: set[type]) -> nodes.table:
    """A table of the class's fields: field, type, required/default, notes."""
    hints = typing.get_type_hints(cls)
    headers = ("Field", "Type", "Required / default", "Notes")
    table = nodes.table(classes=["strukturer-model"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (22, 34, 18, 26):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row([nodes.paragraph(text=h) for h in headers])
    body = nodes.tbody()
    group += body
    for field in attrs.fields(cls):
        notes = validator_notes(field)
        if not field.eq:
            notes.append("not part of equality")
        body += _row(
            [
                nodes.paragraph("", "", nodes.literal(text=field.name)),
                _type_cell(type_parts(hints[field.name]), known),
                nodes.paragraph(text=default_text(field)),
                nodes.paragraph(text="; ".join(notes)),
            ]
        )
    return table


def _row(cells: list[nodes.paragraph]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell
        row += entry
    return row


class ModelDirective(SphinxDirective):
    """``strukturer-model``: one section with a field table per model class."""

    has_content = False
    option_spec: typing.ClassVar[dict[str, Any]] = {
        "module": directives.unchanged,
        "root": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        """Import the module and emit the sections."""
        module_name = self.options.get("module", "strukturer.model")
        module = importlib.import_module(module_name)
        classes = model_classes(module, self.options.get("root", "Project"))
        for cls in classes:
            source = sys.modules[cls.__module__].__file__
            if source:
                self.env.note_dependency(source)
        docs: set[str] = getattr(self.env, _ENV_KEY, set())
        docs.add(self.env.docname)
        setattr(self.env, _ENV_KEY, docs)

        known = set(classes)
        sections: list[nodes.Node] = []
        for cls in classes:
            section = nodes.section(ids=[section_id(cls)], names=[section_id(cls)])
            section += nodes.title("", "", nodes.literal(text=cls.__name__))
            section += docstring_paragraphs(cls)
            if cls.__name__ in _NOT_IN_CONTENT:
                section += nodes.paragraph(
                    text="Filled in by the loader; content files do not write it."
                )
            elif _written_as_text(cls):
                section += nodes.paragraph(
                    text="In content files this value is written as one string; "
                    "the fields below are what it is parsed into."
                )
            section += field_table(cls, known)
            sections.append(section)
        return sections


def _outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Re-read the pages with generated tables on every build."""
    return sorted(getattr(env, _ENV_KEY, set()) - removed)


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, _ENV_KEY, set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    docs: set[str] = getattr(env, _ENV_KEY, set())
    docs |= getattr(other, _ENV_KEY, set()) & docnames
    setattr(env, _ENV_KEY, docs)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the directive and the always-outdated hook."""
    app.add_directive("strukturer-model", ModelDirective)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
