"""The package's lazy public API (PEP 562): cheap to import, same names as before."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types
import uuid
from pathlib import Path

import pytest

import strukturer
import strukturer.pdf
from strukturer._lazy import type_checking_imports

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", [strukturer, strukturer.pdf])
def test_every_public_name_is_the_api_object_even_after_all_submodules_load(
    package: types.ModuleType,
) -> None:
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            importlib.import_module(info.name)
    for name in package.__all__:
        value = getattr(package, name)
        # A submodule of the same name would shadow the function once imported.
        assert not isinstance(value, types.ModuleType), f"{package.__name__}.{name}"
    assert set(package.__all__) <= set(dir(package))


def test_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = strukturer.no_such_name  # type: ignore[attr-defined]


def test_importing_the_engine_pool_leaves_rendering_and_pypdf_unloaded() -> None:
    code = (
        "import sys, strukturer.pdf.pool, strukturer.pdf.engine;"
        "print(sorted(m for m in ('pypdf', 'docxtpl', 'strukturer.builder', 'cattrs')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_the_type_checker_sees_the_lazy_names(tmp_path: Path) -> None:
    """``mypy --strict`` knows the package's real names, so a typo is an error."""
    # a new module name each run: mypy's cache knows modules by name, not by path
    script = tmp_path / f"uses_strukturer_{uuid.uuid4().hex}.py"
    script.write_text(
        "import strukturer\n\n"
        "result: strukturer.BuildResult = strukturer.build(None)\n"
        "strukturer.no_such_name\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-error-summary"),
            *("--cache-dir", str(REPO / ".mypy_cache"), script.name),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == (
        f'{script.name}:4: error: Module has no attribute "no_such_name"  [attr-defined]\n'
    )


def test_the_runtime_names_are_the_type_checking_imports() -> None:
    names = type_checking_imports(Path(strukturer.__file__))
    assert "build" in names
    assert names["build"] == "strukturer.builder"
    assert strukturer.__all__ == ["__version__", *sorted(names)]
