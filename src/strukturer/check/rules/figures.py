"""Figures (A1; WCAG 2.1 1.1.1 through EN 301 549): alt text and the image file.

The figure syntax is the renderer's (:mod:`strukturer.render.syntax`, docs/figures.md):
``![Alt text](figurer/karta.png "Figur caption"){#fig:karta source="SCB"}``; a
decorative image is ``![](figurer/linje.png){.decorative}``. Paths are relative to the
project folder (where ``strukturer.toml`` is).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from strukturer.check.diagnostics import Severity
from strukturer.check.rules.base import Context, Hit, quoted, rule
from strukturer.render.items import NOT_ON_THEIR_OWN
from strukturer.render.syntax import (
    DECORATIVE,
    PARSER,
    TABLE_CAPTION,
    SyntaxProblem,
    figure_image,
    table_caption,
)

#: A Markdown image with its optional title and attribute block.
IMAGE = re.compile(
    r"!\[(?P<alt>[^\[\]\n]*)\]\((?P<src>[^()\s]+)(?:\s+\"(?P<title>[^\"\n]*)\")?\)"
    r"(?P<attrs>\{[^{}\n]*\})?"
)
#: The class that marks an image as decoration, as the renderer reads it.
_DECORATIVE = re.compile(rf"(?<![\w-])\.{DECORATIVE}(?![\w-])")
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _images(ctx: Context) -> Iterator[re.Match[str]]:
    doc = ctx.doc
    if not doc.markdown:
        return
    for m in IMAGE.finditer(doc.original):
        if doc.position(m.start())[0] not in doc.code_lines:
            yield m


@rule(
    "image-alt-text",
    Severity.ERROR,
    "A1 (DOS: EN 301 549, WCAG 2.1 1.1.1)",
    "An image that is not marked decorative has alt text.",
    ("![](figurer/karta.png)", "![Karta över länen](figurer/karta.png)"),
)
def _image_alt_text(ctx: Context) -> Iterator[Hit]:
    for m in _images(ctx):
        if m["alt"].strip() or _DECORATIVE.search(m["attrs"] or ""):
            continue
        yield Hit(
            m.start(),
            m.end(),
            f"image {quoted(m['src'])} has no alt text; describe it in ![…] "
            "or mark it {.decorative} (WCAG 1.1.1)",
        )


@rule(
    "image-missing",
    Severity.ERROR,
    "docs/check.md (figures)",
    "The image file exists, relative to the project folder.",
    ("![Karta](figurer/saknas.png)", "![Karta](figurer/karta.png)"),
)
def _image_missing(ctx: Context) -> Iterator[Hit]:
    if ctx.folder is None:
        return
    for m in _images(ctx):
        source = m["src"]
        if _URL.match(source) or (ctx.folder / source).is_file():
            continue
        yield Hit(
            m.start("src"),
            m.end("src"),
            f"image file {quoted(source)} does not exist in the project folder {ctx.folder}",
        )


_OPENS = {"bullet_list_open", "ordered_list_open", "blockquote_open", "footnote_open"}
_CLOSES = {"bullet_list_close", "ordered_list_close", "blockquote_close", "footnote_close"}


def _misplaced(text: str) -> Iterator[tuple[int, str]]:
    """(0-based line, message) of each figure or table caption the renderer refuses."""
    nested = 0
    heading = False
    for token in PARSER.parse(text):
        if token.type in _OPENS:
            nested += 1
        elif token.type in _CLOSES:
            nested -= 1
        elif token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        elif token.type == "inline" and token.map is not None:
            try:
                item = table_caption(token) is not None or figure_image(token) is not None
            except SyntaxProblem as exc:
                yield token.map[0], str(exc)
                continue
            if item and (nested or heading):
                yield token.map[0], NOT_ON_THEIR_OWN


@rule(
    "figure-placement",
    Severity.ERROR,
    "docs/figures.md",
    "A figure stands alone in its own paragraph, and neither a figure nor a table caption "
    "stands in a heading, list, quote or footnote (the build's own verdict and words).",
    ("Se ![Karta](figurer/karta.png) här.", "![Karta](figurer/karta.png)"),
)
def _figure_placement(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    if not doc.markdown or ("![" not in doc.original and "Tabell:" not in doc.original):
        return
    for line, message in _misplaced(doc.original):
        start = doc.line_starts[line]
        end = doc.original.find("\n", start)
        end = len(doc.original) if end == -1 else end
        found = [doc.original.find(mark, start, end) for mark in ("![", TABLE_CAPTION)]
        at = min((i for i in found if i != -1), default=start)
        yield Hit(at, at, message)
