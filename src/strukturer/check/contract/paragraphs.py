"""A template's .docx as paragraphs: each Word paragraph one line of a Jinja source."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import attrs
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from strukturer.render.template_library import TemplateVersion

# ---------------------------------------------------------------- the docx as paragraphs

_TAG_TOKEN = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_PREFIX = re.compile(r"^(\{\{|\{%|\{#)(tr|tc|p|r) ")
_CELL_TAG = re.compile(r"^\{%-?\s*(colspan|cellbg)\s(?P<expr>.*?)-?%\}$", re.DOTALL)
KEYWORD = re.compile(r"^\{%[-+]?(?:(?:tr|tc|p|r) )?\s*(?P<word>\w+)")
BLOCKS = ("if", "for", "macro", "call", "filter", "with", "block", "autoescape", "raw")


@attrs.frozen
class Tag:
    """One docxtpl tag in a paragraph: its text as written and 1-based column."""

    text: str
    column: int
    closed: bool
    prefix: str  # "" or docxtpl's "p", "r", "tr", "tc"

    @property
    def kind(self) -> str:
        """``{{``, ``{%`` or ``{#``."""
        return self.text[:2]

    @property
    def end(self) -> int:
        """0-based offset just after the tag."""
        return self.column - 1 + len(self.text)

    @property
    def jinja(self) -> str:
        """The tag as plain Jinja: docxtpl's prefix and cell tags removed."""
        cell = _CELL_TAG.match(self.text)
        if cell is not None:
            return "{{ " + cell["expr"] + " }}"
        return _PREFIX.sub(r"\1 ", self.text)


@attrs.frozen
class Paragraph:
    """A Word paragraph: number in its part, text, run boundaries, tags and place."""

    number: int
    text: str
    boundaries: tuple[int, ...]
    tags: tuple[Tag, ...]
    strays: tuple[tuple[int, str], ...]
    place: str

    @property
    def where(self) -> str:
        """The paragraph's place and (shortened) text, for messages."""
        text = self.text.strip()
        short = text if len(text) <= 60 else text[:57] + "…"
        return f'{self.place} "{short}"'

    def source(self) -> str:
        """The paragraph's text as one line of Jinja."""
        pieces: list[str] = []
        last = 0
        for tag in self.tags:
            pieces += [self.text[last : tag.column - 1], tag.jinja]
            last = tag.end
        pieces.append(self.text[last:])
        return "".join(pieces).replace("\n", " ")

    def locate(self, needle: str | None, word: str | None = None) -> Tag | None:
        """The tag holding ``needle`` (spaces ignored), else ``word``, else the first tag."""
        if needle:
            compact = needle.replace(" ", "")
            for tag in self.tags:
                if compact in re.sub(r"\s+", "", tag.text):
                    return tag
        if word:
            for tag in self.tags:
                if re.search(rf"\b{re.escape(word)}\b", tag.text):
                    return tag
        return self.tags[0] if self.tags else None


@attrs.frozen
class Part:
    """The body, a header or a footer: its name in diagnostics and its paragraphs."""

    file: str
    paragraphs: tuple[Paragraph, ...]

    def paragraph(self, line: int | None) -> Paragraph | None:
        """The paragraph on Jinja line ``line``."""
        if line is None or not 1 <= line <= len(self.paragraphs):
            return None
        return self.paragraphs[line - 1]

    def source(self) -> str:
        """The part as Jinja: one line per paragraph."""
        return "\n".join(p.source() for p in self.paragraphs)


def _scan(text: str) -> tuple[list[Tag], list[tuple[int, str]]]:
    """The tags of a paragraph's text, and closing braces outside any tag."""
    tags: list[Tag] = []
    strays: list[tuple[int, str]] = []
    start: int | None = None
    opener = ""

    def add(end: int, closed: bool) -> None:
        assert start is not None
        written = text[start:end]
        prefix = _PREFIX.match(written)
        tags.append(Tag(written, start + 1, closed, prefix[2] if prefix else ""))

    for token in _TAG_TOKEN.finditer(text):
        value = token.group()
        if start is None:
            if value in CLOSER:
                start, opener = token.start(), value
            else:
                strays.append((token.start() + 1, value))
        elif value == CLOSER[opener]:
            add(token.end(), True)
            start = None
        elif value in CLOSER:
            add(token.start(), False)
            start, opener = token.start(), value
    if start is not None:
        add(len(text), False)
    return tags, strays


def _own(element: Any, tag: str, owner: Any) -> bool:
    """Whether the nearest ``tag`` ancestor of ``element`` is ``owner``."""
    return next(element.iterancestors(tag), None) is owner


def _runs(p: Any) -> list[str]:
    """The texts of a paragraph's own runs (not those of nested text boxes)."""
    texts: list[str] = []
    for run in p.iter(qn("w:r")):
        if not _own(run, qn("w:p"), p):
            continue
        pieces = []
        for child in run.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
            if not _own(child, qn("w:r"), run):
                continue
            if child.tag == qn("w:t"):
                pieces.append(child.text or "")
            else:
                pieces.append("\t" if child.tag == qn("w:tab") else "\n")
        texts.append("".join(pieces))
    return texts


def _place(p: Any, number: int, tables: dict[Any, int]) -> str:
    cell = next(p.iterancestors(qn("w:tc")), None)
    if cell is None:
        return f"paragraph {number}"
    row = cell.getparent()
    table = row.getparent()
    rows = [r for r in table.iterchildren(qn("w:tr"))]
    cells = [c for c in row.iterchildren(qn("w:tc"))]
    return (
        f"table {tables[table]}, row {rows.index(row) + 1}, cell {cells.index(cell) + 1} "
        f"(paragraph {number})"
    )


def _paragraphs(root: Any) -> tuple[Paragraph, ...]:
    tables = {t: i for i, t in enumerate(root.iter(qn("w:tbl")), 1)}
    found = []
    for number, p in enumerate(root.iter(qn("w:p")), 1):
        runs = _runs(p)
        boundaries: list[int] = []
        offset = 0
        for run in runs:
            offset += len(run)
            boundaries.append(offset)
        text = "".join(runs)
        tags, strays = _scan(text)
        found.append(
            Paragraph(
                number,
                text,
                tuple(boundaries[:-1]),
                tuple(tags),
                tuple(strays),
                _place(p, number, tables),
            )
        )
    return tuple(found)


def display(template: TemplateVersion, relative_to: Path | None) -> str:
    path = template.docx
    if relative_to is not None:
        try:
            return path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            pass
    parents = template.path.parents
    return path.relative_to(parents[2]).as_posix() if len(parents) > 2 else path.as_posix()


def parts(document: Any, file: str) -> list[Part]:
    """The body, then each header and footer part once (in part-name order)."""
    parts = [Part(file, _paragraphs(document.element.body))]
    extra = {
        rel.target_part.partname: rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external
    }
    for partname in sorted(extra, key=str):
        name = Path(str(partname)).stem
        parts.append(Part(f"{file}#{name}", _paragraphs(extra[partname].element)))
    return parts
