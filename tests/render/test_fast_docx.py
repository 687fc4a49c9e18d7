"""The document frame the fast renders parse each body in (strukturer.render.fast_docx)."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx.oxml.ns import nsmap
from lxml import etree

from strukturer.render.docx import render_docx
from strukturer.render.fast_docx import RecordDocx, _Frame
from tests.test_merge import _kommunbrev

W = nsmap["w"]
DOCUMENT = f'<w:document xmlns:w="{W}" xmlns:r="{nsmap["r"]}"><w:body><w:p/></w:body></w:document>'


def _moved(root: etree._Element, body: str) -> bytes:
    """What the fast render did before the frame: the body parsed alone, then moved."""
    root.replace(root[0], etree.fromstring(body))
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def test_a_body_in_the_frame_gives_the_bytes_of_a_body_moved_into_the_document() -> None:
    template = f'<w:body xmlns:w="{W}"><w:p/></w:body>'
    frame = _Frame.of(etree.fromstring(DOCUMENT), template)
    assert frame is not None
    assert frame.body == "<w:body><w:p/></w:body>"
    # prose as lxml writes it: quotes are not escaped in text
    text = f'<w:r><w:t>Se xmlns:w="{W}" &gt; här</w:t></w:r>'
    rendered = f'<w:body><w:p xmlns:w="{W}"><w:r><w:t>Text</w:t></w:r>{text}</w:p><w:p/></w:body>'
    whole = frame.around(rendered)
    assert whole is not None
    parsed = etree.tostring(etree.fromstring(whole), encoding="UTF-8", standalone=True)
    moved = _moved(etree.fromstring(DOCUMENT), f'<w:body xmlns:w="{W}"{rendered[7:]}')
    assert parsed == moved
    assert b"><w:body><w:p><w:r><w:t>Text" in parsed  # no declaration left on the paragraph
    assert f'Se xmlns:w="{W}" &gt; här'.encode() in parsed


def test_a_prefix_given_another_namespace_is_left_to_the_move() -> None:
    frame = _Frame.of(etree.fromstring(DOCUMENT), f'<w:body xmlns:w="{W}"><w:p/></w:body>')
    assert frame is not None
    assert frame.around('<w:body><w:p xmlns:w="urn:other"/></w:body>') is None
    assert _Frame.of(etree.fromstring(DOCUMENT), '<w:body xmlns:w="urn:other"/>') is None
    assert _Frame.of(etree.fromstring(DOCUMENT), '<w:body xmlns:x="urn:x"><w:p/></w:body>') is None


def test_record_text_that_looks_like_a_declaration_is_written_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A record's values holding text that reads like a namespace declaration come out as
    render_docx writes them (prose text like it: the first test)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    job, records = _kommunbrev()
    renderer = RecordDocx(job.template, job.context, job.info)
    first, second = (dict(r.values) for r in records[:2])
    tricky = {
        **first,
        "name": f'Ort xmlns:w="{W}" > och',
        "official_name": f'<w:p xmlns:w="{W}"> xmlns:r="x"',
    }
    for values in (first, tricky, second):
        data = renderer.render(values)
        assert data == render_docx(job.template, {**job.context, "record": values}, job.info)
    assert renderer.fast
    assert renderer._frame is not None
    text = zipfile.ZipFile(io.BytesIO(renderer.render(tricky))).read("word/document.xml")
    assert b'&lt;w:p xmlns:w="' + W.encode() + b'"&gt; xmlns:r="x"</w:t>' in text
