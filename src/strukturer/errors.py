"""Exceptions raised by strukturer.

Every error a user can cause derives from :class:`StrukturerError`; its ``str()``
is the complete, user-facing message, so the CLI prints it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs


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


class RenderError(StrukturerError):
    """Raised when a deliverable cannot be rendered from its template and content."""


class EngineError(StrukturerError):
    """Raised when the PDF engine (LibreOffice) is missing, fails or times out."""


class CheckError(StrukturerError):
    """Raised when `strukturer check` finds errors that stop a build."""


class ValidationError(StrukturerError, ValueError):
    """Raised when a model value is invalid, e.g. ``Isbn("123")`` or an unknown finding id.

    ``path`` locates the bad value below the object being built (``("based_on",)``), so
    the content loader can name the file, line and field it was written at.
    """

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
