"""A release built in a fresh Debian 12 root is byte-identical to one built on this machine.

``tools/debian_build.sh`` is the release recipe of the release workflow's container job:
the system packages as ``./dev`` installs them, then ``nox -s release -- --example`` from
the checkout's wheel. This test runs it twice from one clean clone with the same
``SOURCE_DATE_EPOCH``: on this machine (``release``) and in a Debian 12 root made with
debootstrap (``chroot``), and compares every file of the two bundles. It needs root,
debootstrap, the network and minutes, so it runs only with ``STRUKTURER_DEBIAN_TEST=1``
(docs/release.md, "A release from a fresh Debian 12 machine").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_workflows import _dev_packages

REPO = Path(__file__).resolve().parents[1]
SCRIPT = Path("tools") / "debian_build.sh"
ENABLE = "STRUKTURER_DEBIAN_TEST"
BUNDLE = {
    "manifest.json",
    *(
        f"strukturer-for-stod/{name}.{fmt}"
        for name in ("rapport", "missiv", "pressmeddelande", "regeringsbeslut")
        for fmt in ("docx", "pdf")
    ),
    "strukturer-for-stod/redovisning.pdf",
}


def test_the_recipe_installs_the_system_packages_of_dev() -> None:
    done = subprocess.run(
        [str(REPO / SCRIPT), "packages"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == _dev_packages()


def test_the_recipe_without_a_task_prints_its_usage() -> None:
    done = subprocess.run([str(REPO / SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert done.stdout.startswith("The release recipe on Debian 12,")
    assert "tools/debian_build.sh chroot OUT" in done.stdout


@pytest.fixture
def _debian_root_allowed() -> None:
    if os.environ.get(ENABLE) != "1":
        pytest.skip(f"set {ENABLE}=1 to build the release in a Debian 12 root (minutes)")
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.fail(f"{ENABLE}=1 needs root and debootstrap (apt-get install debootstrap)")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.debian
@pytest.mark.usefixtures("_debian_root_allowed")
def test_the_release_from_a_fresh_debian_root_is_byte_identical(tmp_path: Path) -> None:
    checkout = tmp_path / "strukturer"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(checkout)], check=True)
    epoch = subprocess.run(
        ["git", "-C", str(checkout), "log", "-1", "--format=%ct"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch}
    outs = {mode: tmp_path / mode for mode in ("release", "chroot")}
    logs = {mode: tmp_path / f"{mode}.log" for mode in outs}
    # both at once: the bundle must not depend on the load either
    running = {
        mode: subprocess.Popen(
            [str(checkout / SCRIPT), mode, str(out)],
            cwd=checkout,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=logs[mode].open("wb"),
            stderr=subprocess.STDOUT,
        )
        for mode, out in outs.items()
    }
    for mode, process in running.items():
        code = process.wait(timeout=3600)
        log = logs[mode].read_text(encoding="utf-8", errors="replace")
        assert code == 0, f"tools/debian_build.sh {mode} failed:\n{log[-4000:]}"

    host, debian = (_files(out) for out in outs.values())
    assert set(host) == {*BUNDLE, "SHA256SUMS", "release.tar.gz"}
    assert host["SHA256SUMS"].decode() == debian["SHA256SUMS"].decode()
    differing = sorted(path for path in host if host[path] != debian.get(path))
    assert differing == []
    manifest = json.loads(host["manifest.json"])
    assert manifest["source_date_epoch"] == int(epoch)
    assert manifest["git"]["dirty"] is False
    assert manifest["libreoffice"].startswith("LibreOffice ")
