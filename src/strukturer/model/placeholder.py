"""Visible placeholders for facts the content does not yet have."""

from __future__ import annotations

import re

import attrs

#: A placeholder as written in content, unanchored: ``[[label]]`` on one line. `strukturer check`
#: finds placeholders in prose with this same pattern.
PLACEHOLDER_PATTERN = r"\[\[\s*(?P<label>[^\[\]\n]+?)\s*\]\]"
PLACEHOLDER_RE = re.compile(rf"^{PLACEHOLDER_PATTERN}$")


@attrs.frozen
class Placeholder:
    """A fact still missing from the content, shown visibly in the documents.

    Written in content as ``"[[beslutsdatum]]"``; rendered as ``[beslutsdatum]`` so
    that nobody can mistake it for a real value, and reported by `strukturer check`.
    """

    label: str = attrs.field(validator=attrs.validators.min_len(1))

    def __str__(self) -> str:
        return f"[{self.label}]"

    @classmethod
    def parse(cls, text: str) -> Placeholder | None:
        """Return the placeholder written as ``text``, or None if it is not one."""
        match = PLACEHOLDER_RE.match(text.strip())
        return cls(match["label"]) if match else None
