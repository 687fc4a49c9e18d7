"""Choosing the engine (no LibreOffice needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strukturer.errors import EngineError
from strukturer.pdf import Converter, PdfOptions, open_converter
from strukturer.pdf.converter import ENGINE_ENV

from .unoserver import free_port


class _Copier:
    """A converter of its own kind: copies the file (the protocol asks no more)."""

    jobs = 3
    version = "copier 1"

    def __init__(self) -> None:
        self.closed = False

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        shutil.copyfile(src, dst)

    def close(self) -> None:
        self.closed = True


def test_a_running_converter_is_borrowed_not_closed(tmp_path: Path) -> None:
    mine = _Copier()
    assert isinstance(mine, Converter)
    borrowed = open_converter(mine, jobs=1)
    assert (borrowed.jobs, borrowed.version) == (3, "copier 1")
    (tmp_path / "a.docx").write_bytes(b"x")
    borrowed.convert(tmp_path / "a.docx", tmp_path / "a.pdf", title="A")
    assert (tmp_path / "a.pdf").read_bytes() == b"x"
    borrowed.close()
    assert not mine.closed


def test_a_bad_address_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(
        EngineError, match=r"^'nowhere' is not host:port \(the address of an unoserver\)$"
    ):
        open_converter("nowhere")
    monkeypatch.setenv(ENGINE_ENV, "a:1,b")
    with pytest.raises(EngineError, match=r"^'b' is not host:port"):
        open_converter()


def test_unreachable_unoservers_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    monkeypatch.setenv(ENGINE_ENV, f"127.0.0.1:{port}")
    with pytest.raises(EngineError, match=rf"^No unoserver is reachable: 127\.0\.0\.1:{port}: "):
        open_converter()
