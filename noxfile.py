"""Developer sessions: tests, lint, typecheck (and later bench, docs, release)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite with the real LibreOffice."""
    session.install("-e", ".[dev]")
    session.run("pytest", *session.posargs)


@nox.session
def tests_wheel(session: nox.Session) -> None:
    """Run the test suite against the built and installed wheel, as users get strukturer."""
    _install_wheel(session, "strukturer[dev]")
    # the tests must import the installed package, not src/
    session.run("python", "-c", "import strukturer; assert 'site-packages' in strukturer.__file__")
    session.run("pytest", *session.posargs)


def _install_wheel(session: nox.Session, requirement: str) -> None:
    """Build the checkout's wheel and install it (``requirement``: the name and its extras)."""
    wheels = Path(session.create_tmp()).absolute() / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    session.run("python", "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), ".")
    (wheel,) = wheels.glob("strukturer-*.whl")
    session.install(f"{requirement} @ {wheel.as_uri()}")
    # a reused session venv holds an earlier build of the same version: replace it
    session.install("--force-reinstall", "--no-deps", str(wheel))


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".[dev]")
    session.run("mypy", "src")


@nox.session
def release(session: nox.Session) -> None:
    """The release bundle in dist/ (deliverables, SHA256SUMS, manifest.json); prints the sums.

    strukturer is installed from the checkout's wheel, as users get it. SOURCE_DATE_EPOCH
    defaults to the HEAD commit time. Arguments go to ``strukturer release`` (e.g.
    ``nox -s release -- --example --jobs 2``).
    """
    _install_wheel(session, "strukturer")
    session.run("strukturer", "release", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site (Sphinx + MyST, warnings are errors) into docs/_build/html.

    Needs LibreOffice and poppler-utils: the page previews build the default project.
    Extra arguments go to sphinx-build (e.g. ``nox -s docs -- -E`` for a full rebuild).
    """
    session.install("-e", ".", "sphinx", "myst-parser", "furo", "sphinx-click")
    build = ["sphinx-build", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html"]
    session.run(*build, *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against the naive `soffice --convert-to pdf` route and the targets.

    Prints a table, writes bench/results/<date>-<commit>.json and fails on a regression
    (docs/performance.md). Arguments go to the script, e.g. ``nox -s bench -- --scale
    100,1000`` or ``-- --skip scale``.
    """
    session.install("-e", ".")
    session.run("python", "bench/build_bench.py", *session.posargs)
