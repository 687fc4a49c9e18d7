"""Diagnostics, the report of a check run, and their human and JSON formats."""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs


class Severity(StrEnum):
    """How serious a diagnostic is; only errors fail a check (exit code 1)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Diagnostic:
    """One finding at a place in a file (line and column 1-based, columns in characters).

    ``text`` is the flagged text as written in the original file, starting at
    ``line:column`` (empty when the finding has no single span, e.g. readability).
    """

    file: str
    line: int
    column: int
    severity: Severity
    rule_id: str
    message: str
    suggestion: str | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the diagnostic as a JSON-ready dict with stable keys."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "rule_id": self.rule_id,
            "message": self.message,
            "suggestion": self.suggestion,
            "text": self.text,
        }

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}:{self.column}: {self.severity} {self.rule_id}: "
        tail = "" if self.suggestion is None else f" (suggestion: {self.suggestion})"
        return head + self.message + tail


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    """Order diagnostics by file, line, column and rule id."""
    return (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.rule_id)


@attrs.frozen
class Readability:
    """LIX of one section (``title`` is the heading) or of a whole document (title "")."""

    file: str
    line: int
    title: str
    words: int
    sentences: int
    long_words: int
    lix: float
    band: str

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready dict."""
        return attrs.asdict(self)


def _sorted(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(diagnostics, key=sort_key))


@attrs.frozen
class CheckReport:
    """Everything one check run found, sorted by place."""

    diagnostics: tuple[Diagnostic, ...] = attrs.field(converter=_sorted)
    readability: tuple[Readability, ...] = ()
    files: tuple[str, ...] = ()

    def count(self, severity: Severity) -> int:
        """Return how many diagnostics have ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)

    @property
    def errors(self) -> int:
        """Number of errors."""
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        """Number of info diagnostics."""
        return self.count(Severity.INFO)

    @property
    def exit_code(self) -> int:
        """1 if any error was found, else 0."""
        return 1 if self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        """Return the whole report (diagnostics, counts, readability) as a dict."""
        return {
            "files": list(self.files),
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "exit_code": self.exit_code,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "readability": [r.to_dict() for r in self.readability],
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def format_human(report: CheckReport) -> str:
    """One line per diagnostic (``file:line:col: severity rule-id: message (suggestion)``).

    Ends with a summary line of the counts.
    """
    lines = [str(d) for d in report.diagnostics]
    lines.append(
        f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}, "
        f"{report.infos} info in {_plural(len(report.files), 'file')}"
    )
    return "\n".join(lines) + "\n"


def format_json(report: CheckReport) -> str:
    """The diagnostics as a JSON list of objects with stable keys (for CI)."""
    return json.dumps([d.to_dict() for d in report.diagnostics], ensure_ascii=False, indent=2)


def format_readability(items: Iterable[Readability]) -> str:
    """A small table of LIX figures, one line per section or document."""
    rows = []
    for r in items:
        where = f"{r.file}:{r.line}"
        title = r.title or "(document)"
        rows.append(f"{where}: LIX {r.lix:.0f} ({r.band}), {r.words} words, {title}")
    return "\n".join(rows) + ("\n" if rows else "")
