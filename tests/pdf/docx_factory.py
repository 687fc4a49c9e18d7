"""Build small DOCX inputs for the PDF engine tests with python-docx."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

STALE_TOC_TEXT = "Inaktuell innehållsförteckning, uppdatera fältet"


def _set_lang_and_font(rpr: object, font: str, lang: str) -> None:
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), lang)
    lang_el.set(qn("w:eastAsia"), lang)
    lang_el.set(qn("w:bidi"), lang)
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:lang")):  # type: ignore[attr-defined]
        rpr.remove(old)  # type: ignore[attr-defined]
    rpr.insert(0, fonts)  # type: ignore[attr-defined]
    rpr.append(lang_el)  # type: ignore[attr-defined]


def _field(paragraph: Paragraph, instr: str, placeholder: str) -> None:
    """Append a complex field (begin, instrText, separate, placeholder, end)."""

    def run_with(child: object) -> None:
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run_with(text)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    shown = OxmlElement("w:t")
    shown.text = placeholder
    run_with(shown)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _bookmark(paragraph: Paragraph, name: str, ident: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(ident))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(ident))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _base_document(lang: str = "sv-SE") -> Document:  # type: ignore[valid-type]
    doc = Document()
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_lang_and_font(rpr_default, "Liberation Serif", lang)
    for style in doc.styles:
        name = getattr(style, "name", "") or ""
        element = style.element
        rpr = element.find(qn("w:rPr"))
        if rpr is None:
            continue
        font = "Liberation Sans" if name.startswith(("Heading", "Title")) else "Liberation Serif"
        _set_lang_and_font(rpr, font, lang)
    section = doc.sections[0]
    footer_par = section.footer.paragraphs[0]
    footer_par.add_run("Sida ")
    _field(footer_par, "PAGE", "99")
    return doc


def report_docx(path: Path, chapters: Sequence[str], *, paragraphs_per_chapter: int = 3) -> Path:
    """A report: title, stale TOC field, chapters (Heading 1) with sections (Heading 2)."""
    doc = _base_document()
    doc.add_paragraph("Rapport om strukturer", style="Title")
    doc.add_paragraph("Innehåll")
    toc = doc.add_paragraph()
    _field(toc, 'TOC \\o "1-3" \\h \\z \\u', STALE_TOC_TEXT)
    toc.add_run().add_break(WD_BREAK.PAGE)
    body = (
        "Myndigheten redovisar här uppdraget om strukturer för kommuner och regioner. "
        "Texten är skriven på svenska med å, ä och ö. "
    ) * 6
    for number, chapter in enumerate(chapters, start=1):
        doc.add_heading(chapter, level=1)
        for k in range(paragraphs_per_chapter):
            doc.add_paragraph(body)
            if k == 0:
                doc.add_heading(f"Avsnitt {number}.1", level=2)
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(path))
    return path


def _hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")  # without a character style LibreOffice drops the link
    props.append(style)  # from the PDF (tdf#146575)
    run.append(props)
    shown = OxmlElement("w:t")
    shown.text = text
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)


def letters_docx(
    path: Path, count: int, *, prefix: str = "rec_", long_every: int = 0, links: bool = False
) -> Path:
    """*count* letters, one per page, each starting with a bookmark ``rec_0001`` ...

    With ``long_every=k``, every k-th letter runs over two pages; with ``links``, each
    letter links to its own web address.
    """
    doc = _base_document()
    if links and "Hyperlink" not in [s.name for s in doc.styles]:
        doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    for i in range(1, count + 1):
        heading = doc.add_heading(f"Brev till Kommun {i:03d}", level=1)
        _bookmark(heading, f"{prefix}{i:04d}", i)
        body = doc.add_paragraph(f"Kommun {i:03d} får härmed information om uppdraget.")
        if links:
            body.add_run(" Läs mer på ")
            _hyperlink(body, f"https://example.se/kommun/{i:03d}", f"example.se/kommun/{i:03d}")
        if long_every and i % long_every == 0:
            for _ in range(60):
                doc.add_paragraph("Ytterligare en rad som gör brevet längre än en sida.")
        if i < count:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(path))
    return path
