"""What the preview page shows, shared by the build loop and the web server's threads."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from strukturer.preview.pages import Page


@attrs.frozen
class Shown:
    """A deliverable's pages as the page shows them: image URLs and text."""

    name: str
    images: tuple[str, ...]
    texts: tuple[str, ...]


class State:
    """The last good pages, the check's diagnostics and the current error, with a version
    number that grows on every change (the page reloads when it does)."""

    def __init__(self, project: str) -> None:
        self._changed = threading.Condition()
        self.project = project
        self.version = 0
        #: Grows when pages change (not when only the status or the diagnostics do).
        self.pages_version = 0
        self.building = False
        self.error: str | None = None
        self.diagnostics: tuple[dict[str, Any], ...] = ()
        self.deliverables: dict[str, Shown] = {}

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()

    def started(self) -> None:
        """A rebuild started."""
        with self._changed:
            self.building = True
            self._bump()

    def failed(self, message: str) -> None:
        """A rebuild failed: show ``message``; the last good pages stay."""
        with self._changed:
            self.building = False
            self.error = message
            self._bump()

    def built(
        self,
        pages: Mapping[str, Sequence[Page]],
        urls: Mapping[str, Sequence[str]],
        order: Sequence[str],
    ) -> None:
        """A rebuild succeeded: ``pages`` of the deliverables it built replace theirs."""
        with self._changed:
            for name, built in pages.items():
                self.deliverables[name] = Shown(
                    name, tuple(urls[name]), tuple(p.text for p in built)
                )
            self.deliverables = {n: self.deliverables[n] for n in order if n in self.deliverables}
            self.pages_version += 1
            self.building = False
            self.error = None
            self._bump()

    def checked(self, diagnostics: Sequence[dict[str, Any]]) -> None:
        """The check's diagnostics of the project just built."""
        with self._changed:
            self.diagnostics = tuple(diagnostics)
            self._bump()

    def wait(self, seen: int, timeout: float) -> int:
        """Block until the version differs from ``seen`` (or ``timeout`` s); the version."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def to_json(self) -> dict[str, Any]:
        with self._changed:
            return {
                "project": self.project,
                "version": self.version,
                "pages_version": self.pages_version,
                "building": self.building,
                "error": self.error,
                "diagnostics": list(self.diagnostics),
                "deliverables": [
                    {
                        "name": d.name,
                        "pages": [
                            {"image": i, "text": t} for i, t in zip(d.images, d.texts, strict=True)
                        ],
                    }
                    for d in self.deliverables.values()
                ],
            }
