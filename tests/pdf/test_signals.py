"""A real ``strukturer build`` stopped by each signal mid-conversion leaves nothing behind.

Each build runs with a ``TMPDIR`` of its own, so its engine folder and its processes
(the office and the worker inherit that ``TMPDIR``) are told apart from any other
LibreOffice on the machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from strukturer.pdf._process import ENGINE_PREFIX, remove_stale_engine_folders

pytestmark = pytest.mark.engine


def _processes_with(tmp: Path) -> list[int]:
    """Pids of the processes whose environment has ``TMPDIR`` inside *tmp*."""
    marker = f"TMPDIR={tmp}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if any(var.startswith(marker) for var in environ.split(b"\0")):
            found.append(int(entry.name))
    return found


def _wait_for(condition: object, what: str, limit: float = 120.0) -> None:
    """Poll *condition* (a callable) until true; fail naming *what* after *limit* s."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        threading.Event().wait(0.05)


@pytest.mark.parametrize(
    "sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name
)
def test_a_signal_mid_conversion_leaves_no_process_and_no_folder(
    sig: signal.Signals, tmp_path: Path
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "dist"
    build = subprocess.Popen(
        [sys.executable, "-m", "strukturer", "build", "--example", "--out", str(out), "--no-check"],
        env={**os.environ, "TMPDIR": str(tmp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The engine copies each document into its folder's "in" before LibreOffice
        # loads it: from then on a conversion is under way.
        _wait_for(lambda: any(tmp.glob(f"{ENGINE_PREFIX}*/in")), "the first conversion")
        build.send_signal(sig)
        _, stderr = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
    _wait_for(lambda: not _processes_with(tmp), "the engine processes to end", limit=30)
    assert "Traceback" not in stderr
    left = sorted(p.name for p in tmp.iterdir())
    if sig is signal.SIGKILL:
        assert build.returncode == -signal.SIGKILL
        assert len(left) == 1  # nothing could run; the next run removes it
        assert remove_stale_engine_folders(tmp) == [tmp / left[0]]
        assert list(tmp.iterdir()) == []
    else:
        assert build.returncode == 1
        assert "Aborted!" in stderr
        assert left == []


_MAKE_TEMPLATE = """
from strukturer.pdf import find_office
from strukturer.pdf.profile import profile_template
profile_template(find_office())
"""


def test_a_killed_parent_takes_the_office_making_the_profile_template_along(
    tmp_path: Path,
) -> None:
    """The office that makes the profile template (once per installation) is stopped
    mid-start, so it cannot end on its own; killing strukturer must end it too."""
    cache = tmp_path / "cache"
    parent = subprocess.Popen(
        [sys.executable, "-c", _MAKE_TEMPLATE], env={**os.environ, "STRUKTURER_CACHE": str(cache)}
    )
    try:
        _wait_for(lambda: _processes_with(cache), "the office making the template")
        for pid in _processes_with(cache):
            os.kill(pid, signal.SIGSTOP)
        parent.kill()
        parent.wait(timeout=30)
        _wait_for(lambda: not _processes_with(cache), "the office to die with it", limit=30)
    finally:
        parent.kill()
        for pid in _processes_with(cache):
            os.kill(pid, signal.SIGKILL)
