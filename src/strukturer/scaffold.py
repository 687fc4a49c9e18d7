"""A new project: ``strukturer new`` writes one from the files in ``strukturer/_skeleton``.

The skeleton is the one place that says what a new project looks like; its files are
:class:`string.Template` texts. ``${name}`` is a value as text, ``${q_name}`` the same value
as a quoted string (JSON's quoting is valid in both TOML and YAML). Facts nobody knows yet
are ``[[placeholders]]``, so a new project builds and passes `strukturer check` at once.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from string import Template

import attrs

from strukturer.content import load_project
from strukturer.content.loader import CONTENT_FILES
from strukturer.errors import Diagnostics, StrukturerError
from strukturer.model import Diarienummer
from strukturer.render.template_library import TemplateLibrary, TemplateVersion

SKELETON = Path(__file__).parent / "_skeleton"
#: Content files of the skeleton written only with the deliverable that renders them.
_OPTIONAL_RENDERS = ("cover_letter", "press_release")
#: What each file of a new project holds, for the project's README.
FILE_ROLES = {
    "assignment.yaml": "regeringens uppdrag",
    "findings.yaml": "resultat och rekommendationer",
    "report.yaml": "rapporten: titel, förord, sammanfattning och kapitlens ordning",
    "chapters/01-inledning.md": "rapportens första kapitel",
    "cover-letter.yaml": "missivet till Regeringskansliet",
    "press-release.yaml": "pressmeddelandet",
}


@attrs.frozen(kw_only=True)
class NewProject:
    """The answers ``strukturer new`` asks for; None means "not known yet" (a placeholder)."""

    agency: str
    department: str
    deadline: date
    title: str | None = None
    project_title: str | None = None
    diarienummer: str | None = None
    decision_date: date | None = None
    deliverables: tuple[str, ...] = ()


def deliverable_choices() -> list[TemplateVersion]:
    """The newest version of each built-in template that renders a part of an evaluation."""
    newest = {t.name: t for t in TemplateLibrary().versions() if t.renders in CONTENT_FILES}
    return [newest[name] for name in sorted(newest)]


def slug(text: str) -> str:
    """A project name from a folder name: a-z, 0-9 and '-' (å, ä, ö become a, a, o)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "projekt"


def new_project(folder: Path, answers: NewProject) -> list[Path]:
    """Write a complete project into ``folder`` and return the files written.

    Refuses to overwrite: ``folder`` must not exist or be empty. The project is loaded
    before it is moved into place, so a bad answer (a malformed diarienummer, a title
    that is not "Uppdrag att …") is an error and writes nothing.
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StrukturerError(
            f"{folder} already exists and is not empty; strukturer new writes a project "
            "only into a new or empty folder"
        )
    if answers.diarienummer:
        try:
            Diarienummer.parse(answers.diarienummer)
        except (ValueError, StrukturerError) as exc:
            raise StrukturerError(f"diarienummer {answers.diarienummer!r}: {exc}") from None
    choices = {t.name: t for t in deliverable_choices()}
    chosen = list(answers.deliverables) or list(choices)
    unknown = [name for name in chosen if name not in choices]
    if unknown:
        raise StrukturerError(
            f"no template for deliverable {', '.join(map(repr, unknown))}; "
            f"choose from {', '.join(choices)}"
        )
    templates = [choices[name] for name in chosen]
    name = slug(folder.absolute().name)
    files = _files(templates)
    values = _values(answers, name, templates, files)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=folder.parent))
    try:
        target = staging / name
        for relative in ["strukturer.toml", "README.md", ".gitignore", *files]:
            text = Template((SKELETON / relative).read_text(encoding="utf-8"))
            out = target / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text.substitute(values), encoding="utf-8")
        load_project(target, diagnostics=Diagnostics())  # a valid project, or nothing is written
        folder.mkdir(exist_ok=True)
        written = []
        for path in sorted(target.rglob("*")):
            if path.is_file():
                final = folder / path.relative_to(target)
                final.parent.mkdir(parents=True, exist_ok=True)
                path.replace(final)
                written.append(final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _files(templates: Sequence[TemplateVersion]) -> list[str]:
    renders = {t.renders for t in templates}
    skipped = {CONTENT_FILES[r][0] for r in _OPTIONAL_RENDERS if r not in renders}
    return [f for f in FILE_ROLES if f not in skipped]


def _values(
    answers: NewProject, name: str, templates: Sequence[TemplateVersion], files: Sequence[str]
) -> dict[str, str]:
    raw = {
        "name": name,
        "agency": answers.agency,
        "department": answers.department,
        "title": answers.title or "Uppdrag att [[vad uppdraget gäller]]",
        "project_title": answers.project_title or "[[rapportens titel]]",
        "diarienummer": answers.diarienummer or "[[regeringens diarienummer]]",
        "decision_date": str(answers.decision_date or "[[beslutsdatum]]"),
        "report_to": f"Regeringskansliet ({answers.department})",
    }
    values = {
        **raw,
        **{f"q_{key}": json.dumps(value, ensure_ascii=False) for key, value in raw.items()},
    }
    values["deadline"] = answers.deadline.isoformat()
    values["deliverables"] = "".join(
        f'[deliverables.{t.name}]\ntemplate = "{t.name}"\nversion = "{t.version}"\n\n'
        for t in templates
    )
    values["files"] = "".join(f"| `{f}` | {FILE_ROLES[f]} |\n" for f in files)
    return values
