"""The one cattrs converter that turns loaded content into model objects.

It is strict: extra keys are errors, text must be text, numbers numbers and lists
lists, so a mistyped key or value fails with its file and line instead of being
quietly coerced. Every hook raises :class:`~strukturer.errors.ValidationError` for bad
input; anything else that escapes is a bug and is not dressed up as a content problem.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import BaseValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn

from strukturer.content.sources import LocatedStr
from strukturer.errors import ValidationError
from strukturer.model import (
    Diarienummer,
    Isbn,
    Origin,
    Person,
    Placeholder,
    Prose,
    ReportingRef,
    ReportSeries,
)
from strukturer.model._validators import type_name

#: What a content hook may raise for bad input; anything else is a bug.
EXPECTED = (ValidationError, BaseValidationError)


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type_name(value)}")
    return str(value)


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"expected a whole number, got {type_name(value)}")
    return value


def _structure_bool(value: Any, _type: type) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(f"expected true or false, got {type_name(value)}")
    return value


def _structure_date(value: Any, _type: type) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            reason = str(exc)
            if "day is out of range" in reason or "month must be" in reason:
                raise ValidationError(f"{value!r} is not a date that exists ({reason})") from None
            raise ValidationError(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2020-06-15 (D2)"
            ) from None
    raise ValidationError(f"expected a date (YYYY-MM-DD), got {type_name(value)}")


def _structure_prose(value: Any, _type: type) -> Prose:
    text = _structure_str(value, str)
    origin = Origin(value.file, value.line) if isinstance(value, LocatedStr) else None
    return Prose(text, origin=origin)


class ContentWarning(UserWarning):
    """A value was accepted after a change; ``value`` is the text as written."""

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message)
        self.value = value


#: The warnings of the content being structured in this thread (see :func:`noting`).
_NOTES: ContextVar[list[ContentWarning] | None] = ContextVar("strukturer_notes", default=None)


@contextmanager
def noting() -> Iterator[list[ContentWarning]]:
    """Collect the warnings of values accepted after a change, as data, while structuring.

    A context variable, not the ``warnings`` module: loads in threads keep theirs apart.
    """
    notes: list[ContentWarning] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def _from_text(parse: Callable[[str], Any]) -> Callable[[Any, type], Any]:
    def hook(value: Any, _type: type) -> Any:
        return parse(_structure_str(value, str))

    return hook


def _diarienummer(value: Any, _type: type) -> Diarienummer:
    parsed, note = Diarienummer.parse_noting(_structure_str(value, str))
    notes = _NOTES.get()
    if note is not None and notes is not None:
        notes.append(ContentWarning(note, value))
    return parsed


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _placeholder_union(tp: Any) -> bool:
    return _is_union(tp) and Placeholder in get_args(tp)


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def _expect_mapping(cl: type, value: Any) -> None:
    if not isinstance(value, dict):
        keys = ", ".join(f.name for f in attrs.fields(cl) if f.init and f.eq)  # not origins
        raise ValidationError(f"expected a mapping with {keys}; got {type_name(value)}")


def make_converter() -> cattrs.Converter:
    """Build the converter with every hook registered and extra keys forbidden."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(Prose, _structure_prose)
    converter.register_structure_hook(Diarienummer, _diarienummer)
    converter.register_structure_hook(ReportSeries, _from_text(ReportSeries.parse))
    converter.register_structure_hook(Isbn, _from_text(Isbn.parse))
    converter.register_structure_hook(ReportingRef, _from_text(ReportingRef.parse))

    def attrs_factory(cl: Any) -> Callable[[Any, Any], Any]:
        structure = make_dict_structure_fn(cl, converter)

        def hook(value: Any, tp: Any) -> Any:
            _expect_mapping(cl, value)
            return structure(value, tp)

        return hook

    def structure_placeholder_union(value: Any, tp: Any) -> Any:
        if isinstance(value, str) and (found := Placeholder.parse(value)) is not None:
            return found
        others = tuple(arg for arg in get_args(tp) if arg is not Placeholder)
        if value is None and type(None) in others:
            return None
        rest = tuple(arg for arg in others if arg is not type(None))
        target: Any = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007
        return converter.structure(value, target)

    converter.register_structure_hook_func(_placeholder_union, structure_placeholder_union)

    def structure_tuple(value: Any, tp: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValidationError(f"expected a list, got {type_name(value)}")
        item_type = get_args(tp)[0]
        items = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except EXPECTED as exc:
                note = IterableValidationNote(f"item {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    converter.register_structure_hook_func(_is_tuple, structure_tuple)
    converter.register_structure_hook_factory(attrs.has, attrs_factory)
    people: list[Callable[[Any, Any], Any]] = []

    def structure_person(value: Any, tp: Any) -> Person:
        # Where only a name is printed, a person may be written as the name alone.
        if isinstance(value, str):
            return Person(name=Placeholder.parse(value) or _structure_str(value, str))
        if not people:
            people.append(attrs_factory(Person))
        result: Person = people[0](value, tp)
        return result

    converter.register_structure_hook_func(lambda tp: tp is Person, structure_person)
    return converter


__all__ = ["EXPECTED", "ContentWarning", "make_converter", "noting"]
