"""The checker: runs every active rule on texts and files, with one hunspell process."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from strukturer._resources import find_project
from strukturer.check.config import CheckConfig
from strukturer.check.diagnostics import CheckReport, Diagnostic, Readability
from strukturer.check.hunspell import Hunspell
from strukturer.check.names import Registry, default_registry
from strukturer.check.rules import RULES, Context, active_rules, run_rules
from strukturer.check.rules.authorities import scan_names
from strukturer.check.rules.readability import readability
from strukturer.check.rules.spelling import SPELLING_RULES, spelling_candidates
from strukturer.check.text import Document
from strukturer.errors import CheckError

__all__ = ["RULES", "Checker", "check_files", "check_text"]

#: File name endings checked as Markdown; everything else (.txt) is plain text.
MARKDOWN_SUFFIXES = frozenset([".md", ".markdown"])
SUFFIXES = frozenset([".txt", *MARKDOWN_SUFFIXES])


@attrs.frozen
class Placement:
    """Where a text stands in its file (see :meth:`Checker.check_text`)."""

    line_offset: int = 0
    column_offset: int = 0
    first_column_offset: int | None = None
    #: The project folder that the text's relative paths (images) start from.
    folder: Path | None = None


class Checker:
    """Checks many texts with one registry and one hunspell process (one dictionary load).

    Use it as a context manager, or call :meth:`close` when done.
    """

    def __init__(self, config: CheckConfig | None = None, *, registry: Registry | None = None):
        self.config = config or CheckConfig()
        rules = active_rules(self.config)
        self._spelling = any(r.id == "spelling" for r in rules)
        # The spelling rules share one hunspell: disabling "spelling" disables them all.
        self.rules = [r for r in rules if self._spelling or r.id not in SPELLING_RULES]
        # Started first, so hunspell loads its dictionary while Python loads the registry
        # and prepares the texts.
        self._hunspell = (
            Hunspell(self.config.hunspell, self.config.dictionary) if self._spelling else None
        )
        self.registry = registry or default_registry()
        _ = self.registry.name_pattern  # compiled now, while hunspell loads

    def close(self) -> None:
        """Stop the hunspell process."""
        if self._hunspell is not None:
            self._hunspell.close()
            self._hunspell = None

    def __enter__(self) -> Checker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ texts

    def check_text(
        self,
        text: str,
        *,
        file: str = "<text>",
        markdown: bool = True,
        line_offset: int = 0,
        column_offset: int = 0,
        first_column_offset: int | None = None,
        folder: Path | None = None,
    ) -> list[Diagnostic]:
        """Check one text; positions are shifted to where the text stands in ``file``.

        ``line_offset`` is the number of lines before the text's first line (0: the text
        starts on line 1); ``column_offset`` the number of characters before the text on
        each of its lines (a YAML block scalar's indentation); ``first_column_offset``, if
        given, replaces it for the first line (a value on the same line as its key).
        ``folder`` is the project folder that image paths are relative to (none: not
        checked).
        """
        doc = Document.from_text(text, file=file, markdown=markdown)
        placement = Placement(line_offset, column_offset, first_column_offset, folder)
        return self._check_documents([(doc, placement)])[0]

    def check_documents(self, docs: Sequence[Document]) -> list[list[Diagnostic]]:
        """Check prepared documents (one spelling batch for all); diagnostics per document."""
        return self._check_documents([(d, Placement()) for d in docs])

    def _check_documents(
        self, docs: Sequence[tuple[Document, Placement]]
    ) -> list[list[Diagnostic]]:
        contexts = []
        unknown_enabled = any(r.id == "unknown-authority" for r in self.rules)
        for doc, placement in docs:
            names = scan_names(doc, self.registry, self.config)
            contexts.append(
                Context(
                    doc, self.registry, self.config, names, {}, unknown_enabled, placement.folder
                )
            )
        if self._hunspell is not None:
            words = [w for ctx in contexts for _, _, w in spelling_candidates(ctx)]
            answers = self._hunspell.check(words)
            for ctx in contexts:
                ctx.spelling = answers
        results = []
        for ctx, (doc, placement) in zip(contexts, docs, strict=True):
            diagnostics = []
            for found_rule, found in run_rules(ctx, self.rules):
                line, column = doc.position(found.start)
                if line == 1 and placement.first_column_offset is not None:
                    column += placement.first_column_offset
                else:
                    column += placement.column_offset
                diagnostics.append(
                    Diagnostic(
                        file=doc.file,
                        line=line + placement.line_offset,
                        column=column,
                        severity=self.config.severity_of(found_rule.id, found_rule.severity),
                        rule_id=found_rule.id,
                        message=found.message,
                        suggestion=found.suggestion,
                        text=doc.original[found.start : found.end],
                    )
                )
            results.append(sorted(set(diagnostics), key=_key))
        return results

    # ------------------------------------------------------------ files

    def check_files(self, paths: Iterable[Path]) -> CheckReport:
        """Check .txt, .md and .markdown files; one report for all of them."""
        docs = []
        folders = []
        for given in paths:
            path = Path(given)
            if path.suffix.lower() not in SUFFIXES:
                raise CheckError(
                    f"{path}: cannot check this kind of file (use .txt, .md or .markdown)"
                )
            try:
                text = path.read_text(encoding="utf-8-sig")
            except OSError as exc:
                raise CheckError(f"{path}: cannot read: {exc.strerror}") from exc
            except UnicodeDecodeError as exc:
                raise CheckError(f"{path}: not UTF-8 text ({exc.reason})") from exc
            markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
            docs.append(Document.from_text(text, file=str(path), markdown=markdown))
            folders.append(project_folder(path))
        return self.report(docs, folders=folders)

    def report(
        self,
        docs: Sequence[Document],
        placed: Sequence[tuple[Document, Placement]] = (),
        *,
        folders: Sequence[Path | None] | None = None,
    ) -> CheckReport:
        """Check whole documents (with their readability) and placed snippets, in one batch.

        ``folders`` gives each document's project folder (image paths); none by default.
        """
        where = folders if folders is not None else [None] * len(docs)
        whole = [(d, Placement(folder=f)) for d, f in zip(docs, where, strict=True)]
        per_doc = self._check_documents([*whole, *placed])
        figures: list[Readability] = []
        for doc in docs:
            sections, document = readability(doc)
            figures.append(document)
            if len(sections) > 1:
                figures.extend(sections)
        return CheckReport(
            diagnostics=tuple(d for ds in per_doc for d in ds),
            readability=tuple(figures),
            files=tuple(dict.fromkeys([*(doc.file for doc in docs), *(d.file for d, _ in placed)])),
        )


def project_folder(path: Path) -> Path:
    """The folder of the project a file belongs to (the nearest with strukturer.toml).

    A file outside any project has its own folder.
    """
    folder = path.resolve().parent
    return find_project(folder) or folder


def _key(d: Diagnostic) -> tuple[int, int, str, str]:
    return (d.line, d.column, d.rule_id, d.message)


def check_text(
    text: str, *, file: str = "<text>", config: CheckConfig | None = None, markdown: bool
) -> list[Diagnostic]:
    """Check one text with a fresh :class:`Checker` (for many texts, keep a Checker)."""
    with Checker(config) as checker:
        return checker.check_text(text, file=file, markdown=markdown)


def check_files(paths: Sequence[Path], config: CheckConfig | None = None) -> CheckReport:
    """Check .txt/.md/.markdown files and return the report."""
    with Checker(config) as checker:
        return checker.check_files(paths)
