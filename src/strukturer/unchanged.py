"""A build with nothing changed: answered from the last build's record, before any work.

Before the project is loaded, a fingerprint of the build's inputs (every file in the
project folder but hidden ones and the outputs, the built-in templates, git's HEAD and
status, the options, and what :func:`strukturer.incremental.environment` names) is
compared with the last successful build's. When they are the same and the outputs are
intact, the last result is the answer: no load, no check, no LibreOffice.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import subprocess
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import attrs

from strukturer._resources import builtin_templates_dir, default_project_dir
from strukturer.dependencies import digest
from strukturer.incremental import environment, outputs_intact, read_state

#: Input folders larger than this are not fingerprinted (each deliverable is still keyed).
_MAX_INPUT_FILES = 2000


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@attrs.frozen
class Unchanged:
    """The result of the last build, returned when none of its inputs changed."""

    project: str
    out_dir: Path
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    failures: tuple[str, ...]


def inputs_fingerprint(project_file: Path, out_dir: Path, options: Mapping[str, Any]) -> str | None:
    """A hash over the project folder's files, the built-in templates, git and ``options``.

    None when the folder is too large to fingerprint quickly.
    """
    git = _GitState(project_file.parent)  # git runs while the files are hashed
    entries: list[tuple[str, str]] = []
    for label, folder in (("project", project_file.parent), ("templates", builtin_templates_dir())):
        files = _input_files(folder, out_dir)
        if files is None:
            git.result()
            return None
        try:
            entries += [
                (f"{label}/{f.relative_to(folder)}", _sha256(f.read_bytes())) for f in files
            ]
        except OSError:  # unreadable: the build says so, or does not need the file
            git.result()
            return None
    return digest(
        {
            **environment(options.get("epoch")),
            "project_file": project_file.name,
            "options": options,
            "files": entries,
            "git": git.result(),
        }
    )


def _input_files(folder: Path, out_dir: Path) -> list[Path] | None:
    """The files under ``folder`` a build may read (not hidden ones, not the outputs)."""
    outputs = {out_dir, out_dir.parent}
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d != "__pycache__" and here / d not in outputs
        )
        found += [here / f for f in sorted(files) if not f.startswith(".")]
        if len(found) > _MAX_INPUT_FILES:
            return None
    return found


class _GitState:
    """HEAD and the changed files under ``folder`` (provenance stamps both): ``git
    status`` and ``git describe``, started at once and run side by side."""

    def __init__(self, folder: Path) -> None:
        commands = (
            ["git", "-C", str(folder), "status", "--porcelain=v2", "--branch", "--", "."],
            ["git", "-C", str(folder), "describe", "--tags", "--exact-match"],
        )
        self._running: list[subprocess.Popen[str]] = []
        with contextlib.suppress(OSError):  # no git: result() gives ""
            for command in commands:
                self._running.append(
                    subprocess.Popen(
                        command,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL,
                        text=True,
                    )
                )

    def result(self) -> str:
        """Their output together ("" outside a checkout or without git)."""
        outputs: list[str] = []
        for process in self._running:
            try:
                outputs.append(process.communicate(timeout=30)[0])
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                outputs.append("")
        if len(outputs) < 2 or self._running[0].returncode != 0:
            return ""
        return outputs[0] + outputs[1]


def project_file_of(project: str | Path | None) -> Path | None:
    """The project file a build of ``project`` reads (None if there is none)."""
    path = default_project_dir() if project is None else Path(project)
    path = path / "strukturer.toml" if path.is_dir() else path
    return path.resolve() if path.is_file() else None


def _none() -> None:
    return None


def _same(value: str | None) -> str | None:
    return value


def unchanged_build(
    project: str | Path | None,
    out: str | Path,
    only: str | Iterable[str] | None,
    formats: Sequence[str],
    check: bool,
    *,
    fingerprint: bool = False,
    epoch: int | None = None,
) -> tuple[Unchanged | None, Callable[[], str | None]]:
    """The last build's result if none of its inputs changed, and the inputs' fingerprint
    (a call that gives it).

    ``only``, ``formats``, ``check`` and ``epoch`` (the build time, ``SOURCE_DATE_EPOCH``)
    are the build's options, part of the fingerprint.
    It is computed here only when there is a last build with its outputs intact to compare
    with; otherwise, with ``fingerprint``, on a thread of its own, so a build does not wait
    for it.
    """
    names = [only] if isinstance(only, str) else None if only is None else sorted(only)
    options = {"only": names, "formats": sorted(formats), "check": check, "epoch": epoch}
    project_file = project_file_of(project)
    if project_file is None:
        return None, _none
    try:
        name = tomllib.loads(project_file.read_text(encoding="utf-8"))["project"]["name"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # the loader says why
        return None, _none
    if not isinstance(name, str) or not name or "/" in name or name.startswith("."):
        return None, _none
    out_dir = Path(out).resolve() / name
    last = read_state(out_dir).get("last")
    # No last build, or its outputs are gone: a build follows, which need not wait for
    # the fingerprint (project files hashed, git asked) before it starts LibreOffice.
    if not isinstance(last, dict) or not outputs_intact(out_dir, last.get("outputs", [])):
        if not fingerprint:
            return None, _none
        pool = ThreadPoolExecutor(1, thread_name_prefix="strukturer-fingerprint")
        later = pool.submit(inputs_fingerprint, project_file, out_dir, options)
        pool.shutdown(wait=False)  # the thread ends when the fingerprint is computed
        return None, later.result
    value = inputs_fingerprint(project_file, out_dir, options)
    inputs = functools.partial(_same, value)
    if value is None or last.get("inputs") != value:
        return None, inputs
    unchanged = Unchanged(
        project=name,
        out_dir=out_dir,
        files=tuple(out_dir / str(o[0]) for o in last["outputs"]),
        warnings=tuple(last.get("warnings", ())),
        failures=tuple(last.get("failures", ())),
    )
    return unchanged, inputs
