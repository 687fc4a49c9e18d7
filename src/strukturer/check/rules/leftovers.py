"""Leftovers in finished text: Markdown escapes and placeholders for missing facts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.base import (
    Context,
    Hit,
    quoted,
    rule,
)
from strukturer.model.placeholder import PLACEHOLDER_PATTERN


@rule(
    "markdown-escape",
    Severity.ERROR,
    "practice (seed texts)",
    "A Markdown backslash escape left in plain text (\\- \\. \\*); write the character.",
    ("vård\\- och, 2011\\-2013", "vård- och, 2011–2013"),
)
def _markdown_escape(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    if doc.markdown:
        return  # in Markdown an escape is syntax, and renders as the character
    text = doc.original
    for m in re.finditer(r"\\([!-/:-@\[-`{-~])", text):
        char = m.group(1)
        suggestion = char
        before = text[m.start() - 1] if m.start() > 0 else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if char == "-" and (
            (before.isdigit() and after.isdigit()) or (before.isspace() and after.isspace())
        ):
            suggestion = "–"
        yield Hit(m.start(), m.end(), f"leftover Markdown escape {quoted(m.group())}", suggestion)


#: A placeholder ``[[label]]``, in the model's syntax (one source of truth).
PLACEHOLDER = re.compile(PLACEHOLDER_PATTERN)


@rule(
    "placeholder",
    Severity.WARNING,
    "project convention",
    "A visible placeholder [[…]] for a fact still missing.",
    ("[[beslutsdatum]]", "2020-03-05"),
)
def _placeholder(ctx: Context) -> Iterator[Hit]:
    for m in PLACEHOLDER.finditer(ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), f"placeholder for a missing fact: {m['label']}")
