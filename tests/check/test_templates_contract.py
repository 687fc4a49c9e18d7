"""The template contract check on the built-in templates and on broken copies of them."""

from __future__ import annotations

import copy
import shutil
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from strukturer.check import CheckConfig, Diagnostic, Severity
from strukturer.check.contract import (
    TEMPLATE_CONTEXT,
    TEMPLATE_RULES,
    check_template,
    check_templates,
)
from strukturer.content.loader import load_project
from strukturer.model import Evaluation
from strukturer.render.context import build_context
from strukturer.render.template_library import TemplateLibrary, TemplateVersion

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "check.md"
RAPPORT = "templates/rapport/1.0.0/template.docx"

Edit = Callable[[Any], None]


def broken(tmp_path: Path, name: str, edit: Edit) -> TemplateVersion:
    """A copy of built-in template ``name`` 1.0.0 in ``tmp_path``, edited by ``edit``."""
    source = TemplateLibrary().get(name, "1.0.0")
    folder = tmp_path / "templates" / name / "1.0.0"
    shutil.copytree(source.path, folder)
    document = docx.Document(str(folder / "template.docx"))
    edit(document)
    document.save(str(folder / "template.docx"))
    return TemplateLibrary([tmp_path / "templates"]).get(name, "1.0.0")


def paragraph(document: Any, number: int, part: Any = None) -> Any:
    """The ``number``-th w:p (1-based, document order) of the body or of ``part``."""
    root = document.element.body if part is None else part
    return list(root.iter(qn("w:p")))[number - 1]


def set_text(p: Any, *texts: str) -> None:
    """Give paragraph ``p`` one run per text, each a copy of its first run."""
    runs = p.findall(qn("w:r"))
    first = runs[0]
    for run in runs[1:]:
        p.remove(run)
    previous = first
    for index, text in enumerate(texts):
        run = first if index == 0 else copy.deepcopy(first)
        if index:
            previous.addnext(run)
        t = run.find(qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        previous = run


def text_of(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def where(diagnostics: list[Diagnostic], severity: Severity | None = None) -> list[tuple[Any, ...]]:
    """(rule id, file, line, column, text, suggestion) of the diagnostics."""
    return [
        (d.rule_id, d.file, d.line, d.column, d.text, d.suggestion)
        for d in diagnostics
        if severity is None or d.severity is severity
    ]


# ---------------------------------------------------------------- the built-in templates


def test_builtin_templates_have_no_errors() -> None:
    versions = TemplateLibrary().versions()
    assert {t.name for t in versions} >= {"regeringsbeslut", "rapport", "missiv", "pressmeddelande"}
    diagnostics = check_templates(versions)
    assert [d for d in diagnostics if d.severity is not Severity.INFO] == []


def test_builtin_unused_fields_are_the_known_ones() -> None:
    infos = check_templates(TemplateLibrary().versions())
    unused = {
        "missiv/1.0.0": ["address", "their_date", "their_reference", "present", "decision_text"],
        "pressmeddelande/2.0.0": ["headline"],
        "rapport/1.0.0": ["answers"],
        "rapport/2.0.0": ["answers"],
        "regeringsbeslut/1.0.0": ["municipalities", "reporting", "earlier_assignments"],
        "regeringsbeslut/2.0.0": ["title", "municipalities", "earlier_assignments"],
    }
    owner = {"missiv": "cover_letter", "pressmeddelande": "press_release"}
    owner |= {"rapport": "report", "regeringsbeslut": "assignment"}
    assert where(infos) == [
        (
            "template-unused-field",
            f"templates/{version}/template.docx",
            1,
            1,
            f"{owner[version.split('/')[0]]}.{field}",
            None,
        )
        for version, fields in unused.items()
        for field in fields
    ]


def test_context_types_cover_build_context() -> None:
    project = load_project()
    template = TemplateLibrary().get("rapport", "1.0.0")
    assert set(TEMPLATE_CONTEXT) == set(build_context(project, template))


def test_context_types_are_the_models() -> None:
    """The types are traced from build_context through the model, not written down."""
    hints = typing.get_type_hints(Evaluation)
    for name in ("agency", "assignment", "findings", "recommendations", "report"):
        assert TEMPLATE_CONTEXT[name] == hints[name], name
    assert TEMPLATE_CONTEXT["press_release"] == hints["press_release"]
    assert typing.get_type_hints(TEMPLATE_CONTEXT["project"]) == {"name": str, "title": str}
    assert typing.get_type_hints(TEMPLATE_CONTEXT["template"]) == {"name": str, "version": str}
    assert TEMPLATE_CONTEXT["strukturer_version"] is str


def test_rules_are_documented() -> None:
    rows = {
        line.split("|")[1].strip().strip("`"): [c.strip() for c in line.split("|")]
        for line in DOC.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `template-")
    }
    assert set(rows) == set(TEMPLATE_RULES)
    for rule in TEMPLATE_RULES.values():
        assert rows[rule.id][2] == rule.severity, rule.id
        assert rows[rule.id][3] == rule.source, rule.id


# ---------------------------------------------------------------- broken templates


def test_unknown_attribute_suggests_the_closest_field(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 1), "Titel: {{ report.titel }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-unknown-variable", RAPPORT, 1, 8, "{{ report.titel }}", "title")
    ]
    error = next(d for d in diagnostics if d.severity is Severity.ERROR)
    assert 'paragraph 1 "Titel: {{ report.titel }}"' in error.message
    assert "rapport 1.0.0" in error.message


def test_loop_variables_and_loop_attributes_are_resolved(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        p = paragraph(document, 33)
        assert text_of(p) == "{{ loop.index }} {{ chapter.title }}"
        set_text(p, "{{ loop.indx }} {{ chapter.titel }} {{ chapter.body.markdown }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-unknown-variable", RAPPORT, 33, 1, "{{ loop.indx }}", "index"),
        ("template-unknown-variable", RAPPORT, 33, 17, "{{ chapter.titel }}", "title"),
    ]


def test_unknown_top_level_name_and_filter(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 18), "Publicerad: {{ rapport.date | iso_datum }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-unknown-variable", RAPPORT, 18, 13, t, s)
        for t, s in [
            ("{{ rapport.date | iso_datum }}", "report"),
            ("{{ rapport.date | iso_datum }}", "iso_date"),
        ]
    ]


def test_unknown_variable_in_a_table_cell(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 2), "{{ assignment.departement }}")

    diagnostics = check_template(broken(tmp_path, "regeringsbeslut", edit))
    file = "templates/regeringsbeslut/1.0.0/template.docx"
    assert where(diagnostics, Severity.ERROR) == [
        ("template-unknown-variable", file, 2, 1, "{{ assignment.departement }}", "department"),
    ]
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert "table 1, row 1, cell 1 (paragraph 2)" in errors[0].message


def test_unknown_variable_in_a_header(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        header = next(
            rel.target_part.element
            for rel in document.part.rels.values()
            if str(rel.target_part.partname) == "/word/header1.xml"
        )
        p = paragraph(document, 1, header)
        assert text_of(p) == "{{ report.title }}"
        set_text(p, "Rapport: {{ report.nummer }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-unknown-variable", f"{RAPPORT}#header1", 1, 10, "{{ report.nummer }}", None)
    ]


def test_union_attributes_and_properties_are_known(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(
            paragraph(document, 1),
            "{{ report.full_title }} {{ report.isbn.label }} {{ assignment.subject }}"
            " {{ project.title }} {{ template.version }} {{ report.series.year }}",
        )

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == []


def test_split_tag(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        p = paragraph(document, 14)
        assert text_of(p) == "Serie: {{ report.series }}"
        set_text(p, "Serie: {{ rep", "ort.series }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-split-tag", RAPPORT, 14, 8, "{{ report.series }}", "{{ report.series }}")
    ]
    error = next(d for d in diagnostics if d.severity is Severity.ERROR)
    assert "'{{ rep' | 'ort.series }}'" in error.message


def test_unclosed_tag_is_a_syntax_error(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 1), "{{ report.title }")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-syntax", RAPPORT, 1, 1, "{{ report.title }", "{{ report.title }}")
    ]


def test_missing_endif_points_at_the_if(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        p = paragraph(document, 4)
        assert text_of(p) == "{%p endif %}"
        set_text(p, "")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-syntax", RAPPORT, 2, 1, "{%p if report.subtitle %}", None)
    ]
    assert "endif" in diagnostics[0].message


def test_jinja_syntax_error_inside_a_closed_tag(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 7), "Utgivare: {{ agency.name + }} och {{ agency.name }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-syntax", RAPPORT, 7, 11, "{{ agency.name + }}", None)
    ]


def test_unknown_end_tag_points_at_it(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 7), "Utgivare: {% if agency.name %}x{% endfor %}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-syntax", RAPPORT, 7, 32, "{% endfor %}", None)
    ]


def test_stray_closing_braces(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 7), "Utgivare: agency.name }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [("template-syntax", RAPPORT, 7, 23, "}}", None)]


def test_prose_inline(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        p = paragraph(document, 30)
        assert text_of(p) == "{{p report.summary }}"
        set_text(p, "Text {{ report.summary }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        (
            "template-prose-inline",
            RAPPORT,
            30,
            6,
            "{{ report.summary }}",
            "{{p report.summary }}",
        )
    ]


def test_paragraph_tag_for_plain_text(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 1), "{{p report.title }}")

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-prose-inline", RAPPORT, 1, 1, "{{p report.title }}", "{{ report.title }}")
    ]


def test_missing_style(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        style = document.styles["Quote"].element
        style.getparent().remove(style)

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics, Severity.ERROR) == [
        ("template-style-missing", RAPPORT, 1, 1, "Quote", "Quote")
    ]


def test_unused_field(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        body = document.element.body
        paragraphs = list(body.iter(qn("w:p")))
        start = next(
            i for i, p in enumerate(paragraphs) if text_of(p) == "{%p if report.references %}"
        )
        for p in paragraphs[start : start + 6]:
            p.getparent().remove(p)
        assert text_of(paragraphs[start + 5]) == "{%p endif %}"

    diagnostics = check_template(broken(tmp_path, "rapport", edit))
    assert where(diagnostics) == [
        ("template-unused-field", RAPPORT, 1, 1, "report.answers", None),
        ("template-unused-field", RAPPORT, 1, 1, "report.references", None),
    ]
    assert {d.severity for d in diagnostics} == {Severity.INFO}


def test_config_disables_and_changes_severity(tmp_path: Path) -> None:
    def edit(document: Any) -> None:
        set_text(paragraph(document, 1), "{{ report.titel }}")
        set_text(paragraph(document, 14), "Serie: {{ rep", "ort.series }}")

    template = broken(tmp_path, "rapport", edit)
    config = CheckConfig(
        disable=frozenset({"template-split-tag"}),
        severity={"template-unknown-variable": "warning"},
    )
    assert where(check_template(template, config), Severity.WARNING) == [
        ("template-unknown-variable", RAPPORT, 1, 1, "{{ report.titel }}", "title")
    ]
    assert where(check_template(template, config), Severity.ERROR) == []


def test_a_file_that_is_not_a_docx(tmp_path: Path) -> None:
    template = broken(tmp_path, "missiv", lambda document: None)
    template.docx.write_bytes(b"not a zip file")
    assert where(check_template(template)) == [
        ("template-syntax", "templates/missiv/1.0.0/template.docx", 1, 1, "", None)
    ]


@pytest.mark.parametrize("relative_to", [None, ROOT])
def test_file_names(relative_to: Path | None) -> None:
    template = TemplateLibrary().get("regeringsbeslut", "1.0.0")
    files = {d.file for d in check_template(template, relative_to=relative_to)}
    assert files == {"templates/regeringsbeslut/1.0.0/template.docx"}


def test_findings_are_kept_by_the_templates_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRUKTURER_CACHE", str(tmp_path / "cache"))
    template = TemplateLibrary().get("rapport", "1.0.0")
    first = check_template(template)
    (entry,) = (tmp_path / "cache" / "template-findings").iterdir()
    assert check_template(template) == first
    # the entry is what a second check reads: a changed entry shows through
    kept = entry.read_text(encoding="utf-8")
    assert "shows no" in kept
    entry.write_text(kept.replace("shows no", "visar inget"), encoding="utf-8")
    assert [d.message for d in check_template(template)] == [
        d.message.replace("shows no", "visar inget") for d in first
    ]
    # a damaged entry is analysed again and replaced
    entry.write_text("[{", encoding="utf-8")
    assert check_template(template) == first
    assert entry.read_text(encoding="utf-8") == kept
    # another template's bytes are another entry
    edited = broken(tmp_path, "rapport", lambda d: set_text(paragraph(d, 1), "{{ reprot.title }}"))
    assert any(d.rule_id == "template-unknown-variable" for d in check_template(edited))
    assert len(list((tmp_path / "cache" / "template-findings").iterdir())) == 2
