"""Syntax, split tags and styles: what is wrong with a template before its names are resolved."""

from __future__ import annotations

import re
from typing import Any

import jinja2
from jinja2 import nodes

from strukturer.check.contract.paragraphs import BLOCKS, CLOSER, KEYWORD, Paragraph, Part, Tag
from strukturer.check.contract.rules import finding
from strukturer.check.diagnostics import Diagnostic
from strukturer.render.markdown import STYLE_NAMES
from strukturer.render.template_library import TemplateVersion


def _unclosed_block(part: Part) -> tuple[Paragraph, Tag] | None:
    """The innermost block tag (if, for, …) that no end tag closes."""
    stack: list[tuple[str, Paragraph, Tag]] = []
    for paragraph in part.paragraphs:
        for tag in paragraph.tags:
            match = KEYWORD.match(tag.text) if tag.kind == "{%" else None
            if match is None:
                continue
            word = match["word"]
            if word in BLOCKS or (word == "set" and "=" not in tag.text):
                stack.append((word, paragraph, tag))
            elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
                stack.pop()
    if not stack:
        return None
    _, paragraph, tag = stack[-1]
    return paragraph, tag


def _syntax_tag(paragraph: Paragraph, env: jinja2.Environment, message: str) -> Tag | None:
    """The tag of ``paragraph`` that a syntax error most likely lies in."""
    unknown = re.search(r"unknown tag '(\w+)'", message)
    statements = [t for t in paragraph.tags if t.kind == "{%"]
    if unknown is not None:
        for tag in statements:
            keyword = KEYWORD.match(tag.text)
            if keyword is not None and keyword["word"] == unknown[1]:
                return tag
    for tag in paragraph.tags:
        if tag.kind in ("{{", "{#"):
            try:
                env.parse(tag.jinja)
            except jinja2.TemplateSyntaxError:
                return tag
    return statements[0] if statements else (paragraph.tags[0] if paragraph.tags else None)


def parse_part(
    template: TemplateVersion, part: Part, env: jinja2.Environment, found: list[Diagnostic]
) -> nodes.Template | None:
    """Report unclosed tags, stray closers and Jinja's syntax error; the AST if it parses."""
    unclosed = False
    for paragraph in part.paragraphs:
        where = f"template {template}, {paragraph.where}"
        for tag in paragraph.tags:
            if not tag.closed:
                unclosed = True
                closer = CLOSER[tag.kind]
                found.append(
                    finding(
                        "template-syntax",
                        part.file,
                        paragraph.number,
                        tag.column,
                        f"{where}: tag {tag.text} is not closed with {closer} in its paragraph",
                        suggestion=tag.text.rstrip("}%# ") + " " + closer,
                        text=tag.text,
                    )
                )
        for column, closer in paragraph.strays:
            found.append(
                finding(
                    "template-syntax",
                    part.file,
                    paragraph.number,
                    column,
                    f"{where}: {closer} closes no tag",
                    text=closer,
                )
            )
    if unclosed:
        return None
    try:
        return env.parse(part.source())
    except jinja2.TemplateSyntaxError as exc:
        at: Paragraph | None = part.paragraph(exc.lineno)
        culprit: Tag | None = _syntax_tag(at, env, exc.message or "") if at else None
        if "Unexpected end of template" in (exc.message or ""):
            block = _unclosed_block(part)
            if block is not None:
                at, culprit = block
        line = at.number if at else 1
        where = f", {at.where}" if at else ""
        found.append(
            finding(
                "template-syntax",
                part.file,
                line,
                culprit.column if culprit else 1,
                f"template {template}{where}: {exc.message}"
                + (f" in {culprit.text}" if culprit else ""),
                text=culprit.text if culprit else "",
            )
        )
        return None


def split_tags(template: TemplateVersion, part: Part, found: list[Diagnostic]) -> None:
    for paragraph in part.paragraphs:
        for tag in paragraph.tags:
            start = tag.column - 1
            cuts = [b for b in paragraph.boundaries if start < b < tag.end]
            if not cuts or not tag.closed:
                continue
            pieces = [
                tag.text[a - start : b - start]
                for a, b in zip([start, *cuts], [*cuts, tag.end], strict=True)
            ]
            found.append(
                finding(
                    "template-split-tag",
                    part.file,
                    paragraph.number,
                    tag.column,
                    f"template {template}, {paragraph.where}: tag {tag.text} is split over "
                    f"{len(pieces)} runs ({' | '.join(repr(p) for p in pieces)}); "
                    "delete it and type it again in one go",
                    suggestion=tag.text,
                    text=tag.text,
                )
            )


def missing_styles(
    template: TemplateVersion, document: Any, file: str, found: list[Diagnostic]
) -> None:
    for name in STYLE_NAMES.values():
        try:
            document.styles[name]
        except KeyError:
            found.append(
                finding(
                    "template-style-missing",
                    file,
                    1,
                    1,
                    f"template {template} lacks the Word style {name!r} that prose renders "
                    "into (docs/templates.md, Style names)",
                    suggestion=name,
                    text=name,
                )
            )
