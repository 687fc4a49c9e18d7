"""Remote backend against two real local unoserver instances."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf import ConvertJob, PageRangeJob
from strukturer.pdf.remote import (
    ENGINE_ENV,
    Endpoint,
    RemoteEngine,
    endpoints_from_env,
    local_unoserver,
    open_engine,
)

from .pdfcheck import assert_accessible_pdfa

pytest.importorskip("unoserver")
pytestmark = pytest.mark.engine


@pytest.fixture(scope="module")
def servers() -> Iterator[list[tuple[Endpoint, int]]]:
    with ExitStack() as stack:
        yield [stack.enter_context(local_unoserver()) for _ in range(2)]


def test_env_selects_remote_engine(
    servers: list[tuple[Endpoint, int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_ENV, ",".join(str(ep) for ep, _ in servers))
    assert endpoints_from_env() == [ep for ep, _ in servers]
    with open_engine(jobs=2) as engine:
        assert isinstance(engine, RemoteEngine)
        assert engine.version.startswith("unoserver")
    monkeypatch.setenv(ENGINE_ENV, "no-port-here")
    with pytest.raises(EngineError, match="host:port"):
        endpoints_from_env()


def test_batch_split_over_two_servers(
    servers: list[tuple[Endpoint, int]], inputs: dict[str, Path], tmp_path: Path
) -> None:
    engine = RemoteEngine([ep for ep, _ in servers])
    jobs = [PageRangeJob(i, i, tmp_path / f"{i}.pdf", f"Brev {i}") for i in range(1, 7)]
    engine.convert_ranges(inputs["letters"], jobs)
    for i, job in enumerate(jobs, start=1):
        reader = assert_accessible_pdfa(job.dst, title=job.title)
        assert len(reader.pages) == 1
        assert f"Kommun {i:03d}" in reader.pages[0].extract_text()
    engine.convert(inputs["report"], tmp_path / "r.pdf", title="Rapport")
    assert_accessible_pdfa(tmp_path / "r.pdf", title="Rapport")


def test_dead_server_work_moves_to_the_other(
    servers: list[tuple[Endpoint, int]], inputs: dict[str, Path], tmp_path: Path
) -> None:
    (alive, _), (doomed, doomed_pid) = servers
    engine = RemoteEngine([doomed, alive])
    os.killpg(doomed_pid, signal.SIGKILL)
    jobs = [ConvertJob(inputs["report"], tmp_path / f"m{i}.pdf", f"M{i}") for i in range(4)]
    engine.convert_many(jobs)
    for job in jobs:
        assert PdfReader(job.dst).metadata.title == job.title  # type: ignore[union-attr]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]

    with pytest.raises(EngineError, match=r"(?i)no unoserver"):
        RemoteEngine([doomed]).convert(inputs["report"], tmp_path / "x.pdf", title="x")
    assert not (tmp_path / "x.pdf").exists()


def test_build_with_remote_engines_from_the_cli_option(
    servers: list[tuple[Endpoint, int]], tmp_path: Path
) -> None:
    import strukturer  # noqa: PLC0415

    endpoints = ",".join(str(ep) for ep, _ in servers)
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
