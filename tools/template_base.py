"""The common base of the Word templates that ``tools/make_templates.py`` writes.

python-docx's default document made Swedish, A4 and Liberation-only, with the styles the
prose renderer needs, Word's footnote separators and helpers to add tagged paragraphs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section, _Footer, _Header
from docx.shared import Pt, RGBColor, Twips
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

BODY_FONT = "Liberation Serif"
HEADING_FONT = "Liberation Sans"
FONTS = (BODY_FONT, HEADING_FONT)
LANGUAGE = "sv-SE"

#: A4 in twips and the margins: 3 cm left and right give a 15 cm line (8504 twips).
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 1418, 1418, 1701
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE

#: A fixed date for the core properties, so that every run writes the same bytes.
FIXED_DATE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ZIP_DATE = (2025, 1, 1, 0, 0, 0)

#: Styles every template has: the prose renderer looks them up by these names.
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
#: Extra styles the report needs for its table of contents.
TOC_STYLES = ("TOC Heading", "TOC 1", "TOC 2", "TOC 3")

FOOTNOTES_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_FONT_ATTRS = ("ascii", "hAnsi", "cs", "eastAsia")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"

Container = DocxDocument | _Cell | _Header | _Footer


# --- XML helpers -------------------------------------------------------------------


def w(tag: str, **values: str) -> Any:
    """A new ``w:`` element with ``w:`` attributes, e.g. ``w("lang", val="sv-SE")``."""
    return OxmlElement(f"w:{tag}", attrs={qn(f"w:{k}"): v for k, v in values.items()})


def _insert_before(parent: Any, child: Any, *successors: str) -> None:
    """Insert ``child`` into ``parent`` before the first of ``successors`` (schema order)."""
    for tag in successors:
        found = parent.find(qn(tag))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
    "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
    "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def _run_property(rpr: Any, element: Any) -> None:
    """Put ``element`` into run properties ``rpr`` at its place in the schema's order."""
    order = [qn(name) for name in _RPR_ORDER]
    successors = [name for name in _RPR_ORDER[order.index(element.tag) + 1 :]]
    replace_child(rpr, element, *successors)


def replace_child(parent: Any, child: Any, *successors: str) -> None:
    """Put ``child`` into ``parent``, replacing any element with the same tag."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    _insert_before(parent, child, *successors)


# --- the common base ---------------------------------------------------------------


def base_document(*, toc: bool, update_fields: bool) -> DocxDocument:
    """python-docx's default document made Swedish, A4, Liberation-only, with footnotes."""
    doc = Document()
    _drop_unused_parts(doc)
    _set_core_properties(doc)
    _set_page(doc.sections[0])
    _set_doc_defaults(doc)
    _set_styles(doc, toc=toc)
    _set_numbering(doc)
    _set_settings(doc, update_fields=update_fields)
    _add_footnotes_part(doc)
    _set_theme_and_font_table(doc)
    return doc


def _drop_unused_parts(doc: DocxDocument) -> None:
    """Remove the Word 2010 style copy, custom XML and the thumbnail of the default file."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype in (STYLES_WITH_EFFECTS, RT.CUSTOM_XML):
            del doc.part.rels[rid]
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]
    for rel in package_rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            root = etree.fromstring(rel.target_part.blob)
            ns = {"ep": root.nsmap[None]}
            for name, value in (("Application", "strukturer"), ("Template", "")):
                for element in root.findall(f"ep:{name}", ns):
                    element.text = value
            rel.target_part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )


def _set_core_properties(doc: DocxDocument) -> None:
    """Empty title and author (the build sets them), fixed dates, Swedish."""
    props = doc.core_properties
    props.title = ""
    props.subject = ""
    props.author = ""
    props.comments = ""
    props.keywords = ""
    props.last_modified_by = ""
    props.language = LANGUAGE
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE


def _set_page(section: Section) -> None:
    """A4 portrait with 2.5 cm top and bottom and 3 cm side margins."""
    section.page_width = Twips(PAGE_WIDTH)
    section.page_height = Twips(PAGE_HEIGHT)
    section.top_margin = Twips(MARGIN_TOP)
    section.bottom_margin = Twips(MARGIN_BOTTOM)
    section.left_margin = Twips(MARGIN_SIDE)
    section.right_margin = Twips(MARGIN_SIDE)
    section.header_distance = Twips(709)
    section.footer_distance = Twips(709)


def _set_doc_defaults(doc: DocxDocument) -> None:
    """Body font, 12 pt and Swedish language in docDefaults; modest paragraph spacing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.get_or_add_rFonts()
    for attr in _FONT_ATTRS:
        fonts.set(qn(f"w:{attr}"), BODY_FONT)
    _run_property(rpr, w("sz", val="24"))
    _run_property(rpr, w("szCs", val="24"))
    # w:bidi stays ar-SA, as Word writes it for a Swedish document.
    _run_property(rpr, w("lang", val=LANGUAGE, eastAsia=LANGUAGE, bidi="ar-SA"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    replace_child(ppr, w("spacing", after="160", line="264", lineRule="auto"))


def style_named(doc: DocxDocument, name: str) -> Any:
    """The style called ``name``."""
    return doc.styles[name]


def paragraph_style(
    style: ParagraphStyle,
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    before: int | None = None,
    after: int | None = None,
    keep_with_next: bool | None = None,
) -> None:
    """Set the common formatting of a paragraph style; ``before``/``after`` in twips."""
    font = style.font
    rpr = style.element.get_or_add_rPr()
    if size is not None:
        font.size = Pt(size)
        _run_property(rpr, w("szCs", val=str(round(size * 2))))
    if bold is not None:
        font.bold = bold
        _run_property(rpr, w("bCs", val="1" if bold else "0"))
    if italic is not None:
        font.italic = italic
        _run_property(rpr, w("iCs", val="1" if italic else "0"))
    if color is not None:
        font.color.rgb = RGBColor.from_string(color)
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Twips(before)
    if after is not None:
        fmt.space_after = Twips(after)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
        fmt.keep_together = keep_with_next


def _add_style(
    doc: DocxDocument, name: str, kind: WD_STYLE_TYPE, *, builtin: bool, priority: int
) -> Any:
    """Add style ``name``; a Word built-in one (e.g. Footnote Text) is not marked custom."""
    style = doc.styles.add_style(name, kind)
    if builtin:
        style.element.attrib.pop(qn("w:customStyle"), None)
    style.priority = priority
    if kind == WD_STYLE_TYPE.CHARACTER:
        style.base_style = doc.styles["Default Paragraph Font"]
    else:
        style.base_style = doc.styles["Normal"]
    return style


def set_font(style: BaseStyle, font: str) -> None:
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in _FONT_ATTRS:
        rfonts.set(qn(f"w:{attr}"), font)


def _set_styles(doc: DocxDocument, *, toc: bool) -> None:
    """Headings, title, lists, quote, footnotes, hyperlinks and (for the report) TOC."""
    heading_sizes = {"Heading 1": (16, 480, 160), "Heading 2": (13, 320, 120)}
    heading_sizes["Heading 3"] = (12, 240, 80)
    for name, (size, before, after) in heading_sizes.items():
        style = style_named(doc, name)
        paragraph_style(
            style,
            size=size,
            bold=True,
            color="000000",
            before=before,
            after=after,
            keep_with_next=True,
        )
    for level in range(4, 10):
        paragraph_style(style_named(doc, f"Heading {level}"), color="000000", keep_with_next=True)

    title = style_named(doc, "Title")
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    paragraph_style(title, size=26, bold=True, color="000000", after=240)
    subtitle = style_named(doc, "Subtitle")
    for numpr in subtitle.element.pPr.findall(qn("w:numPr")):
        subtitle.element.pPr.remove(numpr)
    paragraph_style(subtitle, size=16, italic=False, color="404040", after=240)
    for style in (title, subtitle):  # the default theme's letter spacing
        for spacing in style.element.rPr.findall(qn("w:spacing")):
            style.element.rPr.remove(spacing)

    quote = style_named(doc, "Quote")
    quote.paragraph_format.left_indent = Twips(567)
    quote.paragraph_format.right_indent = Twips(567)
    quote.font.color.rgb = RGBColor.from_string("000000")

    for name in ("Header", "Footer"):
        style = style_named(doc, name)
        paragraph_style(style, size=9)
        tabs = style.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Twips(TEXT_WIDTH // 2), WD_TAB_ALIGNMENT.CENTER)
        tabs.add_tab_stop(Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT)

    note_text = _add_style(doc, "Footnote Text", WD_STYLE_TYPE.PARAGRAPH, builtin=True, priority=99)
    paragraph_style(note_text, size=10, after=0)
    note_text.paragraph_format.line_spacing = 1.0
    note_text.unhide_when_used = True
    note_ref = _add_style(
        doc, "Footnote Reference", WD_STYLE_TYPE.CHARACTER, builtin=True, priority=99
    )
    note_ref.font.superscript = True
    note_ref.unhide_when_used = True
    link = _add_style(doc, "Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True, priority=99)
    link.font.color.rgb = RGBColor.from_string("0563C1")
    link.font.underline = True
    link.unhide_when_used = True

    if toc:
        for level in (1, 2, 3):
            entry = _add_style(
                doc, f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH, builtin=True, priority=39
            )
            entry.next_paragraph_style = doc.styles["Normal"]
            paragraph_style(entry, bold=level == 1, before=120 if level == 1 else 0, after=60)
            entry.paragraph_format.left_indent = Twips(240 * (level - 1))
            entry.paragraph_format.tab_stops.add_tab_stop(
                Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            entry.unhide_when_used = True
        toc_heading = style_named(doc, "TOC Heading")
        toc_heading.hidden = False

    normalise_fonts(doc.styles.element)


def normalise_fonts(root: Any) -> None:
    """Give every ``w:rFonts`` explicit Liberation fonts and drop theme font attributes.

    A theme reference to the major (heading) fonts becomes the heading font; anything
    else becomes the body font, so that nothing falls back to Calibri or Cambria.
    """
    for rfonts in root.iter(qn("w:rFonts")):
        themes = [rfonts.get(qn(f"w:{attr}")) or "" for attr in _THEME_FONT_ATTRS]
        explicit = rfonts.get(qn("w:ascii"))
        if any(theme.startswith("major") for theme in themes):
            font = HEADING_FONT
        elif explicit in FONTS:
            font = explicit
        else:
            font = BODY_FONT
        for attr in (*_THEME_FONT_ATTRS, "hint"):
            rfonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in _FONT_ATTRS:
            rfonts.set(qn(f"w:{attr}"), font)


def _set_numbering(doc: DocxDocument) -> None:
    """Bullets as U+2022 in the body font instead of a Symbol-font private character."""
    numbering = doc.part.numbering_part.element
    for lvl in numbering.iter(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        if fmt is None or fmt.get(qn("w:val")) != "bullet":
            continue
        lvl.find(qn("w:lvlText")).set(qn("w:val"), "\u2022")
    normalise_fonts(numbering)


_SETTINGS_ORDER = (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
    "w:removeDateAndTime", "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape",
    "w:printPostScriptOverText", "w:printFractionalCharacterWidth", "w:printFormsData",
    "w:embedTrueTypeFonts", "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData",
    "w:mirrorMargins", "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
    "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
    "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState", "w:formsDesign",
    "w:attachedTemplate", "w:linkStyles", "w:stylePaneFormatFilter",
    "w:stylePaneSortMethod", "w:documentType", "w:mailMerge", "w:revisionView",
    "w:trackRevisions", "w:doNotTrackMoves", "w:doNotTrackFormatting",
    "w:documentProtection", "w:autoFormatOverride", "w:styleLockTheme",
    "w:styleLockQFSet", "w:defaultTabStop", "w:autoHyphenation",
    "w:consecutiveHyphenLimit", "w:hyphenationZone", "w:doNotHyphenateCaps",
    "w:showEnvelope", "w:summaryLength", "w:clickAndTypeStyle", "w:defaultTableStyle",
    "w:evenAndOddHeaders", "w:bookFoldRevPrinting", "w:bookFoldPrinting",
    "w:bookFoldPrintingSheets", "w:drawingGridHorizontalSpacing",
    "w:drawingGridVerticalSpacing", "w:displayHorizontalDrawingGridEvery",
    "w:displayVerticalDrawingGridEvery", "w:doNotUseMarginsForDrawingGridOrigin",
    "w:drawingGridHorizontalOrigin", "w:drawingGridVerticalOrigin",
    "w:doNotShadeFormData", "w:noPunctuationKerning", "w:characterSpacingControl",
    "w:printTwoOnOne", "w:strictFirstAndLastChars", "w:noLineBreaksAfter",
    "w:noLineBreaksBefore", "w:savePreviewPicture", "w:doNotValidateAgainstSchema",
    "w:saveInvalidXml", "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
    "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
    "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
    "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
    "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator",
)  # fmt: skip


def _put_setting(settings: Any, element: Any) -> None:
    """Put ``element`` into settings.xml at its place in the schema's sequence."""
    order = [qn(name) for name in _SETTINGS_ORDER]
    successors = set(order[order.index(element.tag) + 1 :])
    existing = settings.findall(element.tag)
    if existing:
        existing[0].addprevious(element)
        for old in existing:
            settings.remove(old)
        return
    for child in settings:
        if child.tag in successors:
            child.addprevious(element)
            return
    settings.append(element)


def _set_settings(doc: DocxDocument, *, update_fields: bool) -> None:
    """Swedish theme language, hyphenation, Swedish tab and decimal settings, footnotes."""
    settings = doc.settings.element
    for tag in ("w:proofState", "w:savePreviewPicture"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)
    _put_setting(settings, w("defaultTabStop", val="1304"))
    _put_setting(settings, w("autoHyphenation"))
    _put_setting(settings, w("hyphenationZone", val="357"))
    if update_fields:
        _put_setting(settings, w("updateFields", val="true"))
    footnote_pr = w("footnotePr")
    footnote_pr.append(w("footnote", id="-1"))
    footnote_pr.append(w("footnote", id="0"))
    _put_setting(settings, footnote_pr)
    _put_setting(settings, w("themeFontLang", val=LANGUAGE))
    _put_setting(settings, w("decimalSymbol", val=","))
    _put_setting(settings, w("listSeparator", val=";"))


_FOOTNOTES_XML = (
    f"<w:footnotes {nsdecls('w', 'r')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:footnote>"
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    "</w:footnotes>"
)


def _add_footnotes_part(doc: DocxDocument) -> None:
    """Add ``word/footnotes.xml`` with Word's two separator footnotes (ids -1 and 0)."""
    part = XmlPart(
        PackURI("/word/footnotes.xml"),
        FOOTNOTES_CONTENT_TYPE,
        parse_xml(_FOOTNOTES_XML),
        doc.part.package,
    )
    doc.part.relate_to(part, RT.FOOTNOTES)


def _set_theme_and_font_table(doc: DocxDocument) -> None:
    """Theme fonts and the font table name only the two Liberation fonts."""
    theme = doc.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    for group, font in (("majorFont", HEADING_FONT), ("minorFont", BODY_FONT)):
        for scheme in root.iter(f"{{{_A}}}{group}"):
            latin = scheme.find(f"{{{_A}}}latin")
            if latin is not None:
                latin.set("typeface", font)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    table = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = etree.fromstring(table.blob)
    for child in list(fonts):
        fonts.remove(child)
    for name, panose, family in (
        (BODY_FONT, "02020603050405020304", "roman"),
        (HEADING_FONT, "020B0604020202020204", "swiss"),
    ):
        entry = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(entry, qn("w:panose1"), {qn("w:val"): panose})
        etree.SubElement(entry, qn("w:charset"), {qn("w:val"): "00"})
        etree.SubElement(entry, qn("w:family"), {qn("w:val"): family})
        etree.SubElement(entry, qn("w:pitch"), {qn("w:val"): "variable"})
    table._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- content helpers ---------------------------------------------------------------


def para(
    container: Container,
    text: str = "",
    style: str | None = None,
    *,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    after: int | None = None,
    before: int | None = None,
    indent: int | None = None,
) -> Paragraph:
    """Append a paragraph whose text (tags included) is one run, so no tag is split."""
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if after is not None:
        fmt.space_after = Twips(after)
    if before is not None:
        fmt.space_before = Twips(before)
    if indent is not None:
        fmt.left_indent = Twips(indent)
    return paragraph


def tag(container: Container, text: str) -> Paragraph:
    """Append a paragraph holding only a docxtpl paragraph tag such as ``{%p endfor %}``."""
    return para(container, text)


def field(paragraph: Paragraph, instruction: str, shown: str, *, dirty: bool = False) -> None:
    """Append a complex field (begin, instruction, separate, shown result, end)."""

    def run_with(child: Any) -> None:
        paragraph.add_run()._r.append(child)

    begin = w("fldChar", fldCharType="begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(w("fldChar", fldCharType="separate"))
    paragraph.add_run(shown)
    run_with(w("fldChar", fldCharType="end"))


def page_of_pages(footer: _Footer) -> None:
    """A right-aligned "PAGE (NUMPAGES)" footer, as in Regeringskansliet's letters."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    field(paragraph, "PAGE", "1")
    paragraph.add_run(" (")
    field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(")")


def set_page_numbering(section: Section, fmt: str, start: int | None) -> None:
    """Set the section's page number format (``decimal``, ``lowerRoman``) and start."""
    sect_pr = section._sectPr
    element = w("pgNumType", fmt=fmt)
    if start is not None:
        element.set(qn("w:start"), str(start))
    replace_child(
        sect_pr,
        element,
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
    )


def restart_numbering(doc: DocxDocument, paragraph: Paragraph) -> None:
    """Give a list paragraph its own list, numbered from 1, in its style's number format.

    Every paragraph of a ``{%p for %}`` loop repeats this numbering, so the loop is one
    list that does not continue the numbers of lists in the prose before it.
    """
    numbering = doc.part.numbering_part.element
    style: Any = paragraph.style
    style_num_id = style.element.pPr.numPr.numId.val
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    ppr: Any = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num.numId
