"""Staging folders: where their files are written, and the file system's placement hint."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from strukturer.outputs import STAGING_PREFIX, new_staging_folder, spread_subfolders


def _attributes(folder: Path) -> str:
    """The attribute letters ``lsattr -d`` shows for ``folder``."""
    if shutil.which("lsattr") is None:
        pytest.skip("lsattr (e2fsprogs) is not installed")
    shown = subprocess.run(
        ["lsattr", "-d", str(folder)], check=False, capture_output=True, text=True
    )
    if shown.returncode != 0:
        pytest.skip(f"no attributes on this file system: {shown.stderr.strip()}")
    return shown.stdout.split()[0]


def test_a_staging_folder_spreads_its_sub_folders_and_holds_one_for_the_files(
    tmp_path: Path,
) -> None:
    folder, files = new_staging_folder(tmp_path)
    assert folder.parent == tmp_path
    assert folder.name.startswith(STAGING_PREFIX)
    assert list(folder.iterdir()) == [files]
    assert files.name != new_staging_folder(tmp_path)[1].name  # ext4 starts at its hash
    spread = spread_subfolders(folder)  # again: it is set already
    if not spread:
        pytest.skip("this file system has no placement hint for folders")
    assert "T" in _attributes(folder)
    assert "T" not in _attributes(files)  # not inherited
    assert "T" not in _attributes(tmp_path)  # the user's folder is left as it is


def test_spreading_where_it_cannot_be_done_changes_nothing(tmp_path: Path) -> None:
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    assert spread_subfolders(file) is False
    assert spread_subfolders(tmp_path / "missing") is False
    assert file.read_text(encoding="utf-8") == "x"
