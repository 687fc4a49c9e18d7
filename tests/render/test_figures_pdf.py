"""End to end with the real LibreOffice: header cells are TH, figures carry /Alt."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from strukturer import TemplateLibrary
from strukturer.pdf import Engine
from tests.render.conftest import render_report

pytestmark = pytest.mark.engine


def structure(node: Any) -> Iterator[DictionaryObject]:
    """Every structure element under ``node``, depth first."""
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for item in node:
            yield from structure(item)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from structure(node["/K"])


def attribute(element: DictionaryObject, key: str) -> Any:
    attributes = element.get("/A")
    items = attributes if isinstance(attributes, ArrayObject) else [attributes]
    return next((a.get_object()[key] for a in items if a and key in a.get_object()), None)


def test_table_header_cells_are_th_and_figures_have_alt(
    figures_project: Path, styled_library: TemplateLibrary, tmp_path: Path
) -> None:
    document = render_report(figures_project, styled_library)
    source = tmp_path / "rapport.docx"
    document.save(str(source))
    target = tmp_path / "rapport.pdf"
    with Engine() as engine:
        engine.convert(source, target, title="Rapport")
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    elements = list(structure(reader.trailer["/Root"]["/StructTreeRoot"]))
    headers = [e for e in elements if e["/S"] == "/TH"]
    assert len(headers) == 6  # the table and the chart's data table, three columns each
    assert {attribute(e, "/Scope") for e in headers} == {"/Column"}
    figures = [e for e in elements if e["/S"] == "/Figure"]
    alts = [str(e.get("/Alt")) for e in figures]
    assert alts[0] == "Karta över Östergötland med Linköping markerat"
    assert alts[1].startswith("Linjediagram: Andel ärenden från skolan. Visar Skolan, ")
    assert len(figures) == 2  # the decorative picture is an artifact, not a Figure
    assert sum(e["/S"] == "/Table" for e in elements) == 2
    widths = {
        image.get_object()["/Width"]
        for page in reader.pages
        for image in page["/Resources"].get("/XObject", {}).values()
    }
    assert widths == {600}  # the map; the chart is drawn from its SVG, not from the PNG fallback
