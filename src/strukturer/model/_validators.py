"""Validators shared by the model classes; each raises :class:`ValidationError`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from strukturer.errors import ValidationError

#: The characters XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): controls
#: but tab, line feed and carriage return; surrogates; U+FFFE and U+FFFF.
_INVALID_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_invalid_xml_char(text: str) -> str | None:
    """The first character of ``text`` that XML 1.0 (and so Word and XMP) cannot store."""
    found = _INVALID_XML_CHAR.search(text)
    return found.group() if found else None


_CONTROL_NAMES = {0x00: "null", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed"}


def describe_char(char: str) -> str:
    """Name a character for an error message, e.g. ``U+000B (vertical tab)``."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "control character")
    return f"U+{code:04X} ({name})"


def type_name(value: object) -> str:
    """How a value of the wrong type is named in a message: ``a number (5)``, ``a list``."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"{value!r}"
    return f"a {type(value).__name__}"


def require_text(value: object, what: str = "text") -> str:
    """Return ``value`` if it is a str, else raise ``expected <what>, got …``."""
    if not isinstance(value, str):
        raise ValidationError(f"expected {what}, got {type_name(value)}")
    return value


def text(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject text that a Word document cannot store.

    Characters such as U+000B (a manual line break pasted from Word) are invalid in
    XML 1.0 and would corrupt the DOCX.
    """
    if not isinstance(value, str):
        return
    bad = first_invalid_xml_char(value)
    if bad is not None:
        raise ValidationError(
            f"contains the character {describe_char(bad)}, which a Word document cannot "
            "store (often pasted from Word); remove it or use a new line",
            (attribute.name,),
        )


def non_blank(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Reject empty or whitespace-only text."""
    if isinstance(value, str) and not value.strip():
        raise ValidationError("must not be empty", (attribute.name,))


def text_items(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Apply :func:`text` and :func:`non_blank` to every string in a tuple."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            try:
                text(_instance, attribute, item)
                non_blank(_instance, attribute, item)
            except ValidationError as exc:
                raise ValidationError(exc.message, (attribute.name, index)) from None


def at_least_one(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-empty tuple."""
    if isinstance(value, tuple) and not value:
        raise ValidationError("needs at least one entry", (attribute.name,))


def required_text(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Text that must be present and storable in Word."""
    text(_instance, attribute, value)
    non_blank(_instance, attribute, value)


def one_of(choices: Iterable[str]) -> Callable[[Any, attrs.Attribute[Any], object], None]:
    """A validator requiring one of ``choices``; the error lists them."""
    allowed = tuple(choices)

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed:
            raise ValidationError(
                f"{value!r} is not one of: {', '.join(allowed)}", (attribute.name,)
            )

    return check


def matching(pattern: str, explain: str) -> Callable[[Any, attrs.Attribute[Any], object], None]:
    """A validator requiring the whole value to match ``pattern``.

    The error reads ``'<value>' <explain>``, e.g. ``'1.0' is not a pinned version``.
    """
    compiled = re.compile(pattern)

    def check(_instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, str):
            raise ValidationError(f"expected text, got {type_name(value)}", (attribute.name,))
        if not compiled.fullmatch(value):
            raise ValidationError(f"{value!r} {explain}", (attribute.name,))

    return check
