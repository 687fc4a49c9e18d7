"""Remote backend: convert through running ``unoserver`` instances (scale past one machine).

Select it with ``STRUKTURER_ENGINE=host:port,host:port``. Each instance is an
``unoserver`` XML-RPC server (``python3 -m unoserver.server``) in front of its own
LibreOffice. Documents travel as bytes, so the servers need no shared file system.
Work is spread over the instances; a document whose instance dies is retried on
another one. See ``docs/pdf.md`` for what this backend cannot do.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.metadata
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import attrs

from strukturer.errors import EngineError
from strukturer.pdf._lifecycle import Closing
from strukturer.pdf.engine import (
    ENGINE_ENV,
    ConvertJob,
    Engine,
    PageRangeJob,
    PdfOptions,
    _profile_template,
    atomic_target,
    find_office,
    find_uno_python,
    remove_office_sockets,
)
from strukturer.pdf.pool import EnginePool


@attrs.frozen
class Endpoint:
    """One unoserver XML-RPC address."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        """``host:port`` (IPv6 as ``[::1]:2003``)."""
        host, sep, port = text.strip().rpartition(":")
        if not sep or not host or not port.isdigit():
            raise EngineError(f"{ENGINE_ENV}: {text!r} is not host:port")
        return cls(host.strip("[]"), int(port))

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def endpoints_from_env() -> list[Endpoint] | None:
    """The endpoints named in ``STRUKTURER_ENGINE``, or None when it is unset."""
    value = os.environ.get(ENGINE_ENV, "").strip()
    if not value:
        return None
    return [Endpoint.parse(part) for part in value.split(",") if part.strip()]


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def _filter_options(options: PdfOptions, page_range: str = "") -> list[str]:
    opts = [
        "UseTaggedPDF=true",
        "ExportBookmarks=true",
        "ExportNotes=false",
        "ExportFormFields=false",
        "EmbedStandardFonts=true",
        "DisplayPDFDocumentTitle=true",
    ]
    if options.pdf_version:
        opts.append(f"SelectPdfVersion={options.pdf_version}")
    if page_range:
        opts.append(f"PageRange={page_range}")
    if options.bookmark_destinations:  # the mail merge finds its records by them
        opts.append("ExportBookmarksToPDFDestination=true")
    return opts


_CONNECTION_ERRORS = (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError)


@attrs.frozen
class _Task:
    src: Path
    dst: Path
    title: str
    page_range: str
    what: str


class RemoteEngine(Closing):
    """Converts through one or more unoserver instances; same methods as :class:`Engine`.

    Differences from the local engine: unoserver refreshes indexes (two passes) but
    not other fields; it loads every request anew, so :meth:`convert_ranges` reloads
    the document per range; the title is stamped afterwards with pypdf; and
    :meth:`record_pages` is not available (it needs the layout over UNO).
    """

    def __init__(self, endpoints: Sequence[Endpoint | str], *, connect_timeout: float = 5.0):
        self.endpoints = [e if isinstance(e, Endpoint) else Endpoint.parse(e) for e in endpoints]
        if not self.endpoints:
            raise EngineError("RemoteEngine needs at least one host:port")
        self._connect_timeout = connect_timeout
        self.version = ""
        errors: list[str] = []
        for ep in self.endpoints:
            try:
                info = cast(dict[str, Any], self._proxy(ep, connect_timeout).info())
            except (*_CONNECTION_ERRORS, xmlrpc.client.Fault) as exc:
                errors.append(f"{ep}: {exc}")
                continue
            self.version = f"unoserver {info.get('unoserver', '?')} (API {info.get('api', '?')})"
            break
        if not self.version:
            raise EngineError("No unoserver is reachable: " + "; ".join(errors))

    def close(self) -> None:
        """Nothing to stop: the servers belong to someone else."""

    @staticmethod
    def _proxy(ep: Endpoint, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://{ep.host}:{ep.port}", allow_none=True, transport=_TimeoutTransport(timeout)
        )

    def _convert_on(self, ep: Endpoint, task: _Task, options: PdfOptions) -> None:
        proxy = self._proxy(ep, options.timeout)
        result = proxy.convert(
            None,
            xmlrpc.client.Binary(task.src.read_bytes()),
            None,
            "pdf",
            "writer_pdf_Export",
            _filter_options(options, task.page_range),
            options.update_indexes,
            None,
            None,
        )
        if not isinstance(result, xmlrpc.client.Binary):
            raise xmlrpc.client.Fault(1, "the server returned no file")
        data = result.data
        if not data.startswith(b"%PDF-"):
            raise xmlrpc.client.Fault(1, "the server returned no PDF")
        from strukturer.pdf.finishing import retitle  # noqa: PLC0415 - pypdf only when converting

        with atomic_target(task.dst) as tmp:
            tmp.write_bytes(data)
            retitle(tmp, task.title)

    def _run(self, tasks: Sequence[_Task], options: PdfOptions) -> None:
        """Spread *tasks* over the endpoints; retry a dead endpoint's task elsewhere."""
        todo: queue.Queue[tuple[_Task, int]] = queue.Queue()
        for task in tasks:
            if not task.src.is_file():
                raise EngineError(f"{task.src}: no such DOCX file")
            todo.put((task, 0))
        failures: list[str] = []
        dead: list[str] = []
        lock = threading.Lock()
        alive = [len(self.endpoints)]

        def worker(ep: Endpoint) -> None:
            try:
                while True:
                    try:
                        task, attempts = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        self._convert_on(ep, task, options)
                    except xmlrpc.client.Fault as exc:
                        with lock:
                            failures.append(
                                f"unoserver {ep} failed on {task.what}: {exc.faultString}"
                            )
                    except _CONNECTION_ERRORS as exc:
                        with lock:
                            dead.append(f"{ep} ({exc})")
                            if attempts + 1 >= len(self.endpoints) + 1:
                                failures.append(f"{task.what}: every unoserver failed")
                            else:
                                todo.put((task, attempts + 1))
                        return  # this endpoint is considered dead for the batch
            finally:
                with lock:
                    alive[0] -= 1

        threads = [threading.Thread(target=worker, args=(ep,)) for ep in self.endpoints]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        left = []
        while not todo.empty():
            left.append(todo.get_nowait()[0].what)
        if left:
            failures.append(
                "no unoserver left for: " + ", ".join(left) + "; dead: " + ", ".join(dead)
            )
        if failures:
            raise EngineError("\n".join(failures))

    def convert(
        self, src: Path, dst: Path, *, title: str, options: PdfOptions | None = None
    ) -> None:
        """Convert one DOCX on the first live server."""
        self._run([_Task(Path(src), Path(dst), title, "", str(src))], options or PdfOptions())

    def convert_many(
        self, jobs: Sequence[ConvertJob], *, options: PdfOptions | None = None
    ) -> None:
        """Convert documents, spread over the servers."""
        tasks = [_Task(j.src, j.dst, j.title, "", str(j.src)) for j in jobs]
        self._run(tasks, options or PdfOptions())

    @property
    def jobs(self) -> int:
        """How many conversions run at once: one per server."""
        return len(self.endpoints)

    def convert_ranges(
        self, src: Path, ranges: Sequence[PageRangeJob], *, options: PdfOptions | None = None
    ) -> None:
        """Export page ranges, spread over the servers (each range reloads *src*)."""
        src = Path(src)
        # Always "a-b": unoserver turns a bare "7" into an int, which LibreOffice ignores.
        tasks = [
            _Task(src, r.dst, r.title, f"{r.first}-{r.last}", f"{src} pages {r.page_range}")
            for r in ranges
        ]
        self._run(tasks, options or PdfOptions())

    def record_pages(
        self, src: Path, bookmark_prefix: str, *, options: PdfOptions | None = None
    ) -> list[tuple[int, int]]:
        """Not available over unoserver; use a local :class:`Engine` for the spans."""
        raise EngineError(
            "record_pages needs a local LibreOffice (unoserver has no layout API); "
            f"unset {ENGINE_ENV} or compute the spans with a local Engine"
        )


def open_engine(jobs: int = 1) -> Engine | EnginePool | RemoteEngine:
    """The engine the environment asks for: remote unoservers if ``STRUKTURER_ENGINE``
    is set, else a local :class:`Engine` (``jobs == 1``) or :class:`EnginePool`."""
    endpoints = endpoints_from_env()
    if endpoints:
        return RemoteEngine(endpoints)
    return Engine() if jobs <= 1 else EnginePool(jobs)


# -- running unoserver locally (tests, or one instance per core) ---------------------


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


def _free_port() -> int:
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
    port, uno_port = _free_port(), _free_port()
    # A populated profile: unoserver does not restart LibreOffice after the exit-81
    # first start on an empty one.
    shutil.copytree(_profile_template(office), root / "profile", symlinks=True)
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
