"""The templates rendered through the real DOCX adapter, and no case text in a template."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest

from strukturer import load_project
from strukturer.errors import RenderError
from strukturer.model import (
    Assignment,
    Chapter,
    Contact,
    CoverLetter,
    Deliverable,
    Diarienummer,
    Evaluation,
    Finding,
    Isbn,
    Organisation,
    Person,
    Placeholder,
    PostalAddress,
    PressRelease,
    Project,
    Prose,
    Quote,
    Recommendation,
    Reference,
    Report,
    Reporting,
    ReportingRef,
    ReportSeries,
    Section,
)
from strukturer.render.context import CONTEXT, build_context
from strukturer.render.docx import render_docx
from strukturer.render.template_library import TemplateLibrary
from strukturer.render.writer import Job

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
RENDERS = {
    "regeringsbeslut": "assignment",
    "rapport": "report",
    "missiv": "cover_letter",
    "pressmeddelande": "press_release",
}


def code_project(*, full: bool = True) -> Project:
    """A project built in code: another agency, two reportings, several addressees."""
    agency = Organisation(
        name="Statens skolinspektion",
        address=PostalAddress(street="Box 3177", postcode="103 63", town="Stockholm"),
    )
    gd = Person(name="Cecilia Ceder", title="generaldirektör", organisation=agency.name)
    utredare = Person(name="Bo Berg", title="utredare", organisation=agency.name)
    assignment = Assignment(
        department="Utbildningsdepartementet",
        decision_number="I:7",
        decision_date=date(2023, 3, 2),
        diarienummer=(Diarienummer.parse("U2023/00871"),),
        recipient=agency,
        title="Uppdrag att följa upp tillsynen av fristående skolor",
        decision=Prose("Regeringen uppdrar åt Statens skolinspektion att följa upp tillsynen."),
        sections=(Section(title="Bakgrund", body=Prose("Bakgrundstext.")),),
        consult=("Statens skolverk",) if full else (),
        report_to="Regeringskansliet (Utbildningsdepartementet)",
        reporting=(
            Reporting(kind="delredovisning", date=date(2024, 1, 31)),
            Reporting(kind="slutredovisning", date=date(2025, 1, 31)),
        ),
        minister=Person(name="Anna Andersson", title="statsråd"),
        official=Person(name=Placeholder("tjänsteman")),
        copy_to=("Statens skolverk",) if full else (),
    )
    report = Report(
        series=ReportSeries(name="Rapport", year=2024, number=1),
        title="Tillsyn i förändring",
        subtitle="En delrapport" if full else None,
        date=date(2024, 1, 15),
        answers=ReportingRef("slutredovisning"),
        isbn=Isbn("978-91-87213-63-2") if full else None,
        authors=(utredare, Person(name=Placeholder("medförfattare"))) if full else (),
        foreword=Prose("Förordstext."),
        foreword_signatory=gd,
        summary=Prose("Sammanfattningstext."),
        chapters=(Chapter(title="Inledning", body=Prose("Kapitel ett.")),),
        appendices=(Chapter(title="Metod", body=Prose("Metodbilaga.")),) if full else (),
        references=(Reference(text="Skolverket (2022).", url="https://example.se"),)
        if full
        else (),
    )
    findings = (
        Finding(id="risk", text="Tillsynen har blivit mer riskbaserad."),
        Finding(id="tid", text="Handläggningen tar längre tid."),
    )
    recommendations = (
        Recommendation(
            id="r1",
            addressees=("regeringen", "Statens skolverk"),
            text="Regeringen och Statens skolverk bör följa upp igen 2026.",
            based_on=("tid", "risk"),
        ),
    )
    press = PressRelease(
        date=date(2024, 1, 16),
        headline="Tillsynen av fristående skolor har blivit mer riskbaserad",
        lead="Skolinspektionen har följt upp tillsynen.",
        body=Prose("Brödtext."),
        quotes=(Quote(speaker=gd, text="Tillsynen är bättre riktad"),) if full else (),
        link="www.skolinspektionen.se",
        contacts=(
            Contact(name="Eva Ek", phone="08-586 080 00", email="eva.ek@skolinspektionen.se"),
        )
        if full
        else (),
    )
    letter = CoverLetter(
        date=date(2024, 1, 20),
        agency_dnr="2023:1234" if full else Placeholder("dnr"),
        addressee="Regeringen",
        department="Utbildningsdepartementet",
        address=PostalAddress(postcode="103 33", town="Stockholm") if full else None,
        their_reference="U2023/00871 (delvis)" if full else None,
        body=Prose("Skolinspektionen överlämnar härmed slutrapporten."),
        decision_maker=gd,
        presenting_officer=utredare if full else None,
        participants=(Person(name="Lina Larsson", title="avdelningschef"),) if full else (),
        present=(Person(name="Per Persson", title="chefsjurist"),) if full else (),
    )
    evaluation = Evaluation(
        agency=agency,
        assignment=assignment,
        findings=findings,
        recommendations=recommendations if full else (),
        report=report,
        press_release=press,
        cover_letter=letter,
    )
    deliverables = tuple(Deliverable(name=name, template=name, version="2.0.0") for name in RENDERS)
    return Project(
        name="tillsyn",
        title="Tillsyn i förändring",
        evaluation=evaluation,
        deliverables=deliverables,
    )


def rendered(project: Project, name: str, version: str = "2.0.0") -> str:
    """The text of deliverable ``name`` rendered by the real adapter, no-break spaces as _."""
    template = TemplateLibrary().get(name, version)
    deliverable = attrs.evolve(project.deliverables[0], name=name, template=name, version=version)
    job = Job.create(project, deliverable, template)
    document = docx.Document(io.BytesIO(render_docx(template, job.context, job.info)))
    return "\n".join(p.text for p in document.paragraphs).replace(NBSP, "_")


def test_regeringsbeslut_2_0_0() -> None:
    text = rendered(code_project(), "regeringsbeslut")
    assert text.startswith(
        "Regeringen\tRegeringsbeslut I:7\nUtbildningsdepartementet\t2023-03-02\n"
        "\tU2023/00871\n\tStatens skolinspektion\nBox 3177\n103_63_Stockholm\n"
        "Uppdrag att följa upp tillsynen av fristående skolor\n"
    )
    assert (
        "Uppdraget ska delredovisas till Regeringskansliet (Utbildningsdepartementet) senast "
        "den_31_januari_2024 och slutredovisas senast den_31_januari_2025." in text
    )
    assert "På regeringens vägnar\nAnna Andersson\n[tjänsteman]\nKopia till" in text


def test_rapport_2_0_0_prints_findings_and_what_recommendations_rest_on() -> None:
    text = rendered(code_project(), "rapport")
    assert "En delrapport\nSlutrapport\nRapport 2024:1" in text
    assert "Slutredovisning av uppdrag att följa upp tillsynen av fristående skolor" in text
    assert "Författare: Bo Berg och [medförfattare]" in text
    assert (
        "Våra iakttagelser\nTillsynen har blivit mer riskbaserad.\n"
        "Handläggningen tar längre tid.\nVåra rekommendationer\n"
        "Regeringen och Statens skolverk bör följa upp igen 2026.\n"
        "Rekommendationen riktas till regeringen och Statens skolverk och bygger på "
        "iakttagelserna 1 och 2.\n"
    ) in text
    assert "slutredovisas senast den_31_januari_2025." in text


def test_missiv_2_0_0_fields_and_decision_block() -> None:
    text = rendered(code_project(), "missiv")
    assert text.startswith(
        "Statens skolinspektion\nDatum\tDiarienr\n2024-01-20\t2023:1234\n"
        "Ert datum\tEr beteckning\n2023-03-02\tU2023/00871 (delvis)\n"
        "Regeringen\nUtbildningsdepartementet\n103_33_Stockholm\n"
        "Slutredovisning av uppdrag att följa upp tillsynen av fristående skolor\n"
    )
    assert (
        "Beslut i detta ärende har fattats av generaldirektör Cecilia Ceder. Utredare Bo Berg "
        "har varit föredragande. I den slutliga handläggningen har även avdelningschef Lina "
        "Larsson deltagit. Vid den slutliga handläggningen har även chefsjurist Per Persson "
        "varit närvarande." in text
    )


def test_missiv_2_0_0_defaults_and_own_wording() -> None:
    project = code_project(full=False)
    text = rendered(project, "missiv")
    assert "Ert datum\tEr beteckning\n2023-03-02\tU2023/00871\n" in text
    assert "2024-01-20\t[dnr]\n" in text
    assert "Beslut i detta ärende har fattats av generaldirektör Cecilia Ceder.\n" in text
    letter = attrs.evolve(
        project.evaluation.cover_letter, decision_text="Generaldirektören har beslutat."
    )
    own = attrs.evolve(project, evaluation=attrs.evolve(project.evaluation, cover_letter=letter))
    assert "\nGeneraldirektören har beslutat.\n" in rendered(own, "missiv")


def test_pressmeddelande_2_0_0() -> None:
    text = rendered(code_project(), "pressmeddelande")
    assert "Tillsynen av fristående skolor har blivit mer riskbaserad\n" in text
    assert "\u2013 Tillsynen är bättre riktad, säger Cecilia Ceder, generaldirektör på " in text
    assert "Kontakt\nEva Ek\nTelefon 08-586 080 00" in text


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_optional_parts_leave_no_trace(name: str) -> None:
    text = rendered(code_project(full=False), name)
    assert "None" not in text
    assert "{{" not in text
    assert "{%" not in text


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_heading_and_properties_share_one_title(name: str) -> None:
    project = code_project()
    template = TemplateLibrary().get(name, "2.0.0")
    deliverable = attrs.evolve(
        project.deliverables[0],
        name=name,
        template=name,
        title=None if name == "rapport" else "En egen titel",
    )
    job = Job.create(project, deliverable, template)
    document = docx.Document(io.BytesIO(render_docx(template, job.context, job.info)))
    title = document.core_properties.title
    assert title == (
        "Tillsyn i förändring – En delrapport" if name == "rapport" else "En egen titel"
    )
    if name != "rapport":
        assert title in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_each_document_has_its_own_author_and_subject() -> None:
    project = code_project()
    info = {
        name: Job.create(
            project,
            attrs.evolve(project.deliverables[0], name=name, template=name),
            TemplateLibrary().get(name, "2.0.0"),
        ).info
        for name in RENDERS
    }
    assert info["regeringsbeslut"].author == "Regeringen, Utbildningsdepartementet"
    assert info["regeringsbeslut"].subject == "Regeringsbeslut I:7"
    assert info["missiv"].author == "Statens skolinspektion"
    assert info["missiv"].subject == "Missiv med Tillsyn i förändring – En delrapport"
    assert info["pressmeddelande"].subject == (
        "Pressmeddelande om Tillsyn i förändring – En delrapport"
    )
    assert info["rapport"].keywords == (
        "Tillsyn i förändring",
        "Utbildningsdepartementet",
        "U2023/00871",
    )
    own = attrs.evolve(project.deliverables[0], subject="Eget ämne", keywords=("tillsyn", "skola"))
    info_own = Job.create(project, own, TemplateLibrary().get("regeringsbeslut", "2.0.0")).info
    assert (info_own.subject, info_own.keywords) == ("Eget ämne", ("tillsyn", "skola"))


def test_a_title_on_a_report_deliverable_is_refused() -> None:
    project = code_project()
    deliverable = attrs.evolve(
        project.deliverables[0], name="rapport", template="rapport", title="X"
    )
    with pytest.raises(RenderError) as caught:
        Job.create(project, deliverable, TemplateLibrary().get("rapport", "2.0.0"))
    assert str(caught.value) == (
        "deliverable 'rapport': a report's title is report.yaml's title and subtitle; "
        "remove 'title' from the deliverable"
    )


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_version_1_0_0_still_renders_the_default_project(name: str) -> None:
    text = rendered(load_project(), name, "1.0.0")
    assert "{{" not in text
    if name in ("regeringsbeslut", "rapport"):
        assert "senast den 15_juni_2020." in text
    if name == "rapport":
        assert "(riktad till regeringen)" in text


# --- no case text in a template ---------------------------------------------------------

#: Words of the default project's case that no template may hold (issue 11).
CASE_WORDS = (
    "hedersrelaterat",
    "Östergötlands",
    "Vårdanalys",
    "vård- och omsorgsanalys",
    "Arbetsmarknadsdepartementet",
    "Geijerstam",
    "Zetterberg",
    "Strukturer för stöd",
    "länsstyrelse",
    "kompetensteam",
)


def template_text(path: Path) -> str:
    """Every text of a template: body, headers, footers, footnotes and properties."""
    with zipfile.ZipFile(path) as package:
        xml = "".join(
            package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".xml")
        )
    return re.sub(r"<[^>]+>", "", xml)


SHIPPED = sorted((ROOT / "templates").glob("*/*/template.docx"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}")
def test_no_template_holds_words_of_a_case(path: Path) -> None:
    found = [w for w in CASE_WORDS if w.lower() in template_text(path).lower()]
    assert found == [], f"{path.parent.parent.name} {path.parent.name}: case text {found}"


def test_the_grep_sees_template_text() -> None:
    assert "Regeringens beslut" in template_text(
        ROOT / "templates/regeringsbeslut/2.0.0/template.docx"
    )


def test_kommunbrev_2_0_0_takes_its_text_from_content() -> None:
    project = load_project(ROOT / "content" / "strukturer-for-stod" / "kommunbrev.toml")
    template = TemplateLibrary().get("kommunbrev", "2.0.0")
    job = Job.create(project, project.deliverables[0], template)
    context: dict[str, Any] = {**job.context, "record": {"official_name": "Umeå kommun"}}
    document = docx.Document(io.BytesIO(render_docx(template, context, job.info)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Umeå kommun\nRapporten Strukturer för stöd är publicerad\n" in text
    assert "Vi vill därför göra kommunen uppmärksam på rapporten." in text


def test_build_context_fills_exactly_the_context_table() -> None:
    project = code_project()
    context = build_context(project, TemplateLibrary().get("rapport", "2.0.0"))
    assert list(context) == list(CONTEXT)
    assert context["based_on_numbers"] == {"r1": (1, 2)}
    assert context["document"].title == "Tillsyn i förändring – En delrapport"
