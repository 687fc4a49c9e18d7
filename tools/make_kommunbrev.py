"""Make version 1.0.0 of the `kommunbrev` template (a one-page letter per municipality).

Run once; the committed template.docx is then the source of truth that a designer edits.
It starts from the released `missiv` template so styles, fonts, language and the
footnotes part are the same, and replaces the body.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "kommunbrev" / "1.0.0"

MANIFEST = """\
name = "kommunbrev"
version = "1.0.0"
renders = "record"
description = "Brev till en kommun om rapporten (ett per post, koppling)"
fonts = ["Liberation Serif", "Liberation Sans"]
changelog = ["1.0.0: första versionen"]
"""


def main() -> int:
    """Write templates/kommunbrev/1.0.0; refuse to overwrite a released version."""
    if (TARGET / "template.docx").exists() and "--force" not in sys.argv:
        print(f"{TARGET} exists; a released version is never changed", file=sys.stderr)
        return 1
    TARGET.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(
        ROOT / "templates" / "missiv" / "1.0.0" / "template.docx", TARGET / "template.docx"
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

    def add(text: str, style: str = "Normal") -> docx.text.paragraph.Paragraph:
        paragraph = document.add_paragraph(style=style)
        paragraph.add_run(text)
        return paragraph

    add("{{ agency.name }}", "Avsändare")
    right = add("Datum {{ press_release.date | iso_date }}")
    right.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add("{{ record.official_name }}")
    add("Rapporten {{ report.title }} är publicerad", "Heading 1")
    add(
        "{{ agency.name }} har på regeringens uppdrag utvärderat arbetet mot hedersrelaterat "
        "våld och förtryck vid Länsstyrelsen i Östergötlands län. Resultatet redovisas i "
        "rapporten {{ report.full_title }}."
    )
    add(
        "Utvärderingen visar att insatserna inte räcker för att möta behovet av stöd. Det "
        "behövs starkare samordning mellan olika myndigheter och mer stöd i det praktiska "
        "arbetet. Vi vill därför göra {{ record.official_name }} uppmärksam på rapporten."
    )
    add("Rapporten finns att läsa och ladda ner på {{ press_release.link }}.")
    add("Med vänliga hälsningar")
    add("{{ cover_letter.decision_maker.name }}")
    add("{{ cover_letter.decision_maker.title }}")
    document.core_properties.title = ""
    document.save(str(TARGET / "template.docx"))
    (TARGET / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
