"""The rule registry: :class:`Rule`, the :func:`rule` decorator, :class:`Context`, :class:`Hit`.

Every rule looks at a :class:`Context` (the document's prose view, the names registry,
the config and the spelling answers) and yields :class:`Hit` objects with offsets in the
ORIGINAL text; the checker turns them into diagnostics. Sources are the ids of
the conventions (L*, C*, D*, N*, P*, I*; docs/check.md) and the works they cite (MS, SS, RK).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import attrs

from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import Severity
from strukturer.check.hunspell import SpellResult
from strukturer.check.names import Registry
from strukturer.check.text import HEADING, Document


@attrs.frozen
class Hit:
    """A finding: original offsets [start, end), message and the corrected form."""

    start: int
    end: int
    message: str
    suggestion: str | None = None


class Spans:
    """Spans [start, end) of the prose that do not overlap, for lookups in O(log n)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one of the spans."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) shares a character with one of the spans."""
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and start < self._ends[i]


@attrs.frozen
class NameScan:
    """Names found in the prose: known (registered) spans and misspelt authority names."""

    known: tuple[tuple[int, int, str], ...]
    unknown: tuple[tuple[int, int, str, str | None], ...]
    _known_spans: Spans = attrs.field(init=False, repr=False, eq=False)
    _all_spans: Spans = attrs.field(init=False, repr=False, eq=False)

    @_known_spans.default
    def _spans_of_known(self) -> Spans:
        return Spans((s, e) for s, e, *_ in self.known)

    @_all_spans.default
    def _spans_of_all(self) -> Spans:
        return Spans([*((s, e) for s, e, *_ in self.known), *((s, e) for s, e, *_ in self.unknown)])

    def covers(self, start: int, end: int, *, unknown: bool = True) -> bool:
        """Whether prose [start, end) lies inside a found name (known, or unknown too)."""
        return (self._all_spans if unknown else self._known_spans).covers(start, end)


@attrs.define
class Context:
    """What a rule sees."""

    doc: Document
    registry: Registry
    config: CheckConfig
    names: NameScan
    spelling: Mapping[str, SpellResult] = attrs.field(factory=dict)
    unknown_authority_enabled: bool = True
    #: The project folder (where strukturer.toml is): image paths are relative to it.
    folder: Path | None = None
    #: The words for hunspell, found once and shared by the spelling rules.
    spelling_candidates: tuple[tuple[int, int, str], ...] | None = None

    def hit(self, start: int, end: int, message: str, suggestion: str | None = None) -> Hit:
        """A hit for the prose span [start, end)."""
        o_start, o_end = self.doc.original_span(start, end)
        return Hit(o_start, o_end, message, suggestion)


CheckFunction = Callable[[Context], Iterable[Hit]]


@attrs.frozen
class Rule:
    """A named rule: id, default severity, source, one-line description, an example."""

    id: str
    severity: Severity
    source: str
    description: str
    wrong: str
    right: str
    check: CheckFunction = attrs.field(repr=False)
    default: bool = True


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: Severity,
    source: str,
    description: str,
    example: tuple[str, str],
    *,
    default: bool = True,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function as a rule."""

    def register(function: CheckFunction) -> CheckFunction:
        assert rule_id not in RULES, rule_id
        RULES[rule_id] = Rule(
            rule_id, severity, source, description, example[0], example[1], function, default
        )
        return function

    return register


# ---------------------------------------------------------------- helpers


def quoted(text: str) -> str:
    """Quote ``text`` in a message."""
    return f'"{text}"'


def keep_case(written: str, correct: str) -> str:
    """``correct`` with the first letter's case of ``written``."""
    if written[:1].isupper():
        return correct[:1].upper() + correct[1:]
    return correct


def sentence_initial(doc: Document, index: int) -> bool:
    """Whether prose[index] begins a sentence, a heading, a list item or the text."""
    prose = doc.prose
    j = index - 1
    crossed_newline = False
    while j >= 0 and prose[j] in " \t\u00a0\"”’'(–—-*#>_\n":
        if prose[j] == "\n":
            crossed_newline = True
            break
        j -= 1
    if j < 0:
        return True
    if crossed_newline:
        line = doc.line_of_prose(index)
        if line in doc.block_starts:
            return True
        k = j - 1
        while k >= 0 and prose[k] in " \t\u00a0":
            k -= 1
        if k < 0 or prose[k] in ".!?:\n*#":
            return True
        if line < 2:
            return False
        previous = doc.original[doc.line_starts[line - 2] : doc.line_starts[line - 1] - 1]
        return bool(HEADING.match(previous))
    return prose[j] in ".!?:"


def previous_word(prose: str, index: int) -> str:
    """The word (lower-case, with inner full stops and colons) just before ``index``."""
    match = re.search(r"([^\W\d_][\w.:]*)\W*$", prose[max(0, index - 30) : index])
    return match.group(1).lower() if match else ""


def active_rules(config: CheckConfig) -> list[Rule]:
    """The rules that run under ``config``, in registry order."""
    return [r for r in RULES.values() if config.is_enabled(r.id, r.default)]


def run_rules(ctx: Context, rules: Iterable[Rule]) -> Iterator[tuple[Rule, Hit]]:
    """Run ``rules`` on ``ctx``; yield each rule with each of its hits."""
    for r in rules:
        for found in r.check(ctx):
            yield r, found
