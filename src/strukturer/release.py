"""The release bundle: every deliverable of one or more projects, with checksums and a manifest.

``make_release`` builds each project's deliverables (DOCX and PDF) into
``out/<project>/`` and then writes, beside them:

``SHA256SUMS``
    ``<sha256>  <path>`` per file of the bundle, sorted by path relative to ``out``
    (the format ``sha256sum -c SHA256SUMS`` verifies). It covers ``manifest.json`` too.
``manifest.json``
    What was built and from what: the strukturer version, the ``SOURCE_DATE_EPOCH``,
    the git commit and tag, the LibreOffice version, and per project each deliverable
    with its pinned template version and the path, size and SHA-256 of every file.
``release.tar.gz``
    All of the above in one archive under ``release/`` (deterministic: sorted entries,
    ``SOURCE_DATE_EPOCH`` as every time stamp, no owners), because a GitHub release
    lists its files flat and ``sha256sum -c`` needs the folders.

With the same ``SOURCE_DATE_EPOCH``, code, template pins, content, LibreOffice and
fonts, two releases are byte-identical, manifest and checksums included. When
``SOURCE_DATE_EPOCH`` is unset it is taken from the time of the git ``HEAD`` commit of
the current directory; outside git the builds are stamped with the current time.

Run it with ``strukturer release`` (or ``nox -s release``); see ``docs/release.md``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from strukturer import __version__
from strukturer.builder import FORMATS, build
from strukturer.clock import source_date_epoch
from strukturer.content import load_project
from strukturer.errors import Diagnostics, StrukturerError
from strukturer.model import Project
from strukturer.outputs import write_atomic
from strukturer.provenance import GitInfo, git_info, run_git
from strukturer.render.template_library import library_for

if TYPE_CHECKING:
    from strukturer.pdf.converter import Converter

SUMS_NAME = "SHA256SUMS"
MANIFEST_NAME = "manifest.json"
ARCHIVE_NAME = "release.tar.gz"
ARCHIVE_ROOT = "release"


@attrs.frozen(kw_only=True)
class ReleaseFile:
    """One file of the bundle; ``path`` is relative to the bundle folder, with ``/``."""

    path: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


@attrs.frozen(kw_only=True)
class ReleasedDeliverable:
    """A deliverable of the bundle: its pinned template and its file per format."""

    name: str
    template: str
    template_version: str
    formats: Mapping[str, ReleaseFile]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "template": {"name": self.template, "version": self.template_version},
            "formats": {fmt: file.to_json() for fmt, file in self.formats.items()},
        }


@attrs.frozen(kw_only=True)
class ReleasedProject:
    """A project of the bundle; ``other_files`` are outputs that are not one deliverable
    (the combined ``redovisning.pdf``, the documents of a per-record deliverable);
    ``warnings`` are `strukturer check`'s."""

    name: str
    title: str
    deliverables: tuple[ReleasedDeliverable, ...]
    other_files: tuple[ReleaseFile, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[ReleaseFile, ...]:
        """Every file of the project, deliverables first."""
        own = [f for d in self.deliverables for f in d.formats.values()]
        return (*own, *self.other_files)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "deliverables": [d.to_json() for d in self.deliverables],
            "other_files": [f.to_json() for f in self.other_files],
        }


@attrs.frozen(kw_only=True)
class ReleaseManifest:
    """What ``make_release`` wrote into ``out_dir``; ``to_json`` is ``manifest.json``."""

    out_dir: Path
    strukturer_version: str
    source_date_epoch: int | None
    git: GitInfo | None
    libreoffice: str | None
    projects: tuple[ReleasedProject, ...]

    @property
    def manifest_path(self) -> Path:
        return self.out_dir / MANIFEST_NAME

    @property
    def sums_path(self) -> Path:
        return self.out_dir / SUMS_NAME

    @property
    def archive_path(self) -> Path:
        return self.out_dir / ARCHIVE_NAME

    @property
    def files(self) -> tuple[ReleaseFile, ...]:
        """Every built file of the bundle (not the manifest or the checksums), by path."""
        return tuple(sorted((f for p in self.projects for f in p.files), key=lambda f: f.path))

    def to_json(self) -> dict[str, Any]:
        return {
            "strukturer_version": self.strukturer_version,
            "source_date_epoch": self.source_date_epoch,
            "git": self.git.to_json() if self.git else None,
            "libreoffice": self.libreoffice,
            "projects": [p.to_json() for p in self.projects],
        }


def make_release(
    projects: Sequence[Project | str | Path | None] = (None,),
    *,
    out: Path = Path("dist"),
    jobs: int = 1,
    engine: Converter | str | None = None,
) -> ReleaseManifest:
    """Build every deliverable of ``projects`` into ``out`` and write the checksums and manifest.

    ``projects`` are project paths (or loaded :class:`Project` objects), or None for the
    built-in default project. ``jobs``
    is the number of LibreOffice engines converting PDFs in parallel; ``engine`` a running
    converter (or remote unoservers as ``"host:port,…"``) to convert with instead, as for
    :func:`strukturer.build`. ``out`` must hold
    nothing but an earlier release of the same projects, so that the bundle is exactly
    what this release built. Raises :class:`StrukturerError` on any failure; then
    ``SHA256SUMS`` and ``manifest.json`` are not (re)written.

    The build time is ``SOURCE_DATE_EPOCH``, or else the git ``HEAD`` commit time of
    the current directory, passed to each build (the environment is not changed).
    """
    # absolute: LibreOffice cannot save PDFs to paths relative to the current directory
    out = Path(out).absolute()
    if isinstance(projects, str | Path):  # a lone path is not a sequence of projects
        projects = [projects]
    if not projects:
        raise StrukturerError("a release needs at least one project")
    loading = [Diagnostics() for _ in projects]
    loaded = [
        p if isinstance(p, Project) else load_project(p, diagnostics=d)
        for p, d in zip(projects, loading, strict=True)
    ]
    names = [p.name for p in loaded]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise StrukturerError(
            f"a release cannot hold two projects named {', '.join(map(repr, repeated))}; "
            "each project is built into out/<project name>/"
        )
    _check_out_dir(out, names)

    cwd = Path.cwd()
    git = git_info(cwd)
    epoch = source_date_epoch()  # raises on a malformed value
    if epoch is None and git is not None:
        epoch = commit_time(cwd)
    released = tuple(
        _build_project(project, out, (jobs, engine), epoch, tuple(d.warnings))
        for project, d in zip(loaded, loading, strict=True)
    )

    manifest = ReleaseManifest(
        out_dir=out,
        strukturer_version=__version__,
        source_date_epoch=epoch,
        git=git,
        libreoffice=_libreoffice_version(),
        projects=released,
    )
    _check_no_strays(out, manifest)
    manifest_text = json.dumps(manifest.to_json(), indent=2, sort_keys=True, ensure_ascii=False)
    write_atomic(manifest.manifest_path, (manifest_text + "\n").encode("utf-8"))
    listed = [*manifest.files, _describe(manifest.manifest_path, out)]
    write_atomic(manifest.sums_path, sha256sums(listed).encode("utf-8"))
    paths = sorted([SUMS_NAME, *(f.path for f in listed)])
    write_atomic(manifest.archive_path, release_archive(out, paths, epoch or 0))
    return manifest


def sha256sums(files: Sequence[ReleaseFile]) -> str:
    """``sha256sum`` output for ``files``, sorted by path."""
    return "".join(f"{f.sha256}  {f.path}\n" for f in sorted(files, key=lambda f: f.path))


def release_archive(out: Path, paths: Sequence[str], mtime: int) -> bytes:
    """A gzipped tar of ``paths`` (relative to ``out``) under ``release/``, byte for byte the
    same for the same files and ``mtime``: entries in the given order, no owners, fixed modes."""
    buffer = io.BytesIO()
    try:
        _write_tar(buffer, out, paths, mtime)
    except OSError as exc:
        raise StrukturerError(f"cannot archive the release in {out}: {exc}") from exc
    return buffer.getvalue()


def _write_tar(buffer: io.BytesIO, out: Path, paths: Sequence[str], mtime: int) -> None:
    with (
        gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=mtime) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.GNU_FORMAT) as tar,
    ):
        for path in paths:
            source = out / path
            info = tarfile.TarInfo(f"{ARCHIVE_ROOT}/{path}")
            info.size = source.stat().st_size
            info.mtime = mtime
            info.mode = 0o644
            with source.open("rb") as handle:
                tar.addfile(info, handle)


# -- building ----------------------------------------------------------------------------


def _build_project(
    project: Project,
    out: Path,
    engines: tuple[int, Converter | str | None],
    epoch: int | None,
    loading: tuple[str, ...],
) -> ReleasedProject:
    """Build ``project`` into ``out`` with ``engines`` (jobs, engine); ``loading`` are the
    warnings of loading it."""
    jobs, engine = engines
    result = build(
        project, out=out, formats=FORMATS, jobs=jobs, engine=engine, source_date_epoch=epoch
    )
    failures = tuple(getattr(result, "failures", ()))  # per-record deliverables (mail merge)
    if failures:
        raise StrukturerError(
            f"project {project.name!r}: {len(failures)} record(s) could not be built, and a "
            "release must be complete:\n" + "\n".join(map(str, failures))
        )
    library = library_for(project.template_dirs)
    by_path = {path.resolve(): path for path in result.files}
    deliverables = []
    for deliverable in project.deliverables:
        template = library.get(deliverable.template, deliverable.version)
        formats: dict[str, ReleaseFile] = {}
        # A per-record deliverable writes one file per record; those go to other_files.
        per_record = bool(getattr(deliverable, "per_record", False))
        for fmt in FORMATS:
            path = (result.out_dir / f"{deliverable.name}.{fmt}").resolve()
            if by_path.pop(path, None) is None:
                if per_record:
                    continue
                raise StrukturerError(
                    f"project {project.name!r}: the build did not produce "
                    f"{deliverable.name}.{fmt} for deliverable {deliverable.name!r}"
                )
            formats[fmt] = _describe(path, out)
        deliverables.append(
            ReleasedDeliverable(
                name=deliverable.name,
                template=template.name,
                template_version=template.version,
                formats=formats,
            )
        )
    others = sorted((_describe(path, out) for path in by_path), key=lambda f: f.path)
    return ReleasedProject(
        name=project.name,
        title=project.title,
        deliverables=tuple(deliverables),
        other_files=tuple(others),
        warnings=(*loading, *result.warnings),
    )


def _describe(path: Path, out: Path) -> ReleaseFile:
    """Path relative to ``out``, size and SHA-256 of a file of the bundle."""
    try:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        size = path.stat().st_size
    except OSError as exc:
        raise StrukturerError(f"cannot read {path} for the release: {exc.strerror}") from exc
    relative = Path(os.path.relpath(path.resolve(), out.resolve())).as_posix()
    return ReleaseFile(path=relative, size=size, sha256=digest)


def _check_out_dir(out: Path, project_names: Sequence[str]) -> None:
    """Refuse an ``out`` that holds anything but (an earlier release of) these projects."""
    if out.exists() and not out.is_dir():
        raise StrukturerError(f"the release folder {out} is a file, not a folder")
    if not out.is_dir():
        return
    allowed = {SUMS_NAME, MANIFEST_NAME, ARCHIVE_NAME, *project_names}
    strays = sorted(entry.name for entry in out.iterdir() if entry.name not in allowed)
    if strays:
        raise StrukturerError(
            f"the release folder {out} holds {', '.join(strays)}, which this release would "
            "not build; the bundle must be exactly what was built: empty the folder or "
            "choose another --out"
        )


def _check_no_strays(out: Path, manifest: ReleaseManifest) -> None:
    """Refuse files in the project folders that this build did not write (stale outputs)."""
    built = {f.path for f in manifest.files}
    strays = sorted(
        Path(os.path.relpath(path, out)).as_posix()
        for project in manifest.projects
        for path in (out / project.name).rglob("*")
        if not path.is_dir() and Path(os.path.relpath(path, out)).as_posix() not in built
    )
    if strays:
        raise StrukturerError(
            f"the release folder {out} holds files this release did not build: "
            f"{', '.join(strays)}; empty the folder (or choose another --out) and release again"
        )


# -- SOURCE_DATE_EPOCH, git and LibreOffice ------------------------------------------------


def commit_time(folder: Path) -> int:
    """The committer time of ``HEAD`` in ``folder``'s checkout, in seconds since 1970."""
    raw = run_git(folder, "log", "-1", "--format=%ct")
    try:
        return int(raw or "")
    except ValueError:
        raise StrukturerError(
            f"cannot read the time of the git HEAD commit in {folder} for SOURCE_DATE_EPOCH "
            f"(git log -1 --format=%ct gave {raw!r}); set SOURCE_DATE_EPOCH yourself"
        ) from None


def _libreoffice_version() -> str | None:
    """The local LibreOffice's version; None with remote engines or none found."""
    from strukturer.errors import EngineError  # noqa: PLC0415
    from strukturer.pdf.converter import ENGINE_ENV  # noqa: PLC0415
    from strukturer.pdf.locate import find_office, office_version  # noqa: PLC0415

    if os.environ.get(ENGINE_ENV, "").strip():
        return None  # converted by remote unoservers: their versions are not known here
    try:
        return office_version(find_office())
    except EngineError:
        return None
