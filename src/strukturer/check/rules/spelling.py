"""Spelling (L1): the words sent to hunspell, and the spelling rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.authorities import AUTHORITY_WORD
from strukturer.check.rules.base import (
    Context,
    Hit,
    quoted,
    rule,
)
from strukturer.check.rules.identifiers import DIARIENUMMER
from strukturer.check.rules.language import ABBREVIATIONS

#: Words in ALL CAPS up to this length are taken as acronyms and not spell-checked.
ACRONYM_MAX = 5


def spelling_candidates(ctx: Context) -> Iterator[tuple[int, int, str]]:
    """Words to send to hunspell: (prose start, end, word)."""
    doc = ctx.doc
    skip = [(m.start(), m.end()) for m in DIARIENUMMER.finditer(doc.prose)]
    skip += [(m.start(), m.end()) for m in re.finditer(r"\[\[[^\[\]\n]+\]\]", doc.prose)]
    extra = ctx.config.words
    for token in doc.tokens():
        word = token.text
        if ctx.names.covers(token.start, token.end, unknown=ctx.unknown_authority_enabled):
            continue
        if any(s <= token.start < e for s, e in skip):
            continue
        if word + "." in ABBREVIATIONS or word.lower() + "." in ABBREVIATIONS:
            continue
        parts = [(token.start, word)]
        if "." in word or ":" in word:
            parts = []
            offset = token.start
            for piece in re.split(r"([.:])", word):
                if piece and piece not in ".:":
                    parts.append((offset, piece))
                offset += len(piece)
        for start, part in parts:
            if len(part) < 2 or any(c.isdigit() for c in part):
                continue
            if part.isupper() and len(part) <= ACRONYM_MAX:
                continue
            if part in extra or part in ctx.registry.words or part in _default_words():
                continue
            yield start, start + len(part), part


_DEFAULT_WORDS: frozenset[str] | None = None


def _default_words() -> frozenset[str]:
    global _DEFAULT_WORDS  # noqa: PLW0603
    if _DEFAULT_WORDS is None:
        text = resources.files("strukturer.check").joinpath("data", "words.txt").read_text("utf-8")
        _DEFAULT_WORDS = frozenset(
            w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")
        )
    return _DEFAULT_WORDS


@rule(
    "spelling",
    Severity.ERROR,
    "L1 (SpL 11 §); Swedish Hunspell dictionary",
    "A word the Swedish dictionary, the names registry and the project word list do not know.",
    ("förttyck", "förtryck"),
)
def _spelling(ctx: Context) -> Iterator[Hit]:
    for start, end, word in spelling_candidates(ctx):
        result = ctx.spelling.get(word)
        if result is None or result.ok:
            continue
        suggestions = list(result.suggestions)
        if AUTHORITY_WORD.fullmatch(word):
            closest = ctx.registry.closest(word, cutoff=0.6)
            if closest:
                suggestions = [closest, *[s for s in suggestions if s != closest]]
        message = f"unknown word {quoted(word)}"
        if len(suggestions) > 1:
            message += f" (other suggestions: {', '.join(suggestions[1:4])})"
        yield ctx.hit(start, end, message, suggestions[0] if suggestions else None)
