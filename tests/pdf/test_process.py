"""Engine folders left by a killed run, and children that die with their parent."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from strukturer.pdf._process import ENGINE_PREFIX, remove_stale_engine_folders


def test_a_folder_of_a_live_or_unknown_owner_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / f"{ENGINE_PREFIX}mine"
    mine.mkdir()
    start = Path(f"/proc/{os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()[19]
    (mine / "owner").write_text(f"{os.getpid()} {start}")
    unknown = tmp_path / f"{ENGINE_PREFIX}old"  # made by an older strukturer: no owner file
    unknown.mkdir()
    reused = tmp_path / f"{ENGINE_PREFIX}reused"  # our pid, but another start time
    reused.mkdir()
    (reused / "owner").write_text(f"{os.getpid()} 1")
    assert remove_stale_engine_folders(tmp_path) == [reused]
    assert sorted(p.name for p in tmp_path.iterdir()) == [mine.name, unknown.name]


def test_a_spawned_child_dies_with_its_parent_even_on_sigkill(tmp_path: Path) -> None:
    code = (
        "import sys, time; from strukturer.pdf._process import spawn;"
        "p = spawn(['sleep', '300']); print(p.pid, flush=True); time.sleep(300)"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert Path(f"/proc/{child}").exists()
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while _running(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        threading.Event().wait(0.01)


def _running(pid: int) -> bool:
    """Whether *pid* runs (a zombie waiting for init to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
