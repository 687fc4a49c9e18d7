"""The local PDF engine: one headless LibreOffice per :class:`Engine`, supervised.

Architecture (docs/pdf.md, "Architecture")::

    Engine (any Python) --JSON lines--> _worker.py (uno Python) --UNO pipe--> soffice.bin

The supervisor owns both child processes, each in its own process group, so a hung
conversion is ended by killing the office by pid. Each engine has a private temp dir
holding a copy of the template user profile and the office's ``TMPDIR``.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import queue
import shutil
import subprocess
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, TypeVar

from strukturer.errors import EngineError
from strukturer.pdf._files import atomic_target
from strukturer.pdf._lifecycle import Closing
from strukturer.pdf._process import kill_group, make_engine_folder, remove_later, spawn
from strukturer.pdf.fields import options_for
from strukturer.pdf.locate import find_office, find_uno_python
from strukturer.pdf.options import PdfOptions
from strukturer.pdf.profile import (
    OFFICE_FLAGS,
    RESTART_REQUIRED,
    START_TIMEOUT,
    copy_profile,
    office_env,
    remove_office_sockets,
)

_WORKER = Path(__file__).with_name("_worker.py")
#: LibreOffice's I/O error when it cannot write the PDF: what a full disk gives (docs/pdf.md).
_CANT_WRITE = "0x20d"

T = TypeVar("T")


class _Crash(Exception):
    """The office or the worker died or hung; a restart is needed."""


class _Failed(Exception):
    """The worker reported an ordinary (non-fatal) failure."""


_live_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def _close_all() -> None:
    for engine in list(_live_engines):
        engine.close()


atexit.register(_close_all)


class Engine(Closing):
    """One headless LibreOffice that converts many documents, one at a time.

    Use as a context manager. Thread-safe (calls are serialised). A document whose
    conversion crashes or exceeds ``timeout`` has the office killed and restarted, and
    is retried once; a second failure raises :class:`EngineError` naming the document.
    """

    #: Called with each request's operation ("open", "export", "close") before it is
    #: sent: tests inject real faults here (kill or stop the office), nothing else.
    before_request: Callable[[str], None] | None = None

    def __init__(self, *, start_timeout: float = START_TIMEOUT, restart_after: int = 200) -> None:
        self.office = find_office()
        self.python: Path | None = None  # found while the first office boots
        self._start_timeout = start_timeout
        # LibreOffice does not return memory and slows down over time (docs/pdf.md).
        self._restart_after = restart_after
        self._documents = 0
        self._lock = threading.RLock()
        self._root = make_engine_folder()
        self._office_proc: subprocess.Popen[bytes] | None = None
        self._worker_proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._next_id = 0
        self._starts = 0
        self._pipe = ""
        self._profile: Path | None = None
        self.version = ""
        #: Restarts after failures (planned restarts are not counted).
        self.restarts = 0
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        _live_engines.add(self)

    @property
    def jobs(self) -> int:
        """How many documents convert at once: one."""
        return 1

    @property
    def office_pid(self) -> int | None:
        """Pid of the running ``soffice.bin``."""
        proc = self._office_proc
        return None if proc is None or proc.poll() is not None else proc.pid

    @property
    def worker_pid(self) -> int | None:
        """Pid of the running UNO worker."""
        proc = self._worker_proc
        return None if proc is None or proc.poll() is not None else proc.pid

    # -- lifecycle ----------------------------------------------------------------

    def _start(self) -> None:
        self._starts += 1
        run = self._root / f"run{self._starts}"
        profile = run / "profile"
        tmp = run / "tmp"
        run.mkdir()
        tmp.mkdir()
        copy_profile(self.office, profile)
        self._profile = profile
        env = office_env(tmp)
        deadline = time.monotonic() + self._start_timeout
        for attempt in range(2):
            self._pipe = f"strukturer-{uuid.uuid4().hex}"
            (run / "pipe").write_text(self._pipe, encoding="ascii")  # for a stale clean-up
            self._office_proc = spawn(
                [
                    str(self.office),
                    *OFFICE_FLAGS,
                    f"-env:UserInstallation={profile.as_uri()}",
                    f"--accept=pipe,name={self._pipe};urp;StarOffice.ComponentContext",
                ],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # Looked up while the office boots: probing the interpreter costs a process.
            if self.python is None:
                self.python = find_uno_python(self.office)
            self._start_worker(run, env, self._office_proc.pid)
            line = self._read(deadline)
            office_rc = self._office_proc.poll()
            if line is None and office_rc == RESTART_REQUIRED and attempt == 0:
                self._stop_processes()  # a first start on a new profile: start once more
                continue
            if line is None:
                raise EngineError(
                    "LibreOffice did not start"
                    + (f" (soffice.bin exited with code {office_rc})" if office_rc else "")
                    + f"; worker log: {self._tail_log(run)}"
                )
            msg = json.loads(line)
            if msg.get("event") == "ready":
                self.version = str(msg.get("version", ""))
                return
            raise EngineError(f"Could not connect to LibreOffice: {msg.get('error')}")

    def _start_worker(self, run: Path, env: dict[str, str], office_pid: int) -> None:
        assert self.python is not None
        log = (run / "worker.log").open("a", encoding="utf-8")
        try:
            self._worker_proc = spawn(
                [
                    str(self.python),
                    str(_WORKER),
                    self._pipe,
                    str(self._start_timeout),
                    str(office_pid),
                ],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                encoding="utf-8",
            )
        finally:
            log.close()
        self._lines = queue.Queue()
        assert self._worker_proc.stdout is not None
        threading.Thread(
            target=self._pump, args=(self._worker_proc.stdout, self._lines), daemon=True
        ).start()

    @staticmethod
    def _tail_log(run: Path) -> str:
        try:
            text = (run / "worker.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(none)"
        return text.strip()[-600:] or "(empty)"

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _read(self, deadline: float) -> str | None:
        """Next protocol line, or None on EOF or when *deadline* passes."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                line = self._lines.get(timeout=min(remaining, 0.5))
            except queue.Empty:
                if self._office_proc is not None and self._office_proc.poll() is not None:
                    return None  # the office died; the worker may sit in a dead call
                continue
            if line is None or line.strip():
                return line

    def _stop_processes(self, *, wait: bool = True) -> None:
        """Kill the office and the worker (and reap them, on daemon threads unless ``wait``).

        Nothing is lost by not asking LibreOffice to quit: documents are opened
        read-only, every PDF is complete before its call returns, and the profile is a
        throwaway copy. ``desktop.terminate()`` did not always end the process anyway
        (docs/pdf.md, "Shutdown"), and waiting for it cost a build 70 ms.
        """
        worker, office = self._worker_proc, self._office_proc
        self._worker_proc = self._office_proc = None
        kill_group(office, wait=wait)
        kill_group(worker, wait=wait)
        if self._profile is not None:
            remove_office_sockets(self._profile, self._pipe)
        if worker is not None:
            for stream in (worker.stdin, worker.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()

    def _restart(self, *, planned: bool = False) -> None:
        self._stop_processes()
        if not planned:
            self.restarts += 1
        # A crashed instance's profile and temp files are discarded, never reused.
        for run in self._root.glob("run*"):
            shutil.rmtree(run, ignore_errors=True)
        self._start()

    def close(self) -> None:
        """Stop the office (killed by pid, see :meth:`_stop_processes`); remove the temp dir.

        Waits neither while the kernel tears the killed office down nor while its folder
        is removed (together up to 0.5 s at the end of a build on a loaded machine):
        daemon threads reap the processes and a process of its own removes the folder.
        """
        with self._lock:
            self._stop_processes(wait=False)
            remove_later(self._root)
            _live_engines.discard(self)

    # -- request plumbing -----------------------------------------------------------

    def _request(self, deadline: float, op: str, **fields: Any) -> dict[str, Any]:
        if self.before_request is not None:
            self.before_request(op)
        if self.office_pid is None:
            raise _Crash("LibreOffice stopped unexpectedly")
        worker = self._worker_proc
        if worker is None or worker.stdin is None or worker.poll() is not None:
            raise _Crash("the LibreOffice worker is not running")
        self._next_id += 1
        rid = self._next_id
        try:
            worker.stdin.write(json.dumps({"id": rid, "op": op, **fields}) + "\n")
            worker.stdin.flush()
        except (OSError, ValueError) as exc:
            raise _Crash(f"lost the LibreOffice worker: {exc}") from exc
        while True:
            line = self._read(deadline)
            if line is None:
                if time.monotonic() >= deadline:
                    raise _Crash("timed out")
                raise _Crash("LibreOffice stopped unexpectedly")
            msg = json.loads(line)
            if msg.get("id") != rid:
                continue
            if msg.get("ok"):
                return dict(msg)
            if msg.get("fatal"):
                raise _Crash(str(msg.get("error")))
            raise _Failed(str(msg.get("error")))

    def _with_retry(self, what: str, timeout: float, action: Callable[[float], T]) -> T:
        """Run ``action(deadline)``; on a crash or timeout restart the office and retry once."""
        with self._lock:
            if self._worker_proc is None:
                raise EngineError("the PDF engine is closed")
            try:
                return action(time.monotonic() + timeout)
            except _Failed as exc:
                raise EngineError(f"LibreOffice failed on {what}: {_reason(exc)}") from exc
            except _Crash as exc:
                first = exc
            reason = f"took longer than {timeout:g} s" if str(first) == "timed out" else str(first)
            try:
                self._restart()
            except EngineError as exc:
                raise EngineError(
                    f"LibreOffice failed on {what} ({reason}) and could not be restarted: {exc}"
                ) from first
            try:
                return action(time.monotonic() + timeout)
            except _Failed as exc:
                raise EngineError(f"LibreOffice failed on {what}: {_reason(exc)}") from exc
            except _Crash as exc:
                with_restart = self._restart_quietly()
                raise EngineError(
                    f"LibreOffice failed on {what}: {reason} (also after a restart)" + with_restart
                ) from exc

    def _restart_quietly(self) -> str:
        """Leave a usable office for the next document; say so when that failed."""
        try:
            self._restart()
        except EngineError as exc:
            return f"; it could not be restarted: {exc}"
        return ""

    def _document_done(self) -> None:
        """Restart the office every ``restart_after`` documents, between documents."""
        with self._lock:
            self._documents += 1
            if self._restart_after and self._documents >= self._restart_after:
                self._documents = 0
                self._restart(planned=True)

    def _open(self, src: Path, update_indexes: bool, deadline: float) -> None:
        """Load a private copy of *src*: no lock file beside the source (docs/pdf.md)."""
        copy = self._root / "in" / f"{uuid.uuid4().hex[:8]}-{src.name}"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(src, copy)
        try:
            self._request(deadline, "open", src=str(copy), update_indexes=update_indexes)
        finally:
            copy.unlink(missing_ok=True)

    # -- public API -------------------------------------------------------------------

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert the DOCX *src* to a tagged PDF (PDF/A-2b by default) at *dst*, atomically."""
        src, dst = Path(src), Path(dst)
        if not src.is_file():
            raise EngineError(f"{src}: no such DOCX file")
        opts = options_for(src, options)

        def action(deadline: float) -> None:
            with atomic_target(dst) as tmp:
                self._open(src, opts.update_indexes, deadline)
                self._request(
                    deadline, "export", dst=str(tmp), title=title, filter_data=opts.filter_data()
                )
                self._request(deadline, "close")
                _check_output(tmp)

        self._with_retry(src.name, opts.timeout, action)
        self._document_done()


def _reason(exc: _Failed) -> str:
    """The worker's error, in words where LibreOffice gives only a code."""
    text = str(exc)
    return "no space left on the device" if _CANT_WRITE in text else text


def _check_output(path: Path) -> None:
    try:
        head = path.read_bytes()[:5]
    except OSError as exc:
        raise _Failed(f"no PDF was written ({exc})") from None
    if head != b"%PDF-":
        raise _Failed("the output is not a PDF")


__all__ = ["Engine"]
