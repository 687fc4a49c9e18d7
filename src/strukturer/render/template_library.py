"""Versioned templates: ``templates/<name>/<semver>/`` with a docx and a manifest.

A project's own ``templates/`` folder comes first, but it cannot silently replace a
released built-in version: a project template with the name and version of a built-in
one is an error (give it its own name). Every template package is checked before
anything parses it (:func:`verify_package`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from strukturer._resources import builtin_templates_dir
from strukturer.errors import TemplateError, TemplateNotFoundError
from strukturer.render.package_check import verify_package

#: The model a template may render, by manifest value.
RENDERABLE = ("assignment", "report", "cover_letter", "press_release", "record")
_VERSION_RE = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def version_key(version: str) -> tuple[int, int, int]:
    """Sort key for a semantic version such as ``1.10.0``."""
    match = _VERSION_RE.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a version such as '1.0.0'")
    return (int(match[1]), int(match[2]), int(match[3]))


@attrs.frozen(kw_only=True)
class TemplateVersion:
    """One released version of a template."""

    name: str
    version: str
    renders: str
    description: str
    fonts: tuple[str, ...]
    changelog: tuple[str, ...]
    path: Path

    @property
    def docx(self) -> Path:
        """The Word file a designer edits."""
        return self.path / "template.docx"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    def sha256(self) -> str:
        """SHA-256 of the template file, recorded in each deliverable's provenance."""
        try:
            return hashlib.sha256(self.docx.read_bytes()).hexdigest()
        except OSError as exc:
            raise TemplateError(f"{self.docx}: cannot read the template ({exc.strerror})") from exc


def read_manifest(folder: Path) -> TemplateVersion:
    """Read and validate ``folder/manifest.toml``."""
    manifest = folder / "manifest.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{manifest}: manifest not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{manifest}: invalid TOML: {exc}") from None
    except RecursionError:
        raise TemplateError(f"{manifest}: invalid TOML: nested too deeply") from None
    problems = []
    for key in ("name", "version", "renders", "description"):
        if not isinstance(data.get(key), str):
            problems.append(f"'{key}' is missing or not text")
    for key in ("fonts", "changelog"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"'{key}' must be a list of texts")
    if not problems:
        if data["name"] != folder.parent.name or data["version"] != folder.name:
            problems.append(
                f"says {data['name']} {data['version']} but lives in "
                f"{folder.parent.name}/{folder.name}"
            )
        if data["renders"] not in RENDERABLE:
            problems.append(f"renders {data['renders']!r}; expected one of {', '.join(RENDERABLE)}")
    if problems:
        raise TemplateError(f"{manifest}: " + "; ".join(problems))
    if not (folder / "template.docx").is_file():
        raise TemplateError(f"{folder / 'template.docx'}: template file not found")
    return TemplateVersion(
        name=data["name"],
        version=data["version"],
        renders=data["renders"],
        description=data["description"],
        fonts=tuple(data.get("fonts", ())),
        changelog=tuple(data.get("changelog", ())),
        path=folder,
    )


class TemplateLibrary:
    """Finds template versions in a list of folders; earlier folders win.

    With ``refuse_shadowing`` (as for a project's folders, :func:`library_for`), a
    template in ``folders`` with the name and version of a built-in one is an error.
    """

    def __init__(
        self, folders: Iterable[Path | str] = (), *, refuse_shadowing: bool = False
    ) -> None:
        self.builtin = builtin_templates_dir()
        self.folders = (*tuple(Path(f) for f in folders), self.builtin)
        self.refuse_shadowing = refuse_shadowing

    def versions(self) -> list[TemplateVersion]:
        """Every template version found, by name then version."""
        found: dict[tuple[str, str], TemplateVersion] = {}
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for version_dir in sorted(folder.glob("*/*/")):
                if not _VERSION_RE.match(version_dir.name):
                    continue
                key = (version_dir.parent.name, version_dir.name)
                if key not in found:
                    self._refuse_shadowing(version_dir)
                    found[key] = read_manifest(version_dir)
        return sorted(found.values(), key=lambda t: (t.name, version_key(t.version)))

    def get(self, name: str, version: str) -> TemplateVersion:
        """The pinned version ``version`` of template ``name``."""
        for folder in self.folders:
            candidate = folder / name / version
            if candidate.is_dir():
                self._refuse_shadowing(candidate)
                template = read_manifest(candidate)
                verify_package(template.docx)
                return template
        known = [t.version for t in self.versions() if t.name == name]
        if not known:
            names = sorted({t.name for t in self.versions()})
            raise TemplateNotFoundError(
                f"no template named {name!r}; available: {', '.join(names) or 'none'}"
            )
        raise TemplateNotFoundError(
            f"template {name!r} has no version {version}; released versions: {', '.join(known)}"
        )

    def _refuse_shadowing(self, folder: Path) -> None:
        """Raise if ``folder`` (a project's) has the name and version of a built-in template."""
        builtin = self.builtin / folder.parent.name / folder.name
        if self.refuse_shadowing and folder.resolve() != builtin.resolve() and builtin.is_dir():
            raise TemplateError(
                f"{folder}: a project template cannot have the name and version of the "
                f"built-in template {folder.parent.name} {folder.name}; give it its own "
                "name (e.g. 'myndighet-rapport') and pin that in strukturer.toml"
            )


def library_for(template_dirs: Sequence[str]) -> TemplateLibrary:
    """The library for a project's own template folders plus the built-in ones.

    A project template cannot replace a released built-in version silently: one with
    the same name and version is an error.
    """
    return TemplateLibrary(template_dirs, refuse_shadowing=True)
