"""Readability: LIX per section and per document (Björnsson 1968; conventions §Readability).

LIX = O/M + 100·L/O, O words, M sentences, L words longer than six letters.

What counts:

- A word is a run of letters and digits, joined by inner hyphens, full stops or colons
  ("t.ex.", "FN:s", "2000-talets" are one word each). A word is long when it has more than
  six letters (digits and hyphens do not count).
- A sentence ends at ``.``, ``!``, ``?`` or ``:`` followed by whitespace and a capital
  letter (optionally after a closing quote or bracket, or before an opening quote or dash),
  and at the end of a paragraph. A full stop that belongs to an accepted abbreviation
  (L5: "t.ex.", "bl.a.", "dvs.", "kl." …) does not end a sentence.
- A paragraph ends at a blank line, a heading, a list item or a block quote.
- Sections begin at Markdown headings (``# Rubrik``) and at lines that are all bold
  (``**Rubrik**``); headings themselves are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Readability, Severity
from strukturer.check.rules.base import Context, Hit, quoted, rule
from strukturer.check.rules.language import ABBREVIATIONS
from strukturer.check.text import HEADING, WORD, Document

_SENTENCE_END = re.compile(r"[.!?:]+(?=[\"”’)\]]*(?:\s+[\"”’(–—-]*\s*[A-ZÅÄÖÉ]|\s*$))")


_WORD_BEFORE = re.compile(r"[^\W_][\w.:-]*$")
_WINDOW = 20


_LETTER = re.compile(r"[^\W\d_]")


def _is_long(word: str) -> bool:
    """More than six letters (digits and hyphens do not count)."""
    return len(word) > 6 and len(_LETTER.findall(word)) > 6


def band(lix: float) -> str:
    """The readability band of a LIX value."""
    if lix < 30:
        return "very easy"
    if lix < 40:
        return "easy"
    if lix < 50:
        return "medium"
    if lix <= 60:
        return "hard"
    return "very hard"


def lix_value(words: int, sentences: int, long_words: int) -> float:
    """LIX from the counts (0 for no words)."""
    if words == 0:
        return 0.0
    return words / max(sentences, 1) + 100 * long_words / words


def count(paragraph: str) -> tuple[int, int, int]:
    """(words, sentences, long words) of one paragraph."""
    tokens = list(WORD.finditer(paragraph))
    words = len(tokens)
    if not words:
        return 0, 0, 0
    long_words = sum(1 for t in tokens if _is_long(t.group()))
    sentences = 0
    last_end = 0
    for m in _SENTENCE_END.finditer(paragraph):
        # The word before (a window: an abbreviation is short; a window keeps this linear).
        before = _WORD_BEFORE.search(paragraph, max(0, m.start() - _WINDOW), m.start())
        if m.group() == "." and before and (before.group().lower() + ".") in ABBREVIATIONS:
            continue
        if not WORD.search(paragraph, last_end, m.start()):
            continue
        sentences += 1
        last_end = m.end()
    if WORD.search(paragraph, last_end):
        sentences += 1
    return words, sentences, long_words


def readability(doc: Document) -> tuple[list[Readability], Readability]:
    """LIX of each section and of the whole document."""
    lines = doc.original.split("\n")
    prose_lines = doc.prose.split("\n")
    sections: list[tuple[int, str, list[list[str]]]] = [(1, "", [[]])]
    for number, (line, prose_line) in enumerate(zip(lines, prose_lines, strict=False), start=1):
        heading = HEADING.match(line) if number not in doc.code_lines else None
        if heading:
            title = (heading["atx"] or heading["bold"] or "").strip()
            sections.append((number, title, [[]]))
            continue
        paragraphs = sections[-1][2]
        if not prose_line.strip() or number in doc.code_lines:
            paragraphs.append([])
            continue
        if number in doc.block_starts:
            paragraphs.append([])
        paragraphs[-1].append(prose_line)
    results = []
    totals = [0, 0, 0]
    for first_line, title, paragraphs in sections:
        figures = [0, 0, 0]
        for paragraph in paragraphs:
            for i, n in enumerate(count("\n".join(paragraph))):
                figures[i] += n
        if first_line == 1 and not title and figures[0] == 0:
            continue  # nothing before the first heading
        words, sentences, long_words = figures
        value = lix_value(words, sentences, long_words)
        results.append(
            Readability(
                doc.file, first_line, title, words, sentences, long_words, value, band(value)
            )
        )
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
    value = lix_value(*totals)
    document = Readability(doc.file, 1, "", totals[0], totals[1], totals[2], value, band(value))
    return results, document


@rule(
    "lix",
    Severity.WARNING,
    "L1 (SpL 11 §); LIX (Björnsson 1968)",
    "A section (or document) whose LIX is above the threshold (default 60: very hard).",
    ("LIX 64 (very hard)", "LIX 50–60 or lower: shorter sentences and words"),
)
def _lix(ctx: Context) -> Iterator[Hit]:
    sections, document = readability(ctx.doc)
    threshold = ctx.config.lix_threshold
    minimum = ctx.config.lix_min_words
    flagged = [s for s in sections if s.lix > threshold and s.words >= minimum]
    if len(sections) > 1 and document.lix > threshold and document.words >= minimum:
        flagged.insert(0, document)
    for item in flagged:
        offset = ctx.doc.line_starts[item.line - 1]
        what = f"section {quoted(item.title)}" if item.title else "text"
        yield Hit(
            offset,
            offset,
            f"{what} has LIX {item.lix:.0f} ({item.band}; {item.words} words, "
            f"{item.sentences} sentences): above {threshold:g}",
        )
