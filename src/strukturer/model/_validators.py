"""Validators shared by the model classes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

import attrs


class FieldValueError(ValueError):
    """Raised by a validator; ``path`` locates the bad value below the object validated."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


def first_invalid_xml_char(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 (and so Word) cannot store."""
    for char in text:
        code = ord(char)
        if (
            (code < 0x20 and char not in "\t\n\r")
            or 0xFFFE <= code <= 0xFFFF
            or (0xD800 <= code <= 0xDFFF)
        ):
            return char
    return None


_CONTROL_NAMES = {0x00: "null", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed"}


def describe_char(char: str) -> str:
    """Name a character for an error message, e.g. ``U+000B (vertical tab)``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "control character")
    return f"U+{code:04X} ({name})"


def text(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject text that a Word document cannot store.

    Characters such as U+000B (a manual line break pasted from Word) are invalid in
    XML 1.0 and would corrupt the DOCX.
    """
    if not isinstance(value, str):
        return
    bad = first_invalid_xml_char(value)
    if bad is not None:
        raise FieldValueError(
            (attribute.name,),
            f"contains the character {describe_char(bad)}, which a Word document cannot "
            "store (often pasted from Word); remove it or use a new line",
        )


def non_blank(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject empty or whitespace-only text."""
    if isinstance(value, str) and not value.strip():
        raise FieldValueError((attribute.name,), "must not be empty")


def text_items(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Apply :func:`text` and :func:`non_blank` to every string in a tuple."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            try:
                text(_instance, attribute, item)
                non_blank(_instance, attribute, item)
            except FieldValueError as exc:
                raise FieldValueError((attribute.name, index), str(exc)) from None


def at_least_one(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-empty tuple."""
    if isinstance(value, tuple) and not value:
        raise FieldValueError((attribute.name,), "needs at least one entry")


def required_text(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Text that must be present and storable in Word."""
    text(_instance, attribute, value)
    non_blank(_instance, attribute, value)


def matching(pattern: str, explain: str) -> Callable[[Any, attrs.Attribute[Any], str], None]:
    """A validator requiring the whole value to match ``pattern``.

    The error reads ``'<value>' <explain>``, e.g. ``'1.0' is not a pinned version``.
    """
    compiled = re.compile(pattern)

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: str) -> None:
        if not compiled.fullmatch(value):
            raise FieldValueError((attribute.name,), f"{value!r} {explain}")

    return check
