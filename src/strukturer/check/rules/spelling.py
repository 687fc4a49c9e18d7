"""Spelling (L1): the words sent to hunspell, and the spelling rule."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from importlib import resources

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.authorities import AUTHORITY_WORD
from strukturer.check.rules.base import (
    Context,
    Hit,
    Spans,
    quoted,
    rule,
    sentence_initial,
)
from strukturer.check.rules.identifiers import DIARIENUMMER
from strukturer.check.rules.language import ABBREVIATIONS
from strukturer.check.rules.leftovers import PLACEHOLDER

#: Words in ALL CAPS up to this length are taken as acronyms and not spell-checked.
ACRONYM_MAX = 5


def spelling_candidates(ctx: Context) -> tuple[tuple[int, int, str], ...]:
    """Words to send to hunspell: (prose start, end, word); found once per context."""
    if ctx.spelling_candidates is None:
        ctx.spelling_candidates = tuple(_candidates(ctx))
    return ctx.spelling_candidates


_DIGIT = re.compile(r"\d")


def _candidates(ctx: Context) -> Iterator[tuple[int, int, str]]:
    doc = ctx.doc
    skip = Spans(
        (m.start(), m.end())
        for pattern in (DIARIENUMMER, PLACEHOLDER)
        for m in pattern.finditer(doc.prose)
    )
    extra = ctx.config.words
    for token in doc.tokens():
        word = token.text
        if ctx.names.covers(token.start, token.end, unknown=ctx.unknown_authority_enabled):
            continue
        if skip.covers(token.start, token.start + 1):
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
            if len(part) < 2 or _DIGIT.search(part):
                continue
            if part.isupper() and len(part) <= ACRONYM_MAX:
                continue
            if part in extra or part in ctx.registry.words or part in _default_words():
                continue
            yield start, start + len(part), part


@functools.cache
def _default_words() -> frozenset[str]:
    text = resources.files("strukturer.check").joinpath("data", "words.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


#: The rules that need hunspell's answers.
SPELLING_RULES = frozenset({"spelling", "spelling-name"})


def _unknown(ctx: Context) -> Iterator[tuple[int, int, str, list[str]]]:
    """Words hunspell does not know: (prose start, end, word, suggestions)."""
    for start, end, word in spelling_candidates(ctx):
        result = ctx.spelling.get(word)
        if result is None or result.ok:
            continue
        suggestions = list(result.suggestions)
        if AUTHORITY_WORD.fullmatch(word):
            closest = ctx.registry.closest(word, cutoff=0.6)
            if closest:
                suggestions = [closest, *[s for s in suggestions if s != closest]]
        yield start, end, word, suggestions


def _looks_like_a_name(ctx: Context, start: int, word: str) -> bool:
    """A capitalised word inside a sentence (not an acronym, not an authority's name)."""
    return (
        word[:1].isupper()
        and not word.isupper()
        and not AUTHORITY_WORD.fullmatch(word)
        and not sentence_initial(ctx.doc, start)
    )


def _message(word: str, suggestions: list[str]) -> str:
    message = f"unknown word {quoted(word)}"
    if len(suggestions) > 1:
        message += f" (other suggestions: {', '.join(suggestions[1:4])})"
    return message


@rule(
    "spelling",
    Severity.ERROR,
    "L1 (SpL 11 §); Swedish Hunspell dictionary",
    "A word the Swedish dictionary, the names registry and the project word list do not know.",
    ("förttyck", "förtryck"),
)
def _spelling(ctx: Context) -> Iterator[Hit]:
    for start, end, word, suggestions in _unknown(ctx):
        if not _looks_like_a_name(ctx, start, word):
            yield ctx.hit(start, end, _message(word, suggestions), next(iter(suggestions), None))


@rule(
    "spelling-name",
    Severity.WARNING,
    "L1 (SpL 11 §); Swedish Hunspell dictionary",
    "A capitalised word inside a sentence that the dictionary does not know: most likely a "
    "name (add it to `words`); people in person fields are known.",
    ("enligt Zetterbergh", "enligt Zetterberg"),
)
def _spelling_name(ctx: Context) -> Iterator[Hit]:
    for start, end, word, suggestions in _unknown(ctx):
        if _looks_like_a_name(ctx, start, word):
            message = _message(word, suggestions) + "; a name? add it to the project's words"
            yield ctx.hit(start, end, message, next(iter(suggestions), None))
