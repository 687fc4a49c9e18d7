"""Numbers of tables and figures, per chapter, and cross-references to them by label.

Before a document renders, :func:`plan_numbering` walks the context in content order,
finds every numbered item (a captioned table, a figure, a chart) and gives it its number:
``2.1`` for the first in chapter 2, plain ``1``, ``2`` … outside the report's chapters.
So a reference may point forward, and the lists of tables and figures are known
before the template asks for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from strukturer.model import Prose, Report
from strukturer.render.charts import ChartProblem, parse_chart
from strukturer.render.syntax import (
    CHART_FENCE,
    PARSER,
    REF_PATTERN,
    SyntaxProblem,
    figure_image,
    image_caption,
    is_decorative,
    located,
    main_tokens,
    table_caption,
)

#: How a caption names each kind of item.
KIND_WORDS: Mapping[str, str] = {"table": "Tabell", "figure": "Figur"}


@attrs.frozen
class Entry:
    """One numbered table or figure."""

    kind: str
    number: str
    caption: str
    label: str | None = None

    @property
    def title(self) -> str:
        """The caption as printed: ``Tabell 2.1 Antal ärenden``."""
        return f"{KIND_WORDS[self.kind]} {self.number} {self.caption}".strip()


class Numbering:
    """The numbers of one document's tables and figures, by prose field and by label."""

    def __init__(self, project_dir: Path | None = None) -> None:
        self.project_dir = project_dir
        self.entries: list[Entry] = []
        self.labels: dict[str, Entry] = {}
        self._by_prose: dict[int, list[Entry]] = {}
        self._kept: list[Prose] = []  # keeps each planned Prose alive, so its id stays its own
        self._counters: dict[tuple[str, str], int] = {}

    def add(self, prose: Prose, scope: str) -> list[Entry]:
        """Number the items in ``prose``, in chapter ``scope`` ("" outside chapters)."""
        found = self._by_prose.get(id(prose))
        if found is not None:
            return found
        found = []
        for kind, caption, label, token in _items(prose, self.project_dir):
            key = (scope, kind)
            self._counters[key] = self._counters.get(key, 0) + 1
            number = f"{scope}.{self._counters[key]}" if scope else str(self._counters[key])
            entry = Entry(kind, number, caption, label)
            if label is not None:
                if label in self.labels:
                    raise located(prose, token, f"label {label!r} is used twice")
                self.labels[label] = entry
            found.append(entry)
        self.entries.extend(found)
        self._by_prose[id(prose)] = found
        self._kept.append(prose)
        return found

    def of(self, prose: Prose) -> list[Entry]:
        """The entries of ``prose`` in order (numbered now, outside chapters, if not planned)."""
        return self.add(prose, "")

    def listing(self, kind: str) -> list[Entry]:
        """Every entry of ``kind`` ("table" or "figure") in order."""
        return [e for e in self.entries if e.kind == kind]

    def resolve(self, text: str, *, strict: bool = True) -> str:
        """``text`` with each ``{ref:label}`` replaced by its number.

        An unknown label raises KeyError naming it, or stays as written unless ``strict``.
        """

        def number(match: re.Match[str]) -> str:
            entry = self.labels.get(match[1])
            if entry is None:
                if strict:
                    raise KeyError(match[1])
                return match[0]
            return entry.number

        return REF_PATTERN.sub(number, text)


def plan_numbering(context: Mapping[str, Any], project_dir: Path | None = None) -> Numbering:
    """Number every table and figure in the prose ``context`` holds (see module docstring)."""
    numbering = Numbering(project_dir)
    for prose, scope in _prose_in(context, set()):
        numbering.add(prose, scope)
    return numbering


def _prose_in(value: Any, seen: set[int]) -> Iterator[tuple[Prose, str]]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Prose):
        yield value, ""
    elif isinstance(value, Report):
        for index, chapter in enumerate(value.chapters, start=1):
            seen.add(id(chapter))
            seen.add(id(chapter.body))
            yield chapter.body, str(index)
        for field in attrs.fields(Report):
            if field.name != "chapters":
                yield from _prose_in(getattr(value, field.name), seen)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _prose_in(getattr(value, field.name), seen)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _prose_in(item, seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _prose_in(item, seen)


def _items(prose: Prose, project_dir: Path | None) -> Iterator[tuple[str, str, str | None, Any]]:
    """(kind, caption, label, token) of each numbered item in ``prose``, in order."""
    tokens = main_tokens(PARSER.parse(prose.markdown))
    for index, token in enumerate(tokens):
        if token.type == "fence" and token.info.strip() == CHART_FENCE:
            try:
                chart = parse_chart(token.content, project_dir)
            except ChartProblem as exc:
                raise located(prose, token, f"chart: {exc}", offset=1 + exc.line) from None
            yield "figure", chart.title, chart.label, token
        if token.type != "inline":
            continue
        try:
            caption = table_caption(token)
            image = figure_image(token) if caption is None else None
        except SyntaxProblem as exc:
            raise located(prose, token, str(exc)) from None
        following = tokens[index + 2] if index + 2 < len(tokens) else None
        if caption is not None and following is not None and following.type == "table_open":
            yield "table", caption.text, caption.label, token
        elif image is not None and not is_decorative(image):
            figure = image_caption(image)
            yield "figure", figure.text, figure.label, token
