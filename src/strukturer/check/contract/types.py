"""The types a template sees: the context of ``build_context`` and the model's attrs classes."""

from __future__ import annotations

import functools
import inspect
import types
import typing
from collections.abc import Iterable
from typing import Any

import attrs

from strukturer.model import Prose
from strukturer.render.context import CONTEXT
from strukturer.render.docx import LISTINGS

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


#: The type of each top-level name a template receives: the renderer's own table
#: (:data:`strukturer.render.context.CONTEXT`), so a name or model field added there is
#: known to the contract at once.
TEMPLATE_CONTEXT: dict[str, Any] = dict(CONTEXT)
