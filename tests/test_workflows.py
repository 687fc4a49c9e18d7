"""The GitHub workflows: valid by the workflow schema, and they only run nox sessions that exist.

What a workflow runs must run the same way locally, so every step that does work is
``nox -s <session>``; a renamed or removed session must fail here, not on the next tag.
"""

from __future__ import annotations

import ast
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
#: The workflow an agency copies into its own content repository (docs/release.md).
AGENCY = REPO / ".github" / "workflow-templates" / "strukturer-agency.yml"
ALL = [WORKFLOWS / "ci.yml", WORKFLOWS / "release.yml", AGENCY]
NOXFILE = REPO / "noxfile.py"
#: Tools that must run through a nox session, never straight from a workflow.
WRAPPED = {"pytest", "ruff", "mypy", "strukturer", "pip-audit"}


def nox_sessions() -> set[str]:
    """Names of the functions decorated with ``@nox.session`` (called or not) in noxfile.py."""
    tree = ast.parse(NOXFILE.read_text(encoding="utf-8"), filename=str(NOXFILE))
    names = set()
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if ast.unparse(target) in ("nox.session", "session"):
                name = node.name
                if isinstance(decorator, ast.Call):
                    for keyword in decorator.keywords:
                        if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                            name = str(keyword.value.value)
                names.add(name)
    return names


def run_steps(workflow: dict[Any, Any]) -> list[str]:
    """Every ``run:`` script of every job."""
    return [
        str(step["run"])
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def scripts_and_tools(workflow: dict[Any, Any]) -> list[str]:
    """The ``run:`` scripts, and the ``nox`` lines of the ``tools/`` scripts they run."""
    scripts = run_steps(workflow)
    for command in [c for script in scripts for c in commands(script)]:
        if command[0].startswith("tools/"):
            text = (REPO / command[0]).read_text(encoding="utf-8")
            scripts += [line for line in text.splitlines() if "nox" in line.split("#")[0]]
    return scripts


def commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script (split at newlines, ``&&``, ``||``, ``;``, ``|``)."""
    found: list[list[str]] = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current: list[str] = []
        for token in lexer:
            if token in ("&&", "||", ";", "|", "&"):
                if current:
                    found.append(current)
                current = []
            else:
                current.append(token)
        if current:
            found.append(current)
    return found


def nox_invocations(script: str) -> list[list[str]]:
    """The session names of each ``nox`` (or ``python -m nox``) command of ``script``."""
    invocations = []
    for command in commands(script):
        if command and Path(command[0]).name == "nox":  # nox, or a venv's .../bin/nox
            args = command[1:]
        elif command[:3] in (["python", "-m", "nox"], ["python3", "-m", "nox"]):
            args = command[3:]
        else:
            continue
        sessions: list[str] = []
        collecting = False
        for arg in args:
            if arg == "--":
                break
            if arg in ("-s", "-e", "--session", "--sessions"):
                collecting = True
            elif arg.startswith("--session=") or arg.startswith("--sessions="):
                sessions += arg.split("=", 1)[1].split(",")
                collecting = False
            elif arg.startswith("-"):
                collecting = False
            elif collecting:
                sessions += arg.split(",")
        invocations.append(sessions)
    return invocations


def load(name: str | Path) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("name", ["ci.yml", "release.yml"])
def test_workflows_only_run_nox_sessions_that_exist(name: str) -> None:
    known = nox_sessions()
    scripts = scripts_and_tools(load(name))
    invocations = [s for script in scripts for s in nox_invocations(script)]
    assert invocations, f"{name} runs no nox session"
    for sessions in invocations:
        assert sessions, f"{name}: a nox call names no session (-s), so it depends on defaults"
        unknown = sorted(set(sessions) - known)
        assert not unknown, f"{name} runs nox sessions missing from noxfile.py: {unknown}"
    for script in run_steps(load(name)):
        for command in commands(script):
            assert command[0] not in WRAPPED, f"{name} runs {command[0]} outside nox: {script}"


def test_ci_and_release_run_the_expected_sessions() -> None:
    ci = {s for script in run_steps(load("ci.yml")) for i in nox_invocations(script) for s in i}
    assert {"lint", "typecheck", "tests"} <= ci
    release = load("release.yml")
    # the recipe that tests/test_release_debian.py runs in a fresh Debian 12 root too, and
    # that CI runs on every pull request
    assert "tools/debian_build.sh release dist" in run_steps(release)
    assert "tools/debian_build.sh release dist" in run_steps(load("ci.yml"))
    scripts = scripts_and_tools(release)
    sessions = {s for script in scripts for i in nox_invocations(script) for s in i}
    assert sessions == {"release"}
    # YAML 1.1 reads the key "on" as True
    trigger = release.get("on", release.get(True))
    assert trigger == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {"contents": "write"}
    steps = release["jobs"]["release"]["steps"]
    publish = [s for s in steps if str(s.get("uses", "")).startswith("softprops/action-gh-release")]
    assert [s["with"]["files"] for s in publish] == ["dist/**"]
    scripts = "\n".join(run_steps(release))
    assert "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" in scripts


def test_the_session_parser() -> None:
    script = "sudo apt-get update && nox -s lint typecheck -- -x\npython -m nox --sessions=tests"
    assert nox_invocations(script) == [["lint", "typecheck"], ["tests"]]
    assert {"tests", "lint", "typecheck", "release"} <= nox_sessions()


def _check_jsonschema() -> Path:
    tool = Path(sys.executable).parent / "check-jsonschema"
    if not tool.is_file():
        message = f"check-jsonschema is not installed next to {sys.executable} (dev extras)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return tool


def _validate(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(_check_jsonschema()), "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_workflows_validate_against_the_github_workflow_schema() -> None:
    done = _validate(*ALL)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    steps: nothing\n", encoding="utf-8")
    assert _validate(broken).returncode != 0


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_actions_are_pinned_and_checkouts_keep_no_credentials(path: Path) -> None:
    steps = _steps(load(path))
    for step in steps:
        if "uses" in step:
            action, _, ref = str(step["uses"]).partition("@")
            assert len(ref) == 40, f"{path.name}: {action} is not pinned by commit SHA"
            assert all(c in "0123456789abcdef" for c in ref), step["uses"]
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkouts
    assert all(s["with"]["persist-credentials"] is False for s in checkouts)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_job_runs_in_a_debian_12_container(path: Path) -> None:
    for job in load(path)["jobs"].values():
        assert str(job["container"]).endswith("-bookworm"), job["container"]


def test_ci_runs_once_per_pull_request_on_three_pythons_against_the_wheel() -> None:
    ci = load("ci.yml")
    assert ci.get("on", ci.get(True)) == {"pull_request": None, "push": {"branches": ["main"]}}
    job = ci["jobs"]["checks"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    assert job["container"] == "python:${{ matrix.python-version }}-bookworm"
    sessions = {s for script in run_steps(ci) for i in nox_invocations(script) for s in i}
    assert {"lint", "typecheck", "tests", "tests_wheel"} <= sessions
    scripts = [str(step.get("run", "")) for step in _steps(ci)]
    assert "./dev setup" in scripts  # the same system packages as a developer's machine
    cached = [s["with"]["path"] for s in _steps(ci) if "actions/cache@" in str(s.get("uses"))]
    assert cached == [".cache/apt", ".cache/pip"]


def _dev_packages() -> set[str]:
    """The system packages ./dev installs (its LIBREOFFICE_PACKAGES and SYSTEM_PACKAGES)."""
    text = (REPO / "dev").read_text(encoding="utf-8")
    found: set[str] = set()
    for name in ("LIBREOFFICE_PACKAGES", "SYSTEM_PACKAGES"):
        start = text.index(f"{name}=(") + len(name) + 2
        for line in text[start:].splitlines():
            words = line.split("#")[0].split()
            found |= {w.rstrip(")") for w in words if not w.startswith('"$') and w != ")"}
            if line.split("#")[0].rstrip().endswith(")"):
                break
    return found


def test_the_agency_template_installs_what_dev_installs() -> None:
    scripts = "\n".join(run_steps(load(AGENCY)))
    installed = {
        word
        for command in commands(scripts.replace("\\\n", " "))
        if command[:2] == ["apt-get", "install"]
        for word in command[2:]
        if not word.startswith("-") and word != "bookworm-backports"
    }
    assert installed == _dev_packages()
    assert "bookworm-backports" in scripts


def test_the_agency_template_checks_builds_and_releases_on_a_tag() -> None:
    agency = load(AGENCY)
    assert agency.get("on", agency.get(True)) == {
        "pull_request": None,
        "push": {"tags": ["v*"]},
    }
    scripts = run_steps(agency)
    assert "strukturer check" in scripts
    assert any(s.startswith("strukturer build ") for s in scripts)
    assert (
        'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" strukturer release --out release --jobs 2'
        in scripts
    )
