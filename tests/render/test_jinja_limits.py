"""Templates run under limits: huge values, long loops and bad arithmetic fail fast."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from strukturer.cli import main
from strukturer.render.jinja import make_environment
from tests.limited import run_limited
from tests.own_template import add_paragraph, own_template

RANGE = "over the limit of 100,000 (STRUKTURER_LIMIT_RANGE_ITEMS; docs/limits.md)"
BITS = "over the limit of 4,096 (STRUKTURER_LIMIT_TEMPLATE_INT_BITS; docs/limits.md)"
TOO_LONG = "over the limit of 1,000,000 (STRUKTURER_LIMIT_TEMPLATE_VALUE_LENGTH; docs/limits.md)"


def render(source: str) -> str:
    return make_environment().from_string(source).render()


def test_ordinary_expressions_still_work() -> None:
    assert render("{{ 'ab' * 3 }} {{ range(3)|list }} {{ 2 ** 10 }} {{ 7 // 2 }} {{ 7 % 3 }}") == (
        "ababab [0, 1, 2] 1024 3 1"
    )
    assert render("{{ 'x'|center(5) }}|{{ 'a b'|replace('a', 'c') }}|{{ '%05d'|format(3) }}") == (
        "  x  |c b|00003"
    )
    assert render(
        "{{ [1, 2, 3]|batch(2)|list }} {{ 'a\nb'|indent(2) }} {{ '{:>3}'.format(1) }}"
    ) == ("[[1, 2], [3]] a\n  b   1")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            "{{ 'x' * 10**10 }}",
            f"'x' * … would build a value of 10,000,000,000 characters or items, {TOO_LONG}",
        ),
        (
            "{{ [0] * 10**8 }}",
            f"'[0]' * … would build a value of 100,000,000 characters or items, {TOO_LONG}",
        ),
        (
            "{{ 'x'|center(10**9) }}",
            f"|center would build a value of 1,000,000,000 characters or items, {TOO_LONG}",
        ),
        (
            "{{ '{:>999999999}'.format(1) }}",
            f"a format width would build a value of 999,999,999 characters or items, {TOO_LONG}",
        ),
        (
            "{{ '%0999999999d' % 1 }}",
            f"a format width would build a value of 999,999,999 characters or items, {TOO_LONG}",
        ),
        (
            "{{ 'aaaa'|replace('a', 'b' * 400000) }}",
            f"|replace would build a value of 1,600,000 characters or items, {TOO_LONG}",
        ),
        (
            "{% for x in range(10**9) %}{% endfor %}",
            f"range() of 1,000,000,000 items, {RANGE}",
        ),
        (
            "{{ [1]|batch(10**9, 0)|list }}",
            f"|batch of 1,000,000,000 items, {RANGE}",
        ),
        (
            "{{ 2 ** 100000 }}",
            f"'**' would build a number of about 100,000 bits, {BITS}",
        ),
        ("{{ 1 / 0 }}", "arithmetic error in '/': division by zero"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            f"'~' would build a value of 1,048,576 characters or items, {TOO_LONG}",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}"
            "{% endfor %}",
            f"'+' would build a value of 1,048,576 characters or items, {TOO_LONG}",
        ),
        (
            "{% set x = ['a'] %}{% for i in range(60) %}{% set _ = x.extend(x) %}{% endfor %}",
            "access to attribute 'extend' of 'list' object is unsafe.",
        ),
        (
            "{{ range(100000)|join('x' * 100000) }}",
            f"|join would build a value of 10,000,000,000 characters or items, {TOO_LONG}",
        ),
        (
            "{{ 'a b c'|wordwrap(1, wrapstring='x' * 900000) }}",
            f"|wordwrap would build a value of 4,500,005 characters or items, {TOO_LONG}",
        ),
        ("{{ 2.0 ** 5000 }}", "arithmetic error in '**': (34, 'Numerical result out of range')"),
    ],
)
def test_a_limit_stops_the_value_before_it_is_built(source: str, message: str) -> None:
    from jinja2.exceptions import SecurityError  # noqa: PLC0415

    with pytest.raises(SecurityError) as caught:
        render(source)
    assert str(caught.value) == message


def test_the_memory_stays_bounded() -> None:
    done = run_limited(
        """
        from strukturer.render.jinja import make_environment
        env = make_environment()
        doubling = (
            "{% set ns = namespace(s='x') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s OP ns.s %}{% endfor %}"
        )
        for source in [
            "{{ 'x' * 10**10 }}",
            "{{ 'y' * 10**5 * 10**5 }}",
            "{{ [1] * 10**10 }}",
            doubling.replace("OP", "~"),
            doubling.replace("OP", "+"),
            "{{ range(100000)|join('x' * 100000) }}",
        ]:
            try:
                env.from_string(source).render()
            except Exception as exc:
                print(type(exc).__name__)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "TemplateLimitError\n" * 6


def test_the_output_of_a_template_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2.exceptions import SecurityError  # noqa: PLC0415

    monkeypatch.setenv("STRUKTURER_LIMIT_TEMPLATE_OUTPUT_LENGTH", "1000")
    assert len(render("{% for i in range(100) %}0123456789{% endfor %}")) == 1000
    with pytest.raises(SecurityError) as caught:
        render("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}")
    assert str(caught.value) == (
        "the template's output of 1,001 characters, over the limit of 1,000 "
        "(STRUKTURER_LIMIT_TEMPLATE_OUTPUT_LENGTH; docs/limits.md)"
    )


def test_a_template_that_runs_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2.exceptions import SecurityError  # noqa: PLC0415

    monkeypatch.setenv("STRUKTURER_LIMIT_RENDER_SECONDS", "0.5")
    loops = "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(SecurityError) as caught:  # 10**10 steps: hours without the limit
        render(loops)
    assert str(caught.value) == (
        "the template took longer than 0.5 s to render "
        "(STRUKTURER_LIMIT_RENDER_SECONDS; docs/limits.md)"
    )


def test_a_limit_in_a_template_is_one_line_from_the_build(project_dir: Path) -> None:
    add_paragraph(
        own_template(project_dir, "missiv", "eget-missiv"),
        "{% for x in range(10**9) %}{{ x }}{% endfor %}",
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(project_dir),
            "-q",
            "--to",
            "docx",
            "--no-check",
            "--out",
            str(project_dir / "dist"),
        ],
    )
    assert result.exit_code == 1
    assert result.output == (
        "error: template eget-missiv 2.0.0: range() of 1,000,000,000 items, over the limit "
        "of 100,000 (STRUKTURER_LIMIT_RANGE_ITEMS; docs/limits.md)\n"
    )
    assert not (project_dir / "dist" / "strukturer-for-stod").exists()
