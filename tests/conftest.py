"""Shared fixtures: the default project, editable copies of it, one PDF engine pool and
the examples built once.

``engine_pool`` is one running LibreOffice (an :class:`~strukturer.pdf.EnginePool`) for
the whole session (each xdist worker has its own): pass it to builds as
``engine=engine_pool`` in every test that is not about starting LibreOffice.
``example_build`` and ``second_example_build`` are the two shipped examples built once
(DOCX and PDF, checked) for the tests that only read the outputs; their files are
read-only. The session's profile cache (``STRUKTURER_CACHE``) is a temporary folder.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from strukturer._resources import builtin_content_dir, default_project_dir
from strukturer.errors import EngineError

#: The files a full build of the default project writes, in name order.
DEFAULT_FILES = (
    "missiv.docx",
    "missiv.pdf",
    "pressmeddelande.docx",
    "pressmeddelande.pdf",
    "rapport.docx",
    "rapport.pdf",
    "redovisning.pdf",
    "regeringsbeslut.docx",
    "regeringsbeslut.pdf",
)

#: The second example, whose report has a table, a chart and a figure.
SECOND_EXAMPLE = builtin_content_dir() / "digital-tillganglighet"

if TYPE_CHECKING:
    from strukturer.pdf import EnginePool


@functools.cache
def engine_missing() -> str | None:
    """Why the PDF engine (LibreOffice with uno) cannot run here, or None when it can."""
    from strukturer.pdf import find_office, find_uno_python  # noqa: PLC0415

    try:
        find_uno_python(find_office())
    except EngineError as exc:
        return str(exc)
    return None


#: The modules that read ``example_build`` or ``second_example_build``: one xdist worker
#: runs them all, so each example is built once in the whole run.
SHARED_BUILD_MODULES = (
    "tests/content/test_new_projects.py",
    "tests/pdf/test_deliverables_pdfua.py",
    "tests/pdf/test_writer.py",
    "tests/test_docs.py",
)


def _work_unit(nodeid: str) -> str:
    """What one xdist worker runs together: a module, or all of SHARED_BUILD_MODULES."""
    module = nodeid.split("::", 1)[0]
    return SHARED_BUILD_MODULES[0] if module in SHARED_BUILD_MODULES else module


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Hand out whole work units (``_work_unit``) in collection order."""
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415

    class WorkUnits(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return _work_unit(nodeid)

    return WorkUnits(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Work units with the most LibreOffice tests first (stable otherwise): the long ones
    start early instead of running alone at the end."""
    shared = {"example_build", "second_example_build"}
    readers = {
        item.nodeid.split("::", 1)[0]
        for item in items
        if shared & set(getattr(item, "fixturenames", ()))
    }
    if readers - set(SHARED_BUILD_MODULES):
        missing = ", ".join(sorted(readers - set(SHARED_BUILD_MODULES)))
        raise pytest.UsageError(f"tests/conftest.py: add {missing} to SHARED_BUILD_MODULES")
    engine_tests = Counter(
        _work_unit(item.nodeid) for item in items if item.get_closest_marker("engine")
    )
    items.sort(key=lambda item: -engine_tests[_work_unit(item.nodeid)])


@pytest.fixture(autouse=True)
def _require_engine(request: pytest.FixtureRequest) -> None:
    """Tests marked ``engine`` skip without LibreOffice, but fail in CI (``CI=true``)."""
    if request.node.get_closest_marker("engine") is None or engine_missing() is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"LibreOffice is required in CI: {engine_missing()}")
    pytest.skip(engine_missing() or "")


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A profile cache of the session's own (LibreOffice's template profile goes there)."""
    previous = os.environ.get("STRUKTURER_CACHE")
    os.environ["STRUKTURER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("STRUKTURER_CACHE", None)
    else:
        os.environ["STRUKTURER_CACHE"] = previous


@pytest.fixture(scope="session")
def engine_pool() -> Iterator[EnginePool]:
    """One LibreOffice for the session; skips without it (fails in CI)."""
    missing = engine_missing()
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"LibreOffice is required in CI: {missing}")
        pytest.skip(missing)
    from strukturer.pdf import EnginePool  # noqa: PLC0415

    with EnginePool(jobs=1) as pool:
        yield pool


def _build_once(out: Path, project: Path | None, engine: EnginePool) -> Path:
    """Build ``project`` (None: the default) into ``out``; its files made read-only."""
    import strukturer  # noqa: PLC0415

    result = strukturer.build(project, out=out, engine=engine)
    for path in result.files:
        path.chmod(0o444)
    return result.out_dir


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory, engine_pool: EnginePool) -> Path:
    """The default project's folder of outputs, built once (every file of DEFAULT_FILES)."""
    folder = _build_once(tmp_path_factory.mktemp("example"), None, engine_pool)
    assert sorted(p.name for p in folder.iterdir()) == list(DEFAULT_FILES)
    return folder


@pytest.fixture(scope="session")
def second_example_build(tmp_path_factory: pytest.TempPathFactory, engine_pool: EnginePool) -> Path:
    """The second example's folder of outputs, built once."""
    return _build_once(tmp_path_factory.mktemp("second"), SECOND_EXAMPLE, engine_pool)


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A writable copy of the default project's content."""
    target = tmp_path / "strukturer-for-stod"
    shutil.copytree(default_project_dir(), target)
    return target


def record_processes(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """From now on, the command of every process started through ``subprocess.Popen``."""
    started: list[Any] = []
    real_popen = subprocess.Popen

    class Recording(real_popen):  # type: ignore[misc,valid-type]
        def __init__(self, command: Any, *rest: Any, **options: Any) -> None:
            started.append(command)
            super().__init__(command, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Recording)
    return started


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in a content file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
