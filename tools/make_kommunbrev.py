"""Make version 2.0.0 of the `kommunbrev` template (a one-page letter per record).

Run once; the committed template.docx is then the source of truth that a designer edits.
It starts from the released `missiv` 2.0.0 template so styles, fonts, language and the
footnotes part are the same, and replaces the body. The letter's text comes from the
content (the project's cover letter, ``cover_letter.body``), never from the template:
1.0.0 printed the first case's subject for every agency. Released versions are never
overwritten (``--force`` to regenerate this one).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parents[1]
VERSION = "2.0.0"
TARGET = ROOT / "templates" / "kommunbrev" / VERSION

MANIFEST = f"""\
name = "kommunbrev"
version = "{VERSION}"
renders = "record"
description = "Brev till en mottagare i en lista (ett per post, koppling); texten ur innehållet"
fonts = ["Liberation Serif", "Liberation Sans"]
changelog = ["1.0.0: första versionen", "{VERSION}: ingen ärendetext i mallen: brevets text \
är cover_letter.body, rubriken document.title; byggd på missiv 2.0.0"]
"""


def main() -> int:
    """Write templates/kommunbrev/2.0.0; refuse to overwrite a released version."""
    if (TARGET / "template.docx").exists() and "--force" not in sys.argv:
        print(f"{TARGET} exists; a released version is never changed", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        ROOT / "templates" / "missiv" / VERSION / "template.docx", TARGET / "template.docx"
    )
    document = docx.Document(str(TARGET / "template.docx"))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for section in document.sections:  # page numbers would run across all letters
        for paragraph in section.footer.paragraphs:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)

    def add(text: str, style: str = "Normal") -> Paragraph:
        paragraph = document.add_paragraph(style=style)
        paragraph.add_run(text)
        return paragraph

    add("{{ agency.name }}", "Avsändare")
    right = add("Datum {{ cover_letter.date | iso_date }}")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add("{{ record.official_name }}")
    add("{{ document.title }}", "Heading 1")
    add("{{p cover_letter.body }}")
    add("Med vänliga hälsningar")
    add("{{ cover_letter.decision_maker.name }}")
    add("{{ cover_letter.decision_maker.title }}")
    document.core_properties.title = ""
    document.save(str(TARGET / "template.docx"))
    (TARGET / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
