"""Several engines in parallel: one ``soffice.bin`` per core (docs/pdf.md, "Parallel")."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from strukturer.errors import EngineError
from strukturer.pdf._lifecycle import Closing
from strukturer.pdf.engine import Engine
from strukturer.pdf.options import PdfOptions


class EnginePool(Closing):
    """``jobs`` engines (each its own office, profile and temp dir) sharing the work.

    Each :meth:`convert` runs on a free engine, so ``jobs`` threads can convert at
    once. Use as a context manager.
    """

    def __init__(
        self, jobs: int = 2, *, engine_factory: Callable[[], Engine] = Engine, wait: bool = True
    ) -> None:
        """Start ``jobs`` engines in parallel.

        With ``wait=False`` the engines boot in the background and the constructor
        returns at once: LibreOffice starts while the caller loads and renders its
        content. The first call that needs an engine waits for them, and raises the
        start's error if there was one.
        """
        if jobs < 1:
            raise EngineError(f"jobs must be at least 1, not {jobs}")
        self._jobs = jobs
        self._engines: list[Engine] = []
        self._free: queue.Queue[Engine] = queue.Queue()
        self._error: BaseException | None = None
        # Not a daemon: an interpreter exiting mid-start must not orphan an office.
        self._starter = threading.Thread(
            target=self._start_all, args=(engine_factory,), name="strukturer-engine-start"
        )
        self._starter.start()
        if wait:
            self.wait()

    def _start_all(self, engine_factory: Callable[[], Engine]) -> None:
        with ThreadPoolExecutor(self._jobs) as ex:
            futures = [ex.submit(engine_factory) for _ in range(self._jobs)]
            for fut in futures:
                try:
                    self._engines.append(fut.result())
                except BaseException as exc:  # re-raised by wait()
                    self._error = self._error or exc
        if self._error is not None:
            for eng in self._engines:
                eng.close()
            self._engines = []
            return
        for eng in self._engines:
            self._free.put(eng)

    def wait(self) -> None:
        """Block until every engine has started; raise the error if one could not start."""
        self._starter.join()
        if self._error is not None:
            raise self._error

    @property
    def jobs(self) -> int:
        """Number of engines."""
        return self._jobs

    @property
    def version(self) -> str:
        """LibreOffice version of the engines."""
        self.wait()
        return self._engines[0].version if self._engines else ""

    @property
    def engines(self) -> tuple[Engine, ...]:
        """The running engines (after :meth:`wait`)."""
        self.wait()
        return tuple(self._engines)

    def close(self) -> None:
        """Stop every engine (waiting for any still starting)."""
        self._starter.join()
        with ThreadPoolExecutor(max(1, len(self._engines))) as ex:
            list(ex.map(Engine.close, self._engines))

    @contextmanager
    def _engine(self) -> Iterator[Engine]:
        self.wait()
        eng = self._free.get()
        try:
            yield eng
        finally:
            self._free.put(eng)

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert one document on a free engine (see :meth:`Engine.convert`)."""
        with self._engine() as eng:
            eng.convert(src, dst, title=title, options=options)
