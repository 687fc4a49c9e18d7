"""Exceptions raised by strukturer.

Every error a user can cause derives from :class:`StrukturerError`; its ``str()``
is the complete, user-facing message, so the CLI prints it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import threading


@attrs.frozen
class Problem:
    """One problem found in a content file, with its place."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@attrs.define
class Diagnostics:
    """Warnings gathered while loading and building, handed on as data.

    Each build owns one and returns its warnings in the result, instead of the
    process-global ``warnings`` module, so builds in threads keep their warnings apart.
    """

    warnings: list[str] = attrs.field(factory=list)

    def warn(self, *messages: str | Problem) -> None:
        """Record ``messages`` (a :class:`Problem` shows as ``file:line: field: message``)."""
        self.warnings += [str(m) for m in messages]


class StrukturerError(Exception):
    """Base class of every error strukturer raises for bad input or a failed build."""


class ContentError(StrukturerError):
    """Raised when content files are missing, malformed or invalid.

    Carries every problem found, not only the first.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(StrukturerError):
    """Raised when a template is missing, unpinned, malformed or uses an unknown variable."""


class TemplateNotFoundError(TemplateError):
    """Raised when a pinned template name or version is not in the template library."""


class RenderError(StrukturerError):
    """Raised when a deliverable cannot be rendered from its template and content."""


class EngineError(StrukturerError):
    """Raised when the PDF engine (LibreOffice) is missing, fails or times out."""


class CheckError(StrukturerError):
    """Raised when `strukturer check` finds errors that stop a build."""


class StoppedError(StrukturerError):
    """Raised when work is stopped because its ``stop`` event was set (e.g. a build's
    check found errors while the records merged)."""


def stopped(stop: threading.Event | None) -> None:
    """Raise StoppedError if ``stop`` is set."""
    if stop is not None and stop.is_set():
        raise StoppedError("stopped before it was done (its stop event was set)")


class ValidationError(StrukturerError, ValueError):
    """Raised when a model value is invalid, e.g. ``Isbn("123")`` or an unknown finding id.

    ``path`` locates the bad value below the object being built (``("based_on",)``), so
    the content loader can name the file, line and field it was written at.
    """

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class OutputError(StrukturerError):
    """Raised when an output cannot be written: not a folder, not writable, or disk full."""


class LimitError(StrukturerError):
    """Raised when content or a template exceeds a documented limit (docs/limits.md)."""
