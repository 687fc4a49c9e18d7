"""Visible placeholders for facts the content does not yet have."""

from __future__ import annotations

import re
from typing import Any

import attrs

from strukturer.errors import ValidationError
from strukturer.model._validators import first_invalid_xml_char

#: The label of a placeholder: one line, no brackets. `strukturer check` finds placeholders
#: in prose with :data:`PLACEHOLDER_PATTERN` (one source of truth for the syntax).
PLACEHOLDER_LABEL = r"[^\[\]\n]+?"
#: A placeholder as written in content, unanchored: ``[[label]]`` on one line.
PLACEHOLDER_PATTERN = rf"\[\[\s*(?P<label>{PLACEHOLDER_LABEL})\s*\]\]"
PLACEHOLDER_RE = re.compile(rf"^{PLACEHOLDER_PATTERN}$")
_LABEL_RE = re.compile(rf"^{PLACEHOLDER_LABEL}$")


def _label(_instance: object, _attribute: attrs.Attribute[Any], value: str) -> None:
    if (
        not isinstance(value, str)
        or not _LABEL_RE.match(value)
        or value != value.strip()
        or first_invalid_xml_char(value) is not None
    ):
        raise ValidationError(
            f"{value!r} is not a placeholder label: one line of text without '[' or ']' "
            "and without surrounding spaces, e.g. 'beslutsdatum'",
            ("label",),
        )


@attrs.frozen
class Placeholder:
    """A fact still missing from the content, shown visibly in the documents.

    Written in content as ``"[[beslutsdatum]]"``; rendered as ``[beslutsdatum]`` so
    that nobody can mistake it for a real value, and reported by `strukturer check`.
    """

    label: str = attrs.field(validator=_label)

    def __str__(self) -> str:
        return f"[{self.label}]"

    @classmethod
    def parse(cls, text: str) -> Placeholder | None:
        """Return the placeholder written as ``text``, or None if it is not one."""
        if not isinstance(text, str):
            return None
        match = PLACEHOLDER_RE.match(text.strip())
        return cls(match["label"]) if match else None
