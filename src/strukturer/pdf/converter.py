"""One interface for every PDF engine, and one function that chooses the engine.

:class:`~strukturer.pdf.engine.Engine` (one local LibreOffice),
:class:`~strukturer.pdf.pool.EnginePool` (several) and
:class:`~strukturer.pdf.remote.RemoteEngine` (running unoservers) all implement
:class:`Converter`. :func:`open_converter` turns what a caller asked for (``--engine``,
the project's ``engine``, ``STRUKTURER_ENGINE``, or a running converter) into one; the
CLI, the build and the mail merge all use it (docs/pdf.md, "Choosing the engine").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol, runtime_checkable

from strukturer.pdf.options import PdfOptions

#: Remote unoservers to convert with, ``host:port,...``, when nothing else is named.
ENGINE_ENV = "STRUKTURER_ENGINE"


@runtime_checkable
class Converter(Protocol):
    """Converts DOCX files to tagged PDF/A files; ``jobs`` conversions at once."""

    @property
    def jobs(self) -> int:
        """How many conversions may run at once (one thread each)."""
        ...

    @property
    def version(self) -> str:
        """What converts, e.g. ``25.2.3.2`` (LibreOffice) or ``unoserver 3.7 (API 3)``."""
        ...

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert *src* to a PDF at *dst* (atomically) with the document title *title*."""
        ...

    def close(self) -> None:
        """Stop what the converter started."""
        ...


class _Borrowed:
    """A converter the caller keeps running: used, but not closed, by its borrower."""

    def __init__(self, converter: Converter) -> None:
        self._converter = converter

    @property
    def jobs(self) -> int:
        return self._converter.jobs

    @property
    def version(self) -> str:
        return self._converter.version

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        self._converter.convert(src, dst, title=title, options=options)

    def close(self) -> None:
        """Leave the caller's converter running."""


def open_converter(
    engine: Converter | str | None = None, *, jobs: int = 1, wait: bool = False
) -> Converter:
    """The converter for *engine*; close it when done.

    *engine* is a running converter (returned borrowed: closing it leaves the caller's
    converter running), or remote unoservers as ``"host:port,host:port"``, or None:
    then the unoservers in ``STRUKTURER_ENGINE``, else *jobs* local LibreOffice engines,
    which boot in the background unless *wait* (the first conversion waits for them).
    Callers resolve the project's ``engine`` before: an explicit *engine* wins over it.
    """
    if engine is not None and not isinstance(engine, str):
        return _Borrowed(engine)
    named = engine if engine is not None else os.environ.get(ENGINE_ENV, "")
    if named.strip():
        from strukturer.pdf.remote import RemoteEngine, parse_endpoints  # noqa: PLC0415

        return RemoteEngine(parse_endpoints(named))
    from strukturer.pdf.pool import EnginePool  # noqa: PLC0415 - xmlrpc or the engine on demand

    return EnginePool(jobs=jobs, wait=wait)
