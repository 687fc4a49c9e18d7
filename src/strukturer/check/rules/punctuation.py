"""Punctuation (P1–P4, Svenska skrivregler): dashes, quotation marks, spaces."""

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
from strukturer.check.text import MASK

_RANGE = re.compile(
    r"(?<![\w/.:,-])(?:(?P<t1>\d{1,2}[.:]\d{2})-(?P<t2>\d{1,2}[.:]\d{2})"
    r"|(?P<a>\d{1,4})-(?P<b>\d{1,4}))(?![\w/-]|[.,:]\d)"
)


@rule(
    "range-dash",
    Severity.WARNING,
    "P1 (SS)",
    "A range of numbers takes an unspaced en dash, not a hyphen.",
    ("2011-2013", "2011–2013"),
)
def _range_dash(ctx: Context) -> Iterator[Hit]:
    for m in _RANGE.finditer(ctx.doc.prose):
        if m["a"] is not None:
            first, second = m["a"], m["b"]
            if first.startswith("0") and len(first) > 1:
                continue  # a phone number's area code: 08-123 45 67
        else:
            first, second = m["t1"], m["t2"]
        yield ctx.hit(
            m.start(), m.end(), "range written with a hyphen; use an en dash", f"{first}–{second}"
        )


_SPACED_HYPHEN = re.compile(
    r"(?<=[^\s|])[ \t]+(?P<dash>--?)[ \t]+(?=[^\s|])|(?<=[^\W_])(?P<double>--)(?=[^\W_])"
)


@rule(
    "sentence-dash",
    Severity.WARNING,
    "P2 (SS)",
    "A dash in a sentence is a spaced en dash ( – ), not a hyphen.",
    ("kommuner - Borlänge", "kommuner – Borlänge"),
)
def _sentence_dash(ctx: Context) -> Iterator[Hit]:
    for m in _SPACED_HYPHEN.finditer(ctx.doc.prose):
        group = "dash" if m["dash"] is not None else "double"
        yield ctx.hit(m.start(group), m.end(group), "hyphen used as a dash; use an en dash", "–")


@rule(
    "em-dash",
    Severity.WARNING,
    "P2 (SS)",
    "Swedish uses the en dash (–), not the em dash (—).",
    ("stöd — och", "stöd – och"),
)
def _em_dash(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer("—", ctx.doc.prose):
        yield ctx.hit(m.start(), m.end(), "em dash; Swedish uses the en dash", "–")


_QUOTES = {'"': "”", "“": "”", "„": "”", "‘": "’", "'": "’"}


@rule(
    "quotation-marks",
    Severity.WARNING,
    "P3 (SS)",
    "Quotation marks are ”…” (U+201D at both ends), apostrophes ’; never \" “ „ or '.",
    ('"Strukturer för stöd"', "”Strukturer för stöd”"),
)
def _quotation_marks(ctx: Context) -> Iterator[Hit]:
    for m in re.finditer("[\"“„‘']", ctx.doc.prose):
        mark = m.group()
        kind = "apostrophe or single quote" if mark in "‘'" else "quotation mark"
        yield ctx.hit(m.start(), m.end(), f"{kind} {mark}; use {_QUOTES[mark]}", _QUOTES[mark])


_SPACE_BEFORE = re.compile(r"[ \t\u00a0\u202f]+(?P<mark>[.,:;!?])(?![\w.])")


@rule(
    "space-before-punctuation",
    Severity.WARNING,
    "P4 (SS)",
    "No space before . , : ; ! ?",
    ("uppdraget .", "uppdraget."),
)
def _space_before(ctx: Context) -> Iterator[Hit]:
    prose = ctx.doc.prose
    for m in _SPACE_BEFORE.finditer(prose):
        if m.start() == 0 or prose[m.start() - 1] in "\n" + MASK:
            continue  # indentation, or a masked URL/code right before
        if not ctx.doc.contiguous(m.start(), m.end()):
            continue  # the space was next to Markdown syntax that is not prose
        yield ctx.hit(m.start(), m.end(), f"space before {quoted(m['mark'])}", m["mark"])


_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0\u202f]{2,}(?=\S)")


@rule(
    "double-space",
    Severity.WARNING,
    "P4 (SS)",
    "Single spaces between words and sentences.",
    ("stöd.  Det", "stöd. Det"),
)
def _double_space(ctx: Context) -> Iterator[Hit]:
    for m in _DOUBLE_SPACE.finditer(ctx.doc.prose):
        if ctx.doc.contiguous(m.start(), m.end()):
            yield ctx.hit(m.start(), m.end(), "more than one space", " ")


@rule(
    "trailing-space",
    Severity.WARNING,
    "P4 (SS)",
    "No spaces at the end of a line.",
    ("det arbetet.␠", "det arbetet."),
)
def _trailing_space(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    for m in re.finditer(r"[ \t\u00a0\u202f]+$", doc.original, re.MULTILINE):
        line, _ = doc.position(m.start())
        if line in doc.code_lines:
            continue
        if doc.markdown and m.group().startswith("  ") and set(m.group()) == {" "}:
            continue  # two or more spaces: a Markdown hard line break
        if m.start() == doc.line_starts[line - 1]:
            continue  # a line of only whitespace
        yield Hit(m.start(), m.end(), "space at the end of the line; remove it")
