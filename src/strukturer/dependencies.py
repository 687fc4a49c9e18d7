"""What a deliverable depends on: the context paths its template reads, and their values.

A template reads the model through the names of its context (``report``, ``assignment``,
…). The paths it uses (``report.chapters``, ``assignment.title``) are found in its Jinja;
the values at those paths, in canonical form, are hashed into the deliverable's
``content_sha256``, so a deliverable changes exactly when content it shows changes
(docs/performance.md, "Incremental builds").
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs

#: The parts docxtpl renders through Jinja.
_RENDERED_PART = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes)\.xml|docProps/core\.xml"
)
ContextPath = tuple[str | int, ...]


def digest(value: Any) -> str:
    """SHA-256 of ``value`` (JSON data) in canonical form."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def template_reads(docx: Path, names: Iterable[str]) -> list[ContextPath]:
    """The context paths (``("report", "chapters")``) the Jinja in ``docx`` reads.

    A name used whole (passed to a filter, assigned, iterated) is one path of its own,
    so the result errs towards reading too much, never too little.
    """
    from docxtpl import DocxTemplate  # noqa: PLC0415 - only when a template is new
    from jinja2 import TemplateSyntaxError  # noqa: PLC0415

    from strukturer.render.jinja import make_environment  # noqa: PLC0415

    known = frozenset(names)
    tpl = DocxTemplate(str(docx))
    env = make_environment()
    found: set[ContextPath] = set()
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if not _RENDERED_PART.fullmatch(name):
                continue
            xml = package.read(name).decode("utf-8", "replace")
            if "{" not in xml:
                continue
            try:
                tree = env.parse(tpl.patch_xml(xml))
            except TemplateSyntaxError:
                return [(n,) for n in sorted(known)]  # the build reports it; depend on all
            found |= _paths(tree, known)
    return sorted(found, key=lambda p: tuple(map(str, p)))


def _paths(node: Any, known: frozenset[str]) -> set[ContextPath]:
    from jinja2 import nodes  # noqa: PLC0415

    chain: list[str | int] = []
    dynamic: list[Any] = []  # index expressions such as x in record[x]: read on their own
    current = node
    while isinstance(current, nodes.Getattr | nodes.Getitem):
        if isinstance(current, nodes.Getattr):
            chain.append(current.attr)
        elif isinstance(current.arg, nodes.Const) and isinstance(current.arg.value, str | int):
            chain.append(current.arg.value)
        else:
            chain.clear()  # everything up to a computed index is read whole
            dynamic.append(current.arg)
        current = current.node
    if isinstance(current, nodes.Name) and current is not node:
        found = {(current.name, *reversed(chain))} if current.name in known else set()
        for index in dynamic:
            found |= _paths(index, known)
        return found
    if isinstance(node, nodes.Name):
        return {(node.name,)} if node.name in known else set()
    found = set()
    for child in node.iter_child_nodes():
        found |= _paths(child, known)
    return found


def _value_at(context: Mapping[str, Any], path: ContextPath) -> Any:
    value: Any = context
    for step in path:
        try:
            sequence = isinstance(value, list | tuple) and isinstance(step, int)
            inner = (
                value[step] if isinstance(value, Mapping) or sequence else getattr(value, str(step))
            )
        except (KeyError, IndexError, AttributeError):
            return "<missing>"
        if callable(inner):
            return value  # a method: what it can read is the object
        value = inner
    return value


def canonical(value: Any) -> Any:
    """``value`` as JSON data: attrs classes by field (without ``origin``), dates ISO."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return canonical(value.value)
    if attrs.has(type(value)):
        fields = {
            f.name: canonical(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.name != "origin"
        }
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [canonical(v) for v in value]
        return items if isinstance(value, list | tuple) else sorted(items, key=repr)
    return repr(value)


def content_digest(context: Mapping[str, Any], reads: Sequence[ContextPath]) -> str:
    """SHA-256 of the values at ``reads`` in ``context``: the content a deliverable uses."""
    return digest({".".join(map(str, p)): canonical(_value_at(context, p)) for p in reads})


def deliverable_content_sha256(project: Any, template: Any) -> str:
    """The ``content_sha256`` stamped into a deliverable of ``project`` from ``template``."""
    from strukturer.render.context import build_context  # noqa: PLC0415

    context = build_context(project, template)
    return content_digest(context, template_reads(template.docx, context))
