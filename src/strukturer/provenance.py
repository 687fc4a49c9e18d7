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


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def git_state(folder: Path) -> dict[str, str]:
    """The commit (with ``-dirty`` if the folder has changes) and exact tag, when in git."""
    commit = _git(folder, "rev-parse", "HEAD")
    if commit is None:
        return {}
    state = {"git_commit": commit}
    if _git(folder, "status", "--porcelain", "--", ".") is not None:
        state["git_commit"] = f"{commit}-dirty"
    tag = _git(folder, "describe", "--tags", "--exact-match")
    if tag:
        state["git_tag"] = tag
    return state


def project_provenance(project: Project) -> dict[str, str]:
    """The provenance common to every deliverable of ``project``."""
    stamp = {"strukturer_version": __version__, "content_sha256": content_sha256(project)}
    if project.source:
        stamp.update(git_state(Path(project.source).parent))
    return stamp


def read_provenance(path: str | Path) -> dict[str, str]:
    """The provenance stamped into a DOCX or PDF deliverable."""
    path = Path(path)
    if path.suffix.lower() == ".pdf":
        from strukturer.pdf.finish import read_provenance as read_pdf  # noqa: PLC0415

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


__all__ = ["content_sha256", "project_provenance", "read_provenance"]
