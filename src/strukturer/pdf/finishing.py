"""Finishing exported PDFs with pypdf: metadata, page labels, header, determinism.

Everything here keeps what LibreOffice produced for PDF/A-2b and PDF/UA-1 (conventions
A1, A2): ``/StructTreeRoot``, ``/MarkInfo``, ``/OutputIntents``, the outline,
``/ViewerPreferences /DisplayDocTitle`` and the ``pdfaid``/``pdfuaid`` claims.
:func:`finalize` is the last step of :func:`finish`, ``combine`` and ``split`` alike.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Literal, cast

import attrs
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, StreamObject

from strukturer.errors import EngineError
from strukturer.pdf._files import atomic_target
from strukturer.pdf.annotations import repair_links
from strukturer.pdf.metadata import Conformance, PdfMetadata, build_xmp, info_dict, normalised_icc
from strukturer.pdf.metadata_pypdf import (
    producer_of,
    read_conformance,
    read_metadata,
    write_metadata,
)

MIN_VERSION = (1, 4)  # transparency groups, XMP metadata streams, tagged PDF structure


@attrs.frozen
class PageLabelRange:
    """Pages from ``first_index`` (0-based) on are labelled in ``style`` from ``start``.

    ``style``: ``"D"`` arabic, ``"r"``/``"R"`` lower/upper roman, ``"a"``/``"A"`` letters.
    """

    first_index: int
    style: Literal["D", "r", "R", "a", "A"] = "D"
    start: int = 1
    prefix: str = ""


def open_pdf(pdf: Path) -> PdfReader:
    """A reader for *pdf*, or ``EngineError`` naming the file."""
    try:
        return PdfReader(pdf)
    except Exception as exc:
        raise EngineError(f"{pdf}: not a readable PDF ({exc})") from exc


def header(sources: Sequence[PdfReader]) -> str:
    """The highest header version among *sources*, at least 1.4.

    pypdf's writer starts at ``%PDF-1.3``, older than the features LibreOffice uses.
    """
    best = MIN_VERSION
    for reader in sources:
        found = re.match(r"%PDF-(\d+)\.(\d+)", reader.pdf_header)
        if found:
            best = max(best, (int(found.group(1)), int(found.group(2))))
    return f"%PDF-{best[0]}.{best[1]}"


def _set_page_labels(writer: PdfWriter, page_labels: Sequence[PageLabelRange]) -> None:
    if "/PageLabels" in writer.root_object:
        del writer.root_object["/PageLabels"]
    ranges = sorted(page_labels, key=lambda r: r.first_index)
    count = len(writer.pages)
    for i, lab in enumerate(ranges):
        last = (ranges[i + 1].first_index if i + 1 < len(ranges) else count) - 1
        if lab.first_index < count and last >= lab.first_index:
            writer.set_page_label(
                lab.first_index,
                last,
                PageLabelStyle(f"/{lab.style}"),
                lab.prefix or None,
                lab.start,
            )


def _content_digest(writer: PdfWriter, xmp: bytes) -> bytes:
    """A digest of what the reader sees: page contents and metadata, not dates."""
    h = hashlib.sha256(xmp)
    for page in writer.pages:
        contents = page.get_contents()
        if contents is not None:
            h.update(contents.get_data())
    return h.digest()


def finalize(
    writer: PdfWriter,
    metadata: PdfMetadata,
    sources: Sequence[PdfReader],
    *,
    conformance: Conformance | None = None,
    page_labels: Sequence[PageLabelRange] | None = None,
) -> None:
    """Header, link repairs, page labels, Info + XMP, ``/Lang``, ``/DisplayDocTitle``
    and a content-derived ``/ID``; claims and producer come from the first of *sources*
    (the PDF LibreOffice wrote)."""
    when = metadata.created  # the build's time: reproducible output
    claims = conformance if conformance is not None else read_conformance(sources[0])
    producer = producer_of(sources[0])
    writer.pdf_header = header(sources)
    repair_links(writer)
    if page_labels:
        _set_page_labels(writer, page_labels)

    # The /ID and xmpMM ids come from the content, so equal input gives equal bytes.
    def xmp(document_id: str) -> bytes:
        return build_xmp(
            metadata, conformance=claims, when=when, producer=producer, document_id=document_id
        )

    digest = _content_digest(writer, xmp(""))
    packet = xmp(f"uuid:{uuid.UUID(bytes=digest[:16])}")
    write_metadata(writer, metadata, packet, info_dict(metadata, when, producer))
    _normalise_icc_profiles(writer, when)
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)


def _normalise_icc_profiles(writer: PdfWriter, when: datetime) -> None:
    """Set the creation date in each output intent's ICC header to *when*.

    LibreOffice generates the sRGB profile with lcms at export time, stamping the
    current time into the header (bytes 24-35), which breaks reproducibility.
    """
    for intent in cast(ArrayObject, writer.root_object.get("/OutputIntents", ArrayObject())):
        profile_ref = cast(DictionaryObject, intent.get_object()).get("/DestOutputProfile")
        if profile_ref is None:
            continue
        profile = cast(StreamObject, profile_ref.get_object())
        data = normalised_icc(profile.get_data(), when)
        if data is not None:
            profile.set_data(data)


def write_pdf(writer: PdfWriter, dst: Path) -> None:
    """Write *writer* to *dst* atomically."""
    buf = io.BytesIO()
    writer.write(buf)
    with atomic_target(dst) as tmp:
        tmp.write_bytes(buf.getvalue())


def finish(
    pdf: Path,
    metadata: PdfMetadata,
    *,
    page_labels: Sequence[PageLabelRange] | None = None,
    dst: Path | None = None,
) -> None:
    """Stamp *metadata* (Info and XMP), /Lang and optional page labels into *pdf*.

    Writes in place (or to *dst*) atomically. The output is byte-for-byte reproducible:
    dates come from ``metadata.created`` (the build time) and /ID from the content.
    """
    pdf = Path(pdf)
    reader = open_pdf(pdf)
    writer = PdfWriter(clone_from=reader)
    finalize(writer, metadata, [reader], page_labels=page_labels)
    write_pdf(writer, Path(dst) if dst is not None else pdf)


def retitle(pdf: Path, title: str) -> None:
    """Set *pdf*'s title (Info and XMP ``dc:title``) in place and show it in the
    viewer's title bar (conventions A1), keeping its other metadata.

    For exports whose title could not be set before export (the remote backend):
    LibreOffice writes ``/DisplayDocTitle`` only when the document has a title.
    """
    pdf = Path(pdf)
    reader = open_pdf(pdf)
    writer = PdfWriter(clone_from=reader)
    finalize(writer, read_metadata(reader, title), [reader])
    write_pdf(writer, pdf)
