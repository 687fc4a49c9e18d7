"""Every PDF the shipped examples build passes the PDF/UA-1 machine check, end to end
with the real LibreOffice: the four deliverables, ``redovisning.pdf``, mail-merge
letters, and the second example's report with its table, chart and figure."""

from __future__ import annotations

import csv
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import strukturer
from strukturer.pdf import EnginePool
from strukturer.pdf.accessibility import check_pdfua

from .pdfcheck import (
    assert_pdfua,
    heading_levels,
    outline_levels,
    pdfa_claim,
    pdfua_claim,
)

pytestmark = pytest.mark.engine

CONTENT = Path(__file__).parents[2] / "content" / "strukturer-for-stod"
SINGLE = ["rapport", "missiv", "pressmeddelande", "regeringsbeslut"]


@pytest.fixture(scope="module")
def built(example_build: Path) -> Path:
    """The default build (tests/conftest.py)."""
    return example_build


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory, engine_pool: EnginePool) -> list[Path]:
    out = tmp_path_factory.mktemp("brev")
    with (CONTENT / "kommuner.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:8]
    template = strukturer.TemplateLibrary().get("kommunbrev", "2.0.0")
    result = strukturer.build_many(
        template, rows, out=out, filename="brev-{name}", engine=engine_pool
    )
    assert len(result.files) == len(rows)
    return sorted(result.files)


@pytest.mark.parametrize("name", SINGLE)
def test_each_deliverable_passes_the_pdfua_check(built: Path, name: str) -> None:
    reader = PdfReader(built / f"{name}.pdf")
    assert (pdfa_claim(reader), pdfua_claim(reader), reader.pdf_header) == (
        ("2", "B"),
        "1",
        "%PDF-1.7",
    )
    assert heading_levels(reader) == outline_levels(reader)
    assert heading_levels(reader)[0] == 1
    assert check_pdfua(reader) == []


def test_the_combined_pdf_passes_the_pdfua_check(built: Path) -> None:
    reader = assert_pdfua(built / "redovisning.pdf")
    parts = [PdfReader(built / f"{name}.pdf") for name in ("missiv", "rapport")]
    # One outline entry per part, each part's own outline under it.
    assert outline_levels(reader) == [
        level for part in parts for level in [1] + [n + 1 for n in outline_levels(part)]
    ]
    assert heading_levels(reader) == [n for part in parts for n in heading_levels(part)]


def test_every_mail_merge_letter_passes_the_pdfua_check(letters: list[Path]) -> None:
    for pdf in letters:
        reader = assert_pdfua(pdf)
        assert heading_levels(reader) == outline_levels(reader) == [1]


def _elements(node: object, found: list[DictionaryObject]) -> list[DictionaryObject]:
    """Every structure element below ``node``."""
    node = node.get_object()  # type: ignore[attr-defined]
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            _elements(kid, found)
    return found


def test_the_second_example_has_a_table_a_chart_and_a_figure_and_passes(
    second_example_build: Path,
) -> None:
    folder = second_example_build
    for pdf in sorted(folder.glob("*.pdf")):
        assert check_pdfua(pdf) == [], pdf.name
    body = docx.Document(str(folder / "delrapport.docx")).element.body
    assert len(body.findall(f".//{qn('w:tbl')}")) == 2  # the table and the chart's data
    assert len(body.findall(f".//{qn('w:tblHeader')}")) == 2
    assert len(body.findall(f".//{qn('w:drawing')}")) == 2  # the chart and the figure
    reader = PdfReader(folder / "delrapport.pdf")
    elements = _elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    kinds = [str(e["/S"]) for e in elements]
    assert kinds.count("/TH") == 8
    figures = [str(e["/Alt"]) for e in elements if e["/S"] == "/Figure"]
    assert figures[1] == "Fyra steg i följd: kartlägga, pröva, åtgärda och redogöra"
    assert figures[0].startswith("Grupperat stapeldiagram: Hur ofta myndigheterna prövar")
    # [Web Accessibility Directive]{lang=en}: LibreOffice writes the tag with a region
    assert [str(e["/Lang"]) for e in elements if "/Lang" in e] == ["en-US"]
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Tabell 3.1 Myndigheter med en uppdaterad" in text
    assert "figur 3.1 visar hur ofta" in " ".join(text.split())  # the cross-reference
    words = " ".join(text.split())  # the lists after the table of contents
    assert "Tabeller Tabell 3.1 Myndigheter med en uppdaterad" in words
    assert "Figurer Figur 3.1 Hur ofta myndigheterna prövar" in words
