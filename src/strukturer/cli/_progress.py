"""Progress of long work on stderr: a bar with an ETA on a terminal, plain lines otherwise."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from strukturer.cli._app import err

if TYPE_CHECKING:
    from strukturer.builder import Progress as BuildProgress

OnProgress = Callable[["BuildProgress"], None]


@contextmanager
def progress_display(*, quiet: bool) -> Iterator[OnProgress]:
    """A progress callback for :func:`strukturer.build`: nothing when ``quiet``, a bar with
    the time remaining on a terminal, else a plain line per step (CI logs, pipes)."""
    if quiet:
        yield _ignore
    elif err.is_terminal:
        with _bar() as on_progress:
            yield on_progress
    else:
        yield PlainLines(err.file.write, time.monotonic)


def _ignore(event: BuildProgress) -> None:
    del event


@contextmanager
def _bar() -> Iterator[OnProgress]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    task = bar.add_task("building", total=None)

    def on_progress(event: BuildProgress) -> None:
        label = f"{event.step} {event.deliverable}".strip()
        bar.update(task, description=label, completed=event.done, total=event.total)

    with bar:
        yield on_progress


class PlainLines:
    """``[done/total] step deliverable (about N s left)`` lines: one per new step, and for
    long runs of one step (the records of a mail merge) one per tenth of the work. The
    time left is extrapolated from the current count (a build's steps, or one
    deliverable's records)."""

    def __init__(self, write: Callable[[str], object], clock: Callable[[], float]) -> None:
        self._write = write
        self._clock = clock
        self._start = clock()
        self._last: tuple[str, int] = ("", -1)
        self._count = (0, 0)  # done, total of the current count

    def __call__(self, event: BuildProgress) -> None:
        if event.total != self._count[1] or event.done < self._count[0]:
            self._start = self._clock()  # a new count (e.g. the records of a mail merge)
        self._count = (event.done, event.total)
        label = f"{event.step} {event.deliverable}".strip()
        tenth = event.done * 10 // event.total if event.total else 0
        if (label, tenth) == self._last:
            return
        self._last = (label, tenth)
        self._write(f"[{event.done}/{event.total}] {label}{self._eta(event)}\n")

    def _eta(self, event: BuildProgress) -> str:
        if not event.done or event.done >= event.total:
            return ""
        elapsed = self._clock() - self._start
        left = elapsed / event.done * (event.total - event.done)
        return f" (about {left:.0f} s left)"
