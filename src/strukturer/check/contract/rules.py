"""The template-contract rules, in the shape of the language rules (docs/check.md)."""

from __future__ import annotations

from collections.abc import Iterator

from strukturer.check.diagnostics import Diagnostic, Severity
from strukturer.check.rules.base import Context, Hit, Rule


def _not_a_text_rule(_ctx: Context) -> Iterator[Hit]:
    """Template rules look at .docx files, not at prose; on text they find nothing."""
    return iter(())


def _template_rule(
    rule_id: str, severity: Severity, description: str, example: tuple[str, str]
) -> Rule:
    return Rule(
        rule_id,
        severity,
        "docs/templates.md",
        description,
        example[0],
        example[1],
        _not_a_text_rule,
    )


#: The template-contract rules, in the shape of :data:`strukturer.check.rules.RULES`.
TEMPLATE_RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _template_rule(
            "template-syntax",
            Severity.ERROR,
            "A Jinja syntax error, an unclosed tag or a stray closing brace.",
            ("{{ report.title }", "{{ report.title }}"),
        ),
        _template_rule(
            "template-unknown-variable",
            Severity.ERROR,
            "A name, attribute or filter that the context and the model do not have.",
            ("{{ report.titel }}", "{{ report.title }}"),
        ),
        _template_rule(
            "template-split-tag",
            Severity.ERROR,
            "A tag that Word split over several runs.",
            ("{{ rep|ort.title }}", "{{ report.title }}"),
        ),
        _template_rule(
            "template-prose-inline",
            Severity.ERROR,
            "Prose must stand alone in its paragraph as {{p field }}; {{p}} shows only prose.",
            ("Text {{ report.summary }}", "{{p report.summary }}"),
        ),
        _template_rule(
            "template-unused-field",
            Severity.INFO,
            "A top-level field of the rendered model that no tag uses.",
            ("(no tag uses report.references)", "{%p for ref in report.references %}"),
        ),
        _template_rule(
            "template-style-missing",
            Severity.ERROR,
            "A style that prose renders into is missing from the template.",
            ("(no Quote style)", "a paragraph style named Quote"),
        ),
    )
}


def finding(
    rule_id: str,
    file: str,
    line: int,
    column: int,
    message: str,
    *,
    suggestion: str | None = None,
    text: str = "",
) -> Diagnostic:
    """A finding of a template rule at the rule's default severity (the config may change it)."""
    severity = TEMPLATE_RULES[rule_id].severity
    return Diagnostic(file, line, column, severity, rule_id, message, suggestion, text)
