"""The four 1.0.0 Word templates: styles, language, fonts, tags, and a smoke render."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tomllib
import zipfile
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup

from strukturer.format import FILTERS
from strukturer.model import (
    Assignment,
    Chapter,
    Contact,
    CoverLetter,
    Diarienummer,
    Finding,
    Isbn,
    Organisation,
    Person,
    Placeholder,
    PostalAddress,
    PressRelease,
    Quote,
    Recommendation,
    Reference,
    Report,
    ReportSeries,
    Section,
)

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SCRIPT = ROOT / "tools" / "make_templates.py"
VERSION = "1.0.0"
NAMES = ("regeringsbeslut", "rapport", "missiv", "pressmeddelande")
RENDERS = {
    "regeringsbeslut": "assignment",
    "rapport": "report",
    "missiv": "cover_letter",
    "pressmeddelande": "press_release",
    "kommunbrev": "record",
}
CONTEXT_NAMES = {
    "project",
    "agency",
    "assignment",
    "findings",
    "recommendations",
    "report",
    "press_release",
    "cover_letter",
    "template",
    "strukturer_version",
}
REQUIRED_STYLES = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Title",
    "Subtitle",
    "List Bullet",
    "List Bullet 2",
    "List Number",
    "List Number 2",
    "Quote",
    "Footnote Text",
    "Footnote Reference",
    "Hyperlink",
)
TOC_STYLES = ("TOC Heading", "TOC 1", "TOC 2", "TOC 3")
FONTS = {"Liberation Serif", "Liberation Sans"}
THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


#: Every released version: the structural tests hold for all of them, not only 1.0.0.
FOLDERS = sorted(path.parent for path in TEMPLATES.glob("*/*/template.docx"))


def template_path(name: str, version: str = VERSION) -> Path:
    return TEMPLATES / name / version / "template.docx"


def part_xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(member))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def header_footer_parts(document: Any) -> list[Any]:
    kinds = (RT.HEADER, RT.FOOTER)
    return [rel.target_part for rel in document.part.rels.values() if rel.reltype in kinds]


def all_paragraphs(document: Any) -> list[Any]:
    """Paragraphs of the body (tables included), headers and footers, in order."""
    body = [Paragraph(p, document.part) for p in document.element.body.iter(qn("w:p"))]
    others = [
        Paragraph(p, part)
        for part in header_footer_parts(document)
        for p in part.element.iter(qn("w:p"))
    ]
    return body + others


@pytest.fixture(params=NAMES)
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=FOLDERS, ids=lambda folder: f"{folder.parent.name}/{folder.name}")
def folder(request: pytest.FixtureRequest) -> Path:
    """A released template version, e.g. ``templates/rapport/1.0.0``."""
    return Path(request.param)


def test_every_template_has_version_1_0_0() -> None:
    assert {(f.parent.name, f.name) for f in FOLDERS} >= {(n, VERSION) for n in NAMES}


# --- structure -----------------------------------------------------------------------


def test_opens_with_python_docx_and_has_required_styles(folder: Path) -> None:
    name = folder.parent.name
    document = docx.Document(str(folder / "template.docx"))
    names = {style.name for style in document.styles}
    required = REQUIRED_STYLES + (TOC_STYLES if name == "rapport" else ())
    missing = [style for style in required if style not in names]
    assert not missing, f"{name} lacks styles {missing}"
    assert document.styles["Footnote Reference"].type == WD_STYLE_TYPE.CHARACTER
    assert document.styles["Footnote Reference"].font.superscript is True
    assert document.styles["Hyperlink"].type == WD_STYLE_TYPE.CHARACTER


def test_headings_keep_with_next(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for level in (1, 2, 3):
        assert document.styles[f"Heading {level}"].paragraph_format.keep_with_next is True


def test_language_is_swedish(folder: Path) -> None:
    name = folder.parent.name
    path = folder / "template.docx"
    styles = part_xml(path, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(qn("w:val")) == "sv-SE"
    assert lang.get(qn("w:eastAsia")) == "sv-SE"
    settings = part_xml(path, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(qn("w:val")) == "sv-SE"
    assert settings.find("w:autoHyphenation", NS) is not None
    update = settings.find("w:updateFields", NS)
    assert (update is not None) == (name == "rapport")


def test_footnotes_part_has_word_separators(folder: Path) -> None:
    path = folder / "template.docx"
    document = docx.Document(str(path))
    footnotes = document.part.part_related_by(RT.FOOTNOTES)
    assert str(footnotes.partname) == "/word/footnotes.xml"
    assert footnotes.content_type.endswith("wordprocessingml.footnotes+xml")
    root = part_xml(path, "word/footnotes.xml")
    notes = {n.get(qn("w:id")): n.get(qn("w:type")) for n in root.findall("w:footnote", NS)}
    assert notes == {"-1": "separator", "0": "continuationSeparator"}
    content_types = part_xml(path, "[Content_Types].xml")
    overrides = {o.get("PartName") for o in content_types}
    assert "/word/footnotes.xml" in overrides


def test_only_declared_fonts_and_no_theme_fonts(folder: Path) -> None:
    path = folder / "template.docx"
    members = [
        m
        for m in part_names(path)
        if m.startswith("word/")
        and m.endswith(".xml")
        and m.split("/")[-1].startswith(("styles", "document", "header", "footer", "numbering"))
    ]
    assert "word/styles.xml" in members
    seen: set[str] = set()
    for member in members:
        for rfonts in part_xml(path, member).iter(qn("w:rFonts")):
            for attr in THEME_FONT_ATTRS:
                assert rfonts.get(qn(f"w:{attr}")) is None, f"{member}: theme font {attr}"
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                value = rfonts.get(qn(f"w:{attr}"))
                if value is not None:
                    seen.add(value)
    manifest = tomllib.loads((path.parent / "manifest.toml").read_text(encoding="utf-8"))
    declared = set(manifest["fonts"])
    assert seen <= declared, f"fonts not in the manifest: {seen - declared}"
    if folder.name == VERSION:
        assert declared == FONTS
    defaults = part_xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    rfonts = defaults.find("w:rFonts", NS)
    body = {rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert len(body) == 1
    assert body <= declared


def test_page_is_a4(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for section in document.sections:
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)


def test_manifest_matches_folder(folder: Path) -> None:
    name = folder.parent.name
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    assert manifest["name"] == name
    assert manifest["version"] == folder.name
    assert manifest["renders"] == RENDERS[name]
    assert manifest["description"].strip()
    assert manifest["changelog"][0] == "1.0.0: första versionen"
    assert manifest["changelog"][-1].startswith(f"{folder.name}: ")


def test_core_properties_have_no_tags(folder: Path) -> None:
    props = docx.Document(str(folder / "template.docx")).core_properties
    for value in (props.title, props.author, props.subject, props.comments):
        assert "{" not in (value or "")
    assert not props.title
    assert not props.author


def test_rapport_has_toc_field_and_page_numbers() -> None:
    path = template_path("rapport")
    document = docx.Document(str(path))
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-3"') for i in instructions)
    begin = [
        f
        for f in document.element.body.iter(qn("w:fldChar"))
        if f.get(qn("w:fldCharType")) == "begin"
    ]
    assert begin[0].get(qn("w:dirty")) == "true"
    footers = [p for p in header_footer_parts(document) if "footer" in str(p.partname)]
    assert footers
    footer_instructions = [
        t.text.strip() for p in footers for t in p.element.iter(qn("w:instrText"))
    ]
    assert "PAGE" in footer_instructions
    formats = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections]
    assert [f.get(qn("w:fmt")) if f is not None else None for f in formats] == [
        None,
        "lowerRoman",
        "decimal",
    ]


@pytest.mark.parametrize("name", ["regeringsbeslut", "missiv"])
def test_letters_number_pages_of_total(name: str) -> None:
    document = docx.Document(str(template_path(name)))
    footer = document.sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_no_tag_is_split_across_runs(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        runs = [r.text for r in paragraph.runs]
        for run in runs:
            for opening, closing in (("{{", "}}"), ("{%", "%}")):
                assert run.count(opening) == run.count(closing), f"split tag in {run!r}"
        text = "".join(runs)
        for delimiter in ("{{", "}}", "{%", "%}"):
            assert text.count(delimiter) == sum(r.count(delimiter) for r in runs), text


def test_paragraph_tags_stand_alone(folder: Path) -> None:
    """``{{p …}}`` and ``{%p …%}`` are the only text of their paragraph."""
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        text = paragraph.text
        if "{{p " in text or "{%p " in text:
            assert text.strip().startswith(("{{p ", "{%p ")), text
            assert text.count("{{") + text.count("{%") == 1, text


def test_prose_fields_use_paragraph_tags(folder: Path) -> None:
    prose = (
        "assignment.decision",
        "section.body",
        "report.foreword",
        "report.summary",
        "chapter.body",
        "appendix.body",
        "press_release.body",
        "cover_letter.body",
    )
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        for field in prose:
            if re.search(r"\{\{-?\s*" + re.escape(field) + r"(?![\w.])", paragraph.text):
                pytest.fail(f"{field} must be a {{{{p …}}}} paragraph tag: {paragraph.text!r}")


def test_undeclared_variables_are_context_names(folder: Path) -> None:
    name = folder.parent.name
    template = DocxTemplate(str(folder / "template.docx"))
    undeclared = template.get_undeclared_template_variables(jinja_env=make_env())
    allowed = CONTEXT_NAMES | ({"record"} if RENDERS[name] == "record" else set())
    assert undeclared <= allowed, undeclared - allowed
    assert RENDERS[name] in undeclared


# --- smoke render ----------------------------------------------------------------------


def make_env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


def prose(*paragraphs: str) -> Markup:
    """Stand-in for the engine's prose rendering: ready WordprocessingML paragraphs."""
    return Markup(
        "".join(
            f"<w:p><w:r><w:t>{escape(text, quote=False)}</w:t></w:r></w:p>" for text in paragraphs
        )
    )


def smoke_context(*, with_optional: bool = True) -> dict[str, Any]:
    agency = Organisation(
        name="Myndigheten för vård- och omsorgsanalys",
        short_name="Vårdanalys",
        address=PostalAddress(street="Box 6209", postcode="102 34", town="Stockholm"),
        website="www.vardanalys.se",
    )
    gdg = Person(
        name="Jean-Luc af Geijerstam",
        title="generaldirektör",
        organisation="Myndigheten för vård- och omsorgsanalys",
    )
    utredare = Person(
        name="Daniel Zetterberg",
        title="utredare",
        organisation="Myndigheten för vård- och omsorgsanalys",
    )
    assignment = Assignment(
        department="Arbetsmarknadsdepartementet",
        decision_number="I:5",
        decision_date=date(2019, 11, 28),
        diarienummer=(Diarienummer.parse("A2019/02204/JÄM"),),
        recipient=agency if with_optional else Organisation(name="Vårdanalys"),
        title="Uppdrag att utvärdera det nationella uppdraget att motverka hedersrelaterat "
        "våld och förtryck",
        decision=prose(
            "Regeringen uppdrar åt Myndigheten för vård- och omsorgsanalys att utvärdera."
        ),
        sections=(
            Section(title="Bakgrund", body=prose("Bakgrundstext.")),
            Section(title="Närmare om uppdraget", body=prose("Uppdragstext.")),
        ),
        consult=("länsstyrelserna", "Barnombudsmannen", "Socialstyrelsen") if with_optional else (),
        report_to="Regeringskansliet (Arbetsmarknadsdepartementet)",
        deadline=date(2020, 6, 15),
        minister=Person(name="Eva Nordmark", title="arbetsmarknadsminister")
        if with_optional
        else Placeholder("statsråd"),
        official=Placeholder("tjänsteman"),
        copy_to=("Länsstyrelsen i Östergötlands län",) if with_optional else (),
    )
    report = Report(
        series=ReportSeries(name="Rapport", year=2020, number=5),
        title="Strukturer för stöd",
        subtitle="Utvärdering av det nationella uppdraget" if with_optional else None,
        date=date(2020, 6, 12),
        isbn=Isbn("978-91-88935-25-0") if with_optional else None,
        authors=(utredare, Placeholder("medförfattare")) if with_optional else (),
        foreword=prose("Förordstext."),
        foreword_signatory=gdg,
        summary=prose("Sammanfattningstext."),
        chapters=(
            Chapter(title="Inledning", body=prose("Kapitel ett.")),
            Chapter(title="Resultat", body=prose("Kapitel två.")),
        ),
        appendices=(Chapter(title="Metod", body=prose("Metodbilaga.")),) if with_optional else (),
        references=(
            Reference(text="Socialstyrelsen (2019). Rapport.", url="https://example.se/r"),
            Reference(text="Utan länk (2018)."),
        )
        if with_optional
        else (),
    )
    findings = (Finding(id="f1", text="Stödtelefonen används."),)
    recommendations = (
        (
            Recommendation(
                id="r1",
                addressee="regeringen",
                text="Regeringen bör stärka kunskapsstyrningen.",
                based_on=("f1",),
            ),
        )
        if with_optional
        else ()
    )
    press_release = PressRelease(
        date=date(2020, 6, 15),
        headline="Insatserna mot hedersrelaterat våld räcker inte",
        lead="Vårdanalys har utvärderat länsstyrelsens uppdrag.",
        body=prose("Brödtext i pressmeddelandet."),
        quotes=(
            Quote(speaker=utredare, text="Sammantaget ser vi att målen nåtts"),
            Quote(speaker=gdg, text="Ingen ensam aktör kan möta alla behov"),
        )
        if with_optional
        else (),
        link="www.vardanalys.se",
        contacts=(
            Contact(
                name="Anna Andersson",
                title="pressansvarig",
                phone="08-123 456 00",
                email="anna@vardanalys.se",
            ),
        )
        if with_optional
        else (),
    )
    cover_letter = CoverLetter(
        date=date(2020, 6, 12),
        agency_dnr=Placeholder("dnr") if not with_optional else "1388/2014",
        department="Arbetsmarknadsdepartementet",
        body=prose("Vårdanalys överlämnar härmed rapporten."),
        decision_maker=gdg,
        presenting_officer=utredare,
        participants=(
            Person(name="Lina Larsson", title="avdelningschef"),
            Person(name="Per Persson", title="analyschef"),
            Person(name="Eva Ek", title="utredare"),
        )
        if with_optional
        else (),
    )
    return {
        "project": {"name": "strukturer-for-stod", "title": "Strukturer för stöd"},
        "agency": agency,
        "assignment": assignment,
        "findings": findings,
        "recommendations": recommendations,
        "report": report,
        "press_release": press_release,
        "cover_letter": cover_letter,
        "template": {"name": "x", "version": VERSION},
        "strukturer_version": "0.1.0",
    }


def render(name: str, context: dict[str, Any]) -> Any:
    template = DocxTemplate(str(template_path(name)))
    template.render(context, jinja_env=make_env())
    buffer = io.BytesIO()
    template.save(buffer)
    buffer.seek(0)
    return docx.Document(buffer)


def rendered_text(document: Any) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


EXPECTED = {
    "regeringsbeslut": [
        "Arbetsmarknadsdepartementet",
        "Regeringsbeslut I:5",
        "2019-11-28",
        "A2019/02204/JÄM",
        "Box 6209",
        "102 34 Stockholm",
        "Uppdrag att utvärdera det nationella uppdraget",
        "Regeringen uppdrar åt Myndigheten",
        "inhämta kunskap och erfarenheter från länsstyrelserna, Barnombudsmannen samt "
        "Socialstyrelsen.",
        "Uppdraget ska redovisas till Regeringskansliet (Arbetsmarknadsdepartementet) senast "
        "den 15 juni 2020.",
        "Skälen för regeringens beslut",
        "Närmare om uppdraget",
        "Uppdragstext.",
        "På regeringens vägnar",
        "Eva Nordmark",
        "[tjänsteman]",
        "Kopia till",
        "Länsstyrelsen i Östergötlands län",
    ],
    "rapport": [
        "Strukturer för stöd",
        "Utvärdering av det nationella uppdraget",
        "Rapport 2020:5",
        "ISBN 978-91-88935-25-0",
        "Publicerad: 2020-06-12",
        "Författare: Daniel Zetterberg och [medförfattare]",
        "Förordstext.",
        "Jean-Luc af Geijerstam",
        "Innehållsförteckningen uppdateras när dokumentet öppnas.",
        "Sammanfattningstext.",
        "1 Inledning",
        "2 Resultat",
        "Kapitel två.",
        "Regeringen bör stärka kunskapsstyrningen. (riktad till regeringen)",
        "Socialstyrelsen (2019). Rapport. https://example.se/r",
        "Bilaga 1. Uppdraget",
        "Arbetsmarknadsdepartementet, 28 november 2019, A2019/02204/JÄM",
        "Bakgrundstext.",
        "Bilaga 2. Metod",
        "Metodbilaga.",
    ],
    "missiv": [
        "Myndigheten för vård- och omsorgsanalys",
        "Datum 2020-06-12",
        "Dnr 1388/2014",
        "Regeringskansliet",
        "Redovisning av uppdrag att utvärdera det nationella uppdraget att motverka "
        "hedersrelaterat våld och förtryck (A2019/02204/JÄM)",
        "Vårdanalys överlämnar härmed rapporten.",
        "Beslut i detta ärende har fattats av generaldirektör Jean-Luc af Geijerstam. "
        "Utredare Daniel Zetterberg har varit föredragande. I den slutliga handläggningen "
        "har även avdelningschef Lina Larsson, analyschef Per Persson och utredare Eva Ek "
        "deltagit.",
    ],
    "pressmeddelande": [
        "Pressmeddelande",
        "2020-06-15",
        "Insatserna mot hedersrelaterat våld räcker inte",
        "Vårdanalys har utvärderat länsstyrelsens uppdrag.",
        "\u2013 Sammantaget ser vi att målen nåtts, säger Daniel Zetterberg, utredare på "
        "Myndigheten för vård- och omsorgsanalys.",
        "Brödtext i pressmeddelandet.",
        "\u2013 Ingen ensam aktör kan möta alla behov, säger Jean-Luc af Geijerstam, "
        "generaldirektör på Myndigheten för vård- och omsorgsanalys.",
        "Rapporten Strukturer för stöd \u2013 Utvärdering av det nationella uppdraget finns "
        "att läsa och ladda ner på www.vardanalys.se.",
        "Anna Andersson, pressansvarig",
        "E-post anna@vardanalys.se",
    ],
}


def test_smoke_render(name: str) -> None:
    document = render(name, smoke_context())
    text = rendered_text(document)
    for expected in EXPECTED[name]:
        assert expected in text, f"{name}: {expected!r} missing from\n{text}"
    assert "{{" not in text
    assert "{%" not in text


def test_smoke_render_without_optional_parts(name: str) -> None:
    document = render(name, smoke_context(with_optional=False))
    text = rendered_text(document)
    assert "{{" not in text
    assert "{%" not in text
    assert "None" not in text
    if name == "regeringsbeslut":
        assert "[statsråd]" in text
        assert "Kopia till" not in text
        assert "inhämta kunskap" not in text
    if name == "rapport":
        assert "Våra rekommendationer" not in text
        assert "Referenser" not in text
        assert "Bilaga 2" not in text
        assert "Författare" not in text
    if name == "missiv":
        assert "Dnr [dnr]" in text
        assert "slutliga handläggningen" not in text
    if name == "pressmeddelande":
        assert "Kontakt" not in text
        assert "säger" not in text


def test_smoke_render_order_of_pressmeddelande() -> None:
    text = rendered_text(render("pressmeddelande", smoke_context()))
    first, body, second = (
        text.index("Sammantaget"),
        text.index("Brödtext"),
        text.index("Ingen ensam"),
    )
    assert first < body < second


# --- the generator is deterministic ---------------------------------------------------


def canonical_parts(path: Path) -> dict[str, bytes]:
    """Every XML part of a DOCX in canonical form (C14N), keyed by part name."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        for member in package.namelist():
            data = package.read(member)
            parts[member] = etree.tostring(etree.fromstring(data), method="c14n")
    return parts


def test_regenerating_gives_identical_text_and_styles(tmp_path: Path) -> None:
    for run in ("first", "second"):
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--out", str(tmp_path / run)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    for name in NAMES:
        committed = template_path(name)
        for run in ("first", "second"):
            fresh = tmp_path / run / name / VERSION / "template.docx"
            fresh_doc, committed_doc = docx.Document(str(fresh)), docx.Document(str(committed))
            assert rendered_text(fresh_doc) == rendered_text(committed_doc)
            assert canonical_parts(fresh) == canonical_parts(committed)
            fresh_manifest = fresh.parent / "manifest.toml"
            assert fresh_manifest.read_text() == (committed.parent / "manifest.toml").read_text()


def test_generator_refuses_to_overwrite_a_release(tmp_path: Path) -> None:
    args = [sys.executable, str(SCRIPT), "--out", str(tmp_path)]
    assert subprocess.run(args, capture_output=True, check=False).returncode == 0
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert "never edited" in again.stderr


def test_rapport_recommendations_are_their_own_list() -> None:
    """The recommendations start at 1, not where a numbered list in the prose ended."""
    document = docx.Document(str(template_path("rapport")))
    (item,) = [p for p in document.paragraphs if "{{ rec.text }}" in p.text]
    assert item.style.name == "List Number"
    num_id = item._p.pPr.numPr.numId.val
    style_num_id = item.style.element.pPr.numPr.numId.val
    assert num_id != style_num_id
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    assert num.abstractNumId.val == numbering.num_having_numId(style_num_id).abstractNumId.val
    start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
    assert start.get(qn("w:val")) == "1"
