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
from strukturer.render.syntax import DECORATIVE

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
