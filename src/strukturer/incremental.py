"""Incremental builds: a deliverable is rebuilt only when something it depends on changed.

Each build writes a state file (atomically, in the user's cache: see :func:`state_file`)
holding, per deliverable, a key over everything its files depend on, and the files it
wrote. A later build skips the deliverables whose key is the same and whose files are
still there as written; the combined PDF is redone only when one of its parts was. Before
loading anything, a build compares a fingerprint of its input files with the last one:
when nothing changed it returns the previous result without loading the project, running
the check or starting LibreOffice (:mod:`strukturer.unchanged`). ``force=True`` rebuilds
everything (docs/performance.md).

A deliverable's key covers: the strukturer version and source files, the template's
name, version and bytes, ``SOURCE_DATE_EPOCH``, the formats, the LibreOffice binary, the document
properties and provenance stamped into it (git commit included), and the content it
reads. That content is found in the template: the context paths its Jinja uses
(``report.chapters``, ``assignment.title``), whose values are hashed in canonical form.
The same hash is stamped into the deliverable as ``content_sha256``, so a deliverable
that does not read a chapter is byte-identical whether or not the chapter changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from strukturer import __version__
from strukturer._cache import cache_root, code_digest
from strukturer.dependencies import digest

if TYPE_CHECKING:
    from strukturer.merge import MergeResult
    from strukturer.model import Deliverable, Project
    from strukturer.render.template_library import TemplateVersion
    from strukturer.render.writer import Job

_STATE_VERSION = 1


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def environment(epoch: int | None) -> dict[str, Any]:
    """What every output depends on besides its own inputs; ``epoch`` is the build time
    (``SOURCE_DATE_EPOCH``) when the build is reproducible."""
    from strukturer.errors import EngineError  # noqa: PLC0415
    from strukturer.pdf.locate import find_office  # noqa: PLC0415 - stdlib only

    try:
        office = find_office()
        stat = office.stat()
        office_id = [str(office.resolve()), stat.st_size, stat.st_mtime_ns]
    except (EngineError, OSError):
        office_id = None
    return {
        "strukturer": __version__,
        # an edited checkout keeps its version: its outputs are not the old code's
        "code": code_digest().hex(),
        "source_date_epoch": "" if epoch is None else str(epoch),
        "office": office_id,
    }


# -- the state file -------------------------------------------------------------------


@attrs.frozen
class Output:
    """A file a build wrote, as it was written."""

    name: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path, folder: Path) -> Output:
        """``path`` (inside ``folder``) as it is now."""
        stat = path.stat()
        return cls(str(path.relative_to(folder)), stat.st_size, stat.st_mtime_ns)

    def intact(self, folder: Path) -> bool:
        """Whether the file is still there, unchanged."""
        try:
            stat = (folder / self.name).stat()
        except OSError:
            return False
        return (stat.st_size, stat.st_mtime_ns) == (self.size, self.mtime_ns)


def _cache() -> Path:
    return cache_root() / "builds"


def state_file(out_dir: Path) -> Path:
    """Where the state of builds into ``out_dir`` is kept.

    In the user's cache (``$STRUKTURER_CACHE``, else ``$XDG_CACHE_HOME/strukturer``), named
    by the output folder's path: the output folder holds the deliverables and nothing else,
    which a release bundle and CI artefacts rely on.
    """
    return _cache() / f"{_sha256(str(out_dir.resolve()).encode())[:32]}.json"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == _STATE_VERSION else {}


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    """Write ``data`` atomically (a temporary file moved into place); without a writable
    cache nothing is kept, and the next build builds everything."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".state-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({**data, "version": _STATE_VERSION}, handle, ensure_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_state(out_dir: Path) -> dict[str, Any]:
    """The state of the last successful build into ``out_dir`` (empty if none or unreadable)."""
    state = _read_json(state_file(out_dir))
    return state if state.get("out_dir") == str(out_dir.resolve()) else {}


def write_state(out_dir: Path, state: Mapping[str, Any]) -> None:
    """Record the state of a successful build into ``out_dir``."""
    _write_json(state_file(out_dir), {**state, "out_dir": str(out_dir.resolve())})


def outputs_intact(out_dir: Path, outputs: Sequence[Sequence[Any]]) -> bool:
    """Whether every recorded output ``[name, size, mtime_ns]`` is still as written."""
    return all(Output(str(n), int(s), int(m)).intact(out_dir) for n, s, m in outputs)


def record_outputs(out_dir: Path, files: Iterable[Path]) -> list[list[Any]]:
    """``files`` as the state records them."""
    return [list(attrs.astuple(Output.of(f, out_dir))) for f in files]


# -- a build that skips what did not change -------------------------------------------


def template_sha256(template: TemplateVersion) -> str:
    """SHA-256 of a template version's Word file and manifest."""
    return _sha256(template.docx.read_bytes() + (template.path / "manifest.toml").read_bytes())


class IncrementalBuild:
    """One build's view of the last one: what to redo, what to keep, and the new state."""

    def __init__(
        self,
        out_dir: Path,
        formats: Sequence[str],
        *,
        force: bool,
        inputs: Callable[[], str | None] | None = None,
        epoch: int | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.formats = sorted(formats)
        self._old = {} if force else read_state(out_dir)
        self._env = environment(epoch)
        self._inputs = inputs
        #: The paths each template version reads (by its SHA-256), shared by all builds.
        self._reads: dict[str, Any] = _read_json(_cache() / "template-reads.json")
        self._reads.pop("version", None)
        self._known_reads = len(self._reads)
        self._entries: dict[str, Any] = dict(self._old.get("deliverables", {}))
        self._keys: dict[str, str] = {}
        self._stale: set[str] = set()
        self._combined: tuple[str, Path] | None = None
        self._records: dict[str, tuple[str, dict[str, str]]] = {}
        #: Outputs of deliverables that were up to date, in the output folder.
        self.kept: list[Path] = []

    def stamp(
        self, project: Project, template: TemplateVersion, provenance: Mapping[str, str]
    ) -> dict[str, str]:
        """``provenance`` with ``content_sha256`` of the content ``template`` reads."""
        from strukturer.dependencies import content_digest, template_reads  # noqa: PLC0415
        from strukturer.render.context import build_context  # noqa: PLC0415

        context = build_context(project, template)
        sha = template_sha256(template)
        if sha not in self._reads:
            self._reads[sha] = [list(p) for p in template_reads(template.docx, context)]
        reads = [tuple(p) for p in self._reads[sha]]
        return {**provenance, "content_sha256": content_digest(context, reads)}

    def job(
        self,
        project: Project,
        deliverable: Deliverable,
        template: TemplateVersion,
        provenance: Mapping[str, str],
        *,
        built_at: datetime,
    ) -> Job:
        """The deliverable's job, stamped with the content it reads (see :meth:`stamp`)."""
        from strukturer.render.writer import Job  # noqa: PLC0415

        stamp = self.stamp(project, template, provenance)
        return Job.create(project, deliverable, template, stamp, built_at=built_at)

    def _key(self, template: TemplateVersion, info: Any, extra: Any = None) -> str:
        from strukturer.dependencies import canonical  # noqa: PLC0415

        return digest(
            {
                **self._env,
                "formats": self.formats,
                "template": [template.name, template.version, template_sha256(template)],
                "info": _without_time(canonical(info)),
                "extra": extra,
            }
        )

    def _fresh(self, name: str, key: str) -> bool:
        entry = self._entries.get(name)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        if not outputs_intact(self.out_dir, entry.get("outputs", [])):
            return False
        self.kept += [self.out_dir / str(o[0]) for o in entry["outputs"]]
        return True

    def todo(self, jobs: Sequence[Job]) -> list[Job]:
        """The jobs whose deliverables changed; the others' files are added to :attr:`kept`."""
        stale = []
        for job in jobs:
            name = job.deliverable.name
            self._keys[name] = self._key(job.template, job.info, job.deliverable.title)
            if not self._fresh(name, self._keys[name]):
                stale.append(job)
                self._stale.add(name)
        return stale

    def combined(self, jobs: Sequence[Job], staging: Path) -> list[Path]:
        """Write the combined PDF into ``staging`` when a part changed and the PDF writer
        did not have both parts; keep it when no part changed."""
        from strukturer.pdf.writer import COMBINED_NAME, combine_redovisning  # noqa: PLC0415

        if "pdf" not in self.formats:
            return []
        by_model: dict[str, Job] = {}
        for job in jobs:
            by_model.setdefault(job.template.renders, job)
        letter, report = by_model.get("cover_letter"), by_model.get("report")
        if letter is None or report is None:
            return []
        names = (letter.deliverable.name, report.deliverable.name)
        key = digest([self._keys[n] for n in names])
        self._combined = (key, self.out_dir / COMBINED_NAME)
        if all(n in self._stale for n in names):
            return []  # the PDF writer had both parts and wrote it
        if self._fresh(COMBINED_NAME, key):
            return []

        def pdf(name: str) -> Path:
            return (staging if name in self._stale else self.out_dir) / f"{name}.pdf"

        target = staging / COMBINED_NAME
        combine_redovisning((letter, pdf(names[0])), (report, pdf(names[1])), target)
        return [target]

    def kept_records(
        self,
        project: Project,
        deliverable: Deliverable,
        template: TemplateVersion,
        provenance: Mapping[str, str],
    ) -> MergeResult | None:
        """What a per-record deliverable that did not change wrote last time, else None.

        Call :meth:`records_stamp` for the provenance to build it with.
        """
        stamp = self.stamp(project, template, provenance)
        records = Path(project.source or "").parent / str(deliverable.records)
        try:
            data = _sha256(records.read_bytes())
        except OSError:
            data = None  # the merge reports the missing file
        key = self._key(template, stamp, [attrs.asdict(deliverable), data])
        self._records[deliverable.name] = (key, stamp)
        before = len(self.kept)
        if data is None or not self._fresh(deliverable.name, key):
            return None
        from strukturer.merge import MergeResult  # noqa: PLC0415

        files, entry = self.kept[before:], self._entries[deliverable.name]
        del self.kept[before:]  # the build adds a merge's files itself
        return MergeResult(
            out_dir=self.out_dir / deliverable.name,
            files=tuple(files),
            failures=tuple(entry.get("failures", ())),
            total=int(entry.get("total", len(files))),
        )

    def records_stamp(self, deliverable: Deliverable) -> dict[str, str]:
        """The provenance :meth:`kept_records` computed for ``deliverable``."""
        return self._records[deliverable.name][1]

    def records_built(self, deliverable: Deliverable, result: MergeResult) -> None:
        """Remember what a per-record deliverable wrote."""
        key = self._records[deliverable.name][0]
        self._entries[deliverable.name] = {
            "key": key,
            "outputs": record_outputs(self.out_dir, result.files),
            "failures": list(result.failures),
            "total": result.total,
        }

    def save(self, files: Sequence[Path], warnings: Sequence[str], failures: Sequence[str]) -> None:
        """Record this (successful) build: each rebuilt deliverable's key and files."""
        published = [f for f in files if f.parent == self.out_dir]
        for name in self._stale:
            mine = [f for f in published if f.stem == name]
            self._entries[name] = {
                "key": self._keys[name],
                "outputs": record_outputs(self.out_dir, mine),
            }
        if self._combined is not None and self._combined[1] in published:
            key, path = self._combined
            self._entries[path.name] = {"key": key, "outputs": record_outputs(self.out_dir, [path])}
        last = {
            "inputs": self._inputs() if self._inputs else None,
            "outputs": record_outputs(self.out_dir, files),
            "warnings": list(warnings),
            "failures": list(failures),
        }
        write_state(self.out_dir, {"deliverables": self._entries, "last": last})
        if len(self._reads) != self._known_reads:
            _write_json(_cache() / "template-reads.json", self._reads)


def _without_time(info: Any) -> Any:
    """Document properties without the build time, which the environment's epoch holds
    (a build that is not reproducible keeps the files of the last one)."""
    if isinstance(info, dict):
        return {k: v for k, v in info.items() if k != "created"}
    return info
