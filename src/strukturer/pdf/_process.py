"""Child processes that die with strukturer, and engine folders a killed run left behind.

Every engine process (the UNO worker and ``soffice.bin``) is started with Linux's
``PR_SET_PDEATHSIG`` set to SIGKILL, so it dies with its parent whatever signal ends
the parent, SIGKILL included. The kernel sends that signal when the *thread* that
forked the child exits, so all engine processes are forked by one long-lived thread
(:func:`spawn`), never by the short-lived threads that start and restart engines.
See docs/pdf.md, "Signals and a killed parent".
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from strukturer.pdf._parent_death import die_with_parent
from strukturer.pdf.profile import remove_office_sockets

ENGINE_PREFIX = "strukturer-engine-"
_OWNER = "owner"  # in each engine folder: "<pid> <start time>" of the process owning it
_requests: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue()
_spawner_lock = threading.Lock()
_spawner: threading.Thread | None = None


def _serve() -> None:
    while True:
        make, future = _requests.get()
        try:
            future.set_result(make())
        except BaseException as exc:  # handed to the caller
            future.set_exception(exc)


def spawn(args: list[str], **popen: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen(args, **popen)`` from the spawner thread, dying with this process.

    The child runs in its own session (so a hung office can be killed as a group, and a
    terminal's signals reach only strukturer, which stops it).
    """
    global _spawner  # noqa: PLW0603 - one thread for the process
    with _spawner_lock:
        if _spawner is None or not _spawner.is_alive():
            _spawner = threading.Thread(target=_serve, name="strukturer-spawner", daemon=True)
            _spawner.start()
    future: Future[subprocess.Popen[Any]] = Future()
    preexec = die_with_parent()
    _requests.put(
        (
            lambda: subprocess.Popen(
                args,
                start_new_session=True,
                preexec_fn=preexec,  # noqa: PLW1509 - only prctl, then exec
                **popen,
            ),
            future,
        )
    )
    return future.result()


def kill_group(proc: subprocess.Popen[Any] | None, *, wait: bool = True) -> None:
    """Kill *proc*'s process group and reap it: now, or with ``wait=False`` on a daemon
    thread, so the caller does not wait while the kernel tears down a large office."""
    if proc is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if wait:
        reap(proc)
    else:
        reap_later(proc)


def reap(proc: subprocess.Popen[Any]) -> None:
    """Wait (at most 5 s) for a killed child to end, so it leaves no zombie."""
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5.0)


def reap_later(proc: subprocess.Popen[Any]) -> None:
    """:func:`reap` on a daemon thread; at once while the interpreter shuts down (an
    ``atexit`` clean-up), when no new thread may start."""
    try:
        threading.Thread(target=reap, args=(proc,), name="strukturer-reaper", daemon=True).start()
    except RuntimeError:
        reap(proc)


#: Removes the folder "$1", retrying while a killed office may still create a file in it.
_REMOVE = 'for _ in 1 2 3 4 5 6 7 8 9 10; do rm -rf -- "$1"; [ -e "$1" ] || exit 0; sleep 0.1; done'


def remove_later(folder: Path) -> None:
    """Remove *folder* in a process of its own, which outlives strukturer if need be.

    Removing an engine folder (about a hundred files of the profile copy) took 0.1–0.25 s
    at the end of every build while the kernel tore down the killed office; a build need
    not wait for it. Removed at once when no such process can be started.
    """
    try:
        remover = subprocess.Popen(
            ["/bin/sh", "-c", _REMOVE, "sh", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a terminal's Ctrl-C does not stop it
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    reap_later(remover)


def _start_time(pid: int) -> str | None:
    """The start time of process *pid* (clock ticks since boot), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def make_engine_folder() -> Path:
    """A new private engine folder, marked with this process as its owner."""
    remove_stale_engine_folders()
    root = Path(tempfile.mkdtemp(prefix=ENGINE_PREFIX))
    (root / _OWNER).write_text(f"{os.getpid()} {_start_time(os.getpid())}", encoding="ascii")
    return root


def remove_stale_engine_folders(folder: Path | None = None) -> list[Path]:
    """Remove the engine folders in *folder* (the temp folder) whose owner has died.

    A folder is stale when its owner file names a process that no longer runs (or a
    new process with the same pid). Folders without an owner file are left alone.
    Returns the folders removed.
    """
    removed = []
    for root in Path(folder or tempfile.gettempdir()).glob(f"{ENGINE_PREFIX}*"):
        try:
            pid_text, started = (root / _OWNER).read_text(encoding="ascii").split()
            pid = int(pid_text)
        except (OSError, ValueError):
            continue
        if _start_time(pid) == started:
            continue  # its owner still runs
        for run in root.glob("run*"):
            with contextlib.suppress(OSError):
                remove_office_sockets(run / "profile", (run / "pipe").read_text(encoding="ascii"))
        shutil.rmtree(root, ignore_errors=True)
        removed.append(root)
    return removed
