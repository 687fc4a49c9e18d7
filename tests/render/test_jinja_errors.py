"""A template expression that fails is a template error with its reason, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from strukturer.cli import main
from strukturer.render.jinja import TemplateExpressionError, make_environment
from tests.own_template import add_paragraph, own_template


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
            "a macro calls itself without end (recursion too deep)",
        ),
        (
            "{{ 1 + 'a' }}",
            "an expression failed: unsupported operand type(s) for +: 'int' and 'str'",
        ),
        (
            "{{ [1, 'a']|sort }}",
            "an expression failed: '<' not supported between instances of 'str' and 'int'",
        ),
        (
            "{{ 5|join_list }}",
            "an expression failed: join_list() expects an iterable of items (not a string), "
            "got int: 5",
        ),
        ("{{ 'x'|truncate(-5) }}", "an expression failed: expected length >= 3, got -5"),
        ("{% include 'x' %}", "an expression failed: no loader for this environment specified"),
    ],
)
def test_a_failing_expression_is_a_template_error(source: str, message: str) -> None:
    with pytest.raises(TemplateExpressionError) as caught:
        make_environment().from_string(source).render()
    assert str(caught.value) == message


def test_a_failing_expression_is_one_line_from_the_build(project_dir: Path) -> None:
    add_paragraph(own_template(project_dir, "missiv", "eget-missiv"), "{{ 1 + 'a' }}")
    out = project_dir / "dist"
    result = CliRunner().invoke(
        main, ["build", str(project_dir), "-q", "--to", "docx", "--no-check", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.output == (
        "error: template eget-missiv 2.0.0: an expression failed: unsupported operand "
        "type(s) for +: 'int' and 'str'\n"
    )
