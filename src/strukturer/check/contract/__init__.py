"""The template contract: what a Word template may use of the model, and how.

``check_template`` reads a template's ``template.docx`` with python-docx and lxml, one
paragraph at a time (body, then headers and footers), and checks the docxtpl tags
against the Jinja environment, the context of :func:`strukturer.render.context.build_context`
and the model's attrs classes (docs/check.md, "Template contract"). Each Word paragraph
becomes one line of a Jinja source, so Jinja's line numbers are paragraph numbers.

The modules: :mod:`.rules` (rule table), :mod:`.types` (the context's type model),
:mod:`.paragraphs` (the .docx as paragraphs), :mod:`.analysis` (the Jinja AST analyser),
:mod:`.syntax` (syntax, split tags, styles), :mod:`.crosscheck` (docxtpl's own reading)
and :mod:`.check` (putting them together).
"""

from strukturer.check.contract.check import check_template, check_templates
from strukturer.check.contract.rules import TEMPLATE_RULES
from strukturer.check.contract.types import RENDER_NAMES, TEMPLATE_CONTEXT

__all__ = [
    "RENDER_NAMES",
    "TEMPLATE_CONTEXT",
    "TEMPLATE_RULES",
    "check_template",
    "check_templates",
]
