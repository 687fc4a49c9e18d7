"""Prose: Markdown text that renders into a template's own Word styles."""

from __future__ import annotations

import attrs

from strukturer.model._validators import text


@attrs.frozen
class Origin:
    """Where a value was written: a content file and the line its text starts on."""

    file: str
    line: int


@attrs.frozen
class Prose:
    """Text in a Markdown subset: paragraphs, headings, lists, emphasis, links, footnotes.

    ``origin`` records where the text came from so checks can point into the
    content file; it takes no part in equality.
    """

    markdown: str = attrs.field(validator=text)
    origin: Origin | None = attrs.field(default=None, eq=False, kw_only=True)

    def __str__(self) -> str:
        return self.markdown
