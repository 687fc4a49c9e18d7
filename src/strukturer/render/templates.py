"""Versioned templates: ``templates/<name>/<semver>/`` with a docx and a manifest."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from strukturer._resources import builtin_templates_dir
from strukturer.errors import TemplateError

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


def read_manifest(folder: Path) -> TemplateVersion:
    """Read and validate ``folder/manifest.toml``."""
    manifest = folder / "manifest.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{manifest}: manifest not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{manifest}: invalid TOML: {exc}") from None
    problems = []
    for key in ("name", "version", "renders", "description"):
        if not isinstance(data.get(key), str):
            problems.append(f"'{key}' is missing or not text")
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
    """Finds template versions in a list of folders; earlier folders win."""

    def __init__(self, folders: Iterable[Path | str] = ()) -> None:
        self.folders = (*tuple(Path(f) for f in folders), builtin_templates_dir())

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
                    found[key] = read_manifest(version_dir)
        return sorted(found.values(), key=lambda t: (t.name, version_key(t.version)))

    def get(self, name: str, version: str) -> TemplateVersion:
        """The pinned version ``version`` of template ``name``."""
        for folder in self.folders:
            candidate = folder / name / version
            if candidate.is_dir():
                return read_manifest(candidate)
        known = [t.version for t in self.versions() if t.name == name]
        if not known:
            names = sorted({t.name for t in self.versions()})
            raise TemplateError(
                f"no template named {name!r}; available: {', '.join(names) or 'none'}"
            )
        raise TemplateError(
            f"template {name!r} has no version {version}; released versions: {', '.join(known)}"
        )


def library_for(template_dirs: Sequence[str]) -> TemplateLibrary:
    """The library for a project's own template folders plus the built-in ones."""
    return TemplateLibrary(template_dirs)
