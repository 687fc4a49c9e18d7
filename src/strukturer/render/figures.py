"""Pictures as real inline ``w:drawing`` elements with alt text, or marked decorative.

The image goes into the package through python-docx's image parts; the drawing's
``wp:docPr/@descr`` holds the alt text, which LibreOffice exports as the PDF Figure's
/Alt. A decorative picture carries Office's ``adec:decorative`` extension, which
LibreOffice (7.5 and later) reads and exports as an artifact (docs/figures.md).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import parse_xml
from lxml import etree

#: Image files a figure may use.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
_SVG_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$")
_DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
_DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_SVG_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


class FigureProblem(Exception):
    """Raised when a figure's image cannot be used; the caller adds file:line."""


def read_image(name: str, project_dir: Path | None) -> bytes:
    """The bytes of image ``name``, a path relative to the project folder."""
    if project_dir is None:
        raise FigureProblem(f"image {name!r} needs a project folder to be found in")
    path = (project_dir / name).resolve()
    if not path.is_relative_to(project_dir.resolve()):
        raise FigureProblem(f"image {name!r} is outside the project folder")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise FigureProblem(
            f"image {name!r}: use a PNG, JPEG or SVG file ({', '.join(IMAGE_SUFFIXES)})"
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FigureProblem(
            f"image file {name!r} not found (paths are relative to the project folder, "
            "where strukturer.toml is)"
        ) from None
    except OSError as exc:
        raise FigureProblem(f"cannot read image {name!r}: {exc.strerror}") from None


def svg_fallback(svg: bytes) -> bytes:
    """A blank PNG with the SVG's proportions, the bitmap Word 2013 and older would show.

    Nothing here can draw an SVG as a bitmap; Word 2016 and later and LibreOffice show
    the SVG itself.
    """
    try:
        root = etree.fromstring(svg, _SVG_PARSER)
    except etree.XMLSyntaxError as exc:
        raise FigureProblem(f"not a readable SVG file: {exc.msg}") from None
    if etree.QName(root).localname != "svg":
        raise FigureProblem("not an SVG file (its root element is not <svg>)")
    width, height = _svg_size(root)
    from PIL import Image  # noqa: PLC0415 - Pillow comes with matplotlib; only for SVG figures

    pixels = (600, max(1, round(600 * height / width)))
    out = io.BytesIO()
    Image.new("RGB", pixels, "white").save(out, format="PNG")
    return out.getvalue()


def _svg_size(root: etree._Element) -> tuple[float, float]:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            width = height = 0.0
        if width > 0 and height > 0:
            return width, height
    sizes = [_LENGTH.match(root.get(key) or "") for key in ("width", "height")]
    if sizes[0] and sizes[1] and float(sizes[0][1]) > 0 and float(sizes[1][1]) > 0:
        return float(sizes[0][1]), float(sizes[1][1])
    raise FigureProblem("the SVG gives no size: it needs a viewBox or a width and height")


def picture_run(
    part: Any,
    image: bytes,
    *,
    width: int,
    shape_id: int,
    alt: str,
    decorative: bool,
    svg: bytes | None = None,
) -> etree._Element:
    """A ``w:r`` holding the picture inline, ``width`` EMU wide (height to scale).

    With ``svg``, the picture is that SVG and ``image`` its bitmap fallback, as Word
    writes it (``asvg:svgBlip``); Word 2016 and later and LibreOffice show the SVG.
    """
    try:
        inline = part.new_pic_inline(io.BytesIO(image), width=width)
    except UnrecognizedImageError:
        raise FigureProblem("not a PNG or JPEG image that can be read") from None
    if svg is not None:
        _add_svg(part, inline, svg)
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("id", str(shape_id))
    doc_pr.set("name", f"Figur {shape_id}")
    doc_pr.set("descr", "" if decorative else alt)
    if decorative:
        doc_pr.append(
            parse_xml(
                f'<a:extLst {nsdecls("a")}><a:ext uri="{_DECORATIVE_URI}">'
                f'<adec:decorative xmlns:adec="{_DECORATIVE_NS}" val="1"/></a:ext></a:extLst>'
            )
        )
    pic = inline.find(f".//{qn('pic:cNvPr')}")
    if pic is not None:
        pic.set("id", "0")
        pic.set("descr", "" if decorative else alt)
    run = OxmlElement("w:r")
    drawing = OxmlElement("w:drawing")
    drawing.append(inline)
    run.append(drawing)
    return run


def _add_svg(part: Any, inline: etree._Element, svg: bytes) -> None:
    """Add ``svg`` as an image part and point the picture's blip at it as its SVG form."""
    partname = part.package.next_partname("/word/media/image%d.svg")
    svg_part = Part(partname, "image/svg+xml", svg, part.package)
    rid = part.relate_to(svg_part, RT.IMAGE)
    blip = inline.find(f".//{qn('a:blip')}")
    if blip is None:
        raise FigureProblem("python-docx made a picture without a:blip")
    blip.append(
        parse_xml(
            f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{_SVG_URI}">'
            f'<asvg:svgBlip xmlns:asvg="{_SVG_NS}" r:embed="{rid}"/></a:ext></a:extLst>'
        )
    )
