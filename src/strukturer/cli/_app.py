"""What every command shares: exit codes, how errors and warnings are printed, the
project a command works on, and the options ``--strict`` and ``--quiet``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from enum import IntEnum
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from strukturer import __version__
from strukturer._resources import PROJECT_FILE, default_project_dir, find_project
from strukturer.errors import EngineError, StrukturerError

#: Set to 1 to see the traceback of an internal error.
TRACEBACK_ENV = "STRUKTURER_TRACEBACK"

err = Console(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    """The exit codes of every command (docs/cli.md)."""

    OK = 0
    #: Content, template or check errors (and warnings with ``--strict``).
    ERRORS = 1
    #: Bad usage: an unknown option, a missing argument, no project found.
    USAGE = 2
    #: The engine or the environment: LibreOffice missing, failed or timed out.
    ENVIRONMENT = 3
    #: A bug in strukturer (EX_SOFTWARE of sysexits.h).
    INTERNAL = 70


class Failure(click.ClickException):
    """An error shown as one clean message (``error: …``); exit code 1."""

    exit_code = ExitCode.ERRORS

    def show(self, file: object = None) -> None:
        err.print(f"[bold red]error:[/] {escape(self.message)}", soft_wrap=True)


class UsageFailure(Failure):
    """Bad usage shown as one clean message; exit code 2."""

    exit_code = ExitCode.USAGE


class EnvironmentFailure(Failure):
    """The engine or the environment failed; exit code 3."""

    exit_code = ExitCode.ENVIRONMENT


class InternalError(Failure):
    """A bug: a short message and where to report it, exit code 70."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, exc: BaseException) -> None:
        where = _issue_tracker() or "the issue tracker of the project you installed it from"
        super().__init__(
            f"internal error: {type(exc).__name__}: {exc}\n"
            f"This is a bug in strukturer {__version__}, not in your content. Please report "
            f"it at {where} with the command you ran and this message (set "
            f"{TRACEBACK_ENV}=1 to include the traceback)."
        )


def _issue_tracker() -> str | None:
    """The ``Issues`` (or ``Bug Tracker``) URL of the installed distribution, if it has one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls: list[str] = metadata("strukturer").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("issues", "bug tracker", "bugs"):
            return str(url.strip())
    return None


def failure_for(exc: Exception) -> Failure:
    """The exit code and message for an exception that escaped a command."""
    if isinstance(exc, EngineError):
        return EnvironmentFailure(shown(str(exc)))
    if isinstance(exc, StrukturerError):
        return Failure(shown(str(exc)))
    return InternalError(exc)


def warn(message: str) -> None:
    """Print ``warning: message`` on stderr (paths relative to the current folder)."""
    err.print(f"[yellow]warning:[/] {escape(shown(message))}", soft_wrap=True)


# -- which project ----------------------------------------------------------------------

#: ``click.Context.meta`` key: the folder file labels are relative to (the project's parent).
_LABEL_ROOT = "strukturer.label_root"


class NoProject(UsageFailure):
    """No PROJECT given and no strukturer.toml in the current folder or above it."""

    def __init__(self, command: str) -> None:
        super().__init__(
            f"no {PROJECT_FILE} in {Path.cwd()} or any folder above it, so there is no "
            f"project to {command}.\n"
            "  Start one:              strukturer new FOLDER\n"
            f"  Or use the example:     strukturer {command} --example\n"
            f"  Or name a project:      strukturer {command} path/to/project"
        )


def resolve_project(project: Path | None, example: bool, command: str) -> Path:
    """The project a command works on: PROJECT, the built-in example (``--example``),
    or the nearest project from the current folder upwards."""
    if project is not None and example:
        raise UsageFailure("give either PROJECT or --example, not both")
    if example:
        found = default_project_dir()
    elif project is not None:
        found = project
    else:
        discovered = find_project(Path.cwd())
        if discovered is None:
            raise NoProject(command)
        found = discovered
    folder = found.parent if found.suffix == ".toml" else found
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta[_LABEL_ROOT] = folder.absolute().parent
    return found


def shown(text: str) -> str:
    """``text`` with each line's leading ``file:`` label made relative to the current
    folder when the file lies below it (labels are relative to the project's parent)."""
    return "\n".join(_relabel_line(line) for line in text.split("\n"))


def shown_path(label: str) -> str:
    """A file label of the current project, relative to the current folder when below it."""
    context = click.get_current_context(silent=True)
    root = context.meta.get(_LABEL_ROOT) if context is not None else None
    if root is None or not label or os.path.isabs(label):
        return label
    target = root / label
    cwd = Path.cwd().absolute()
    if not target.exists() or not target.is_relative_to(cwd):
        return label
    return os.path.relpath(target, cwd)


def _relabel_line(line: str) -> str:
    label, sep, rest = line.partition(":")
    return shown_path(label) + sep + rest if sep else line


# -- shared options -------------------------------------------------------------------------


def strict_option(function: F) -> F:
    """``--strict``: warnings are errors (exit code 1)."""
    return click.option(
        "--strict", is_flag=True, help="Treat warnings as errors (exit code 1), e.g. in CI."
    )(function)


def quiet_option(function: F) -> F:
    """``--quiet``: no progress, no warnings; results (stdout) and errors only."""
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress and no warnings: only results and errors."
    )(function)


def example_option(function: F) -> F:
    """``--example``: the built-in example project instead of the nearest one."""
    return click.option(
        "--example",
        is_flag=True,
        help="Use the built-in example project (Strukturer för stöd).",
    )(function)


def out_option(what: str) -> Callable[[F], F]:
    """``--out DIR``, described by ``what``; see :func:`out_folder` for the default."""
    return click.option(
        "--out",
        type=click.Path(path_type=Path),
        default=None,
        help=f"{what}  [default: dist/ beside the strukturer.toml found from the current "
        "folder, else dist/ in the current folder]",
    )


def out_folder(out: Path | None, project: Path | None, example: bool, found: Path) -> Path:
    """``--out``, or by default ``dist/`` in the project found from the current folder
    (like Quarto's output folder), or ``dist/`` here for a named project or the example."""
    if out is not None:
        return out
    if project is None and not example:
        return found / "dist"
    return Path("dist")


def jobs_option(function: F) -> F:
    """``--jobs``/``-j``: LibreOffice engines in parallel."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="LibreOffice engines converting PDFs in parallel.",
    )(function)


def engine_option(function: F) -> F:
    """``--engine``: running unoservers instead of local LibreOffice."""
    return click.option(
        "--engine",
        metavar="HOST:PORT,...",
        help="Convert with running unoservers instead of local LibreOffice "
        "(also STRUKTURER_ENGINE, or 'engine' in the project file).",
    )(function)


def report_warnings(texts: Iterable[str], *, strict: bool, quiet: bool) -> None:
    """Print the warnings (unless quiet); with ``strict``, any warning is a failure."""
    found = list(texts)
    if not quiet:
        for text in found:
            warn(text)
    if strict and found:
        raise Failure(f"{len(found)} warning(s), and --strict treats warnings as errors")
