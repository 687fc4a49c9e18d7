"""Make the current version (2.0.0) of the four Word templates, the designer's source.

Run ``.venv/bin/python tools/make_templates.py`` to write
``templates/<name>/2.0.0/template.docx`` and ``manifest.toml`` for regeringsbeslut,
rapport, missiv and pressmeddelande. The script is not part of the build. A released
version is never written again: the script refuses to overwrite one unless ``--force``
(1.0.0 is kept as committed; see ``docs/templates.md``).

The output is deterministic: every XML part and the zip entry dates are the same on
every run, so regenerating gives identical template text and styles. The common base
(styles, language, fonts, footnotes) is in ``tools/template_base.py``.

Templates hold layout and fixed institutional wording only: every case-specific
sentence comes from the content (``tests/templates`` checks this).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Twips
from docx.text.paragraph import Paragraph
from template_base import (
    FONTS,
    HEADING_FONT,
    TEXT_WIDTH,
    ZIP_DATE,
    Container,
    base_document,
    field,
    normalise_fonts,
    page_of_pages,
    para,
    paragraph_style,
    restart_numbering,
    set_font,
    set_page_numbering,
    style_named,
    tag,
)
from template_tables import add_table_figure_styles

VERSION = "2.0.0"
HALF = TEXT_WIDTH // 2

#: Per-template extra styles, applied after the base styles: the report holds tables,
#: figures and charts (docs/figures.md).
EXTRA_STYLES: dict[str, tuple[Callable[[DocxDocument], None], ...]] = {
    "rapport": (add_table_figure_styles,),
}


# --- shared parts ------------------------------------------------------------------

REPORTING = "{{ assignment.reporting | reporting_clause(assignment.report_to) }}"
CONSULT_SENTENCE = (
    "I genomförandet av uppdraget ska myndigheten inhämta kunskap och erfarenheter från "
    '{{ assignment.consult | join_list(conjunction="samt") }}.'
)


def _people(sequence: str, item: str = "{{ p }}") -> str:
    """Inline "title name, title name och title name" for a tuple of Person (L4)."""
    return (
        f"{{% for p in {sequence} %}}{item}"
        '{{ " och " if loop.revindex == 2 else (", " if not loop.last else "") }}'
        "{% endfor %}"
    )


def _header_style(doc: DocxDocument) -> None:
    """Add the style Brevhuvud: two-column header lines set by a tab stop, not a table.

    A Word table would be tagged as a data table in the PDF, which PDF/UA-1 forbids for
    layout (Matterhorn 15); a tab stop at half the text width lines the columns up.
    """
    style = doc.styles.add_style("Brevhuvud", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    paragraph_style(style, after=0)
    style.paragraph_format.tab_stops.add_tab_stop(Twips(HALF), WD_TAB_ALIGNMENT.LEFT)


def _header_line(
    container: Container, left: str, right: str, *, bold: bool = False, after: int = 0
) -> Paragraph:
    """A header line: ``left``, a tab, ``right``; each text with its tags in one run."""
    paragraph = container.add_paragraph(style="Brevhuvud")
    for text in (left, "\t" + right if right else ""):
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
    paragraph.paragraph_format.space_after = Twips(after)
    return paragraph


def _address(doc: DocxDocument, address: str) -> None:
    """The optional street and the postcode and town of ``address``, at half the width."""
    tag(doc, f"{{%p if {address} %}}")
    tag(doc, f"{{%p if {address}.street %}}")
    para(doc, f"{{{{ {address}.street }}}}", after=0, indent=HALF)
    tag(doc, "{%p endif %}")
    para(doc, f"{{{{ {address}.postal_line }}}}", after=0, indent=HALF)
    tag(doc, "{%p endif %}")


def _letterhead_style(doc: DocxDocument) -> None:
    style = doc.styles.add_style("Avsändare", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.next_paragraph_style = doc.styles["Normal"]
    paragraph_style(style, size=14, bold=True, after=480)
    set_font(style, HEADING_FONT)


# --- the four templates --------------------------------------------------------------


def make_regeringsbeslut() -> DocxDocument:
    """The government decision that gives the agency its assignment."""
    doc = base_document(toc=False, update_fields=False)
    _header_style(doc)
    _header_line(doc, "Regeringen", "Regeringsbeslut {{ assignment.decision_number }}", bold=True)
    _header_line(doc, "{{ assignment.department }}", "{{ assignment.decision_date | iso_date }}")
    _header_line(doc, "", "{{ assignment.diarienummer | join_list }}", after=240)
    _header_line(doc, "", "{{ assignment.recipient.name }}")
    _address(doc, "assignment.recipient.address")

    para(doc, "{{ document.title }}", "Heading 1", before=480)
    para(doc, "Regeringens beslut", "Heading 2")
    tag(doc, "{{p assignment.decision }}")
    tag(doc, "{%p if assignment.consult %}")
    para(doc, CONSULT_SENTENCE)
    tag(doc, "{%p endif %}")
    para(doc, REPORTING)
    para(doc, "Skälen för regeringens beslut", "Heading 2")
    tag(doc, "{%p for section in assignment.sections %}")
    para(doc, "{{ section.title }}", "Heading 3")
    tag(doc, "{{p section.body }}")
    tag(doc, "{%p endfor %}")

    para(doc, "På regeringens vägnar", before=480, after=720)
    para(doc, "{{ assignment.minister.name }}", after=240)
    para(doc, "{{ assignment.official.name }}", indent=HALF)
    tag(doc, "{%p if assignment.copy_to %}")
    para(doc, "Kopia till", bold=True, before=480, after=0)
    tag(doc, "{%p for copy in assignment.copy_to %}")
    para(doc, "{{ copy }}", after=0)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    page_of_pages(doc.sections[0].footer)
    return doc


def _assignment_appendix(doc: DocxDocument) -> None:
    para(doc, "Bilaga 1. Uppdraget", "Heading 1")
    para(doc, "{{ assignment.title }}", bold=True)
    para(
        doc,
        "{{ assignment.department }}, {{ assignment.decision_date | long_date }}, "
        "{{ assignment.diarienummer | join_list }}",
    )
    para(doc, "Regeringens beslut", "Heading 2")
    tag(doc, "{{p assignment.decision }}")
    tag(doc, "{%p if assignment.consult %}")
    para(doc, CONSULT_SENTENCE)
    tag(doc, "{%p endif %}")
    para(doc, REPORTING)
    tag(doc, "{%p for section in assignment.sections %}")
    para(doc, "{{ section.title }}", "Heading 2")
    tag(doc, "{{p section.body }}")
    tag(doc, "{%p endfor %}")


def make_rapport() -> DocxDocument:
    """The report: cover, colophon, front matter, chapters, findings, recommendations."""
    doc = base_document(toc=True, update_fields=True)
    heading1 = style_named(doc, "Heading 1")
    heading1.paragraph_format.page_break_before = True
    reference = doc.styles.add_style("Referens", WD_STYLE_TYPE.PARAGRAPH)
    reference.base_style = doc.styles["Normal"]
    reference.paragraph_format.left_indent = Twips(567)
    reference.paragraph_format.first_line_indent = Twips(-567)
    reference.paragraph_format.space_after = Twips(120)
    _cover_and_colophon(doc)
    _front_matter(doc)
    _main_text(doc)
    _assignment_appendix(doc)
    tag(doc, "{%p for appendix in report.appendices %}")
    para(doc, "Bilaga {{ loop.index + 1 }}. {{ appendix.title }}", "Heading 1")
    tag(doc, "{{p appendix.body }}")
    tag(doc, "{%p endfor %}")
    normalise_fonts(doc.styles.element)
    return doc


def _cover_and_colophon(doc: DocxDocument) -> None:
    """Section 1 of the report: cover and colophon, without header or footer."""
    para(doc, "{{ report.title }}", "Title", before=3600)
    tag(doc, "{%p if report.subtitle %}")
    para(doc, "{{ report.subtitle }}", "Subtitle")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if answers.report_label %}")
    para(doc, "{{ answers.report_label }}", before=240)
    tag(doc, "{%p endif %}")
    para(doc, "{{ report.series }}", before=480)
    para(doc, "{{ agency.name }}", bold=True, before=2400)

    colophon = para(doc, "Utgivare: {{ agency.name }}", after=0)
    colophon.paragraph_format.page_break_before = True
    tag(doc, "{%p if agency.address %}")
    para(doc, "{{ agency.address }}", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if agency.website %}")
    para(doc, "{{ agency.website }}", after=0)
    tag(doc, "{%p endif %}")
    para(doc, "Serie: {{ report.series }}", before=240, after=0)
    tag(doc, "{%p if report.isbn %}")
    para(doc, "{{ report.isbn }}", after=0)
    tag(doc, "{%p endif %}")
    para(doc, "Publicerad: {{ report.date | iso_date }}", after=0)
    para(doc, "{{ document.subject }}", after=0)
    tag(doc, "{%p if report.authors %}")
    para(doc, "Författare: " + _people("report.authors", "{{ p.name }}"), before=240, after=0)
    tag(doc, "{%p endif %}")


def _front_matter(doc: DocxDocument) -> None:
    """Section 2 of the report: foreword, contents and summary, numbered i, ii, iii."""
    front = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page_numbering(front, "lowerRoman", 1)
    front.header.is_linked_to_previous = False
    header = front.header.paragraphs[0]
    header.add_run("{{ report.title }}")
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    front.footer.is_linked_to_previous = False
    footer = front.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field(footer, "PAGE", "i")

    para(doc, "Förord", "Heading 1")
    tag(doc, "{{p report.foreword }}")
    para(doc, "{{ report.foreword_signatory.name }}", before=480, after=0)
    para(doc, "{{ report.foreword_signatory.title }}")

    para(doc, "Innehåll", "TOC Heading")
    field(
        para(doc),
        r'TOC \o "1-3" \h \z \u',
        "Innehållsförteckningen uppdateras när dokumentet öppnas.",
        dirty=True,
    )
    # The lists of tables and figures, when the report has any (docs/figures.md).
    for kind, title in (("tables", "Tabeller"), ("figures", "Figurer")):
        tag(doc, f"{{%p if list_of_{kind} %}}")
        para(doc, title, "TOC Heading")
        tag(doc, f"{{{{p list_of_{kind} }}}}")
        tag(doc, "{%p endif %}")

    para(doc, "Sammanfattning", "Heading 1")
    tag(doc, "{{p report.summary }}")


BASED_ON = (
    "{% if rec.based_on %} och bygger på "
    '{{ "iakttagelse" if rec.based_on | length == 1 else "iakttagelserna" }} '
    "{{ based_on_numbers[rec.id] | join_list }}{% endif %}"
)


def _main_text(doc: DocxDocument) -> None:
    """Section 3: chapters, findings, recommendations and references, numbered from 1.

    The header and footer are inherited from the front matter.
    """
    main = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page_numbering(main, "decimal", 1)

    tag(doc, "{%p for chapter in report.chapters %}")
    para(doc, "{{ loop.index }} {{ chapter.title }}", "Heading 1")
    tag(doc, "{{p chapter.body }}")
    tag(doc, "{%p endfor %}")

    tag(doc, "{%p if findings %}")
    para(doc, "Våra iakttagelser", "Heading 1")
    tag(doc, "{%p for finding in findings %}")
    restart_numbering(doc, para(doc, "{{ finding.text }}", "List Number"))
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if recommendations %}")
    para(doc, "Våra rekommendationer", "Heading 1")
    tag(doc, "{%p for rec in recommendations %}")
    restart_numbering(doc, para(doc, "{{ rec.text }}", "List Number", after=60))
    para(
        doc,
        "Rekommendationen riktas till {{ rec.addressees | join_list }}" + BASED_ON + ".",
        indent=360,
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if report.references %}")
    para(doc, "Referenser", "Heading 1")
    tag(doc, "{%p for ref in report.references %}")
    para(doc, "{{ ref.text }}{% if ref.url %} {{ ref.url }}{% endif %}", "Referens")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")


#: The decision block of myndighetsförordningen (2007:515) 21 §, in its usual wording;
#: ``cover_letter.decision_text`` replaces it when an agency words it differently.
DECISION_BLOCK = (
    "{% if cover_letter.decision_text %}{{ cover_letter.decision_text }}{% else %}"
    "Beslut i detta ärende har fattats av {{ cover_letter.decision_maker }}."
    "{% if cover_letter.presenting_officer %} "
    "{% if cover_letter.presenting_officer.title %}"
    "{{ cover_letter.presenting_officer.title | capitalize }} {% endif %}"
    "{{ cover_letter.presenting_officer.name }} har varit föredragande.{% endif %}"
    "{% if cover_letter.participants %} I den slutliga handläggningen har även "
    + _people("cover_letter.participants")
    + " deltagit.{% endif %}"
    "{% if cover_letter.present %} Vid den slutliga handläggningen har även "
    + _people("cover_letter.present")
    + " varit närvarande.{% endif %}{% endif %}"
)


def make_missiv() -> DocxDocument:
    """The letter that reports the assignment back to the Government (MF 21 §)."""
    doc = base_document(toc=False, update_fields=False)
    _letterhead_style(doc)
    _header_style(doc)
    para(doc, "{{ agency.name }}", "Avsändare")
    _header_line(doc, "Datum", "Diarienr")
    _header_line(
        doc, "{{ cover_letter.date | iso_date }}", "{{ cover_letter.agency_dnr }}", after=120
    )
    _header_line(doc, "Ert datum", "Er beteckning")
    _header_line(
        doc,
        "{% if cover_letter.their_date %}{{ cover_letter.their_date | iso_date }}"
        "{% else %}{{ assignment.decision_date | iso_date }}{% endif %}",
        "{% if cover_letter.their_reference %}{{ cover_letter.their_reference }}"
        "{% else %}{{ assignment.diarienummer | join_list }}{% endif %}",
        after=480,
    )
    para(doc, "{{ cover_letter.addressee }}", after=0, indent=HALF)
    tag(doc, "{%p if cover_letter.department %}")
    para(doc, "{{ cover_letter.department }}", after=0, indent=HALF)
    tag(doc, "{%p endif %}")
    _address(doc, "cover_letter.address")
    para(doc, "{{ document.title }}", "Heading 1", before=480)
    tag(doc, "{{p cover_letter.body }}")
    para(doc, DECISION_BLOCK, before=240)
    para(doc, "{{ cover_letter.decision_maker.name }}", before=720, after=0)
    para(doc, "{{ cover_letter.decision_maker.title }}", after=480)
    tag(doc, "{%p if cover_letter.presenting_officer %}")
    para(doc, "{{ cover_letter.presenting_officer.name }}", after=0)
    para(doc, "{{ cover_letter.presenting_officer.title }}")
    tag(doc, "{%p endif %}")
    page_of_pages(doc.sections[0].footer)
    return doc


def _quote(doc: DocxDocument, sequence: str) -> None:
    """A loop of quotes opened by the reply dash and attributed (P2)."""
    tag(doc, f"{{%p for q in {sequence} %}}")
    para(
        doc,
        "\u2013 {{ q.text }}, säger {{ q.speaker.name }}"
        "{% if q.speaker.title %}, {{ q.speaker.title }}{% endif %}"
        "{% if q.speaker.organisation %} på {{ q.speaker.organisation }}{% endif %}.",
    )
    tag(doc, "{%p endfor %}")


def make_pressmeddelande() -> DocxDocument:
    """The press release: headline, lead, quotes, body, link to the report, contacts.

    The headline is a Heading 1 so that the PDF tags it as a heading (H1).
    """
    doc = base_document(toc=False, update_fields=False)
    _letterhead_style(doc)
    lead = doc.styles.add_style("Ingress", WD_STYLE_TYPE.PARAGRAPH)
    lead.base_style = doc.styles["Normal"]
    lead.next_paragraph_style = doc.styles["Normal"]
    paragraph_style(lead, bold=True, after=240)

    para(doc, "{{ agency.name }}", "Avsändare", after=240)
    para(doc, "Pressmeddelande", bold=True, after=0)
    para(doc, "{{ press_release.date | iso_date }}", after=360)
    para(doc, "{{ document.title }}", "Heading 1", before=0)
    para(doc, "{{ press_release.lead }}", "Ingress")
    _quote(doc, "press_release.quotes[:1]")
    tag(doc, "{{p press_release.body }}")
    _quote(doc, "press_release.quotes[1:]")
    para(
        doc,
        "Rapporten {{ report.full_title }} finns att läsa och ladda ner på "
        "{{ press_release.link }}.",
    )
    tag(doc, "{%p if press_release.contacts %}")
    para(doc, "Kontakt", "Heading 2")
    tag(doc, "{%p for contact in press_release.contacts %}")
    para(
        doc,
        "{{ contact.name }}{% if contact.title %}, {{ contact.title }}{% endif %}",
        after=0,
    )
    para(doc, "Telefon {{ contact.phone }}", after=0)
    para(doc, "E-post {{ contact.email }}", after=160)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    return doc


# --- manifests and writing -------------------------------------------------------------

FIRST = "1.0.0: första versionen"
TEMPLATES: dict[str, tuple[Callable[[], DocxDocument], str, str, str]] = {
    "regeringsbeslut": (
        make_regeringsbeslut,
        "assignment",
        "Regeringsbeslut om ett regeringsuppdrag: beslut, skäl och underskrifter.",
        "2.0.0: brevhuvud med tabbstopp i stället för tabell (PDF/UA-1); redovisningsmeningen "
        "ur assignment.reporting (delredovisas/slutredovisas); rubriken är document.title",
    ),
    "rapport": (
        make_rapport,
        "report",
        "Rapport med omslag, kolofon, förord, innehållsförteckning, sammanfattning, "
        "kapitel, iakttagelser, rekommendationer, referenser och bilagor.",
        "2.0.0: iakttagelserna skrivs ut; rekommendationer med en eller flera mottagare och "
        "de iakttagelser de bygger på; omslaget säger vilken redovisning rapporten är; "
        "redovisningsmeningen i bilaga 1 ur assignment.reporting; stilar för tabeller, "
        "figurer och diagram, och förteckningar över tabeller och figurer när de finns",
    ),
    "missiv": (
        make_missiv,
        "cover_letter",
        "Missiv som redovisar regeringsuppdraget till regeringen, med beslutsrad enligt "
        "21 § myndighetsförordningen.",
        "2.0.0: Datum, Diarienr, Ert datum och Er beteckning utan tabell; mottagarens "
        "adress; rubriken säger vilken redovisning det är (document.title); beslutsraden "
        "med föredragande, deltagande och närvarande eller egen lydelse",
    ),
    "pressmeddelande": (
        make_pressmeddelande,
        "press_release",
        "Pressmeddelande om rapporten: rubrik, ingress, citat, brödtext, länk och kontakter.",
        "2.0.0: rubriken är en riktig rubrik (Heading 1, H1 i PDF) ur document.title; "
        "Kontakt är Heading 2",
    ),
}


def manifest(name: str, renders: str, description: str, change: str) -> str:
    """The manifest.toml text for template ``name`` at :data:`VERSION`."""

    def string(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    fonts = ", ".join(string(font) for font in FONTS)
    return (
        f"name = {string(name)}\n"
        f"version = {string(VERSION)}\n"
        f"renders = {string(renders)}\n"
        f"description = {string(description)}\n"
        f"fonts = [{fonts}]\n"
        f"changelog = [{string(FIRST)}, {string(change)}]\n"
    )


def save_deterministic(doc: DocxDocument, path: Path) -> None:
    """Save ``doc`` with fixed zip entry dates, so equal content gives equal bytes."""
    buffer = io.BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))


def write_templates(root: Path, *, force: bool = False) -> list[Path]:
    """Write every template and manifest below ``root``; return the folders written."""
    written = []
    for name, (make, renders, description, change) in TEMPLATES.items():
        folder = root / name / VERSION
        target = folder / "template.docx"
        if target.exists() and not force:
            raise FileExistsError(
                f"{target} exists: a released version is never edited; "
                "make a new version instead (docs/templates.md) or pass --force"
            )
        folder.mkdir(parents=True, exist_ok=True)
        doc = make()
        for extra in EXTRA_STYLES.get(name, ()):
            extra(doc)
        save_deterministic(doc, target)
        (folder / "manifest.toml").write_text(
            manifest(name, renders, description, change), encoding="utf-8"
        )
        written.append(folder)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: write the templates into ``templates/`` or ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent.parent / "templates",
        help=f"folder that receives <name>/{VERSION}/ (default: the repository's templates/)",
    )
    parser.add_argument("--force", action="store_true", help=f"overwrite existing {VERSION}")
    args = parser.parse_args(argv)
    try:
        folders = write_templates(args.out, force=args.force)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for folder in folders:
        print(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
