"""Reading YAML safely: control bytes, explicit tags and alias bombs give file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import strukturer
from strukturer.cli import main
from strukturer.errors import ContentError
from tests.conftest import edit
from tests.limited import run_limited

FINDINGS = "strukturer-for-stod/findings.yaml"


@pytest.mark.parametrize("byte", [0x0B, 0x0C, 0x00, 0x1B])
def test_a_control_byte_in_yaml_is_one_line_naming_the_file(project_dir: Path, byte: int) -> None:
    edit(project_dir / "findings.yaml", "Insatserna räcker", f"Insatserna{chr(byte)} räcker")
    result = CliRunner().invoke(main, ["build", str(project_dir), "--to", "docx"])
    assert result.exit_code == 1
    assert result.output == (
        f"error: {FINDINGS}:8: invalid YAML: the control character U+{byte:04X} is not "
        "allowed in a YAML file; remove it\n"
    )


def test_an_explicit_python_tag_is_refused(project_dir: Path) -> None:
    edit(
        project_dir / "findings.yaml",
        "text: Insatserna räcker",
        "text: !!python/name:os.system Insatserna räcker",
    )
    with pytest.raises(ContentError) as caught:
        strukturer.load_project(project_dir)
    assert str(caught.value) == (
        f"{FINDINGS}:8: findings[1].text: the YAML tag '!!python/name:os.system' is not "
        "allowed; content holds only text, numbers, dates, lists and mappings"
    )


def test_a_local_tag_on_a_mapping_is_refused(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "  - id: behov", "  - !finding\n    id: behov")
    with pytest.raises(ContentError, match=r"findings\[1\]: the YAML tag '!finding' is not"):
        strukturer.load_project(project_dir)


def test_plain_explicit_tags_are_still_accepted(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "text: Insatserna räcker", "text: !!str Insatserna räcker")
    project = strukturer.load_project(project_dir)
    assert project.evaluation.findings[1].text.startswith("Insatserna räcker")


def test_an_alias_that_contains_itself_is_refused(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "findings:\n", "loop: &a [*a]\nfindings:\n")
    with pytest.raises(ContentError, match=r"loop\[0\]: an alias refers to the value that"):
        strukturer.load_project(project_dir)


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_alias_expansion_is_limited_with_bounded_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + BOMB)
    assert bomb.stat().st_size < 1000  # expands to 10**9 strings without the limit
    done = run_limited(
        f"""
        from pathlib import Path
        from strukturer.content.sources import ContentProblem, Positions, load_yaml
        try:
            load_yaml(Path({str(bomb)!r}), "bomb.yaml", (), Positions())
        except ContentProblem as exc:
            print(exc.problem.line, exc.problem.message)
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "1 the file expands to too many values (are aliases repeating each other?): over the "
        "limit of 200,000 (STRUKTURER_LIMIT_YAML_NODES; docs/limits.md)\n"
    )


def test_the_alias_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from strukturer.content.sources import ContentProblem, Positions, load_yaml  # noqa: PLC0415
    from strukturer.limits import current_limits  # noqa: PLC0415

    small = tmp_path / "small.yaml"
    small.write_text('a: &a ["x", "x", "x"]\nb: [*a, *a, *a]\n')
    monkeypatch.setenv("STRUKTURER_LIMIT_YAML_NODES", "20")
    assert load_yaml(small, "small.yaml", (), Positions())["b"][2] == ["x", "x", "x"]
    monkeypatch.setenv("STRUKTURER_LIMIT_YAML_NODES", "10")
    with pytest.raises(ContentProblem, match="over the limit of 10 "):
        load_yaml(small, "small.yaml", (), Positions(), current_limits())


YAML_PIECES = st.sampled_from(
    [
        *"ab:-[]{},&*!?|>'\"#\n \t09.",
        "\x0b",
        "\x1b",
        "é",
        "<<",
        "!!",
        "%YAML 1.1\n---\n",
        "&a ",
        "*a",
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_any_text_is_read_or_refused_with_a_problem(tmp_path: Path, text: str) -> None:
    from strukturer.content.sources import ContentProblem, Positions, load_yaml  # noqa: PLC0415

    path = tmp_path / "any.yaml"
    path.write_text(text, encoding="utf-8")
    problem = None
    try:
        load_yaml(path, "any.yaml", (), Positions())
    except ContentProblem as exc:  # anything else escaping is a bug
        problem = exc.problem
    assert problem is None or (problem.file, problem.message[:1].isalpha()) == ("any.yaml", True)


def test_a_key_that_is_a_list_is_refused(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "findings:\n", "[a, b]: x\nfindings:\n")
    with pytest.raises(ContentError) as caught:
        strukturer.load_project(project_dir)
    assert str(caught.value) == f"{FINDINGS}:2: a key must be a name, not a list or mapping"


def test_nesting_too_deep_is_a_problem_not_a_recursion_error(tmp_path: Path) -> None:
    from strukturer.content.sources import ContentProblem, Positions, load_yaml  # noqa: PLC0415

    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    with pytest.raises(ContentProblem) as caught:
        load_yaml(deep, "deep.yaml", (), Positions())
    assert str(caught.value) == "deep.yaml: invalid YAML: nested too deeply"


def test_toml_nested_too_deeply_is_one_line(project_dir: Path) -> None:
    with (project_dir / "strukturer.toml").open("a", encoding="utf-8") as toml:
        toml.write("x = " + "[" * 5000 + "]" * 5000 + "\n")
    result = CliRunner().invoke(main, ["build", str(project_dir), "--to", "docx"])
    assert result.exit_code == 1
    assert (
        result.output
        == "error: strukturer-for-stod/strukturer.toml: invalid TOML: nested too deeply\n"
    )
