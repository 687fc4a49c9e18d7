"""The types a template sees: the context of ``build_context`` and the model's attrs classes."""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypedDict

import attrs

from strukturer.model import Project, Prose
from strukturer.render import context as render_context
from strukturer.render.context import build_context
from strukturer.render.docx import LISTINGS
from strukturer.render.template_library import TemplateVersion

#: Names a template gets besides the context, by what it renders: a mail-merge template
#: ("record") is rendered once per record, a mapping of the record file's columns.
RENDER_NAMES: dict[str, dict[str, Any]] = {"record": {"record": Any}}

#: Names the renderer adds for every template: the lists of tables and figures, which
#: are paragraphs like prose (shown with ``{{p …}}``).
LISTING_NAMES: dict[str, Any] = dict.fromkeys(LISTINGS, Prose)


def template_names(renders: str) -> dict[str, Any]:
    """Every top-level name a template that renders ``renders`` receives, with its type."""
    return {**TEMPLATE_CONTEXT, **LISTING_NAMES, **RENDER_NAMES.get(renders, {})}


#: A resolved type: the members of a union (never ``None``); ``None`` means "anything".
Shape = tuple[Any, ...] | None


def members(tp: Any) -> Shape:
    """The members of ``tp`` without ``None``; ``None`` (anything) if one is ``Any``."""
    if tp is Any:
        return None
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        found: list[Any] = []
        for arg in typing.get_args(tp):
            sub = members(arg)
            if sub is None:
                return None
            found.extend(sub)
        return tuple(found)
    if tp is type(None):
        return ()
    return (tp,)


def union(shapes: Iterable[Shape]) -> Shape:
    found: list[Any] = []
    for shape in shapes:
        if shape is None:
            return None
        found.extend(m for m in shape if m not in found)
    return tuple(found)


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def fields_of(member: Any) -> dict[str, Any]:
    """The named fields of a model class or TypedDict, with their types."""
    if attrs.has(member):
        hints = _hints(member)
        return {f.name: hints.get(f.name, Any) for f in attrs.fields(member)}
    if typing.is_typeddict(member):
        return dict(_hints(member))
    return {}


def attribute(member: Any, name: str) -> tuple[bool, Any]:
    """Whether ``member`` has attribute ``name`` and its type (``Any`` when not known)."""
    fields = fields_of(member)
    if name in fields:
        return True, fields[name]
    if name.startswith("_"):
        return False, None  # the sandbox refuses private attributes
    cls = typing.get_origin(member) or member
    if not isinstance(cls, type):
        return True, Any
    static = inspect.getattr_static(cls, name, None)
    if isinstance(static, property) and static.fget is not None:
        try:
            return True, typing.get_type_hints(static.fget).get("return", Any)
        except (NameError, TypeError):
            return True, Any
    if typing.is_typeddict(member):
        return hasattr(dict, name), Any
    return hasattr(cls, name), Any


def known_names(shape: tuple[Any, ...]) -> list[str]:
    """Every field and public attribute of the members, fields first."""
    names: list[str] = []
    for member in shape:
        names += [n for n in fields_of(member) if n not in names]
    for member in shape:
        cls = typing.get_origin(member) or member
        if isinstance(cls, type) and not typing.is_typeddict(member):
            names += [n for n in dir(cls) if not n.startswith("_") and n not in names]
    return names


def items_of(shape: Shape) -> Shape:
    """The type of the items when iterating over a value of ``shape``."""
    if shape is None:
        return None
    found: list[Shape] = []
    for member in shape:
        origin: Any = typing.get_origin(member)
        args = typing.get_args(member)
        if origin is tuple and args:
            if len(args) == 2 and args[1] is Ellipsis:
                found.append(members(args[0]))
            else:
                found.append(union(members(a) for a in args))
        elif origin is not None and args:
            found.append(members(args[0]))
        elif member is str or typing.is_typeddict(member):
            found.append((str,))
        else:
            return None
    return union(found)


def has_prose(shape: Shape) -> bool:
    return shape is not None and Prose in shape


# ---------------------------------------------------------------- the context's types


def _as_type(shape: Shape) -> Any:
    """A shape as one type: the union of its members, ``Any`` when it is not known."""
    return typing.Union[shape] if shape else Any  # noqa: UP007 - a union of a runtime tuple


class _Traced:
    """Stands for a value of ``build_context``'s project: records the attributes taken."""

    def __init__(self, shape: Any) -> None:
        self._shape = shape

    def __getattr__(self, name: str) -> _Traced:
        if self._shape is Any:
            return _Traced(Any)
        known = [attribute(member, name) for member in members(self._shape) or ()]
        return _Traced(_as_type(tuple(tp for has, tp in known if has)))

    def __call__(self, *args: object, **kwargs: object) -> _Traced:
        return _Traced(Any)

    def __getitem__(self, key: object) -> _Traced:
        return _Traced(_as_type(items_of(members(self._shape))))

    def __iter__(self) -> Iterator[_Traced]:
        return iter(())


def _type_of(value: Any, name: str) -> Any:
    """The type of a value ``build_context`` returned for a traced project."""
    if isinstance(value, _Traced):
        return value._shape
    if isinstance(value, dict):
        fields = {key: _type_of(item, key) for key, item in value.items()}
        make_typeddict: Any = TypedDict
        return make_typeddict(name, fields)
    return type(value)


@functools.cache
def context_types() -> dict[str, Any]:
    """The type of each top-level name of :func:`~strukturer.render.context.build_context`.

    When :mod:`strukturer.render.context` declares them in a table ``CONTEXT`` (name →
    type), that table is used. Otherwise ``build_context`` is run on a traced project:
    each name's type is what the model's attrs classes (``attrs.fields``, type hints,
    properties) say of the attributes it takes. Either way a field or name added to the
    model or the context is known here at once.
    """
    declared = getattr(render_context, "CONTEXT", None)
    if declared is not None:  # the context's own table of names and types, when it has one
        return dict(declared)
    renders_nothing = TemplateVersion(
        name="",
        version="",
        renders="record",
        description="",
        fonts=(),
        changelog=(),
        path=Path(),
    )
    context = build_context(typing.cast(Project, _Traced(Project)), renders_nothing)
    return {name: _type_of(value, name) for name, value in context.items()}


#: The type of each top-level name a template receives (``build_context``).
TEMPLATE_CONTEXT: dict[str, Any] = context_types()
