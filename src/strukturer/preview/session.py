"""A preview session: build, watch the project's files, rebuild what a change touches."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from strukturer.builder import build
from strukturer.check.project_check import check_project
from strukturer.content import load_project
from strukturer.errors import Diagnostics, StrukturerError
from strukturer.preview.affected import touched
from strukturer.preview.pages import Page, render_pages
from strukturer.preview.state import State
from strukturer.preview.watch import Snapshot, changed, snapshot

if TYPE_CHECKING:
    from strukturer.model import Project
    from strukturer.pdf.converter import Converter


class Preview:
    """Builds the project at ``source`` into ``work`` with a warm ``engine`` and keeps
    ``state`` current. ``say`` prints a line for the terminal."""

    def __init__(
        self,
        source: Path,
        work: Path,
        *,
        engine: Converter | str | None,
        say: Callable[[str], None],
    ) -> None:
        self.source = source
        self.work = work
        self.engine = engine
        self.say = say
        self.state = State(source.name if source.is_dir() else source.parent.name)
        self.images = work / "images"
        self.images.mkdir(parents=True, exist_ok=True)
        self._generation = 0
        self._root = (source if source.is_dir() else source.parent).resolve()
        self._seen: Snapshot = {}
        self._order: list[str] = []
        #: The image folder each deliverable's shown pages are in, and the folders they
        #: replaced in the last rebuild (kept one round, for pages still loading them).
        self._current: dict[str, Path] = {}
        self._retired: list[Path] = []

    def _load(self) -> Project:
        # Values accepted after a change are reported by the build, which loads again.
        return load_project(self.source, diagnostics=Diagnostics())

    def start(self) -> None:
        """The first build: every deliverable."""
        self._seen = self._snapshot()
        self.rebuild(None)

    def poll(self) -> bool:
        """Rebuild when files changed since the last look; True when something was rebuilt."""
        now = self._snapshot()
        files = changed(self._seen, now)
        self._seen = now
        if not files:
            return False
        try:
            names = touched(self._load(), files)
        except StrukturerError:
            names = None  # the rebuild reports the error
        shown = ", ".join(sorted(str(f.relative_to(self._root)) for f in files))
        self.say(f"changed: {shown}")
        self.rebuild(names)
        return True

    def _snapshot(self) -> Snapshot:
        return snapshot([self._root], skip=[self.work])

    def rebuild(self, names: Sequence[str] | None) -> None:
        """Build ``names`` (None: all) and show their pages, then the check's diagnostics
        (the pages come first: they are what the writer waits for). On an error keep the
        last good pages and say why."""
        started = time.monotonic()
        self.state.started()
        try:
            project = self._load()
            self._order = [d.name for d in project.deliverables]
            wanted = list(names) if names is not None else self._order
            result = build(
                project,
                out=self.work / "out",
                only=wanted,
                formats=["pdf"],
                check=False,  # checked below; the preview shows the pages all the same
                engine=self.engine,
            )
            pages, urls = self._render(wanted, result.out_dir)
            self.state.built(pages, urls, self._order)
            took = time.monotonic() - started
            report = check_project(project)
        except StrukturerError as exc:
            self.state.failed(str(exc))
            self.say(f"error: {exc}")
            return
        self.state.checked([d.to_dict() for d in report.diagnostics])
        self.say(f"built {', '.join(wanted)} in {took:.1f} s ({report.errors} check errors)")

    def _render(
        self, names: Sequence[str], out_dir: Path
    ) -> tuple[dict[str, list[Page]], dict[str, list[str]]]:
        self._generation += 1
        generation = self.images / str(self._generation)
        pages = {name: render_pages(out_dir / f"{name}.pdf", generation / name) for name in names}
        urls = {
            name: [f"/images/{p.image.relative_to(self.images).as_posix()}" for p in found]
            for name, found in pages.items()
        }
        for old in self._retired:  # replaced one rebuild ago: no page shows them now
            shutil.rmtree(old, ignore_errors=True)
        self._retired = [self._current[n] for n in names if n in self._current]
        self._current.update({name: generation / name for name in names})
        return pages, urls
