"""Provenance: which content, template version and code produced a deliverable.

Stamped into every deliverable (DOCX custom properties, PDF XMP and Info) so an agency
can show, years later, what produced the document it sent, and rebuild it exactly.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from strukturer import __version__
from strukturer.errors import StrukturerError
from strukturer.model import Project
from strukturer.render.docx import CUSTOM_NS, CUSTOM_PROPERTIES


def content_sha256(project: Project) -> str:
    """SHA-256 of the project's content in canonical form (independent of file layout)."""

    def serialise(_inst: object, field: attrs.Attribute[Any] | None, value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        return value

    data = attrs.asdict(
        project.evaluation,
        filter=lambda field, _value: field.name != "origin",
        value_serializer=serialise,
    )
    data["deliverables"] = [attrs.asdict(d) for d in project.deliverables]
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_git(folder: Path, *args: str) -> str | None:
    """``git args`` in ``folder``: its output, or None without git, a checkout or success."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


@attrs.frozen
class GitInfo:
    """The git checkout something was built from."""

    commit: str
    tag: str | None
    dirty: bool

    def to_json(self) -> dict[str, Any]:
        """As written into ``manifest.json``."""
        return {"commit": self.commit, "tag": self.tag, "dirty": self.dirty}


def git_info(folder: Path, *, pathspec: str | None = None) -> GitInfo | None:
    """The commit, exact tag and dirtiness of the checkout ``folder`` is in (None outside git).

    Dirty means tracked changes or untracked files that are not ignored, under
    ``pathspec`` (relative to ``folder``) when given, else anywhere in the checkout.
    """
    commit = run_git(folder, "rev-parse", "HEAD")
    if not commit:
        return None
    tag = run_git(folder, "describe", "--tags", "--exact-match") or None
    status = run_git(folder, "status", "--porcelain", *(("--", pathspec) if pathspec else ()))
    return GitInfo(commit=commit, tag=tag, dirty=bool(status))


def project_provenance(project: Project) -> dict[str, str]:
    """The provenance common to every deliverable of ``project``."""
    stamp = {"strukturer_version": __version__, "content_sha256": content_sha256(project)}
    git = git_info(Path(project.source).parent, pathspec=".") if project.source else None
    if git is not None:
        stamp["git_commit"] = f"{git.commit}-dirty" if git.dirty else git.commit
        if git.tag:
            stamp["git_tag"] = git.tag
    return stamp


def read_provenance(path: str | Path) -> dict[str, str]:
    """The provenance stamped into a DOCX or PDF deliverable."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from strukturer.pdf.metadata_pypdf import read_provenance as read_pdf  # noqa: PLC0415

        try:
            return read_pdf(path)
        except Exception as exc:
            raise StrukturerError(f"{path}: cannot read PDF metadata ({exc})") from exc
    if path.suffix.lower() == ".docx":
        try:
            with zipfile.ZipFile(path) as package:
                if CUSTOM_PROPERTIES not in package.namelist():
                    return {}
                root = etree.fromstring(package.read(CUSTOM_PROPERTIES))
        except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
            raise StrukturerError(f"{path}: not a readable DOCX ({exc})") from exc
        return {
            str(prop.get("name")): "".join(str(t) for t in prop.itertext())
            for prop in root.iter(f"{{{CUSTOM_NS}}}property")
        }
    raise StrukturerError(f"{path}: expected a .docx or .pdf deliverable")


__all__ = [
    "GitInfo",
    "content_sha256",
    "git_info",
    "project_provenance",
    "read_provenance",
    "run_git",
]
