"""The one cattrs converter that turns loaded content into model objects.

It is strict: extra keys are errors, text must be text, numbers numbers and lists
lists, so a mistyped key or value fails with its file and line instead of being
quietly coerced.
"""

from __future__ import annotations

import types
import typing
import warnings
from datetime import date
from typing import Any, Union, get_args, get_origin

import cattrs
from cattrs.errors import IterableValidationError, IterableValidationNote

from strukturer.content.sources import LocatedStr
from strukturer.model import Diarienummer, Isbn, Origin, Placeholder, Prose, ReportSeries


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return f"a date ({value.isoformat()})"
    if value is None:
        return "nothing"
    return f"{value!r}"


def _structure_str(value: Any, _type: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {_type_name(value)}")
    return str(value)


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {_type_name(value)}")
    return value


def _structure_bool(value: Any, _type: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_type_name(value)}")
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
                raise ValueError(f"{value!r} is not a date that exists ({reason})") from None
            raise ValueError(
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2020-06-15 (D2)"
            ) from None
    raise TypeError(f"expected a date (YYYY-MM-DD), got {_type_name(value)}")


def _structure_prose(value: Any, _type: type) -> Prose:
    text = _structure_str(value, str)
    origin = Origin(value.file, value.line) if isinstance(value, LocatedStr) else None
    return Prose(text, origin=origin)


class ContentWarning(UserWarning):
    """A value was accepted after a change; ``value`` is the text as written."""

    def __init__(self, message: str, value: object) -> None:
        super().__init__(message)
        self.value = value


def _from_text(parse: typing.Callable[[str], Any]) -> typing.Callable[[Any, type], Any]:
    def hook(value: Any, _type: type) -> Any:
        text = _structure_str(value, str)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = parse(text)
        for warning in caught:
            warnings.warn(ContentWarning(str(warning.message), value), stacklevel=2)
        return result

    return hook


def _is_union(tp: Any) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _placeholder_union(tp: Any) -> bool:
    return _is_union(tp) and Placeholder in get_args(tp)


def _is_tuple(tp: Any) -> bool:
    return get_origin(tp) is tuple


def make_converter() -> cattrs.Converter:
    """Build the converter with every hook registered and extra keys forbidden."""
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(Prose, _structure_prose)
    converter.register_structure_hook(Diarienummer, _from_text(Diarienummer.parse))
    converter.register_structure_hook(ReportSeries, _from_text(ReportSeries.parse))
    converter.register_structure_hook(Isbn, _from_text(Isbn))

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
            raise TypeError(f"expected a list, got {_type_name(value)}")
        item_type = get_args(tp)[0]
        items = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(converter.structure(item, item_type))
            except Exception as exc:
                note = IterableValidationNote(f"item {index}", index, item_type)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {tp!r}", errors, tp)
        return tuple(items)

    converter.register_structure_hook_func(_is_tuple, structure_tuple)
    return converter
