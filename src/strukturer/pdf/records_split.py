"""The mail merge's split of one exported document into its records' PDFs: where each
record's pages are (its named destination), and which route writes them.

pikepdf (:mod:`strukturer.pdf.qpdf_split`) splits every document it can; pypdf
(:mod:`strukturer.pdf.splitting`) only one whose links need the repairs it makes. Neither
is imported before a document is split, and pypdf only then: a merge without such links
never imports it (about 0.1 s of the interpreter, docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from strukturer.errors import EngineError

if TYPE_CHECKING:
    from pypdf import PdfReader

    from strukturer.pdf.metadata import PdfMetadata


@attrs.frozen
class RecordPart:
    """Pages ``first``..``last`` (1-based, inclusive) of a PDF, written to ``dst``."""

    first: int
    last: int
    dst: Path = attrs.field(converter=Path)
    metadata: PdfMetadata


def split_records(pdf: Path, prefix: str, targets: Sequence[tuple[Path, PdfMetadata]]) -> None:
    """Split *pdf* at its named destinations ``prefix…`` into one finished PDF per
    record: ``targets`` are each record's ``(dst, metadata)`` in document order.

    With pikepdf (:mod:`strukturer.pdf.qpdf_split`, several times faster), unless a link
    needs the repairs :func:`strukturer.pdf.splitting.split` (pypdf) makes.
    """
    from strukturer.pdf import qpdf_split  # noqa: PLC0415 - pikepdf only where it splits

    pdf = Path(pdf)
    with qpdf_split.open_source(pdf) as src:
        spans = spans_from_starts(qpdf_split.destination_starts(src, prefix), len(src.pages))
        if len(spans) != len(targets):
            raise EngineError(
                f"{pdf.name}: found {len(spans)} records (named destinations {prefix}…) "
                f"where {len(targets)} were rendered"
            )
        parts = [
            RecordPart(first, last, dst, metadata)
            for (first, last), (dst, metadata) in zip(spans, targets, strict=True)
        ]
        if qpdf_split.describe_links(src):
            qpdf_split.split(src, parts)
            return
    from strukturer.pdf.splitting import split  # noqa: PLC0415 - pypdf only for such links

    split(pdf, parts)


def destination_spans(pdf: PdfReader, prefix: str) -> list[tuple[int, int]]:
    """Page spans ``(first, last)`` (1-based) of records whose named destinations start
    with *prefix*: each runs from its destination's page to the page before the next.

    The engine exports Word bookmarks as named destinations on request
    (``PdfOptions.bookmark_destinations``), so the layout tells where each record lies.
    """
    starts = sorted(
        page + 1
        for name, dest in pdf.named_destinations.items()
        if name.lstrip("/").startswith(prefix)
        and (page := pdf.get_destination_page_number(dest)) is not None
        and page >= 0
    )
    return spans_from_starts(starts, len(pdf.pages))


def spans_from_starts(starts: Sequence[int], page_count: int) -> list[tuple[int, int]]:
    """Turn sorted record start pages into inclusive ``(first, last)`` spans."""
    spans: list[tuple[int, int]] = []
    for i, first in enumerate(starts):
        nxt = starts[i + 1] if i + 1 < len(starts) else page_count + 1
        if nxt <= first:
            raise EngineError(
                f"Two records start on page {first}: a record must begin on a new page"
            )
        spans.append((first, nxt - 1))
    return spans
