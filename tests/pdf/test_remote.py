"""Remote backend against two real local unoserver instances of this module's own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
from pypdf import PdfReader

import strukturer
from strukturer.errors import EngineError
from strukturer.pdf.converter import ENGINE_ENV, open_converter
from strukturer.pdf.options import PdfOptions
from strukturer.pdf.remote import Endpoint, RemoteEngine

from .pdfcheck import assert_accessible_pdfa
from .unoserver import free_port, local_unoserver

pytest.importorskip("unoserver")
pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def servers() -> Iterator[list[Endpoint]]:
    """Two unoservers, started in parallel; no test stops them."""
    with ExitStack() as stack, ThreadPoolExecutor(2) as ex:
        started = list(ex.map(lambda _: stack.enter_context(local_unoserver()), range(2)))
        yield [endpoint for endpoint, _ in started]


def _nobody() -> Endpoint:
    """An address where no server listens: what a dead server looks like."""
    return Endpoint("127.0.0.1", free_port())


def test_env_selects_remote_engine(
    servers: list[Endpoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_ENV, ",".join(str(ep) for ep in servers))
    engine = open_converter(jobs=2)
    assert isinstance(engine, RemoteEngine)
    assert engine.endpoints == servers
    assert engine.jobs == 2
    assert engine.version.startswith("unoserver")
    monkeypatch.setenv(ENGINE_ENV, "no-port-here")
    with pytest.raises(EngineError, match=r"^'no-port-here' is not host:port"):
        open_converter()


def test_documents_spread_over_two_servers_with_the_shared_options(
    servers: list[Endpoint], inputs: dict[str, Path], tmp_path: Path
) -> None:
    engine = RemoteEngine(servers)
    with ThreadPoolExecutor(engine.jobs) as ex:
        list(
            ex.map(
                lambda i: engine.convert(inputs["letter"], tmp_path / f"{i}.pdf", title=f"B{i}"),
                range(4),
            )
        )
    for i in range(4):
        assert_accessible_pdfa(tmp_path / f"{i}.pdf", title=f"B{i}")
    xmp = PdfReader(tmp_path / "0.pdf").trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp  # PDF/UA-1, as from the local engine


def test_work_of_a_dead_server_moves_to_the_other(
    servers: list[Endpoint], inputs: dict[str, Path], tmp_path: Path
) -> None:
    engine = RemoteEngine([_nobody(), servers[0]])
    engine.convert(inputs["report"], tmp_path / "m.pdf", title="M")
    assert PdfReader(tmp_path / "m.pdf").metadata.title == "M"  # type: ignore[union-attr]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_no_live_server_is_an_engine_error(tmp_path: Path, inputs: dict[str, Path]) -> None:
    with pytest.raises(EngineError, match=r"^No unoserver is reachable: 127\.0\.0\.1:\d+: "):
        RemoteEngine([_nobody()])
    assert list(tmp_path.iterdir()) == []


def test_build_with_remote_engines_from_the_cli_option(
    servers: list[Endpoint], tmp_path: Path
) -> None:
    endpoints = ",".join(str(ep) for ep in servers)
    result = strukturer.build(
        out=tmp_path,
        only="missiv,pressmeddelande",
        formats=["pdf"],
        engine=endpoints,
        check=False,
    )
    assert sorted(p.name for p in result.files) == ["missiv.pdf", "pressmeddelande.pdf"]
    for path in result.files:
        assert "/StructTreeRoot" in PdfReader(path).trailer["/Root"]


def test_mail_merge_uses_the_remote_engine_of_the_build(
    servers: list[Endpoint], tmp_path: Path
) -> None:
    source = Path(strukturer.load_project().source or "").parent
    project = tmp_path / "p"
    shutil.copytree(source, project)
    (project / "kommuner.csv").write_text(
        "code,name,official_name\n0114,Upplands Väsby,Upplands Väsby kommun\n"
        "2480,Umeå,Umeå kommun\n",
        encoding="utf-8",
    )
    remote = _Counting(RemoteEngine(servers))
    result = strukturer.build(
        project / "kommunbrev.toml", out=tmp_path / "dist", formats=["pdf"], engine=remote
    )
    assert sorted(p.name for p in result.files) == ["brev-Umeå.pdf", "brev-Upplands-Väsby.pdf"]
    # as many documents as servers, so both convert (docs/merge.md)
    assert sorted(remote.converted) == ["records-0000.docx", "records-0001.docx"]
    for path in result.files:
        title = PdfReader(path).metadata.title  # type: ignore[union-attr]
        assert title.endswith(f" – {path.stem}")
        assert_accessible_pdfa(path, title=title)


class _Counting:
    """A real converter that records what it converted (a Converter itself)."""

    def __init__(self, inner: RemoteEngine) -> None:
        self.inner = inner
        self.converted: list[str] = []

    @property
    def jobs(self) -> int:
        return self.inner.jobs

    @property
    def version(self) -> str:
        return self.inner.version

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        self.converted.append(src.name)
        self.inner.convert(src, dst, title=title, options=options)

    def close(self) -> None:
        self.inner.close()
