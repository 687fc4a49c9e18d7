"""docxtpl's own reading of the template, parsed too: what only that view shows."""

from __future__ import annotations

import jinja2
from docxtpl import DocxTemplate

from strukturer.check.contract.rules import finding
from strukturer.check.contract.types import template_names
from strukturer.check.diagnostics import Diagnostic
from strukturer.render.template_library import TemplateVersion


def docxtpl_cross_check(
    template: TemplateVersion,
    env: jinja2.Environment,
    file: str,
    reported: set[str],
    found: list[Diagnostic],
) -> None:
    """Parse the XML as docxtpl patches it; report what only that view shows."""
    reported_filters = any(
        f.rule_id == "template-unknown-variable"
        and ("unknown filter" in f.message or "unknown test" in f.message)
        for f in found
    )
    try:
        names = DocxTemplate(str(template.docx)).get_undeclared_template_variables(jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        if isinstance(exc, jinja2.TemplateAssertionError) and reported_filters:
            return  # an unknown filter or test, already reported where it is used
        found.append(
            finding(
                "template-syntax",
                file,
                1,
                1,
                f"template {template}: docxtpl's preprocessing of the Word XML gives invalid "
                f"Jinja: {exc.message}",
            )
        )
        return
    known = {*template_names(template.renders), *env.globals}
    for name in sorted(set(names) - known - reported):
        found.append(
            finding(
                "template-unknown-variable",
                file,
                1,
                1,
                f'template {template}: unknown name "{name}" (as docxtpl reads the XML)',
                text=name,
            )
        )
