"""The Markdown syntax of prose: the parser and how tables, figures and charts are written.

Shared by the renderer and the numbering pre-pass, so both see the same numbered items
in the same order (docs/figures.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.attrs.parse import ParseError, parse
from mdit_py_plugins.footnote import footnote_plugin

from strukturer.errors import RenderError
from strukturer.model import Prose

PARSER = (
    MarkdownIt("commonmark", {"html": False, "typographer": False})
    .use(footnote_plugin)
    .use(attrs_plugin, after=("image", "span_close"), spans=True)
    .enable("table")
)
PARSER.disable(["code", "html_block", "html_inline", "hr"], ignoreInvalid=True)

#: The word that opens a table caption line: ``Tabell: Antal ärenden {#tab:arenden}``.
TABLE_CAPTION = "Tabell:"
#: The info string of a fenced chart block.
CHART_FENCE = "chart"
#: A cross-reference in running text: ``{ref:tab:arenden}``.
REF_PATTERN = re.compile(r"\{ref:([^{}\s]+)\}")
#: The class that marks an image as decoration (no caption, an artifact in the PDF).
DECORATIVE = "decorative"
#: Text in another language: ``[Summary in English]{lang=en}`` (WCAG 3.1.2).
LANGUAGE_SPAN = re.compile(r"\[[^\[\]\n]*\]\{lang=[A-Za-z-]+\}")
#: A language tag as BCP 47 writes it: ``en``, ``en-GB``, ``fi``, ``se`` (North Sami), ``fit``.
LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


_IMAGE_ATTRIBUTES = re.compile(r"(?<=\))\{[^{}\n]*\}")
_CAPTION_ATTRIBUTES = re.compile(r"\{[^{}\n]*\}\s*$")


def markup_spans(line: str) -> list[tuple[int, int]]:
    """The (start, end) ranges of a Markdown line that are markup, not prose.

    They are the attribute blocks after an image (``![…](x.png){#fig:x source="…"}``)
    and at the end of a caption line (``Tabell: … {#tab:x}``), cross-references
    (``{ref:tab:x}``) and text in another language (``[…]{lang=en}``): what a Swedish
    language check should not read as text.
    """
    spans = [m.span() for m in _IMAGE_ATTRIBUTES.finditer(line)]
    spans += [m.span() for m in REF_PATTERN.finditer(line)]
    spans += [m.span() for m in LANGUAGE_SPAN.finditer(line)]  # not Swedish: not checked
    if line.lstrip().startswith(TABLE_CAPTION):
        spans += [m.span() for m in _CAPTION_ATTRIBUTES.finditer(line)]
    return sorted(set(spans))


class MarkdownError(RenderError):
    """Raised when prose uses Markdown the documents cannot show."""


class SyntaxProblem(Exception):
    """Raised when a table caption or a figure is written wrongly; the caller adds file:line."""


def located(prose: Prose, token: Token | None, message: str, offset: int = 0) -> MarkdownError:
    """``message`` prefixed with the file and line of ``token`` in ``prose`` when known.

    ``offset`` counts lines from the token's first line (e.g. a line inside a fenced block).
    """
    origin = prose.origin
    if origin is None:
        return MarkdownError(message)
    line = origin.line + (token.map[0] if token is not None and token.map else 0) + offset
    return MarkdownError(f"{origin.file}:{line}: {message}")


@attrs.frozen
class Caption:
    """A caption with its attributes: ``label`` (``tab:x``), ``source`` and the rest."""

    text: str
    label: str | None = None
    source: str | None = None
    classes: tuple[str, ...] = ()
    options: Mapping[str, str] = attrs.field(factory=dict)


def caption_from(text: str, attributes: Mapping[str, str]) -> Caption:
    """A caption from its text and the attributes written in ``{…}``."""
    options = {k: v for k, v in attributes.items() if k not in ("id", "class", "source")}
    return Caption(
        text=text.strip(),
        label=attributes.get("id"),
        source=attributes.get("source"),
        classes=tuple(attributes.get("class", "").split()),
        options=options,
    )


def table_caption(inline: Token) -> Caption | None:
    """The table caption an inline token holds (``Tabell: …``), or None."""
    content = inline.content.strip()
    if not content.startswith(TABLE_CAPTION):
        return None
    text = content[len(TABLE_CAPTION) :].strip()
    attributes: dict[str, str] = {}
    if text.endswith("}"):
        start, attributes = _attribute_block(text)
        text = text[:start]
    return caption_from(text, attributes)


def _attribute_block(text: str) -> tuple[int, dict[str, str]]:
    """Where the attribute block that ends ``text`` starts, and its attributes."""
    problem = "the caption's attribute block has no opening '{'"
    for start in (i for i, c in enumerate(text) if c == "{"):
        try:
            end, attributes = parse(text[start:])
        except ParseError as exc:
            problem = f"the caption's attribute block is malformed: {exc}"
            continue
        if start + end + 1 == len(text):  # parse() gives the index of the closing brace
            return start, attributes
    raise SyntaxProblem(problem)


def figure_image(inline: Token) -> Token | None:
    """The image token when the paragraph holds only an image, else None.

    An image among other text is a :class:`SyntaxProblem`: a figure is a paragraph of its own.
    """
    children = [
        c for c in inline.children or () if not (c.type == "text" and not c.content.strip())
    ]
    images = [c for c in children if c.type == "image"]
    if not images:
        return None
    if len(children) != 1:
        raise SyntaxProblem(
            "an image must stand alone in its own paragraph (a figure); "
            "put a blank line before and after it"
        )
    return images[0]


def image_alt(image: Token) -> str:
    """The plain alt text of an image (emphasis markers dropped)."""
    return "".join(c.content for c in image.children or () if c.type in ("text", "code_inline"))


def is_decorative(image: Token) -> bool:
    """Whether an image is marked ``{.decorative}``."""
    return DECORATIVE in str(image.attrs.get("class", "")).split()


def image_caption(image: Token) -> Caption:
    """The caption of a figure: the image's title and its ``{#label source=…}`` attributes."""
    attributes = {k: str(v) for k, v in image.attrs.items() if k not in ("src", "alt", "title")}
    return caption_from(str(image.attrs.get("title", "")), attributes)


def main_tokens(tokens: Sequence[Token]) -> list[Token]:
    """The tokens outside footnote definitions."""
    out: list[Token] = []
    depth = 0
    for token in tokens:
        if token.type == "footnote_block_open":
            depth += 1
        elif token.type == "footnote_block_close":
            depth -= 1
        elif depth == 0:
            out.append(token)
    return out
