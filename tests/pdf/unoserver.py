"""Running real unoserver instances on 127.0.0.1 for the remote-engine tests."""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xmlrpc.client
from collections.abc import Iterator
from pathlib import Path

from strukturer.errors import EngineError
from strukturer.pdf.locate import find_office, find_uno_python
from strukturer.pdf.profile import copy_profile, remove_office_sockets
from strukturer.pdf.remote import _CONNECTION_ERRORS, Endpoint, RemoteEngine


def unoserver_pythonpath(folder: Path) -> Path:
    """A folder exposing only the ``unoserver`` package (and its metadata) for the uno
    interpreter: symlinks into this Python's installation, put on ``PYTHONPATH``."""
    try:
        dist = importlib.metadata.distribution("unoserver")
    except importlib.metadata.PackageNotFoundError:
        raise EngineError("unoserver is not installed: pip install unoserver") from None
    package = Path(str(dist.locate_file("unoserver")))
    meta = Path(str(dist._path))  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    for target in (package, meta):
        link = folder / target.name
        if not link.exists():
            link.symlink_to(target, target_is_directory=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def local_unoserver(*, start_timeout: float = 60.0) -> Iterator[tuple[Endpoint, int]]:
    """Start an unoserver (own profile and ports) on 127.0.0.1; yield (endpoint, pid).

    The server runs under the uno interpreter in its own process group, which is
    killed on exit.
    """
    office = find_office()
    python = find_uno_python(office)
    root = Path(tempfile.mkdtemp(prefix="strukturer-unoserver-"))
    port, uno_port = free_port(), free_port()
    # A populated profile: unoserver does not restart LibreOffice after the exit-81
    # first start on an empty one.
    copy_profile(office, root / "profile")
    env = dict(os.environ)
    env["PYTHONPATH"] = str(unoserver_pythonpath(root / "path"))
    env["TMPDIR"] = str(root)
    cmd = [
        str(python), "-m", "unoserver.server",
        "--interface", "127.0.0.1", "--port", str(port), "--uno-port", str(uno_port),
        "--executable", str(office),
        "--user-installation", str(root / "profile"),
    ]  # fmt: skip
    log = (root / "server.log").open("wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log, start_new_session=True)
    log.close()
    endpoint = Endpoint("127.0.0.1", port)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                text = (root / "server.log").read_text(errors="replace")[-800:]
                raise EngineError(f"unoserver exited with code {proc.returncode}: {text}")
            try:
                RemoteEngine._proxy(endpoint, 2.0).info()
                break
            except (*_CONNECTION_ERRORS, xmlrpc.client.Fault):
                if time.monotonic() > deadline:
                    raise EngineError(
                        f"unoserver did not answer within {start_timeout:.0f} s"
                    ) from None
                time.sleep(0.25)
        yield endpoint, proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
        remove_office_sockets(root / "profile")
        shutil.rmtree(root, ignore_errors=True)
